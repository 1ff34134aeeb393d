package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.Posterior;
import org.vae4j.api.internal.Seeds;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.Scaling;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;
import org.vae4j.core.anomaly.AnomalyMetrics;
import org.vae4j.core.eval.AnomalyScorer.ScoreType;
import org.vae4j.core.train.TrainingOptions;

/**
 * AnomalyScorer against plain-Java references built from the model's public encode/decode: the
 * same per-example draws (the scorer's streams) for the sampled scores, exact quadrature over a
 * 1-D latent for the importance-weighted -log p(x), and a trained model's separation of injected
 * anomalies.
 */
class AnomalyScorerTest {

  private static final int D = 12;
  private static final long SEED = 5;
  private Vae vae;

  @BeforeEach
  void model() {
    vae = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).seed(3).build();
  }

  @AfterEach
  void close() {
    vae.close();
  }

  private static AnomalyScorer scorer(ScoreType t) {
    return AnomalyScorer.builder().scoreType(t).importanceSamples(7).reconstructionSamples(5)
        .seed(SEED).build();
  }

  private static double[] flat(INDArray a) {
    return a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(a.length()).toDoubleVector();
  }

  /** Bernoulli log p(x | z) of one example from decoded probabilities, in doubles. */
  private double logPxz(double[] x, int row, double[] z) {
    INDArray zr = Nd4j.create(new float[][] {toFloat(z)});
    double[] p = flat(vae.decode(zr, null));
    double s = 0;
    for (int j = 0; j < D; j++) {
      double xj = x[row * D + j];
      s += xj * Math.log(p[j]) + (1 - xj) * Math.log(1 - p[j]);
    }
    return s;
  }

  private static float[] toFloat(double[] z) {
    float[] f = new float[z.length];
    for (int i = 0; i < z.length; i++) {
      f[i] = (float) z[i];
    }
    return f;
  }

  private static SplittableRandom gen(long stream, int e) {
    return new SplittableRandom(Seeds.mix(Seeds.mix(SEED, stream), e));
  }

  private double[][] zSamples(Posterior q, int e, int k, long stream) {
    int d = q.latentDim();
    double[] mu = flat(q.mean());
    double[] lv = flat(q.logVar());
    SplittableRandom g = gen(stream, e);
    double[][] zs = new double[k][d];
    for (int s = 0; s < k; s++) {
      for (int j = 0; j < d; j++) {
        zs[s][j] = mu[e * d + j] + Math.exp(lv[e * d + j] / 2) * g.nextGaussian();
      }
    }
    return zs;
  }

  @Test
  void everySampledScoreMatchesAPlainJavaReferenceOnTheSameDraws() {
    int n = 6;
    INDArray x = ModelEvaluatorTest.uniform(n, 11);
    double[] xs = flat(x);
    Posterior q = vae.encode(x, null);
    double[] mu = flat(q.mean());
    double[] lv = flat(q.logVar());
    double[] elbo = scorer(ScoreType.NEGATIVE_ELBO).score(vae, x);
    double[] rp = scorer(ScoreType.RECONSTRUCTION_PROBABILITY).score(vae, x);
    double[] nll = scorer(ScoreType.NEGATIVE_LOG_LIKELIHOOD).score(vae, x);
    for (int e = 0; e < n; e++) {
      double kl = 0;
      for (int j = 0; j < 3; j++) {
        double m = mu[e * 3 + j];
        double v = lv[e * 3 + j];
        kl += 0.5 * (Math.exp(v) + m * m - 1 - v);
      }
      double[] z1 = zSamples(q, e, 1, AnomalyScorer.ELBO_STREAM)[0];
      assertThat(elbo[e]).isCloseTo(-logPxz(xs, e, z1) + kl, within(1e-3));

      double ref = 0;
      for (double[] z : zSamples(q, e, 5, AnomalyScorer.RECONSTRUCTION_STREAM)) {
        ref -= logPxz(xs, e, z) / 5;
      }
      assertThat(rp[e]).isCloseTo(ref, within(1e-3));

      double[][] zs = zSamples(q, e, 7, AnomalyScorer.IW_STREAM);
      double[] w = new double[7];
      double max = Double.NEGATIVE_INFINITY;
      for (int s = 0; s < 7; s++) {
        double logQ = 0;
        double logP = 0;
        for (int j = 0; j < 3; j++) {
          double m = mu[e * 3 + j];
          double v = lv[e * 3 + j];
          double z = zs[s][j];
          logQ += -0.5 * (Math.log(2 * Math.PI) + v + (z - m) * (z - m) / Math.exp(v));
          logP += -0.5 * (Math.log(2 * Math.PI) + z * z);
        }
        w[s] = logPxz(xs, e, zs[s]) + logP - logQ;
        max = Math.max(max, w[s]);
      }
      double sum = 0;
      for (double v : w) {
        sum += Math.exp(v - max);
      }
      assertThat(nll[e]).isCloseTo(-(max + Math.log(sum / 7)), within(1e-3));
    }
  }

  @Test
  void reconstructionErrorIsTheSquaredErrorOfTheDecodedPosteriorMean() {
    INDArray x = ModelEvaluatorTest.uniform(5, 12);
    double[] xs = flat(x);
    double[] out = flat(vae.decode(vae.encodeMean(x, null), null));
    double[] s = scorer(ScoreType.RECONSTRUCTION_ERROR).score(vae, x);
    for (int e = 0; e < 5; e++) {
      double ref = 0;
      for (int j = e * D; j < (e + 1) * D; j++) {
        ref += (out[j] - xs[j]) * (out[j] - xs[j]);
      }
      assertThat(s[e]).isCloseTo(ref, within(1e-5));
    }
  }

  @Test
  void importanceWeightedScoreApproachesExactMinusLogPxByQuadratureOverAOneDimensionalLatent() {
    try (Vae one = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(1).seed(4).build()) {
      int n = 3;
      INDArray x = ModelEvaluatorTest.uniform(n, 13);
      double[] xs = flat(x);
      int g = 1601;
      double h = 16.0 / (g - 1);
      float[] grid = new float[g];
      for (int i = 0; i < g; i++) {
        grid[i] = (float) (-8 + i * h);
      }
      double[] p = flat(one.decode(Nd4j.create(grid, new long[] {g, 1}, 'c'), null));
      double[] nll = AnomalyScorer.builder().scoreType(ScoreType.NEGATIVE_LOG_LIKELIHOOD)
          .importanceSamples(4000).seed(1).build().score(one, x);
      for (int e = 0; e < n; e++) {
        double[] terms = new double[g];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < g; i++) {
          double z = grid[i];
          double l = -0.5 * (Math.log(2 * Math.PI) + z * z);
          for (int j = 0; j < D; j++) {
            double xj = xs[e * D + j];
            double pj = p[i * D + j];
            l += xj * Math.log(pj) + (1 - xj) * Math.log(1 - pj);
          }
          terms[i] = l;
          max = Math.max(max, l);
        }
        double sum = 0;
        for (double t : terms) {
          sum += Math.exp(t - max) * h;
        }
        double exact = -(max + Math.log(sum));
        assertThat(nll[e]).isCloseTo(exact, within(0.05));
      }
    }
  }

  @Test
  void sameSeedSameScoresWhateverTheBatchSizeAndAnotherSeedOthers() {
    INDArray x = ModelEvaluatorTest.uniform(9, 14);
    qt().withExamples(12).forAll(integers().between(0, 3), integers().between(1, 40), longs().all())
        .checkAssert((t, rows, seed) -> {
          ScoreType type = ScoreType.values()[t];
          AnomalyScorer a = AnomalyScorer.builder().scoreType(type).importanceSamples(5)
              .reconstructionSamples(3).seed(seed).build();
          double[] ref = a.score(vae, x);
          double[] batched = a.toBuilder().maxBatchRows(rows).build().score(vae, x);
          for (int i = 0; i < ref.length; i++) {
            assertThat(batched[i]).isCloseTo(ref[i], within(1e-4 * (1 + Math.abs(ref[i]))));
          }
          if (type != ScoreType.RECONSTRUCTION_ERROR) {
            double[] other = a.toBuilder().seed(seed + 1).build().score(vae, x);
            assertThat(other).isNotEqualTo(ref);
          }
        });
  }

  @Test
  void consecutiveChunksScoredFromTheirFirstRowGetTheScoresAndContributionsOfOneCall() {
    INDArray x = ModelEvaluatorTest.uniform(23, 14);
    qt().withExamples(12).forAll(integers().between(0, 3), integers().between(1, 6), longs().all())
        .checkAssert((t, batches, seed) -> {
          ScoreType type = ScoreType.values()[t];
          // maxBatchRows 4, a multiple of both sample counts; chunks a multiple of it: bit for bit
          AnomalyScorer a = AnomalyScorer.builder().scoreType(type).importanceSamples(2)
              .reconstructionSamples(4).maxBatchRows(4).seed(seed).build();
          double[] all = a.score(vae, x);
          int chunk = 4 * batches;
          double[] chunked = new double[all.length];
          for (int from = 0; from < all.length; from += chunk) {
            int to = Math.min(all.length, from + chunk);
            try (INDArray part = x.get(NDArrayIndex.interval(from, to)).dup()) {
              double[] s = a.score(vae, part, null, from);
              System.arraycopy(s, 0, chunked, from, s.length);
            }
          }
          assertThat(chunked).containsExactly(all);
          if (type != ScoreType.NEGATIVE_LOG_LIKELIHOOD) {
            // one row's contributions on its own, from its row number: those of the one call
            AnomalyScorer.Contributions c = a.contributions(vae, x);
            int row = 17;
            try (INDArray one = x.get(NDArrayIndex.interval(row, row + 1)).dup()) {
              AnomalyScorer.Contributions alone = a.contributions(vae, one, null, row);
              for (int j = 0; j < D; j++) {
                assertThat(alone.values()[0][j])
                    .isCloseTo(c.values()[row][j], within(1e-5 * (1 + Math.abs(c.values()[row][j]))));
              }
              if (type != ScoreType.RECONSTRUCTION_ERROR) {
                // from row 0 it draws row 0's samples instead
                assertThat(a.contributions(vae, one, null, 0).reconstruction()[0])
                    .isNotEqualTo(alone.reconstruction()[0]);
              }
            }
          }
        });
    assertThatThrownBy(() -> scorer(ScoreType.NEGATIVE_ELBO).score(vae, x, null, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("firstRow must be at least 0, got -1");
  }

  @Test
  void seededByRowValuesARowScoresTheSameWhateverRowsItIsScoredWithButByPositionItDoesNot() {
    INDArray x = ModelEvaluatorTest.uniform(9, 14);
    qt().withExamples(10).forAll(integers().between(0, 2), integers().between(1, 8), longs().all())
        .checkAssert((t, m, seed) -> {
          ScoreType type = new ScoreType[] {ScoreType.NEGATIVE_ELBO,
              ScoreType.NEGATIVE_LOG_LIKELIHOOD, ScoreType.RECONSTRUCTION_PROBABILITY}[t];
          AnomalyScorer byValues = AnomalyScorer.builder().scoreType(type).importanceSamples(5)
              .reconstructionSamples(3).seed(seed).seedByRowValues(true).build();
          double[] all = byValues.score(vae, x);
          // the last m rows, in reverse order, scored on their own
          int[] pick = new int[m];
          for (int i = 0; i < m; i++) {
            pick[i] = 8 - i;
          }
          try (INDArray part = x.getRows(pick)) {
            double[] alone = byValues.score(vae, part);
            for (int i = 0; i < m; i++) {
              assertThat(alone[i]).isCloseTo(all[pick[i]], within(1e-4 * (1 + Math.abs(all[pick[i]]))));
            }
            // seeded by row number, row 8 scored first draws example 0's samples, not its own
            double[] byPosition = byValues.toBuilder().seedByRowValues(false).build().score(vae, part);
            double[] allByPosition = byValues.toBuilder().seedByRowValues(false).build().score(vae, x);
            assertThat(byPosition[0]).isNotEqualTo(allByPosition[8]);
          }
          assertThat(byValues.toBuilder().build().seedByRowValues()).isTrue();
          assertThat(byValues.toString()).contains("seedByRowValues=true");
        });
  }

  @Test
  void contributionsSumToTheReconstructionPartOfEveryScoreOnImagesAndTables() {
    try (Vae table = Vae.builder().mlpEncoder(8).inputShape(7)
        .loss(ModelConfig.LossKind.LEARNED_VARIANCE_GAUSSIAN).latentDim(2).seed(6).build()) {
      INDArray xt = ModelEvaluatorTest.gaussian(10, 7, 15);
      INDArray xi = ModelEvaluatorTest.uniform(10, 16);
      qt().withExamples(10).forAll(integers().between(0, 2), integers().between(1, 30), longs().all())
          .checkAssert((t, rows, seed) -> {
            ScoreType type = new ScoreType[] {ScoreType.NEGATIVE_ELBO,
                ScoreType.RECONSTRUCTION_PROBABILITY, ScoreType.RECONSTRUCTION_ERROR}[t];
            AnomalyScorer s = AnomalyScorer.builder().scoreType(type).reconstructionSamples(3)
                .seed(seed).maxBatchRows(rows).build();
            checkContributions(s, table, xt, 7);
            checkContributions(s, vae, xi, D);
          });
    }
  }

  @Test
  void aTableModelScoresRowsWithMissingValuesAndItsContributionsSumIntoItsColumns() {
    TablePreprocessing prep = new TablePreprocessing(List.of(
        new ColumnEncoding("n", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
        new ColumnEncoding("b", ColumnType.BINARY, Scaling.NONE, 0, 1, List.of("no", "yes")),
        new ColumnEncoding("c", ColumnType.CATEGORICAL, Scaling.NONE, 0, 1,
            List.of("lo", "mid", "hi"))));
    float nan = Float.NaN;
    INDArray x = Nd4j.create(new float[] {
        0.3f, 1, 0, 1, 0,
        nan, 0, 1, 0, 0,
        -1.2f, nan, nan, nan, nan,
        2.0f, 1, 0, 0, 1}, new long[] {4, 5});
    try (Vae model = Vae.builder().mlpEncoder(6).table(prep).latentDim(2).seed(8).build()) {
      for (ScoreType type : new ScoreType[] {ScoreType.NEGATIVE_ELBO,
          ScoreType.RECONSTRUCTION_PROBABILITY, ScoreType.RECONSTRUCTION_ERROR}) {
        AnomalyScorer s = AnomalyScorer.builder().scoreType(type).reconstructionSamples(2)
            .seed(4).build();
        AnomalyScorer.Contributions c = s.contributions(model, x);
        double[][] columns = c.perColumn(prep);
        for (int i = 0; i < 4; i++) {
          assertThat(columns[i]).hasSize(3);
          assertThat(columns[i][0] + columns[i][1] + columns[i][2])
              .isCloseTo(c.reconstruction()[i], within(1e-6 * (1 + Math.abs(c.reconstruction()[i]))));
          for (double v : c.values()[i]) {
            assertThat(v).isFinite();
          }
        }
        // a missing value contributes nothing: the masked entries, and a whole masked block
        assertThat(c.values()[1][0]).isZero();
        assertThat(columns[2][1]).isZero();
        assertThat(columns[2][2]).isZero();
        assertThat(columns[1][2]).isCloseTo(c.values()[1][2] + c.values()[1][3] + c.values()[1][4],
            within(1e-12));
        for (double v : s.score(model, x)) {
          assertThat(v).isFinite();
        }
      }
      assertThatThrownBy(() -> AnomalyScorer.builder().build().contributions(model, x)
          .perColumn(new TablePreprocessing(prep.columns().subList(0, 2))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("encodes 2 values per row")
          .hasMessageContaining("have 5");
    }
  }

  private static void checkContributions(AnomalyScorer s, Vae model, INDArray x, int width) {
    AnomalyScorer.Contributions c = s.contributions(model, x);
    double[] scores = s.score(model, x);
    Posterior q = model.encode(x, null);
    double[] mu = flat(q.mean());
    double[] lv = flat(q.logVar());
    int d = model.latentDim();
    for (int i = 0; i < scores.length; i++) {
      assertThat(c.values()[i]).hasSize(width);
      double sum = 0;
      for (double v : c.values()[i]) {
        sum += v;
      }
      assertThat(sum).isCloseTo(c.reconstruction()[i], within(1e-6 * (1 + Math.abs(sum))));
      double rest = 0;
      if (s.scoreType() == ScoreType.NEGATIVE_ELBO) {
        for (int j = 0; j < d; j++) {
          double m = mu[i * d + j];
          double v = lv[i * d + j];
          rest += 0.5 * (Math.exp(v) + m * m - 1 - v);
        }
      }
      assertThat(scores[i]).isCloseTo(c.reconstruction()[i] + rest,
          within(1e-3 * (1 + Math.abs(scores[i]))));
    }
  }

  @Test
  void anAutoencoderGetsTheReconstructionScoresAndRefusesThoseNeedingAPosteriorDensity() {
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(8).inputShape(D).latentDim(3).build()) {
      INDArray x = ModelEvaluatorTest.uniform(4, 17);
      for (ScoreType t : new ScoreType[] {ScoreType.NEGATIVE_ELBO, ScoreType.NEGATIVE_LOG_LIKELIHOOD}) {
        assertThatThrownBy(() -> scorer(t).score(ae, x))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(t.name()).hasMessageContaining("autoencoder");
      }
      double[] xs = flat(x);
      double[] out = flat(ae.decode(ae.encodeMean(x, null), null));
      double[] rp = scorer(ScoreType.RECONSTRUCTION_PROBABILITY).score(ae, x);
      double[] err = scorer(ScoreType.RECONSTRUCTION_ERROR).score(ae, x);
      for (int e = 0; e < 4; e++) {
        double bce = 0;
        double sse = 0;
        for (int j = e * D; j < (e + 1) * D; j++) {
          bce -= xs[j] * Math.log(out[j]) + (1 - xs[j]) * Math.log(1 - out[j]);
          sse += (out[j] - xs[j]) * (out[j] - xs[j]);
        }
        assertThat(rp[e]).isCloseTo(bce, within(1e-3));
        assertThat(err[e]).isCloseTo(sse, within(1e-5));
      }
    }
  }

  @Test
  void aConditionalVaeNeedsLabelsAndScoresWithThem() {
    try (ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(8).inputShape(D).numClasses(3)
        .latentDim(2).build()) {
      INDArray x = ModelEvaluatorTest.uniform(6, 18);
      AnomalyScorer s = scorer(ScoreType.NEGATIVE_LOG_LIKELIHOOD);
      assertThatThrownBy(() -> s.score(cvae, x)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("labels");
      assertThatThrownBy(() -> s.score(cvae, x, new int[] {0, 1, 2, 0, 1, 5}))
          .isInstanceOf(IllegalArgumentException.class);
      double[] a = s.score(cvae, x, new int[] {0, 1, 2, 0, 1, 2});
      double[] b = s.score(cvae, x, new int[] {1, 1, 1, 1, 1, 1});
      assertThat(java.util.Arrays.stream(a).allMatch(Double::isFinite)).isTrue();
      assertThat(a).isNotEqualTo(b);
    }
  }

  @Test
  void badArgumentsAreRefusedClearly() {
    assertThatThrownBy(() -> AnomalyScorer.builder().importanceSamples(0))
        .hasMessageContaining("importanceSamples");
    assertThatThrownBy(() -> AnomalyScorer.builder().reconstructionSamples(-1))
        .hasMessageContaining("reconstructionSamples");
    assertThatThrownBy(() -> AnomalyScorer.builder().maxBatchRows(0))
        .hasMessageContaining("maxBatchRows");
    assertThatThrownBy(() -> scorer(ScoreType.NEGATIVE_LOG_LIKELIHOOD)
        .contributions(vae, ModelEvaluatorTest.uniform(2, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per-value");
    assertThatThrownBy(() -> scorer(ScoreType.NEGATIVE_ELBO).score(vae, Nd4j.zeros(3, D + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Rows on a 1-D curve in [0, 1]^D; anomalies uniform noise. */
  private static INDArray curve(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * D];
    for (int i = 0; i < n; i++) {
      double t = r.nextDouble(0, 2 * Math.PI);
      for (int j = 0; j < D; j++) {
        v[i * D + j] = (float) (0.5 + 0.4 * Math.sin(t + 0.5 * j));
      }
    }
    return Nd4j.create(v, new long[] {n, D}, 'c');
  }

  @Test
  void injectedAnomaliesScoreHigherOnATrainedModel() {
    try (Vae model = Vae.builder().mlpEncoder(32).inputShape(D).latentDim(2).seed(7).build()) {
      model.fit(curve(512, 1), TrainingOptions.builder().epochs(60).batchSize(64)
          .learningRate(3e-3).seed(2).build());
      int normal = 100;
      int anomalies = 20;
      INDArray x = Nd4j.vstack(curve(normal, 2), ModelEvaluatorTest.uniform(anomalies, 3));
      boolean[] truth = new boolean[normal + anomalies];
      for (int i = normal; i < truth.length; i++) {
        truth[i] = true;
      }
      for (ScoreType t : ScoreType.values()) {
        double auc = AnomalyMetrics.rocAuc(scorer(t).score(model, x), truth);
        assertThat(auc).as(t.name()).isGreaterThan(0.9);
      }
    }
  }

  @Test
  void aDetectorFlagsAboveItsThresholdAndSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
    INDArray val = ModelEvaluatorTest.uniform(40, 19);
    AnomalyScorer s = scorer(ScoreType.RECONSTRUCTION_PROBABILITY);
    AnomalyDetector det = AnomalyDetector.fitQuantile(s, vae, val, null, 0.9);
    AnomalyDetector.Predictions p = det.predict(vae, val);
    assertThat(p.flagged()).isBetween(3, 5);
    for (int i = 0; i < p.scores().length; i++) {
      assertThat(p.flags()[i]).isEqualTo(p.scores()[i] > det.threshold());
    }
    AnomalyDetector c = AnomalyDetector.fitContamination(s, vae, val, null, 0.25);
    assertThat(c.predict(vae, val).flagged()).isEqualTo(10);

    Path f = dir.resolve("model.detector.json");
    det.save(f);
    AnomalyDetector back = AnomalyDetector.load(f);
    assertThat(back.threshold()).isEqualTo(det.threshold());
    assertThat(back.scorer().toString()).isEqualTo(s.toString());
    assertThat(back.predict(vae, val).scores()).isEqualTo(p.scores());

    Files.writeString(f, det.toJson().replace("RECONSTRUCTION_PROBABILITY", "NOPE"));
    assertThatThrownBy(() -> AnomalyDetector.load(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("scoreType");
    Files.writeString(f, "[1]");
    assertThatThrownBy(() -> AnomalyDetector.load(f)).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> AnomalyDetector.of(s, Double.NaN)).hasMessageContaining("threshold");
  }

  @Test
  void theInputComplexityCorrectionSubtractsEachExamplesCompressedLengthFromEveryScoreType() {
    INDArray x = ModelEvaluatorTest.uniform(7, 23);
    // rows of different complexity: some values set to 0 so the Deflate lengths differ
    for (int i = 0; i < 7; i++) {
      for (int j = 0; j < i; j++) {
        x.putScalar(i, j, 0.0);
      }
    }
    double[] lengths = InputComplexity.nats(x);
    assertThat(lengths[0]).isPositive();
    for (ScoreType t : ScoreType.values()) {
      AnomalyScorer plain = scorer(t);
      AnomalyScorer corrected = plain.toBuilder().inputComplexityCorrection(true).build();
      assertThat(plain.inputComplexityCorrection()).isFalse();
      assertThat(corrected.inputComplexityCorrection()).isTrue();
      double[] a = plain.score(vae, x);
      double[] b = corrected.score(vae, x);
      for (int i = 0; i < a.length; i++) {
        assertThat(b[i]).as(t + " example " + i).isCloseTo(a[i] - lengths[i], within(1e-9));
        assertThat(b[i]).as(t + " example " + i + " corrected").isLessThan(a[i] - 1);
      }
      // deterministic, and the same in any batching
      assertThat(corrected.score(vae, x)).isEqualTo(b);
      double[] small = corrected.toBuilder().maxBatchRows(2).build().score(vae, x);
      for (int i = 0; i < a.length; i++) {
        assertThat(small[i]).isCloseTo(b[i], within(1e-4));
      }
      // contributions are the uncorrected reconstruction parts
      if (t != ScoreType.NEGATIVE_LOG_LIKELIHOOD) {
        assertThat(corrected.contributions(vae, x).reconstruction())
            .isEqualTo(plain.contributions(vae, x).reconstruction());
      }
    }
  }

  @Test
  void theInputComplexityCorrectionRefusesDataOutsideTheUnitIntervalAndSurvivesADetectorFile(
      @TempDir Path dir) throws Exception {
    AnomalyScorer corrected = scorer(ScoreType.NEGATIVE_ELBO).toBuilder()
        .inputComplexityCorrection(true).build();
    INDArray bad = ModelEvaluatorTest.uniform(3, 2);
    bad.putScalar(2, 4, 1.25);
    try (Vae mse = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).mseLoss().seed(3)
        .build()) {
      assertThatThrownBy(() -> corrected.score(mse, bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]")
          .hasMessageContaining("example 2").hasMessageContaining("value 4");
      assertThat(scorer(ScoreType.NEGATIVE_ELBO).score(mse, bad)).hasSize(3);
    }

    INDArray val = ModelEvaluatorTest.uniform(20, 29);
    AnomalyDetector det = AnomalyDetector.fitQuantile(corrected, vae, val, null, 0.9);
    Path f = dir.resolve("ic.detector.json");
    det.save(f);
    AnomalyDetector back = AnomalyDetector.load(f);
    assertThat(back.scorer().inputComplexityCorrection()).isTrue();
    assertThat(back.scorer().toString()).isEqualTo(corrected.toString());
    assertThat(back.predict(vae, val).scores()).isEqualTo(det.predict(vae, val).scores());
    // a file without the field (written before it existed) loads uncorrected
    AnomalyDetector old = AnomalyDetector.of(scorer(ScoreType.NEGATIVE_ELBO), 1.0);
    assertThat(old.toJson()).doesNotContain("inputComplexityCorrection");
    assertThat(AnomalyDetector.fromJson("old", old.toJson()).scorer().inputComplexityCorrection())
        .isFalse();
    assertThatThrownBy(() -> AnomalyDetector.fromJson("x", det.toJson()
        .replace("\"inputComplexityCorrection\" : true", "\"inputComplexityCorrection\" : 3")))
        .hasMessageContaining("inputComplexityCorrection");
  }
}
