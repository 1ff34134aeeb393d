package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A k×k convolution with padding p and stride s on NCHW batches, optionally followed by ReLU or
 * LeakyReLU: weights {@code [k, k, inChannels, outChannels]}, bias {@code [outChannels]}. Output
 * size {@code (size + 2p - k) / s + 1}. Runs ND4J's {@code conv2d} and {@code conv2d_bp} ops
 * (oneDNN on the CPU backend) on chunks of the batch's rows ({@link BatchChunks}: the ops'
 * temporaries grow with the rows of one call); the weight and bias gradients of the chunks after
 * the first go through a fixed workspace array and are added.
 */
public final class Conv2d implements Layer {

  private final long[] inShape;
  private final long[] outShape;
  private final boolean relu;
  private final double alpha;
  private final int[] args;
  private final long macsPerExample;
  private final Param w;
  private final Param b;
  private final Workspace.Slot mask;
  private final Workspace.Slot inputGradient;
  private final long chunkRows;
  private final Workspace.Fixed chunkWeightGradient;
  private final Workspace.Fixed chunkBiasGradient;

  /**
   * Declares {@code name_W} (fan-in {@code inChannels × 9}) and {@code name_b}; {@code inShape}
   * is {@code [C, H, W]}.
   */
  public Conv2d(String name, long[] inShape, int outChannels, int stride, boolean relu,
      Parameters params, Workspace workspace) {
    this(name, inShape, outChannels, 3, stride, 1, relu, 0, params, workspace);
  }

  /**
   * A {@code kernel}×{@code kernel} convolution with padding {@code pad} and activation slope
   * {@code alpha} (0: ReLU); {@code name_W} has fan-in {@code inChannels × kernel²}.
   */
  public Conv2d(String name, long[] inShape, int outChannels, int kernel, int stride, int pad,
      boolean relu, double alpha, Parameters params, Workspace workspace) {
    this(name, inShape, outChannels, kernel, stride, pad, relu, alpha, params, workspace,
        BatchChunks.DEFAULT_BYTES);
  }

  /**
   * As above, with the native operations run on chunks of at most {@code chunkBytes} of input
   * plus output values (at least one row).
   */
  Conv2d(String name, long[] inShape, int outChannels, int kernel, int stride, int pad,
      boolean relu, double alpha, Parameters params, Workspace workspace, long chunkBytes) {
    this.inShape = inShape.clone();
    long c = inShape[0];
    this.outShape = new long[] {outChannels, outSize(inShape[1], kernel, stride, pad),
        outSize(inShape[2], kernel, stride, pad)};
    if (outShape[1] < 1 || outShape[2] < 1) {
      throw new IllegalArgumentException(name + ": a " + kernel + "x" + kernel + " convolution"
          + " with padding " + pad + " cannot take a " + inShape[1] + "x" + inShape[2] + " input");
    }
    this.relu = relu;
    this.alpha = alpha;
    this.args = integerArgs(kernel, stride, pad);
    long k2 = (long) kernel * kernel;
    this.macsPerExample = outShape[1] * outShape[2] * outChannels * c * k2;
    this.w = params.add(name + "_W", new long[] {kernel, kernel, c, outChannels}, c * k2, relu);
    this.b = params.add(name + "_b", new long[] {outChannels}, 0, false);
    this.mask = relu ? workspace.backward(outShape) : null;
    this.inputGradient = workspace.backward(inShape);
    this.chunkRows = BatchChunks.rows(BatchChunks.values(inShape) + BatchChunks.values(outShape),
        workspace.dataType().width(), chunkBytes);
    this.chunkWeightGradient = workspace.fixed(kernel, kernel, c, outChannels);
    this.chunkBiasGradient = workspace.fixed(outChannels);
  }

  /** Rows of one native call. */
  long chunkRows() {
    return chunkRows;
  }

  /** The output size of a 3×3 pad-1 convolution with this stride on {@code size}. */
  public static long outSize(long size, int stride) {
    return outSize(size, 3, stride, 1);
  }

  /** The output size of a k×k pad-p stride-s convolution on {@code size} (below 1: impossible). */
  public static long outSize(long size, int kernel, int stride, int pad) {
    return Math.floorDiv(size + 2L * pad - kernel, stride) + 1;
  }

  /** The integer arguments ND4J's conv2d ops take for a k×k pad-p NCHW convolution. */
  static int[] integerArgs(int kernel, int stride, int pad) {
    long[] a = new Conv2D(new INDArray[] {Nd4j.create(DataType.FLOAT, 1, 1, kernel, kernel),
        Nd4j.create(DataType.FLOAT, kernel, kernel, 1, 1)},
        new INDArray[] {Nd4j.create(DataType.FLOAT, 1, 1, 1, 1)},
        Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(pad).pW(pad)
            .dataFormat(Conv2DConfig.NCHW).build()).iArgs();
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

  @Override
  public void forward(BatchContext batch, INDArray x, INDArray y) {
    long n = batch.n();
    BatchChunks.forward("conv2d", args, n * macsPerExample, chunkRows, n, x, w, b, y);
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
    // conv2d_bp always computes the input gradient; without a caller for it, a scratch slot takes it
    INDArray gradIn = dx != null ? dx : inputGradient.rows(n);
    BatchChunks.backward("conv2d_bp", args, 2 * n * macsPerExample, chunkRows, n, x, w, b, dy,
        gradIn, chunkWeightGradient, chunkBiasGradient);
  }
}
