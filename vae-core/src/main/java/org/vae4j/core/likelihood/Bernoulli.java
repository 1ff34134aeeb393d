package org.vae4j.core.likelihood;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.internal.ValueRange;
import org.vae4j.core.internal.nn.Kernels;

/**
 * Bernoulli: the decoder outputs a logit {@code l} per value; the loss is the binary cross-entropy
 * {@code max(l, 0) - l x + log(1 + exp(-|l|))}, stable for every logit, which is exactly {@code
 * -log p(x | l)} (no constant); gradient {@code sigmoid(l) - x}; mean {@code sigmoid(l)}. Data
 * must lie in [0, 1].
 */
final class Bernoulli implements Likelihood {

  static final String NAME = "BCE";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double lossConstantPerValue() {
    return 0;
  }

  @Override
  public void checkDomain(String arg, double min, double max) {
    if (min < 0 || max > 1) {
      throw new IllegalArgumentException(arg + " must hold values in [0, 1] for a model with a BCE"
          + " loss, got values in " + new ValueRange(min, max, 0) + ": scale the data into [0, 1] (8-bit"
          + " pixels: divide by 255), or use an MSE model for other values");
    }
  }

  @Override
  public void loss(INDArray l, INDArray x, INDArray loss, INDArray gradient, double scale,
      Scratch scratch) {
    INDArray t = scratch.array(0);
    Kernels.abs(l, loss);
    Kernels.negate(loss, loss);
    Kernels.exp(loss, loss);
    Kernels.log1p(loss, loss);
    Kernels.relu(l, t);
    Kernels.add(loss, t, loss);
    Kernels.mul(l, x, t);
    Kernels.sub(loss, t, loss);
    if (gradient != null) {
      Kernels.sigmoid(l, gradient);
      Kernels.sub(gradient, x, gradient);
      Kernels.scale(gradient, scale, gradient);
    }
  }

  @Override
  public void mean(INDArray l, INDArray into, Scratch scratch) {
    Kernels.sigmoid(l, into);
  }
}
