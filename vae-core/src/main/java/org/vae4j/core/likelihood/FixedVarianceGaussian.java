package org.vae4j.core.likelihood;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.internal.nn.Kernels;

/**
 * Gaussian of fixed variance ½, {@code N(x; y, ½)}: the decoder outputs the mean {@code y} of each
 * value; the loss is the squared error {@code (y - x)²}, which is {@code -log p(x | y)} up to the
 * constant {@code ½ log(π)} per value; gradient {@code 2 (y - x)}; mean {@code y}. The variance ½ is
 * the one for which the squared error is the negative log-density, so the sum of squared errors
 * plus {@code beta} times the KL that vae4j's MSE models train on is their negative ELBO.
 */
final class FixedVarianceGaussian implements Likelihood {

  static final String NAME = "MSE";

  private static final double CONSTANT = 0.5 * Math.log(Math.PI);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double lossConstantPerValue() {
    return CONSTANT;
  }

  @Override
  public void loss(INDArray y, INDArray x, INDArray loss, INDArray gradient, double scale,
      Scratch scratch) {
    INDArray d = scratch.array(0);
    Kernels.sub(y, x, d);
    Kernels.mul(d, d, loss);
    if (gradient != null) {
      Kernels.scale(d, 2.0 * scale, gradient);
    }
  }

  @Override
  public void mean(INDArray y, INDArray into, Scratch scratch) {
    Kernels.assign(into, y);
  }
}
