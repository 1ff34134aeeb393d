package org.vae4j.core.eval;

/**
 * The log-densities and the stable log-mean-exp of the importance-weighted estimate, in double
 * precision on plain arrays.
 */
final class LogDensity {

  /** {@code log(2 pi)}. */
  static final double LOG_2PI = Math.log(2 * Math.PI);

  private LogDensity() {}

  /** {@code log N(z; 0, I) = -0.5 * sum(z^2) - 0.5 * d * log(2 pi)}. */
  static double logStandardNormal(double[] z) {
    double s = 0;
    for (double v : z) {
      s += v * v;
    }
    return -0.5 * s - 0.5 * z.length * LOG_2PI;
  }

  /**
   * {@code log N(z; mean, diag(exp(logVar))) = -0.5 * sum((z - mean)^2 * exp(-logVar) + logVar +
   * log(2 pi))}.
   */
  static double logNormal(double[] z, double[] mean, double[] logVar) {
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

  /** {@code log(mean(exp(v)))}, shifted by the maximum so that it never overflows. */
  static double logMeanExp(double[] v) {
    if (v.length == 0) {
      throw new IllegalArgumentException("v must not be empty");
    }
    LogMeanExp acc = new LogMeanExp();
    for (double x : v) {
      acc.add(x);
    }
    return acc.value();
  }

  /**
   * A streaming log-mean-exp: values may arrive in any number of chunks; the running sum is kept
   * relative to the running maximum, so no term overflows and the result does not depend on the
   * chunking (up to rounding).
   */
  static final class LogMeanExp {
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private long count;

    void add(double v) {
      if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("log-weight must be finite or -infinity, got " + v);
      }
      count++;
      if (v == Double.NEGATIVE_INFINITY) {
        return;
      }
      if (v > max) {
        sum = sum * Math.exp(max - v) + 1.0;
        max = v;
      } else {
        sum += Math.exp(v - max);
      }
    }

    long count() {
      return count;
    }

    double value() {
      if (count == 0) {
        throw new IllegalStateException("no values were added");
      }
      if (max == Double.NEGATIVE_INFINITY) {
        return Double.NEGATIVE_INFINITY;
      }
      return max + Math.log(sum) - Math.log(count);
    }
  }
}
