package org.vae4j.core.internal;

/** Plain-Java double references of the VAE math, for the tests. */
final class MathReference {

  private MathReference() {}

  /** KL(N(mean, exp(logVar)) || N(0, 1)) summed over a vector. */
  static double kl(double[] mean, double[] logVar) {
    double s = 0;
    for (int i = 0; i < mean.length; i++) {
      s += -0.5 * (1 + logVar[i] - mean[i] * mean[i] - Math.exp(logVar[i]));
    }
    return s;
  }

  static double z(double mean, double logVar, double eps) {
    return mean + Math.exp(0.5 * logVar) * eps;
  }

  /** The naive BCE of one pixel from a logit: -[x log s(l) + (1 - x) log(1 - s(l))]. */
  static double naiveBce(double logit, double x) {
    double p = 1 / (1 + Math.exp(-logit));
    return -(x * Math.log(p) + (1 - x) * Math.log(1 - p));
  }

  static double stableBce(double logit, double x) {
    return Math.max(logit, 0) - logit * x + Math.log1p(Math.exp(-Math.abs(logit)));
  }

  static double sigmoid(double l) {
    return 1 / (1 + Math.exp(-l));
  }
}
