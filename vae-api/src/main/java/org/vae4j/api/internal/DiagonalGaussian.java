package org.vae4j.api.internal;

import java.util.SplittableRandom;

/**
 * The one implementation of the diagonal Gaussian {@code N(mean, diag(exp(logVar)))} that vae4j's
 * posterior is: the reparameterization, the KL to the standard normal prior and the log-density,
 * in double precision on plain arrays. Training (the network's latent head), evaluation (the
 * importance-weighted estimate) and the sample programs all call these.
 */
public final class DiagonalGaussian {

  /** {@code log(2 pi)}. */
  public static final double LOG_2PI = Math.log(2 * Math.PI);

  private DiagonalGaussian() {}

  /**
   * {@code n × dim} draws from the prior N(0, I), row-major, from {@code random}: what a model's
   * {@code sample(n, seed)} decodes with {@code new SplittableRandom(seed)} (rounded to float for
   * a float model), and what a picture of prior samples with that seed shows.
   */
  public static double[] standardNormal(SplittableRandom random, long n, int dim) {
    double[] v = new double[Math.toIntExact(Math.multiplyExact(n, (long) dim))];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  /** The standard deviation {@code exp(logVar / 2)}. */
  public static double std(double logVar) {
    return Math.exp(0.5 * logVar);
  }

  /** The reparameterization {@code z = mean + exp(logVar / 2) eps}. */
  public static double sample(double mean, double logVar, double eps) {
    return mean + std(logVar) * eps;
  }

  /**
   * One dimension's term of {@code KL(N(mean, exp(logVar)) || N(0, 1)) = -0.5 (1 + logVar -
   * mean² - exp(logVar))}, never negative.
   */
  public static double klTerm(double mean, double logVar) {
    return -0.5 * (1 + logVar - mean * mean - Math.exp(logVar));
  }

  /** The KL of {@code d} dimensions from {@code offset} of {@code mean} and {@code logVar}: the sum of {@link #klTerm}s. */
  public static double kl(double[] mean, double[] logVar, int offset, int d) {
    double s = 0;
    for (int j = offset; j < offset + d; j++) {
      s += klTerm(mean[j], logVar[j]);
    }
    return s;
  }

  /** {@code log N(z; 0, I) = -0.5 * sum(z^2) - 0.5 * d * log(2 pi)}. */
  public static double logStandardNormal(double[] z) {
    double s = 0;
    for (double v : z) {
      s += v * v;
    }
    return -0.5 * s - 0.5 * z.length * LOG_2PI;
  }

  /**
   * {@code log N(z; mean, diag(exp(logVar))) = -0.5 * sum((z - mean)^2 * exp(-logVar) + logVar +
   * log(2 pi))}.
   *
   * @throws IllegalArgumentException when the three lengths differ
   */
  public static double logDensity(double[] z, double[] mean, double[] logVar) {
    if (z.length != mean.length || z.length != logVar.length) {
      throw new IllegalArgumentException("z, mean and logVar must have the same length, got "
          + z.length + ", " + mean.length + ", " + logVar.length);
    }
    double s = 0;
    for (int j = 0; j < z.length; j++) {
      double diff = z[j] - mean[j];
      s += diff * diff * Math.exp(-logVar[j]) + logVar[j] + LOG_2PI;
    }
    return -0.5 * s;
  }
}
