package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.Scaling;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.core.TableImputation;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.AnomalyScorer.ScoreType;

/**
 * The scorer's two options for rows with missing values, against their definitions built from
 * the plain scorer and the model's public encode/decode: {@code perObservedValue} (the plain score
 * times {@code width / observed}) and {@code imputationRounds} (the posterior of the iteratively
 * imputed row, the likelihood of the observed values only).
 */
class AnomalyScorerMissingTest {

  private static final int W = 6; // 4 numeric values and a two-level categorical block
  private Vae model;

  @BeforeEach
  void model() {
    TablePreprocessing prep = new TablePreprocessing(List.of(
        new ColumnEncoding("a", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
        new ColumnEncoding("b", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
        new ColumnEncoding("c", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
        new ColumnEncoding("d", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
        new ColumnEncoding("e", ColumnType.CATEGORICAL, Scaling.NONE, 0, 1, List.of("x", "y"))));
    model = Vae.builder().mlpEncoder(7).table(prep).latentDim(2).seed(11).build();
  }

  @AfterEach
  void close() {
    model.close();
  }

  /** {@code n} random rows; each numeric value missing with probability {@code p}, the block too. */
  private static INDArray rows(long seed, int n, double p) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * W];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 4; j++) {
        v[i * W + j] = r.nextDouble() < p ? Float.NaN : (float) (3 * r.nextGaussian());
      }
      boolean missing = r.nextDouble() < p;
      int level = r.nextInt(2);
      v[i * W + 4] = missing ? Float.NaN : level == 0 ? 1 : 0;
      v[i * W + 5] = missing ? Float.NaN : level == 1 ? 1 : 0;
      boolean none = true;
      for (int j = 0; j < W; j++) {
        none &= Float.isNaN(v[i * W + j]);
      }
      if (none) {
        v[i * W] = (float) r.nextGaussian(); // at least one observed value in every row
      }
    }
    return Nd4j.create(v, new long[] {n, W}, 'c');
  }

  private static double[] flat(INDArray a) {
    return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
  }

  private static AnomalyScorer.Builder scorer(ScoreType t) {
    return AnomalyScorer.builder().scoreType(t).importanceSamples(5).reconstructionSamples(3)
        .seed(9);
  }

  @Test
  void aScorePerObservedValueIsThePlainScoreTimesWidthOverObservedAndUnchangedOnCompleteRows() {
    qt().withExamples(12).forAll(longs().between(0, 1_000_000), integers().between(1, 9))
        .checkAssert((seed, n) -> {
          INDArray x = rows(seed, n, 0.35);
          double[] xs = flat(x);
          for (ScoreType t : ScoreType.values()) {
            double[] plain = scorer(t).build().score(model, x);
            double[] norm = scorer(t).perObservedValue(true).build().score(model, x);
            for (int i = 0; i < n; i++) {
              int observed = 0;
              for (int j = 0; j < W; j++) {
                observed += Double.isNaN(xs[i * W + j]) ? 0 : 1;
              }
              double expected = plain[i] * W / observed;
              assertThat(norm[i]).as("%s row %d, %d observed", t, i, observed)
                  .isCloseTo(expected, within(1e-9 * (1 + Math.abs(expected))));
              if (observed == W) {
                assertThat(norm[i]).isEqualTo(plain[i]);
              }
            }
          }
          INDArray complete = rows(seed, n, 0.0);
          for (ScoreType t : ScoreType.values()) {
            assertThat(scorer(t).perObservedValue(true).build().score(model, complete))
                .containsExactly(scorer(t).build().score(model, complete));
          }
        });
  }

  @Test
  void perObservedContributionsStillSumToTheScaledReconstruction() {
    INDArray x = rows(3, 8, 0.3);
    AnomalyScorer s = scorer(ScoreType.RECONSTRUCTION_PROBABILITY).perObservedValue(true).build();
    AnomalyScorer.Contributions c = s.contributions(model, x);
    double[] scores = s.score(model, x);
    for (int i = 0; i < 8; i++) {
      double sum = 0;
      for (double v : c.values()[i]) {
        sum += v;
      }
      assertThat(sum).isCloseTo(c.reconstruction()[i], within(1e-6 * (1 + Math.abs(sum))));
      assertThat(scores[i]).isCloseTo(c.reconstruction()[i], within(1e-6 * (1 + Math.abs(sum))));
    }
  }

  @Test
  void aRowWithNoObservedValueIsRefusedPerObservedValue() {
    float nan = Float.NaN;
    INDArray x = Nd4j.create(new float[] {1, 2, 0, 1, 1, 0, nan, nan, nan, nan, nan, nan},
        new long[] {2, W});
    assertThat(scorer(ScoreType.NEGATIVE_ELBO).build().score(model, x)).hasSize(2);
    assertThatThrownBy(() -> scorer(ScoreType.NEGATIVE_ELBO).perObservedValue(true).build()
        .score(model, x)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data row 1 has no observed value, so a score per observed value "
            + "(perObservedValue) is undefined for it");
  }

  /** {@code x} with each NaN replaced by the decoded mean of the posterior mean, {@code r} times. */
  private INDArray imputedByHand(INDArray x, int r) {
    double[] xs = flat(x);
    INDArray current = x;
    for (int round = 0; round < r; round++) {
      double[] decoded = flat(model.decode(model.encode(current, null).mean(), null));
      double[] next = xs.clone();
      for (int i = 0; i < next.length; i++) {
        if (Double.isNaN(xs[i])) {
          next[i] = decoded[i];
        }
      }
      current = Nd4j.create(next, x.shape(), DataType.FLOAT);
    }
    return current;
  }

  @Test
  void imputationRoundsScoreTheObservedValuesUnderThePosteriorOfTheImputedRow() {
    qt().withExamples(8).forAll(longs().between(0, 1_000_000), integers().between(1, 3))
        .checkAssert((seed, rounds) -> {
          int n = 7;
          INDArray x = rows(seed, n, 0.3);
          double[] xs = flat(x);
          INDArray filled = imputedByHand(x, rounds);
          double[] decoded = flat(model.decode(model.encode(filled, null).mean(), null));
          double[] sse = scorer(ScoreType.RECONSTRUCTION_ERROR).imputationRounds(rounds).build()
              .score(model, x);
          for (int i = 0; i < n; i++) {
            double expected = 0;
            for (int j = 0; j < W; j++) {
              double v = xs[i * W + j];
              if (!Double.isNaN(v)) {
                expected += (decoded[i * W + j] - v) * (decoded[i * W + j] - v);
              }
            }
            assertThat(sse[i]).isCloseTo(expected, within(1e-4 * (1 + expected)));
          }
          // the imputed values shape only the posterior: the likelihood still masks them, so the
          // score differs from the score of the filled row, whose filled values count
          double[] masked = scorer(ScoreType.NEGATIVE_ELBO).imputationRounds(rounds).build()
              .score(model, x);
          double[] ofFilled = scorer(ScoreType.NEGATIVE_ELBO).build().score(model, filled);
          double[] obsOnly = scorer(ScoreType.NEGATIVE_ELBO).build().score(model, x);
          for (int i = 0; i < n; i++) {
            boolean complete = true;
            for (int j = 0; j < W; j++) {
              complete &= !Double.isNaN(xs[i * W + j]);
            }
            if (complete) {
              assertThat(masked[i]).isCloseTo(obsOnly[i], within(1e-6 * (1 + Math.abs(masked[i]))));
              assertThat(masked[i]).isCloseTo(ofFilled[i], within(1e-5 * (1 + Math.abs(masked[i]))));
            } else {
              assertThat(masked[i]).isNotEqualTo(ofFilled[i]);
            }
          }
        });
  }

  @Test
  void oneImputationRoundIsTableImputationBitForBitAndKeepsTheObservedValues() {
    qt().withExamples(8).forAll(longs().between(0, 1_000_000), integers().between(1, 9))
        .checkAssert((seed, n) -> {
          INDArray x = rows(seed, n, 0.35);
          double[] xs = flat(x);
          INDArray byTable = TableImputation.impute(model, x);
          INDArray byScorer = scorer(ScoreType.NEGATIVE_ELBO).imputationRounds(1).build()
              .imputed(ScoringView.of(model), x, xs, null);
          assertThat(byScorer.shape()).containsExactly(byTable.shape());
          float[] t = byTable.dup('c').data().asFloat();
          float[] s = byScorer.dup('c').data().asFloat();
          // against the definition: observed values as they are, missing ones the decoded mean
          double[] decoded = flat(model.reconstruct(x, null));
          for (int i = 0; i < t.length; i++) {
            assertThat(Float.floatToRawIntBits(s[i])).as("value %d", i)
                .isEqualTo(Float.floatToRawIntBits(t[i]));
            float expected = (float) (Double.isNaN(xs[i]) ? decoded[i] : xs[i]);
            assertThat(Float.floatToRawIntBits(t[i])).as("value %d", i)
                .isEqualTo(Float.floatToRawIntBits(expected));
          }
        });
  }

  @Test
  void theScorersImputationOfCompleteDataIsTheDataItselfAndTableImputationACopy() {
    INDArray complete = rows(3, 5, 0.0);
    assertThat(scorer(ScoreType.NEGATIVE_ELBO).imputationRounds(2).build()
        .imputed(ScoringView.of(model), complete, flat(complete), null)).isSameAs(complete);
    INDArray copy = TableImputation.impute(model, complete);
    assertThat(copy).isNotSameAs(complete);
    assertThat(copy.data().asFloat()).containsExactly(complete.data().asFloat());
  }

  @Test
  void zeroImputationRoundsIsThePlainScorerAndCompleteDataIgnoresTheRounds() {
    INDArray x = rows(5, 6, 0.3);
    INDArray complete = rows(5, 6, 0.0);
    for (ScoreType t : ScoreType.values()) {
      assertThat(scorer(t).imputationRounds(0).build().score(model, x))
          .containsExactly(scorer(t).build().score(model, x));
      assertThat(scorer(t).imputationRounds(4).build().score(model, complete))
          .containsExactly(scorer(t).build().score(model, complete));
    }
  }

  @Test
  void aDetectorKeepsBothOptionsThroughItsJsonAndOldJsonReadsThemAsOff() {
    AnomalyScorer s = scorer(ScoreType.NEGATIVE_ELBO).perObservedValue(true).imputationRounds(2)
        .build();
    AnomalyDetector det = AnomalyDetector.of(s, 1.5);
    AnomalyDetector back = AnomalyDetector.fromJson("d.json", det.toJson());
    assertThat(back.scorer().toString()).isEqualTo(s.toString());
    INDArray x = rows(8, 5, 0.3);
    assertThat(back.predict(model, x).scores()).containsExactly(det.predict(model, x).scores());
    String old = det.toJson().replaceAll("\\s*\"perObservedValue\"[^,]*,", "")
        .replaceAll("\\s*\"imputationRounds\"[^,]*,", "");
    assertThat(old).doesNotContain("perObservedValue").doesNotContain("imputationRounds");
    AnomalyScorer plain = AnomalyDetector.fromJson("old.json", old).scorer();
    assertThat(plain.perObservedValue()).isFalse();
    assertThat(plain.imputationRounds()).isZero();
    String bad = det.toJson().replace("\"perObservedValue\" : true", "\"perObservedValue\" : 1");
    assertThatThrownBy(() -> AnomalyDetector.fromJson("bad.json", bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad.json: field perObservedValue must be true or false, got 1");
  }

  @Test
  void theOptionsAreValidatedAndCarriedByToBuilder() {
    assertThatThrownBy(() -> AnomalyScorer.builder().imputationRounds(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("imputationRounds must be in [0, 100], got -1");
    assertThatThrownBy(() -> AnomalyScorer.builder().imputationRounds(101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("imputationRounds must be in [0, 100], got 101");
    AnomalyScorer s = AnomalyScorer.builder().perObservedValue(true).imputationRounds(3).build();
    AnomalyScorer copy = s.toBuilder().build();
    assertThat(copy.perObservedValue()).isTrue();
    assertThat(copy.imputationRounds()).isEqualTo(3);
    assertThat(AnomalyScorer.builder().build().perObservedValue()).isFalse();
    assertThat(AnomalyScorer.builder().build().imputationRounds()).isZero();
    assertThat(s.toString()).contains("perObservedValue=true").contains("imputationRounds=3");
  }
}
