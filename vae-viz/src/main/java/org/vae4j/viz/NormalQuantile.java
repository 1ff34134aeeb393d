package org.vae4j.viz;

/**
 * The standard normal distribution's CDF and its inverse (the quantile function), written here so
 * that vae-viz needs no statistics library.
 *
 * <p>The quantile uses Peter Acklam's rational approximation (relative error below 1.15e-9) and
 * one Halley step against {@link #cdf(double)}, which brings it to about 1e-15 in the body.
 */
final class NormalQuantile {

  private static final double[] A = {
    -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
  };
  private static final double[] B = {
    -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
    6.680131188771972e+01, -1.328068155288572e+01
  };
  private static final double[] C = {
    -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
  };
  private static final double[] D = {
    7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
  };
  private static final double P_LOW = 0.02425;
  private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

  private NormalQuantile() {}

  /**
   * The x with {@code cdf(x) = p}, for p strictly inside (0, 1).
   *
   * @throws IllegalArgumentException for p outside (0, 1) or NaN
   */
  static double quantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1), got " + p);
    }
    double x;
    if (p < P_LOW) {
      double q = Math.sqrt(-2 * Math.log(p));
      x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    } else if (p <= 1 - P_LOW) {
      double q = p - 0.5;
      double r = q * q;
      x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
          / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    } else {
      double q = Math.sqrt(-2 * Math.log1p(-p));
      x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    // One Halley step on f(x) = cdf(x) - p, done on the nearer tail for accuracy.
    double e = x <= 0 ? cdf(x) - p : (1 - p) - upperTail(x);
    double u = e * SQRT_2PI * Math.exp(x * x / 2);
    return x - u / (1 + x * u / 2);
  }

  /** The standard normal CDF. */
  static double cdf(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    return x >= 0 ? 1 - upperTail(x) : upperTail(-x);
  }

  /**
   * {@code 1 - cdf(x)} for {@code x >= 0}, accurate in the tail: a Taylor series below 3 and the
   * continued fraction of the Mills ratio above.
   */
  static double upperTail(double x) {
    if (x > 40) {
      return 0;
    }
    double density = Math.exp(-x * x / 2) / SQRT_2PI;
    if (x < 3) {
      // cdf(x) = 1/2 + density * (x + x^3/3 + x^5/(3*5) + ...)
      double term = x;
      double sum = x;
      double x2 = x * x;
      for (int k = 3; k < 500 && Math.abs(term) > 1e-17 * Math.abs(sum); k += 2) {
        term *= x2 / k;
        sum += term;
      }
      return 0.5 - density * sum;
    }
    // Mills ratio R(x) = 1/(x + 1/(x + 2/(x + 3/(x + ...)))), evaluated by modified Lentz.
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int k = 1; k < 500; k++) {
      d = x + k * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = x + k / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return density / f;
  }
}
