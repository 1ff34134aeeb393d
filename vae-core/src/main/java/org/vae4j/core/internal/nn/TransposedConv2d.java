package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DeConv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A 3×3 stride-2 transposed convolution on NCHW batches, optionally followed by ReLU: weights
 * {@code [3, 3, outChannels, inChannels]}, bias {@code [outChannels]}. The full padding-0 output
 * ({@code 2h + 1} × {@code 2w + 1}) is cropped by one row and column at the top-left to the
 * target size ({@code 2h} or {@code 2h - 1}: the encoder's size at that depth), which equals
 * PyTorch's {@code ConvTranspose2d(k=3, s=2, p=1, output_padding=1)} for even sizes.
 */
public final class TransposedConv2d implements Layer {

  private final long[] inShape;
  private final long[] outShape;
  private final boolean relu;
  private final int[] args;
  private final long macsPerExample;
  private final Param w;
  private final Param b;
  private final Workspace.Slot full;
  private final Workspace.Slot fullGradient;
  private final Workspace.Slot mask;

  /**
   * Declares {@code name_W} (fan-in {@code inChannels × 9}, the rule of the libtorch peer and of
   * DL4J's Deconvolution2D) and {@code name_b}; {@code inShape} is {@code [C, h, w]}, the output
   * {@code [outChannels, targetH, targetW]}.
   */
  public TransposedConv2d(String name, long[] inShape, int outChannels, long targetH, long targetW,
      boolean relu, Parameters params, Workspace workspace) {
    long c = inShape[0];
    long h = inShape[1];
    long wd = inShape[2];
    if (targetH > 2 * h || targetW > 2 * wd || targetH < 1 || targetW < 1) {
      throw new IllegalArgumentException("target size " + targetH + "x" + targetW
          + " must be at most twice the input " + h + "x" + wd);
    }
    this.inShape = inShape.clone();
    this.outShape = new long[] {outChannels, targetH, targetW};
    this.relu = relu;
    this.args = integerArgs();
    this.macsPerExample = h * wd * c * outChannels * 9;
    this.w = params.add(name + "_W", new long[] {3, 3, outChannels, c}, c * 9, relu);
    this.b = params.add(name + "_b", new long[] {outChannels}, 0, false);
    this.full = workspace.forward(outChannels, 2 * h + 1, 2 * wd + 1);
    this.fullGradient = workspace.backward(outChannels, 2 * h + 1, 2 * wd + 1);
    this.mask = relu ? workspace.backward(outShape) : null;
  }

  private static int[] integerArgs() {
    long[] a = new DeConv2D(new INDArray[] {Nd4j.create(DataType.FLOAT, 1, 1, 2, 2),
        Nd4j.create(DataType.FLOAT, 3, 3, 1, 1)}, new INDArray[] {Nd4j.create(DataType.FLOAT, 1, 1, 5, 5)},
        DeConv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(0).pW(0).isSameMode(false)
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

  /** The top-left-cropped interior {@code [:, :, 1:1+H, 1:1+W]} of a full-size array. */
  private INDArray interior(INDArray a) {
    INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(),
        NDArrayIndex.interval(1, 1 + outShape[1]), NDArrayIndex.interval(1, 1 + outShape[2])};
    return a.get(idx);
  }

  @Override
  public void forward(BatchContext batch, INDArray x, INDArray y) {
    INDArray f = full.rows(batch.n());
    Kernels.custom("deconv2d", args, batch.n() * macsPerExample,
        new INDArray[] {x, w.value(), b.value()}, f);
    Kernels.assign(y, interior(f));
    if (relu) {
      Kernels.relu(y);
    }
  }

  @Override
  public void backward(BatchContext batch, INDArray x, INDArray y, INDArray dy, INDArray dx) {
    long n = batch.n();
    if (relu) {
      Kernels.reluBackward(dy, y, mask.rows(n));
    }
    // the border of the full gradient stays 0 (the crop does not depend on it)
    INDArray fg = fullGradient.rows(n);
    Kernels.assign(interior(fg), dy);
    if (dx == null) {
      throw new IllegalStateException("a transposed convolution is never a network's first layer");
    }
    Kernels.custom("deconv2d_bp", args, 2 * n * macsPerExample,
        new INDArray[] {x, w.value(), b.value(), fg}, dx, w.gradient(), b.gradient());
  }
}
