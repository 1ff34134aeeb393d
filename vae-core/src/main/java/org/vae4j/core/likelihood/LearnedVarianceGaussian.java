package org.vae4j.core.likelihood;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.internal.nn.Kernels;

/**
 * Gaussian with a learned variance per data value, {@code N(x; mu, exp(s))}: the decoder outputs
 * two values per data value, the mean {@code mu} (the first {@code width} columns) and a raw
 * {@code r} (the next {@code width}) that is bounded into the log-variance {@code s = B tanh(r /
 * B)} with {@code B =} {@value #LOG_VAR_BOUND}, so the standard deviation stays within {@code
 * [exp(-B/2), exp(B/2)]} (about 0.05 to 20) and the density can never diverge on data with no
 * noise. The loss is {@code ½ ((x - mu)² exp(-s) + s)}, which is {@code -log p(x | mu, s)} up to the
 * constant {@code ½ log(2π)} per value; the mean is {@code mu}. Any finite data.
 */
final class LearnedVarianceGaussian implements Likelihood {

  static final String NAME = "LEARNED_VARIANCE_GAUSSIAN";

  /** The bound {@code B} of the log-variance: {@code |s| < B}. */
  static final double LOG_VAR_BOUND = 6.0;

  private static final double CONSTANT = 0.5 * Math.log(2 * Math.PI);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int outputsPerValue() {
    return 2;
  }

  @Override
  public int scratchArrays() {
    return 4;
  }

  @Override
  public double lossConstantPerValue() {
    return CONSTANT;
  }

  @Override
  public void loss(INDArray out, INDArray x, INDArray loss, INDArray gradient, double scale,
      Scratch scratch) {
    long w = x.size(1);
    INDArray mu = half(out, 0, w);
    INDArray r = half(out, 1, w);
    INDArray t = scratch.array(0);
    INDArray s = scratch.array(1);
    INDArray precision = scratch.array(2);
    INDArray d = scratch.array(3);
    Kernels.scale(r, 1.0 / LOG_VAR_BOUND, t);
    Kernels.tanh(t, t);
    Kernels.scale(t, LOG_VAR_BOUND, s);
    Kernels.negate(s, precision);
    Kernels.exp(precision, precision);
    Kernels.sub(mu, x, d);
    Kernels.mul(d, d, loss);
    Kernels.mul(loss, precision, loss);
    if (gradient != null) {
      // d loss / d mu = (mu - x) exp(-s); d loss / d s = ½ (1 - (x - mu)² exp(-s)); ds/dr = 1 - t²
      INDArray gMu = half(gradient, 0, w);
      INDArray gR = half(gradient, 1, w);
      Kernels.mul(d, precision, gMu);
      Kernels.scale(gMu, scale, gMu);
      Kernels.mul(t, t, t);
      Kernels.reverseSubtract(t, 1.0, t);
      Kernels.reverseSubtract(loss, 1.0, gR);
      Kernels.mul(gR, t, gR);
      Kernels.scale(gR, 0.5 * scale, gR);
    }
    Kernels.add(loss, s, loss);
    Kernels.scale(loss, 0.5, loss);
  }

  @Override
  public void mean(INDArray out, INDArray into, Scratch scratch) {
    Kernels.assign(into, half(out, 0, into.size(1)));
  }

  /** Columns {@code [part * w, (part + 1) * w)} of {@code a}, a view. */
  private static INDArray half(INDArray a, int part, long w) {
    return a.get(NDArrayIndex.all(), NDArrayIndex.interval(part * w, (part + 1) * w));
  }
}
