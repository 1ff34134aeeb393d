package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.AnomalyScorer.ScoreType;

/**
 * Ren et al.'s likelihood ratio: {@link AnomalyScorer#scoreRatio} against the two scores computed
 * separately (fresh scorers, one model each) and, for the squared error, against the decoded
 * posterior means of both models written out; {@link LikelihoodRatio#perturb} against its
 * definition's statistics (the replaced share is {@code μ} within a few standard errors, the
 * replaced values uniform, the others untouched).
 */
class LikelihoodRatioProperties {

  private static final int D = 12; // ModelEvaluatorTest.uniform's width
  private Vae vae;
  private Vae background;

  @BeforeEach
  void models() {
    vae = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).seed(3).build();
    background = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).seed(4).build();
  }

  @AfterEach
  void close() {
    vae.close();
    background.close();
  }

  private static AnomalyScorer scorer(ScoreType t, long seed) {
    return AnomalyScorer.builder().scoreType(t).importanceSamples(5).reconstructionSamples(4)
        .seed(seed).build();
  }

  private static double[] flat(INDArray a) {
    return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
  }

  @Test
  void theRatioIsTheNormalModelsScoreMinusTheBackgroundsForEveryScoreType() {
    qt().withExamples(8).forAll(integers().between(1, 9), longs().between(0, 1_000_000),
        longs().between(0, 1_000_000)).checkAssert((n, dataSeed, seed) -> {
          INDArray x = ModelEvaluatorTest.uniform(n, dataSeed);
          for (ScoreType t : ScoreType.values()) {
            double[] ratio = scorer(t, seed).scoreRatio(vae, background, x);
            double[] main = scorer(t, seed).score(vae, x);
            double[] bg = scorer(t, seed).score(background, x);
            assertThat(ratio).hasSize(n);
            for (int i = 0; i < n; i++) {
              assertThat(ratio[i]).as(t + " example " + i)
                  .isCloseTo(main[i] - bg[i], within(1e-9 * Math.max(1, Math.abs(main[i]))));
            }
          }
        });
  }

  @Test
  void theSquaredErrorRatioIsTheDifferenceOfBothModelsDecodedMeanErrorsWrittenOut() {
    qt().withExamples(6).forAll(integers().between(1, 7), longs().between(0, 1_000_000))
        .checkAssert((n, dataSeed) -> {
          INDArray x = ModelEvaluatorTest.uniform(n, dataSeed);
          double[] xs = flat(x);
          double[] a = flat(vae.decode(vae.encodeMean(x, null), null));
          double[] b = flat(background.decode(background.encodeMean(x, null), null));
          double[] s = scorer(ScoreType.RECONSTRUCTION_ERROR, 1).scoreRatio(vae, background, x);
          for (int e = 0; e < n; e++) {
            double ref = 0;
            for (int j = e * D; j < (e + 1) * D; j++) {
              ref += (a[j] - xs[j]) * (a[j] - xs[j]) - (b[j] - xs[j]) * (b[j] - xs[j]);
            }
            assertThat(s[e]).isCloseTo(ref, within(1e-5));
          }
        });
  }

  @Test
  void aModelAgainstItselfScoresZeroAndTheInputComplexityCorrectionCancels() {
    INDArray x = ModelEvaluatorTest.uniform(6, 31);
    for (ScoreType t : ScoreType.values()) {
      AnomalyScorer s = scorer(t, 2);
      assertThat(s.scoreRatio(vae, vae, x)).containsOnly(0.0);
      double[] plain = s.scoreRatio(vae, background, x);
      double[] ic = s.toBuilder().inputComplexityCorrection(true).build()
          .scoreRatio(vae, background, x);
      assertThat(plain).as(t + ": the models differ").isNotEqualTo(new double[plain.length]);
      for (int i = 0; i < plain.length; i++) {
        assertThat(ic[i]).as(t + " example " + i).isCloseTo(plain[i], within(1e-6));
      }
    }
  }

  @Test
  void theRatioRefusesABackgroundOfAnotherShapeAClosedBackgroundAndAnAutoencoderForTheElbo() {
    INDArray x = ModelEvaluatorTest.uniform(3, 5);
    AnomalyScorer s = scorer(ScoreType.NEGATIVE_ELBO, 0);
    try (Vae wide = Vae.builder().mlpEncoder(8).inputShape(D + 1).latentDim(3).seed(3).build()) {
      assertThatThrownBy(() -> s.scoreRatio(vae, wide, x))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("background")
          .hasMessageContaining("[" + D + "]").hasMessageContaining("[" + (D + 1) + "]");
    }
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(8).inputShape(D).latentDim(3).seed(3)
        .build()) {
      assertThatThrownBy(() -> s.scoreRatio(vae, ae, x))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoencoder");
      assertThat(scorer(ScoreType.RECONSTRUCTION_ERROR, 0).scoreRatio(vae, ae, x)).hasSize(3);
    }
    Vae closed = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).seed(9).build();
    closed.close();
    assertThatThrownBy(() -> s.scoreRatio(vae, closed, x))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> s.scoreRatio(vae, null, x)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("background");
  }

  @Test
  void perturbReplacesAShareMuOfTheValuesByUniformValuesAndKeepsTheRest() {
    qt().withExamples(30).forAll(integers().between(1, 40), integers().between(1, 60),
        doubles().between(0, 1), longs().all()).checkAssert((n, w, mu, seed) -> {
          SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
          double[] v = new double[n * w];
          for (int j = 0; j < v.length; j++) {
            // a grid of values, so a uniform replacement equals its original with probability 0
            v[j] = r.nextInt(5) / 4.0;
          }
          INDArray x = Nd4j.create(v, new long[] {n, w}, DataType.DOUBLE);
          INDArray p = LikelihoodRatio.perturb(x, mu, seed);
          assertThat(p.shape()).isEqualTo(x.shape());
          assertThat(p.dataType()).isEqualTo(DataType.DOUBLE);
          assertThat(flat(x)).isEqualTo(v); // the input is not changed
          double[] out = flat(p);
          int changed = 0;
          double sum = 0;
          for (int j = 0; j < v.length; j++) {
            assertThat(out[j]).isBetween(0.0, 1.0);
            if (out[j] != v[j]) {
              changed++;
              sum += out[j];
            }
          }
          int total = v.length;
          double se = Math.sqrt(mu * (1 - mu) / total);
          assertThat((double) changed / total).isCloseTo(mu, within(5 * se + 1e-12));
          if (changed >= 200) {
            // the mean of `changed` uniforms: 0.5 within five standard errors
            assertThat(sum / changed).isCloseTo(0.5, within(5 * Math.sqrt(1.0 / 12 / changed)));
          }
          // deterministic; a row's draws do not depend on the rows after it
          assertThat(flat(LikelihoodRatio.perturb(x, mu, seed))).isEqualTo(out);
          INDArray first = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1),
              org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
          double[] firstOut = flat(LikelihoodRatio.perturb(first, mu, seed));
          for (int j = 0; j < w; j++) {
            assertThat(firstOut[j]).isEqualTo(out[j]);
          }
        });
  }

  @Test
  void perturbAtTheEdgesKeepsOrReplacesEverythingAndKeepsImageShapesAndFloats() {
    INDArray images = ModelEvaluatorTest.uniform(4, 8, 4, 1, 3, 4);
    assertThat(flat(LikelihoodRatio.perturb(images, 0, 1))).isEqualTo(flat(images));
    INDArray all = LikelihoodRatio.perturb(images, 1, 1);
    assertThat(all.shape()).isEqualTo(new long[] {4, 1, 3, 4});
    assertThat(all.dataType()).isEqualTo(DataType.FLOAT);
    double[] a = flat(all);
    double[] o = flat(images);
    for (int j = 0; j < a.length; j++) {
      assertThat(a[j]).isNotEqualTo(o[j]);
    }
    assertThat(flat(LikelihoodRatio.perturb(images, 1, 2))).isNotEqualTo(a);
  }

  @Test
  void perturbRefusesRatesOutsideTheUnitIntervalAndValuesItCannotReplaceFrom() {
    INDArray x = ModelEvaluatorTest.uniform(3, 1);
    for (double mu : new double[] {-0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> LikelihoodRatio.perturb(x, mu, 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mu")
          .hasMessageContaining(String.valueOf(mu));
    }
    INDArray bad = x.dup();
    bad.putScalar(2, 5, 1.5);
    assertThatThrownBy(() -> LikelihoodRatio.perturb(bad, 0.2, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]")
        .hasMessageContaining("1.5").hasMessageContaining("example 2")
        .hasMessageContaining("value 5");
    bad.putScalar(2, 5, Double.NaN);
    assertThatThrownBy(() -> LikelihoodRatio.perturb(bad, 0.2, 0))
        .hasMessageContaining("missing value");
    assertThatThrownBy(() -> LikelihoodRatio.perturb(Nd4j.zeros(DataType.FLOAT, 0, 4), 0.2, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one example");
    assertThatThrownBy(() -> LikelihoodRatio.perturb(Nd4j.zeros(DataType.INT32, 2, 4), 0.2, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("floating point");
  }

  @Test
  void aRatioDetectorThresholdsTheRatioNeedsItsBackgroundAndSurvivesItsFile(@TempDir Path dir)
      throws Exception {
    INDArray val = ModelEvaluatorTest.uniform(40, 19);
    AnomalyScorer s = scorer(ScoreType.RECONSTRUCTION_PROBABILITY, 7);
    AnomalyDetector det = AnomalyDetector.fitQuantileRatio(s, vae, background, val, null, 0.9);
    assertThat(det.likelihoodRatio()).isTrue();
    double[] ratio = s.scoreRatio(vae, background, val);
    AnomalyDetector.Predictions p = det.predict(vae, background, val, null);
    assertThat(p.scores()).isEqualTo(ratio);
    assertThat(p.flagged()).isBetween(3, 5);
    for (int i = 0; i < ratio.length; i++) {
      assertThat(p.flags()[i]).isEqualTo(ratio[i] > det.threshold());
    }
    assertThat(AnomalyDetector.fitContaminationRatio(s, vae, background, val, null, 0.25)
        .predict(vae, background, val, null).flagged()).isEqualTo(10);
    assertThatThrownBy(() -> det.predict(vae, val)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("background");
    AnomalyDetector plain = AnomalyDetector.fitQuantile(s, vae, val, null, 0.9);
    assertThat(plain.likelihoodRatio()).isFalse();
    assertThat(plain.toJson()).doesNotContain("likelihoodRatio");
    assertThatThrownBy(() -> plain.predict(vae, background, val, null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a likelihood ratio");

    Path f = dir.resolve("lr.detector.json");
    det.save(f);
    assertThat(Files.readString(f)).contains("\"likelihoodRatio\" : true");
    AnomalyDetector back = AnomalyDetector.load(f);
    assertThat(back.likelihoodRatio()).isTrue();
    assertThat(back.threshold()).isEqualTo(det.threshold());
    assertThat(back.predict(vae, background, val, null).scores()).isEqualTo(ratio);
    assertThat(AnomalyDetector.ofRatio(s, 1.0).likelihoodRatio()).isTrue();
    assertThatThrownBy(() -> AnomalyDetector.fromJson("x", det.toJson()
        .replace("\"likelihoodRatio\" : true", "\"likelihoodRatio\" : \"yes\"")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("likelihoodRatio");
  }
}
