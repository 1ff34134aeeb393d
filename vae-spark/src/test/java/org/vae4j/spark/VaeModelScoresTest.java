package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.EvaluationReport;
import org.vae4j.core.eval.ModelEvaluator;
import org.vae4j.spark.Batches.Output;
import org.vae4j.spark.SparkTests.Storage;

/** The per-row reconstruction errors and log-likelihood estimates of {@link VaeModel#transform}. */
@Tag("spark")
class VaeModelScoresTest {

  private static final int N = 23;
  private static final int WIDTH = 12;

  private static Vae vae;
  private static float[][] x;

  @BeforeAll
  static void setUp() {
    vae = Vae.builder().mlpEncoder(8).inputShape(WIDTH).latentDim(2).seed(3).build();
    x = SparkTests.examples(N, WIDTH, 5);
  }

  @AfterAll
  static void tearDown() {
    vae.close();
  }

  @Test
  void reconstructionErrorIsTheModelsLossAtTheLatentMean() {
    VaeModel model = VaeModel.of(vae).setInputCol("x").setReconstructionErrorCol("err").setBatchSize(4);
    Output err = Batches.collect(model.transform(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 3)), "err", 4);
    Batches.assertEqualsPerBatch(err, N, ids -> {
      INDArray b = SparkTests.batch(Batches.select(x, ids), WIDTH);
      return column(vae.reconstructionLoss(b, vae.encodeMean(b)).toFloatVector());
    });
    // Independent reference: the binary cross-entropy of the decoded mean, in double precision.
    float[][] p = vae.decode(vae.encodeMean(SparkTests.batch(x, WIDTH))).toFloatMatrix();
    double total = 0;
    for (int i = 0; i < N; i++) {
      double bce = 0;
      for (int j = 0; j < WIDTH; j++) {
        bce -= x[i][j] * Math.log(p[i][j]) + (1 - x[i][j]) * Math.log(1 - p[i][j]);
      }
      assertThat(err.byId().get((long) i)[0]).as("row %d", i).isCloseTo(bce, within(1e-4 * bce));
      total += err.byId().get((long) i)[0];
    }
    // ... and the evaluator's mean over the dataset (its bce metric of a BCE model).
    EvaluationReport report = ModelEvaluator.defaults().evaluate(vae, SparkTests.batch(x, WIDTH));
    assertThat(total / N).isCloseTo(report.overall().bce(), within(1e-5 * report.overall().bce()));
  }

  @Test
  void reconstructionErrorOfAnMseModelIsTheSumOfSquaredErrors() {
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(8).inputShape(WIDTH).latentDim(3)
        .mseLoss().seed(4).build()) {
      VaeModel model = VaeModel.of(ae).setInputCol("x").setReconstructionErrorCol("err");
      Output err = Batches.collect(model.transform(SparkTests.frame(x, Storage.DOUBLE_ARRAY, null, 2)),
          "err", VaeModel.DEFAULT_BATCH_SIZE);
      float[][] out = ae.decode(ae.encodeMean(SparkTests.batch(x, WIDTH))).toFloatMatrix();
      for (int i = 0; i < N; i++) {
        double sse = 0;
        for (int j = 0; j < WIDTH; j++) {
          double d = (double) out[i][j] - x[i][j];
          sse += d * d;
        }
        assertThat(err.byId().get((long) i)[0]).as("row %d", i).isCloseTo(sse, within(1e-4 * sse));
      }
    }
  }

  @Test
  void logLikelihoodIsTheEvaluatorsEstimateForEachRowAlone() {
    ModelEvaluator evaluator = ModelEvaluator.builder().importanceSamples(16).seed(9).build();
    VaeModel model = VaeModel.of(vae).setInputCol("x").setLogLikelihoodCol("ll")
        .setImportanceSamples(16).setLogLikelihoodSeed(9).setBatchSize(5);
    Dataset<Row> in = SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 3);
    Map<Long, double[]> ll = Batches.collect(model.transform(in), "ll", 5).byId();
    double sum = 0;
    for (int i = 0; i < N; i++) {
      double expected = evaluator.evaluate(vae, SparkTests.batch(new float[][] {x[i]}, WIDTH))
          .overall().logLikelihoodOrThrow();
      assertThat(ll.get((long) i)[0]).as("row %d", i).isEqualTo(expected);
      sum += expected;
    }
    // A row's estimate depends on that row only: another partitioning gives the same numbers.
    Map<Long, double[]> again = Batches.collect(
        model.setBatchSize(2).transform(SparkTests.frame(x, Storage.DENSE_VECTOR, null, 1)), "ll", 2)
        .byId();
    for (int i = 0; i < N; i++) {
      assertThat(again.get((long) i)).isEqualTo(ll.get((long) i));
    }
    // The evaluator's estimate over the whole set (other draws) agrees to Monte-Carlo error.
    double overall = ModelEvaluator.builder().importanceSamples(16).seed(9).build()
        .evaluate(vae, SparkTests.batch(x, WIDTH)).overall().logLikelihoodOrThrow();
    assertThat(sum / N).isCloseTo(overall, within(0.05 * Math.abs(overall)));
  }

  @Test
  void conditionalLogLikelihoodAndErrorUseEachRowsLabel() {
    int[] labels = new int[N];
    for (int i = 0; i < N; i++) {
      labels[i] = i % 3;
    }
    try (ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(8).inputShape(WIDTH).latentDim(2)
        .numClasses(3).seed(6).build()) {
      VaeModel model = VaeModel.of(cvae).setInputCol("x").setLabelCol("label")
          .setLogLikelihoodCol("ll").setImportanceSamples(8).setReconstructionErrorCol("err")
          .setLogVarCol("lv").setBatchSize(4);
      Dataset<Row> in = SparkTests.frame(x, Storage.FLOAT_ARRAY, labels, 2);
      Dataset<Row> out = model.transform(in).cache();
      ModelEvaluator evaluator = ModelEvaluator.builder().importanceSamples(8).build();
      Map<Long, double[]> ll = Batches.collect(out, "ll", 4).byId();
      for (int i = 0; i < N; i++) {
        double expected = evaluator.evaluate(cvae, SparkTests.batch(new float[][] {x[i]}, WIDTH),
            new int[] {labels[i]}).overall().logLikelihoodOrThrow();
        assertThat(ll.get((long) i)[0]).as("row %d", i).isEqualTo(expected);
      }
      Batches.assertEqualsPerBatch(Batches.collect(out, "err", 4), N, ids -> {
        INDArray b = SparkTests.batch(Batches.select(x, ids), WIDTH);
        int[] y = Batches.select(labels, ids);
        return column(cvae.reconstructionLoss(b, cvae.encodeMean(b, y), y).toFloatVector());
      });
      Batches.assertEqualsPerBatch(Batches.collect(out, "lv", 4), N, ids -> cvae.encode(
          SparkTests.batch(Batches.select(x, ids), WIDTH), Batches.select(labels, ids)).logVar()
          .toFloatMatrix());
      out.unpersist();
      // With every label 0, rows of the other classes get other estimates.
      Map<Long, double[]> zeros = Batches.collect(
          model.transform(in.withColumn("label", functions.lit(0))), "ll", 4).byId();
      assertThat(zeros.get(1L)).isNotEqualTo(ll.get(1L));
    }
  }

  private static float[][] column(float[] v) {
    float[][] c = new float[v.length][];
    for (int i = 0; i < v.length; i++) {
      c[i] = new float[] {v[i]};
    }
    return c;
  }

  @Test
  void scoreFlagAndContributionsOfAVectorModelAreTheScorersOnEachRow() {
    VaeModel model = VaeModel.of(vae).setInputCol("x").setScoreCol("s").setFlagCol("f")
        .setThreshold(5).setContributionsCol("c").setScoreSeed(9).setBatchSize(4);
    java.util.List<Row> out = model.transform(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 3))
        .select("id", "s", "f", "c").collectAsList();
    org.vae4j.core.eval.AnomalyScorer scorer = org.vae4j.core.eval.AnomalyScorer.builder().seed(9)
        .seedByRowValues(true).build();
    assertThat(out).hasSize(N);
    INDArray all = SparkTests.batch(x, WIDTH);
    double[] allScores = scorer.score(vae, all);
    double[][] allValues = scorer.contributions(vae, all).values();
    for (Row r : out) {
      int i = (int) r.getLong(0);
      double expected = allScores[i];
      assertThat(r.getDouble(1)).as("row %d", i).isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
      assertThat(r.getBoolean(2)).isEqualTo(r.getDouble(1) > 5);
      double[] values = allValues[i];
      java.util.List<Double> c = r.getList(3);
      assertThat(c).hasSize(WIDTH);
      for (int j = 0; j < WIDTH; j++) {
        assertThat(c.get(j)).isCloseTo(values[j], within(1e-4 * (1 + Math.abs(values[j]))));
      }
    }
  }
}
