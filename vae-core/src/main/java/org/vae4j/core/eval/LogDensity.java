package org.vae4j.core.eval;

/**
 * The stable log-mean-exp of the importance-weighted estimate, in double precision (the
 * log-densities are {@link org.vae4j.api.internal.DiagonalGaussian}'s).
 */
final class LogDensity {

  private LogDensity() {}

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
