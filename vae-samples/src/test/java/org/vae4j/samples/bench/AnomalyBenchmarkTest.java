package org.vae4j.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vae4j.core.eval.AnomalyScorer;
import org.vae4j.core.eval.AnomalyScorer.ScoreType;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.table.Column;
import org.vae4j.api.table.Table;

class AnomalyBenchmarkTest {

  @Test
  void parsesRangesAndRefusesBadArguments() {
    AnomalyBenchmark.Options o = AnomalyBenchmark.parse("--parts", "tables,speed", "--seeds", "0-2",
        "--digits", "1,8", "--k", "8", "--mnist-model", "conv");
    assertThat(o.parts()).containsExactly("tables", "speed");
    assertThat(o.seeds()).containsExactly(0L, 1L, 2L);
    assertThat(o.digits()).containsExactly(1, 8);
    assertThat(o.importanceSamples()).isEqualTo(8);
    assertThat(o.mnistModel()).isEqualTo("conv");
    assertThat(o.mnistLoss()).isEqualTo("bce");
    assertThat(AnomalyBenchmark.parse("--mnist-loss", "gaussian").mnistLoss()).isEqualTo("gaussian");
    assertThatThrownBy(() -> AnomalyBenchmark.parse("--mnist-loss", "poisson"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poisson");
    assertThat(AnomalyBenchmark.corrected(new double[] {5, 2}, new double[] {1, 3}))
        .containsExactly(4, -1);
    assertThat(AnomalyBenchmark.mnistScoreNames()).hasSize(8).contains("NEGATIVE_ELBO",
        "RECONSTRUCTION_ERROR+IC");
    assertThatThrownBy(() -> AnomalyBenchmark.parse("--mnist-model", "rnn"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rnn");
    assertThatThrownBy(() -> AnomalyBenchmark.parse("--parts", "mnist,plots"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plots");
    assertThatThrownBy(() -> AnomalyBenchmark.parse("--k", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--k");
    assertThatThrownBy(() -> AnomalyBenchmark.parse("--seeds"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--seeds");
    assertThatThrownBy(() -> AnomalyBenchmark.parse("--digits", "a-b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a-b");
    AnomalyBenchmark.Options m = AnomalyBenchmark.parse("--missing-in", "test", "--variants",
        "plain,norm+imp3", "--denoise", "0.2");
    assertThat(m.missingIn()).isEqualTo("test");
    assertThat(m.variants()).containsExactly("plain", "norm+imp3");
    assertThat(m.denoise()).isEqualTo(0.2);
    AnomalyScorer s = AnomalyBenchmark.scorer(ScoreType.NEGATIVE_ELBO, 8, "norm+imp3");
    assertThat(s.perObservedValue()).isTrue();
    assertThat(s.imputationRounds()).isEqualTo(3);
    assertThat(AnomalyBenchmark.scorer(ScoreType.NEGATIVE_ELBO, 8, "plain").perObservedValue())
        .isFalse();
    assertThatThrownBy(() -> AnomalyBenchmark.parse("--missing-in", "train"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("train");
    assertThatThrownBy(() -> AnomalyBenchmark.parse("--variants", "norm+mice"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("norm+mice");
    assertThatThrownBy(() -> AnomalyBenchmark.parse("--denoise", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("denoisingMaskRate");
  }

  @Test
  void parsesBackgroundRatesAndTheRatioIsMainMinusBackground() {
    assertThat(AnomalyBenchmark.parse().mnistBackground()).isEmpty();
    assertThat(AnomalyBenchmark.parse("--mnist-background", "0.1,0.3").mnistBackground())
        .containsExactly(0.1, 0.3);
    assertThatThrownBy(() -> AnomalyBenchmark.parse("--mnist-background", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> AnomalyBenchmark.parse("--mnist-background", "a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a");
    assertThat(AnomalyBenchmark.ratio(new double[] {5, 2}, new double[] {1, 3}))
        .containsExactly(4, -1);
    assertThat(AnomalyBenchmark.ratioName(ScoreType.NEGATIVE_ELBO, 0.1))
        .isEqualTo("NEGATIVE_ELBO-LR0.1");
  }

  @Test
  void removesAboutTheAskedFractionAndKeepsTheOtherValues() {
    qt().forAll(integers().between(200, 2000), doubles().between(0.05, 0.5), integers().all())
        .checkAssert((n, p, seed) -> {
          SplittableRandom r = new SplittableRandom(seed);
          double[] a = new double[n];
          double[] b = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble();
            b[i] = r.nextDouble() - 5;
          }
          Table t = Table.of(List.of(Column.numeric("a", a), Column.numeric("b", b)));
          Table m = AnomalyBenchmark.withMissing(t, p, seed);
          int missing = 0;
          for (int c = 0; c < 2; c++) {
            Column col = m.column(c);
            for (int i = 0; i < n; i++) {
              if (col.isMissing(i)) {
                missing++;
              } else {
                assertThat(col.number(i)).isEqualTo(t.column(c).number(i));
              }
            }
          }
          // Binomial(2n, p): within 5 standard deviations.
          double sd = Math.sqrt(2 * n * p * (1 - p));
          assertThat((double) missing).isCloseTo(2 * n * p, within(5 * sd + 1));
          assertThat(AnomalyBenchmark.withMissing(t, p, seed)).isEqualTo(m);
        });
  }

  @Test
  void readsAPeerSplitWithItsAnomalyColumn(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("test.csv");
    Files.writeString(f, "x0,x1,anomaly\n1.5,2.0,0\n3.0,-1.0,1\n0.0,0.0,1\n");
    AnomalyBenchmark.Split s = AnomalyBenchmark.read(f);
    assertThat(s.anomalous()).containsExactly(false, true, true);
    assertThat(s.features().columnNames()).containsExactly("x0", "x1");
    assertThat(s.features().label()).isEmpty();
  }

  @Test
  void theCombinedScoreIsTheSumOfTheTwoStandardisedScores() {
    double[] z = AnomalyBenchmark.zSum(new double[] {1, 3}, new double[] {10, 10});
    assertThat(z).containsExactly(-1, 1); // a constant score adds 0
    qt().forAll(integers().between(2, 30), integers().all()).checkAssert((n, seed) -> {
      SplittableRandom r = new SplittableRandom(seed);
      double[] a = new double[n];
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = r.nextGaussian() * 5 + 2;
        b[i] = r.nextGaussian() * 0.1 - 7;
      }
      double[] s = AnomalyBenchmark.zSum(a, b);
      // invariant under positive affine maps of either score, and of mean 0
      double[] a2 = a.clone();
      for (int i = 0; i < n; i++) {
        a2[i] = 3 * a2[i] - 4;
      }
      double[] s2 = AnomalyBenchmark.zSum(a2, b);
      double sum = 0;
      for (int i = 0; i < n; i++) {
        assertThat(s2[i]).isCloseTo(s[i], within(1e-9));
        sum += s[i];
      }
      assertThat(sum).isCloseTo(0, within(1e-9));
    });
    assertThatThrownBy(() -> AnomalyBenchmark.zSum(new double[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void populationStandardDeviation() {
    assertThat(AnomalyBenchmark.sd(new double[] {1, 3})).isCloseTo(1.0, within(1e-12));
    assertThat(AnomalyBenchmark.mean(new double[] {1, 2, 6})).isCloseTo(3.0, within(1e-12));
  }
}
