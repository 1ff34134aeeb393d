package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation of NCHW feature maps per channel, optionally followed by ReLU or LeakyReLU
 * (the conv, BN, activation block of the PyTorch 64×64 model zoos): {@code y = gamma (x - mu) /
 * sqrt(var + eps) + beta}, parameters {@code name_gamma [C]} and {@code name_beta [C]}.
 *
 * <p>In a training pass ({@link BatchContext#training()}) {@code mu} and {@code var} are the
 * batch's mean and biased variance over {@code (n, H, W)}, and the running statistics move
 * towards them with PyTorch's rule: {@code running = (1 - momentum) running + momentum stat},
 * with the unbiased variance ({@code M / (M - 1)} times the biased, {@code M = n H W}) for the
 * running variance. Otherwise {@code mu} and {@code var} are the running statistics. The running
 * statistics are state of the layer, not parameters: they get no gradient.
 *
 * <p>{@code gamma} starts at 1 and {@code beta} at 0 ({@link Initialization}). The running
 * statistics live in the network's state ({@code name_runningMean [C]} at 0, {@code
 * name_runningVar [C]} at 1), which model files and checkpoints carry beside the parameters.
 */
public final class BatchNorm2d implements Layer {

  /** PyTorch's default epsilon. */
  public static final double EPS = 1e-5;
  /** PyTorch's default momentum. */
  public static final double MOMENTUM = 0.1;

  private final long[] shape;
  private final boolean relu;
  private final double alpha;
  private final Param gamma;
  private final Param beta;
  private final Workspace.Slot mask;
  /** The normalised input of the latest training pass (for the backward pass). */
  private final Workspace.Slot xhatSlot;
  /** Scratch of the backward pass. */
  private final Workspace.Slot scratch;
  private INDArray runningMean;
  private INDArray runningVar;
  private INDArray xhat;
  private INDArray invStd;

  private final Param stateMean;
  private final Param stateVar;

  /**
   * Declares {@code name_gamma} and {@code name_beta}; {@code shape} is {@code [C, H, W]}; the
   * running statistics are arrays of the layer's own.
   */
  public BatchNorm2d(String name, long[] shape, boolean relu, double alpha, Parameters params,
      Workspace workspace) {
    this(name, shape, relu, alpha, params, null, workspace);
  }

  /**
   * Declares {@code name_gamma} and {@code name_beta} in {@code params} and, unless {@code state}
   * is null, {@code name_runningMean} and {@code name_runningVar} in {@code state}.
   */
  public BatchNorm2d(String name, long[] shape, boolean relu, double alpha, Parameters params,
      Parameters state, Workspace workspace) {
    if (shape.length != 3) {
      throw new IllegalArgumentException(name + ": batch norm takes [C, H, W] maps, got rank "
          + shape.length);
    }
    this.shape = shape.clone();
    this.relu = relu;
    this.alpha = alpha;
    this.gamma = params.add(name + "_gamma", new long[] {shape[0]}, 1.0);
    this.beta = params.add(name + "_beta", new long[] {shape[0]}, 0, false);
    this.stateMean = state == null ? null : state.add(name + "_runningMean", new long[] {shape[0]}, 0.0);
    this.stateVar = state == null ? null : state.add(name + "_runningVar", new long[] {shape[0]}, 1.0);
    this.mask = relu ? workspace.backward(shape) : null;
    this.xhatSlot = workspace.backward(shape);
    this.scratch = workspace.backward(shape);
  }

  /** The running mean {@code [C]} (live; zeros until set or trained). */
  public INDArray runningMean() {
    ensureState();
    return runningMean;
  }

  /** The running variance {@code [C]} (live; ones until set or trained). */
  public INDArray runningVar() {
    ensureState();
    return runningVar;
  }

  private void ensureState() {
    if (runningMean == null && stateMean != null) {
      runningMean = stateMean.value();
      runningVar = stateVar.value();
    } else if (runningMean == null) {
      runningMean = Nd4j.zeros(gamma.value().dataType(), shape[0]);
      runningVar = Nd4j.ones(gamma.value().dataType(), shape[0]);
    }
  }

  @Override
  public long[] inputShape() {
    return shape.clone();
  }

  @Override
  public long[] outputShape() {
    return shape.clone();
  }

  @Override
  public void forward(BatchContext batch, INDArray x, INDArray y) {
    ensureState();
    long m = batch.n() * shape[1] * shape[2];
    INDArray mean;
    INDArray var;
    if (batch.training()) {
      if (m < 2) {
        throw new IllegalArgumentException("batch norm needs more than one value per channel in a"
            + " training batch, got " + batch.n() + " example(s) of " + shape[1] + "x" + shape[2]
            + " (use a larger batch)");
      }
      mean = x.mean(0, 2, 3);
      var = x.var(false, 0, 2, 3);
      runningMean.muli(1 - MOMENTUM).addi(mean.mul(MOMENTUM));
      runningVar.muli(1 - MOMENTUM).addi(var.mul(MOMENTUM * m / (m - 1.0)));
    } else {
      mean = runningMean;
      var = runningVar;
    }
    invStd = Nd4j.math().rsqrt(var.add(EPS));
    // the training pass keeps xhat for the backward pass (a backward slot); inference works in y
    INDArray h = batch.training() ? xhatSlot.rows(batch.n()) : y;
    Kernels.assign(h, x);
    Nd4j.getExecutioner().exec(new BroadcastSubOp(h, mean, h, 1));
    Nd4j.getExecutioner().exec(new BroadcastMulOp(h, invStd, h, 1));
    xhat = batch.training() ? h : null;
    Nd4j.getExecutioner().exec(new BroadcastMulOp(h, gamma.value(), y, 1));
    Nd4j.getExecutioner().exec(new BroadcastAddOp(y, beta.value(), y, 1));
    if (relu) {
      Kernels.activation(y, alpha);
    }
  }

  /**
   * The gradient of a training pass (batch statistics): {@code dx = invStd / M (M dxhat -
   * sum(dxhat) - xhat sum(dxhat xhat))} with {@code dxhat = gamma dy}.
   */
  @Override
  public void backward(BatchContext batch, INDArray x, INDArray y, INDArray dy, INDArray dx) {
    long n = batch.n();
    if (relu) {
      Kernels.activationBackward(dy, y, mask.rows(n), alpha);
    }
    if (xhat == null) {
      throw new IllegalStateException("batch norm's backward pass needs a training forward pass");
    }
    double m = n * shape[1] * shape[2];
    INDArray t = scratch.rows(n);
    beta.gradient().assign(dy.sum(0, 2, 3));
    Kernels.assign(t, dy);
    gamma.gradient().assign(t.muli(xhat).sum(0, 2, 3));
    if (dx == null) {
      return;
    }
    // dxhat = gamma dy, in dy (the layer may overwrite its output gradient)
    INDArray dxhat = dy;
    Nd4j.getExecutioner().exec(new BroadcastMulOp(dxhat, gamma.value(), dxhat, 1));
    INDArray sum = dxhat.sum(0, 2, 3);
    Kernels.assign(t, dxhat);
    INDArray sumXhat = t.muli(xhat).sum(0, 2, 3);
    Kernels.assign(t, xhat);
    Nd4j.getExecutioner().exec(new BroadcastMulOp(t, sumXhat, t, 1));
    Nd4j.getExecutioner().exec(new BroadcastAddOp(t, sum, t, 1));
    dxhat.muli(m).subi(t);
    Nd4j.getExecutioner().exec(new BroadcastMulOp(dxhat, invStd.div(m), dx, 1));
  }
}
