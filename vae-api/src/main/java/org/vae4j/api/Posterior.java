package org.vae4j.api;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The approximate posterior q(z|x) = N(mean, diag(exp(logVar))) of a batch, as an encoder returns
 * it: two arrays of shape {@code [n, latentDim]}.
 *
 * <p>{@code logVar} is the natural logarithm of the variance, never a standard deviation. A
 * deterministic encoder (a plain autoencoder) returns a point mass: {@link #isPointMass()} is true
 * and {@code logVar} holds negative infinity.
 *
 * @param mean the posterior means, {@code [n, latentDim]}
 * @param logVar the log-variances, same shape as {@code mean}
 */
public record Posterior(INDArray mean, INDArray logVar) {

  /** Validates that both arrays are present and of the same rank-2 shape. */
  public Posterior {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(logVar, "logVar");
    if (mean.rank() != 2) {
      throw new IllegalArgumentException(
          "mean must have shape [n, latentDim], got " + Arrays.toString(mean.shape()));
    }
    if (!Arrays.equals(mean.shape(), logVar.shape())) {
      throw new IllegalArgumentException(
          "logVar must have the shape of mean " + Arrays.toString(mean.shape()) + ", got "
              + Arrays.toString(logVar.shape()));
    }
  }

  /** A point mass at {@code mean}: the "posterior" of a deterministic encoder. */
  public static Posterior pointMass(INDArray mean) {
    Objects.requireNonNull(mean, "mean");
    return new Posterior(mean, Nd4j.valueArrayOf(mean.shape(), Double.NEGATIVE_INFINITY, mean.dataType()));
  }

  /** True when every log-variance is negative infinity (a deterministic encoder). */
  public boolean isPointMass() {
    return logVar.length() > 0 && logVar.maxNumber().doubleValue() == Double.NEGATIVE_INFINITY;
  }

  /** Number of examples in the batch. */
  public long batchSize() {
    return mean.size(0);
  }

  /** Width of the latent space. */
  public int latentDim() {
    return (int) mean.size(1);
  }

  /** The standard deviations {@code exp(0.5 * logVar)}, as a new array. */
  public INDArray std() {
    return org.nd4j.linalg.ops.transforms.Transforms.exp(logVar.mul(0.5), true);
  }
}
