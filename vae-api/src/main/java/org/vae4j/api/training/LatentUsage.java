package org.vae4j.api.training;

import java.util.Arrays;
import java.util.Objects;

/**
 * How much a model uses each latent dimension, over a set of examples: the mean KL divergence per
 * dimension ({@code -0.5 (1 + logVar_j - mean_j² - exp(logVar_j))} averaged over the examples; 0
 * for an autoencoder) and the variance over the examples of each dimension's posterior mean. A
 * dimension is <em>active</em> when that variance exceeds {@value #ACTIVE_VARIANCE} (Burda, Grosse
 * and Salakhutdinov 2015, "Importance weighted autoencoders", section 5.2): an inactive dimension
 * encodes the same value whatever the input, so the decoder cannot use it — posterior collapse.
 *
 * <p>The variance test alone can count a dimension that carries almost no information: under a
 * strong KL weight (beta = 4) a dimension with posterior means spread by 0.1 but variances near 1
 * holds 0.03 nats and is "active". {@link #activeUnitsByKl()} counts the dimensions whose mean KL
 * exceeds {@value #ACTIVE_KL} nats instead; reports show both.
 *
 * @param klPerDimension mean KL per example of each dimension, in nats
 * @param meanVariance variance over the examples of each dimension's posterior mean
 */
public record LatentUsage(double[] klPerDimension, double[] meanVariance) {

  /** The variance of a dimension's posterior means above which it counts as active. */
  public static final double ACTIVE_VARIANCE = 0.01;

  /** The mean KL per example, in nats, above which {@link #activeUnitsByKl()} counts a dimension. */
  public static final double ACTIVE_KL = 0.1;

  /** Copies the arrays and checks they describe the same dimensions. */
  public LatentUsage {
    klPerDimension = Objects.requireNonNull(klPerDimension, "klPerDimension").clone();
    meanVariance = Objects.requireNonNull(meanVariance, "meanVariance").clone();
    if (klPerDimension.length != meanVariance.length || klPerDimension.length == 0) {
      throw new IllegalArgumentException("klPerDimension and meanVariance must have one entry per "
          + "latent dimension, got " + klPerDimension.length + " and " + meanVariance.length);
    }
  }

  /** The number of latent dimensions. */
  public int dimensions() {
    return klPerDimension.length;
  }

  /** The mean KL per example of each dimension (a copy). */
  @Override
  public double[] klPerDimension() {
    return klPerDimension.clone();
  }

  /** The variance of each dimension's posterior means (a copy). */
  @Override
  public double[] meanVariance() {
    return meanVariance.clone();
  }

  /** How many dimensions are active (posterior-mean variance above {@link #ACTIVE_VARIANCE}). */
  public int activeUnits() {
    int n = 0;
    for (double v : meanVariance) {
      if (v > ACTIVE_VARIANCE) {
        n++;
      }
    }
    return n;
  }

  /** How many dimensions carry more than {@link #ACTIVE_KL} nats of KL per example. */
  public int activeUnitsByKl() {
    int n = 0;
    for (double kl : klPerDimension) {
      if (kl > ACTIVE_KL) {
        n++;
      }
    }
    return n;
  }

  /** The indices of the inactive dimensions, in order. */
  public int[] inactiveDimensions() {
    int[] out = new int[dimensions() - activeUnits()];
    int k = 0;
    for (int j = 0; j < meanVariance.length; j++) {
      if (!(meanVariance[j] > ACTIVE_VARIANCE)) {
        out[k++] = j;
      }
    }
    return out;
  }

  /** True when at least one dimension is inactive. */
  public boolean collapsed() {
    return activeUnits() < dimensions();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatentUsage u && Arrays.equals(klPerDimension, u.klPerDimension)
        && Arrays.equals(meanVariance, u.meanVariance);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(klPerDimension) + Arrays.hashCode(meanVariance);
  }

  @Override
  public String toString() {
    return "LatentUsage[activeUnits=" + activeUnits() + "/" + dimensions() + " (variance > "
        + ACTIVE_VARIANCE + "), activeUnitsByKl=" + activeUnitsByKl() + "/" + dimensions() + " (KL > "
        + ACTIVE_KL + " nats), klPerDimension="
        + Arrays.toString(klPerDimension) + ", meanVariance=" + Arrays.toString(meanVariance) + "]";
  }
}
