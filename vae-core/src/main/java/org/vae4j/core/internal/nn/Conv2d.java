package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 3×3 convolution with padding 1 and stride 1 or 2 on NCHW batches, optionally followed by
 * ReLU: weights {@code [3, 3, inChannels, outChannels]}, bias {@code [outChannels]}. Output size
 * {@code (size + 2 - 3) / stride + 1}. Runs ND4J's {@code conv2d} and {@code conv2d_bp} ops
 * (oneDNN on the CPU backend).
 */
public final class Conv2d implements Layer {

  private final long[] inShape;
  private final long[] outShape;
  private final boolean relu;
  private final int[] args;
  private final long macsPerExample;
  private final Param w;
  private final Param b;
  private final Workspace.Slot mask;
  private final Workspace.Slot inputGradient;

  /**
   * Declares {@code name_W} (fan-in {@code inChannels × 9}) and {@code name_b}; {@code inShape}
   * is {@code [C, H, W]}.
   */
  public Conv2d(String name, long[] inShape, int outChannels, int stride, boolean relu,
      Parameters params, Workspace workspace) {
    this.inShape = inShape.clone();
    long c = inShape[0];
    this.outShape = new long[] {outChannels, outSize(inShape[1], stride), outSize(inShape[2], stride)};
    this.relu = relu;
    this.args = integerArgs(stride);
    this.macsPerExample = outShape[1] * outShape[2] * outChannels * c * 9;
    this.w = params.add(name + "_W", new long[] {3, 3, c, outChannels}, c * 9, relu);
    this.b = params.add(name + "_b", new long[] {outChannels}, 0, false);
    this.mask = relu ? workspace.backward(outShape) : null;
    this.inputGradient = workspace.backward(inShape);
  }

  /** The output size of a 3×3 pad-1 convolution with this stride on {@code size}. */
  public static long outSize(long size, int stride) {
    return (size + 2 - 3) / stride + 1;
  }

  /** The integer arguments ND4J's conv2d ops take for a 3×3 pad-1 NCHW convolution. */
  static int[] integerArgs(int stride) {
    long[] a = new Conv2D(new INDArray[] {Nd4j.create(DataType.FLOAT, 1, 1, 3, 3),
        Nd4j.create(DataType.FLOAT, 3, 3, 1, 1)}, new INDArray[] {Nd4j.create(DataType.FLOAT, 1, 1, 3, 3)},
        Conv2DConfig.builder().kH(3).kW(3).sH(stride).sW(stride).pH(1).pW(1)
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
    Kernels.custom("conv2d", args, batch.n() * macsPerExample,
        new INDArray[] {x, w.value(), b.value()}, y);
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
    // conv2d_bp always computes the input gradient; without a caller for it, a scratch slot takes it
    INDArray gradIn = dx != null ? dx : inputGradient.rows(n);
    Kernels.custom("conv2d_bp", args, 2 * n * macsPerExample,
        new INDArray[] {x, w.value(), b.value(), dy}, gradIn, w.gradient(), b.gradient());
  }
}
