package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer {@code out = in W + b}, optionally followed by ReLU or LeakyReLU (slope {@code
 * alpha} below 0): {@code W} is {@code [in, out]}, {@code b} is {@code [out]}. Backward: {@code d =
 * dout * f'(out)} (with an activation), {@code
 * dW = inᵀ d}, {@code db = colsum(d)}, {@code din = d Wᵀ}.
 */
public final class Dense implements Layer {

  private final long in;
  private final long out;
  private final boolean relu;
  private final double alpha;
  private final Param w;
  private final Param b;
  private final Workspace.Slot mask;

  /**
   * Declares parameters {@code name_W} (fan-in {@code in}) and {@code name_b} in {@code params}
   * and, with ReLU, a mask slot in {@code workspace}.
   */
  public Dense(String name, long in, long out, boolean relu, Parameters params, Workspace workspace) {
    this(name, in, out, relu, 0, params, workspace);
  }

  /** As {@link #Dense(String, long, long, boolean, Parameters, Workspace)}, LeakyReLU slope {@code alpha}. */
  public Dense(String name, long in, long out, boolean relu, double alpha, Parameters params,
      Workspace workspace) {
    this.in = in;
    this.out = out;
    this.relu = relu;
    this.alpha = alpha;
    this.w = params.add(name + "_W", new long[] {in, out}, in, relu);
    this.b = params.add(name + "_b", new long[] {out}, 0, false);
    this.mask = relu ? workspace.backward(out) : null;
  }

  @Override
  public long macsPerExample() {
    return in * out;
  }

  @Override
  public long[] inputShape() {
    return new long[] {in};
  }

  @Override
  public long[] outputShape() {
    return new long[] {out};
  }

  @Override
  public void forward(BatchContext batch, INDArray x, INDArray y) {
    Kernels.gemm(x, w.value(), y, false, false, 0.0);
    Kernels.addRow(y, b.value());
    if (relu) {
      Kernels.activation(y, alpha);
    }
  }

  @Override
  public void backward(BatchContext batch, INDArray x, INDArray y, INDArray dy, INDArray dx) {
    if (relu) {
      Kernels.activationBackward(dy, y, mask, batch.n(), alpha);
    }
    Kernels.gemm(x, dy, w.gradient(), true, false, 0.0);
    Kernels.columnSums(dy, b.gradient());
    if (dx != null) {
      Kernels.gemm(dy, w.value(), dx, false, true, 0.0);
    }
  }
}
