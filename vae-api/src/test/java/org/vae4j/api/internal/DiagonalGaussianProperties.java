package org.vae4j.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of the diagonal Gaussian helper (STYLE.md): KL non-negative, zero exactly at the
 * prior, even in the mean, additive over dimensions, equal to a Monte-Carlo estimate; the
 * reparameterization's formula and its sample moments; the log-density against the closed form.
 */
class DiagonalGaussianProperties {

  @Test
  void klIsNonNegativeAndEvenInTheMean() {
    qt().forAll(doubles().between(-50, 50), doubles().between(-20, 20)).checkAssert((m, lv) -> {
      double kl = DiagonalGaussian.klTerm(m, lv);
      assertThat(kl).isGreaterThanOrEqualTo(0);
      assertThat(DiagonalGaussian.klTerm(-m, lv)).isEqualTo(kl);
    });
  }

  @Test
  void klIsZeroAtThePrior() {
    assertThat(DiagonalGaussian.klTerm(0, 0)).isEqualTo(0.0);
    assertThat(DiagonalGaussian.kl(new double[5], new double[5], 0, 5)).isEqualTo(0.0);
  }

  @Test
  void klIsAdditiveOverDimensions() {
    qt().forAll(integers().between(1, 40), longs().all()).checkAssert((d, seed) -> {
      SplittableRandom r = new SplittableRandom(seed);
      double[] m = new double[2 * d];
      double[] lv = new double[2 * d];
      for (int j = 0; j < m.length; j++) {
        m[j] = r.nextDouble(-10, 10);
        lv[j] = r.nextDouble(-12, 12);
      }
      double whole = DiagonalGaussian.kl(m, lv, 0, 2 * d);
      double parts = DiagonalGaussian.kl(m, lv, 0, d) + DiagonalGaussian.kl(m, lv, d, d);
      assertThat(whole).isCloseTo(parts, within(1e-9 * (1 + Math.abs(whole))));
    });
  }

  @Test
  void klMatchesAMonteCarloEstimateOfTheLogRatio() {
    double[] m = {0.5, -1.5, 2.0};
    double[] lv = {-1.0, 0.7, 0.0};
    SplittableRandom r = new SplittableRandom(3);
    int n = 200_000;
    double sum = 0;
    double[] z = new double[3];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        z[j] = DiagonalGaussian.sample(m[j], lv[j], r.nextGaussian());
      }
      sum += DiagonalGaussian.logDensity(z, m, lv) - DiagonalGaussian.logStandardNormal(z);
    }
    // the log-ratio's standard deviation is below 4 here, so its mean's standard error below 0.01
    assertThat(sum / n).isCloseTo(DiagonalGaussian.kl(m, lv, 0, 3), within(0.04));
  }

  @Test
  void reparameterizationIsMeanPlusStdTimesNoise() {
    qt().forAll(doubles().between(-100, 100), doubles().between(-20, 20), doubles().between(-8, 8))
        .checkAssert((m, lv, eps) -> {
          double z = DiagonalGaussian.sample(m, lv, eps);
          assertThat(z).isCloseTo(m + Math.exp(0.5 * lv) * eps, within(1e-12 * (1 + Math.abs(z))));
          assertThat(DiagonalGaussian.std(lv) * DiagonalGaussian.std(lv))
              .isCloseTo(Math.exp(lv), within(1e-12 * Math.exp(lv)));
        });
  }

  @Test
  void reparameterizedSamplesHaveTheMeanAndVarianceOfTheGaussian() {
    qt().withExamples(20).forAll(doubles().between(-5, 5), doubles().between(-6, 6), longs().all())
        .checkAssert((m, lv, seed) -> {
          SplittableRandom r = new SplittableRandom(seed);
          int n = 20_000;
          double s = 0;
          double sq = 0;
          for (int i = 0; i < n; i++) {
            double z = DiagonalGaussian.sample(m, lv, r.nextGaussian());
            s += z;
            sq += z * z;
          }
          double mean = s / n;
          double var = sq / n - mean * mean;
          double sd = Math.exp(0.5 * lv);
          // five standard errors: sd / sqrt(n) for the mean, about var * sqrt(2 / n) for the variance
          assertThat(mean).isCloseTo(m, within(5 * sd / Math.sqrt(n)));
          assertThat(var).isCloseTo(sd * sd, within(5 * sd * sd * Math.sqrt(2.0 / n)));
        });
  }

  @Test
  void theLogDensityIsTheProductOfUnivariateNormals() {
    qt().forAll(integers().between(1, 30), longs().all()).checkAssert((d, seed) -> {
      SplittableRandom r = new SplittableRandom(seed);
      double[] z = new double[d];
      double[] m = new double[d];
      double[] lv = new double[d];
      double expected = 0;
      for (int j = 0; j < d; j++) {
        z[j] = r.nextDouble(-20, 20);
        m[j] = r.nextDouble(-20, 20);
        lv[j] = r.nextDouble(-10, 10);
        double sigma = Math.exp(0.5 * lv[j]);
        double u = (z[j] - m[j]) / sigma;
        expected += -0.5 * u * u - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
      }
      double got = DiagonalGaussian.logDensity(z, m, lv);
      assertThat(got).isCloseTo(expected, within(1e-9 * (1 + Math.abs(expected))));
      assertThat(DiagonalGaussian.logStandardNormal(z))
          .isCloseTo(DiagonalGaussian.logDensity(z, new double[d], new double[d]), within(1e-9 * (1 + Math.abs(got))));
    });
  }

  @Test
  void priorDrawsAreTheGeneratorsGaussiansRowByRow() {
    double[] v = DiagonalGaussian.standardNormal(new SplittableRandom(9), 3, 2);
    SplittableRandom r = new SplittableRandom(9);
    for (double x : v) {
      assertThat(x).isEqualTo(r.nextGaussian());
    }
    assertThat(v).hasSize(6);
  }
}
