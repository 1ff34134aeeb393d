package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DeConv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A k×k stride-s transposed convolution on NCHW batches, optionally followed by ReLU or
 * LeakyReLU: weights {@code [k, k, outChannels, inChannels]}, bias {@code [outChannels]}. The full
 * padding-0 output ({@code (h - 1) s + k} per side) is cropped by {@code crop} rows and columns at
 * the top-left to the target size (the encoder's size at that depth; {@code crop} is the encoder
 * convolution's padding, which makes this its exact adjoint in shape). For 3×3 stride 2 crop 1
 * this equals PyTorch's {@code ConvTranspose2d(k=3, s=2, p=1, output_padding=1)} for even sizes;
 * for 4×4 stride 2 crop 1, {@code ConvTranspose2d(k=4, s=2, p=1)}. The native {@code deconv2d}
 * and {@code deconv2d_bp} ops run on chunks of the batch's rows, as {@link Conv2d}'s do.
 */
public final class TransposedConv2d implements Layer {

  private final long[] inShape;
  private final long[] outShape;
  private final boolean relu;
  private final double alpha;
  private final long crop;
  private final int[] args;
  private final long macsPerExample;
  private final Param w;
  private final Param b;
  private final long[] fullShape;
  private final Workspace.Scratch full;
  private final Workspace.Slot mask;
  private final long chunkRows;
  private final Workspace.Fixed chunkWeightGradient;
  private final Workspace.Fixed chunkBiasGradient;

  /**
   * Declares {@code name_W} (fan-in {@code inChannels × 9}, the rule of the libtorch peer and of
   * DL4J's Deconvolution2D) and {@code name_b}; {@code inShape} is {@code [C, h, w]}, the output
   * {@code [outChannels, targetH, targetW]}.
   */
  public TransposedConv2d(String name, long[] inShape, int outChannels, long targetH, long targetW,
      boolean relu, Parameters params, Workspace workspace) {
    this(name, inShape, outChannels, 3, 2, 1, targetH, targetW, relu, 0, params, workspace);
  }

  /**
   * A {@code kernel}×{@code kernel} stride-{@code stride} transposed convolution cropped by
   * {@code crop} at the top-left to {@code targetH}×{@code targetW}, activation slope {@code
   * alpha} (0: ReLU); {@code name_W} has fan-in {@code inChannels × kernel²}.
   */
  public TransposedConv2d(String name, long[] inShape, int outChannels, int kernel, int stride,
      int crop, long targetH, long targetW, boolean relu, double alpha, Parameters params,
      Workspace workspace) {
    this(name, inShape, outChannels, kernel, stride, crop, targetH, targetW, relu, alpha, params,
        workspace, BatchChunks.DEFAULT_BYTES);
  }

  /**
   * As above, with the native operations run on chunks of at most {@code chunkBytes} of input
   * plus uncropped output values (at least one row).
   */
  TransposedConv2d(String name, long[] inShape, int outChannels, int kernel, int stride,
      int crop, long targetH, long targetW, boolean relu, double alpha, Parameters params,
      Workspace workspace, long chunkBytes) {
    long c = inShape[0];
    long h = inShape[1];
    long wd = inShape[2];
    long fullH = (h - 1) * stride + kernel;
    long fullW = (wd - 1) * stride + kernel;
    if (targetH + crop > fullH || targetW + crop > fullW || targetH < 1 || targetW < 1) {
      throw new IllegalArgumentException(name + ": target size " + targetH + "x" + targetW
          + " cropped by " + crop + " does not fit the " + fullH + "x" + fullW + " output of a "
          + kernel + "x" + kernel + " stride-" + stride + " transposed convolution of " + h + "x"
          + wd);
    }
    this.inShape = inShape.clone();
    this.outShape = new long[] {outChannels, targetH, targetW};
    this.relu = relu;
    this.alpha = alpha;
    this.crop = crop;
    this.args = integerArgs(kernel, stride);
    long k2 = (long) kernel * kernel;
    this.macsPerExample = h * wd * c * outChannels * k2;
    this.w = params.add(name + "_W", new long[] {kernel, kernel, outChannels, c}, c * k2, relu);
    this.b = params.add(name + "_b", new long[] {outChannels}, 0, false);
    // the uncropped output (forward) and its gradient (backward) live only inside one call
    this.fullShape = new long[] {outChannels, fullH, fullW};
    this.full = workspace.scratch(outChannels * fullH * fullW);
    this.mask = relu ? workspace.backward(outShape) : null;
    this.chunkRows = BatchChunks.rows(BatchChunks.values(inShape)
        + BatchChunks.values(fullShape), workspace.dataType().width(), chunkBytes);
    this.chunkWeightGradient = workspace.fixed(kernel, kernel, outChannels, c);
    this.chunkBiasGradient = workspace.fixed(outChannels);
  }

  /** Rows of one native call. */
  long chunkRows() {
    return chunkRows;
  }

  private static int[] integerArgs(int kernel, int stride) {
    long[] a = new DeConv2D(new INDArray[] {Nd4j.create(DataType.FLOAT, 1, 1, 2, 2),
        Nd4j.create(DataType.FLOAT, kernel, kernel, 1, 1)},
        new INDArray[] {Nd4j.create(DataType.FLOAT, 1, 1, stride + kernel, stride + kernel)},
        DeConv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(0).pW(0)
            .isSameMode(false)
            .dataFormat(DeConv2DConfig.NCHW).build()).iArgs();
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = Math.toIntExact(a[i]);
    }
    return out;
  }

  @Override
  public long macsPerExample() {
    return macsPerExample;
  }

  @Override
  public long[] inputShape() {
    return inShape.clone();
  }

  @Override
  public long[] outputShape() {
    return outShape.clone();
  }

  /** The top-left-cropped interior {@code [:, :, crop:crop+H, crop:crop+W]} of a full-size array. */
  private INDArray interior(INDArray a) {
    INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(),
        NDArrayIndex.interval(crop, crop + outShape[1]),
        NDArrayIndex.interval(crop, crop + outShape[2])};
    return a.get(idx);
  }

  @Override
  public void forward(BatchContext batch, INDArray x, INDArray y) {
    long n = batch.n();
    INDArray f = full.view(n, fullShape);
    BatchChunks.forward("deconv2d", args, n * macsPerExample, chunkRows, n, x, w, b, f);
    Kernels.assign(y, interior(f));
    if (relu) {
      Kernels.activation(y, alpha);
    }
  }

  @Override
  public void backward(BatchContext batch, INDArray x, INDArray y, INDArray dy, INDArray dx) {
    long n = batch.n();
    if (relu) {
      Kernels.activationBackward(dy, y, mask, n, alpha);
    }
    // the border of the full gradient is 0 (the crop does not depend on it); the scratch is shared
    INDArray fg = full.view(n, fullShape);
    Kernels.zero(fg);
    Kernels.assign(interior(fg), dy);
    if (dx == null) {
      throw new IllegalStateException("a transposed convolution is never a network's first layer");
    }
    BatchChunks.backward("deconv2d_bp", args, 2 * n * macsPerExample, chunkRows, n, x, w, b, fg,
        dx, chunkWeightGradient, chunkBiasGradient);
  }
}
