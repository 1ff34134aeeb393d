package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.vae4j.api.internal.DiagonalGaussian;

/**
 * Properties of the log-densities and the log-mean-exp of the importance-weighted estimate,
 * against closed forms and plain-Java references.
 */
class LogDensityProperties {

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private static double[] unbox(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Vectors of length 1..40 with entries in [-range, range]. */
  private static Gen<double[]> vectors(double range) {
    return integers().between(1, 40)
        .flatMap(n -> lists().of(doubles().between(-range, range)).ofSize(n)).map(LogDensityProperties::unbox);
  }

  /** (z, mean, logVar) triples of one dimension d in 1..8; logVar in [-12, 12]. */
  private static Gen<double[][]> gaussians() {
    return integers().between(1, 8).flatMap(d -> {
      Gen<List<Double>> z = lists().of(doubles().between(-20, 20)).ofSize(d);
      Gen<List<Double>> m = lists().of(doubles().between(-20, 20)).ofSize(d);
      Gen<List<Double>> lv = lists().of(doubles().between(-12, 12)).ofSize(d);
      return z.zip(m, lv, (a, b, c) -> new double[][] {unbox(a), unbox(b), unbox(c)});
    });
  }

  @Test
  void logMeanExpOfAConstantIsTheConstant() {
    qt().forAll(doubles().between(-1e4, 1e4), integers().between(1, 200)).checkAssert((c, n) -> {
      double[] v = new double[n];
      java.util.Arrays.fill(v, c);
      assertThat(LogDensity.logMeanExp(v)).isCloseTo(c, within(1e-12 * Math.max(1, Math.abs(c))));
    });
  }

  @Test
  void logMeanExpIsFiniteAndBetweenMaxMinusLogNAndMaxForHugeInputs() {
    qt().forAll(vectors(1e4)).checkAssert(v -> {
      double max = java.util.Arrays.stream(v).max().orElseThrow();
      double r = LogDensity.logMeanExp(v);
      assertThat(r).isFinite();
      assertThat(r).isLessThanOrEqualTo(max + 1e-9 * Math.abs(max));
      assertThat(r).isGreaterThanOrEqualTo(max - Math.log(v.length) - 1e-9 * Math.abs(max));
    });
  }

  @Test
  void logMeanExpEqualsThePlainFormulaWhereThatDoesNotOverflow() {
    qt().forAll(vectors(30)).checkAssert(v -> {
      double s = 0;
      for (double x : v) {
        s += Math.exp(x);
      }
      double plain = Math.log(s / v.length);
      assertThat(LogDensity.logMeanExp(v)).isCloseTo(plain, within(1e-12 * Math.max(1, Math.abs(plain))));
    });
  }

  @Test
  void logMeanExpShiftsWithItsInput() {
    qt().forAll(vectors(1e3), doubles().between(-1e4, 1e4)).checkAssert((v, s) -> {
      double[] shifted = java.util.Arrays.stream(v).map(x -> x + s).toArray();
      assertThat(LogDensity.logMeanExp(shifted))
          .isCloseTo(LogDensity.logMeanExp(v) + s, within(1e-9 * (1 + Math.abs(s))));
    });
  }

  @Test
  void theStreamingAccumulatorDoesNotDependOnOrderOrChunks() {
    qt().forAll(vectors(1e4), integers().between(0, Integer.MAX_VALUE)).checkAssert((v, seed) -> {
      double[] shuffled = v.clone();
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = shuffled.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        double t = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = t;
      }
      LogDensity.LogMeanExp acc = new LogDensity.LogMeanExp();
      for (double x : shuffled) {
        acc.add(x);
      }
      double batch = LogDensity.logMeanExp(v);
      assertThat(acc.count()).isEqualTo(v.length);
      assertThat(acc.value()).isCloseTo(batch, within(1e-9 * Math.max(1, Math.abs(batch))));
    });
  }

  @Test
  void aZeroWeightCountsButAddsNothing() {
    LogDensity.LogMeanExp acc = new LogDensity.LogMeanExp();
    acc.add(Double.NEGATIVE_INFINITY);
    acc.add(3.0);
    assertThat(acc.value()).isCloseTo(3.0 - Math.log(2), within(1e-15));
    LogDensity.LogMeanExp none = new LogDensity.LogMeanExp();
    none.add(Double.NEGATIVE_INFINITY);
    assertThat(none.value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> new LogDensity.LogMeanExp().add(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> new LogDensity.LogMeanExp().value()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> LogDensity.logMeanExp(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void logNormalIsTheSumOfUnivariateLogDensities() {
    qt().forAll(gaussians()).checkAssert(g -> {
      double[] z = g[0];
      double[] m = g[1];
      double[] lv = g[2];
      double expected = 0;
      for (int j = 0; j < z.length; j++) {
        double sigma = Math.sqrt(Math.exp(lv[j]));
        double u = (z[j] - m[j]) / sigma;
        expected += -0.5 * u * u - Math.log(sigma) - 0.5 * LOG_2PI;
      }
      assertThat(DiagonalGaussian.logDensity(z, m, lv))
          .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    });
  }

  @Test
  void logNormalMatchesTheDensityItselfWhereThatIsRepresentable() {
    qt().forAll(doubles().between(-3, 3), doubles().between(-3, 3), doubles().between(-2, 2))
        .checkAssert((z, m, lv) -> {
          double sigma = Math.exp(0.5 * lv);
          double pdf = Math.exp(-(z - m) * (z - m) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
          assertThat(DiagonalGaussian.logDensity(new double[] {z}, new double[] {m}, new double[] {lv}))
              .isCloseTo(Math.log(pdf), within(1e-10));
        });
  }

  @Test
  void theStandardNormalIsTheGaussianWithZeroMeanAndLogVariance() {
    qt().forAll(vectors(50)).checkAssert(z -> {
      double[] zeros = new double[z.length];
      assertThat(DiagonalGaussian.logStandardNormal(z))
          .isCloseTo(DiagonalGaussian.logDensity(z, zeros, zeros), within(1e-9 * (1 + Math.abs(DiagonalGaussian.logStandardNormal(z)))));
      assertThat(DiagonalGaussian.logStandardNormal(zeros)).isCloseTo(-0.5 * z.length * LOG_2PI, within(1e-12));
      assertThat(DiagonalGaussian.logStandardNormal(z)).isLessThanOrEqualTo(DiagonalGaussian.logStandardNormal(zeros));
    });
  }

  @Test
  void theMseLikelihoodIsTheGaussianDensityOfVarianceHalfOfTheData() {
    qt().forAll(vectors(5), integers().between(0, 1000)).checkAssert((x, seed) -> {
      SplittableRandom r = new SplittableRandom(seed);
      double[] out = new double[x.length];
      double sse = 0;
      for (int j = 0; j < x.length; j++) {
        out[j] = x[j] + r.nextGaussian();
        sse += (out[j] - x[j]) * (out[j] - x[j]);
      }
      double[] logVar = new double[x.length];
      java.util.Arrays.fill(logVar, Math.log(0.5));
      assertThat(org.vae4j.core.ModelConfig.LossKind.MSE.likelihood().logProbability(sse, x.length))
          .isCloseTo(DiagonalGaussian.logDensity(x, out, logVar), within(1e-9));
    });
  }

  /**
   * Monte-Carlo with a fixed seed: the mean over z ~ q of log q(z) - log N(z; 0, I) is the closed
   * form KL, and the mean of -log q(z) is the entropy 0.5 * sum(1 + log(2 pi) + logVar).
   */
  @Test
  void theMeanLogRatioUnderTheGaussianIsTheClosedFormKl() {
    double[] m = {0.5, -1.5, 2.0};
    double[] lv = {-1.0, 0.7, 0.0};
    double kl = 0;
    double entropy = 0;
    for (int j = 0; j < 3; j++) {
      kl += -0.5 * (1 + lv[j] - m[j] * m[j] - Math.exp(lv[j]));
      entropy += 0.5 * (1 + LOG_2PI + lv[j]);
    }
    SplittableRandom r = new SplittableRandom(11);
    int n = 200_000;
    double sumRatio = 0;
    double sumSq = 0;
    double sumNegLogQ = 0;
    double[] z = new double[3];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        z[j] = m[j] + Math.exp(0.5 * lv[j]) * r.nextGaussian();
      }
      double logQ = DiagonalGaussian.logDensity(z, m, lv);
      double ratio = logQ - DiagonalGaussian.logStandardNormal(z);
      sumRatio += ratio;
      sumSq += ratio * ratio;
      sumNegLogQ -= logQ;
    }
    double mean = sumRatio / n;
    double se = Math.sqrt((sumSq / n - mean * mean) / n);
    assertThat(mean).isCloseTo(kl, within(4 * se));
    assertThat(sumNegLogQ / n).isCloseTo(entropy, within(0.01));
  }
}
