package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.Scaling;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.train.TrainingOptions;

/**
 * A TABLE model on a generated mixed table (3 numeric, 1 binary, 1 categorical column of 3 levels,
 * all driven by one hidden factor) with 20% of the entries missing: it trains (finite, decreasing
 * loss), imputes the missing numeric values better than the column means and the missing levels
 * better than the most frequent level, and its file carries the preprocessing.
 */
@Tag("learning")
class TableModelLearningTest {

  private static final int N = 1500;
  // encoded: n0 n1 n2 | b | c0 c1 c2
  private static final int W = 7;
  private static final TablePreprocessing PREP = new TablePreprocessing(List.of(
      new ColumnEncoding("n0", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
      new ColumnEncoding("n1", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
      new ColumnEncoding("n2", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
      new ColumnEncoding("b", ColumnType.BINARY, Scaling.NONE, 0, 1, List.of("no", "yes")),
      new ColumnEncoding("c", ColumnType.CATEGORICAL, Scaling.NONE, 0, 1, List.of("lo", "mid", "hi"))));

  /** [complete, with 20% of the entries (whole categorical blocks) NaN]. */
  private static double[][] table() {
    SplittableRandom r = new SplittableRandom(17);
    double[] full = new double[N * W];
    double[] holed = new double[N * W];
    for (int i = 0; i < N; i++) {
      double u = r.nextGaussian();
      double[] row = new double[W];
      row[0] = u + 0.2 * r.nextGaussian();
      row[1] = -u + 0.2 * r.nextGaussian();
      row[2] = 0.5 * u + 0.3 * r.nextGaussian();
      row[3] = u + 0.3 * r.nextGaussian() > 0 ? 1 : 0;
      double v = u + 0.3 * r.nextGaussian();
      row[4 + (v < -0.5 ? 0 : v < 0.5 ? 1 : 2)] = 1;
      System.arraycopy(row, 0, full, i * W, W);
      System.arraycopy(row, 0, holed, i * W, W);
      for (int[] col : new int[][] {{0, 1}, {1, 1}, {2, 1}, {3, 1}, {4, 3}}) {
        if (r.nextDouble() < 0.2) {
          for (int j = 0; j < col[1]; j++) {
            holed[i * W + col[0] + j] = Double.NaN;
          }
        }
      }
    }
    return new double[][] {full, holed};
  }

  @Test
  void trainsImputesBetterThanColumnMeansAndSavesItsPreprocessing(@TempDir Path dir)
      throws Exception {
    double[][] t = table();
    double[] full = t[0];
    double[] holed = t[1];
    INDArray x = Nd4j.create(holed, new long[] {N, W}, DataType.FLOAT);
    try (Vae vae = Vae.builder().mlpEncoder(32).table(PREP).latentDim(2).seed(3).build()) {
      assertThat(vae.config().loss()).isEqualTo(ModelConfig.LossKind.TABLE);
      assertThat(vae.config().inputShape()).containsExactly(W);
      TrainingHistory h = vae.fit(x, TrainingOptions.builder().epochs(30).batchSize(50)
          .learningRate(3e-3).seed(1).build());
      double[] losses = h.trainLosses();
      for (double l : losses) {
        assertThat(l).isFinite();
      }
      assertThat(losses[losses.length - 1]).isLessThan(losses[0] - 1.0);

      INDArray imputed = TableImputation.impute(vae, x);
      double[] im = imputed.castTo(DataType.DOUBLE).dup('c').data().asDouble();
      // numeric: squared error of the model's fill vs the observed column mean's
      double modelErr = 0;
      double meanErr = 0;
      int missingNumeric = 0;
      for (int j = 0; j < 3; j++) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < N; i++) {
          if (!Double.isNaN(holed[i * W + j])) {
            sum += holed[i * W + j];
            count++;
          }
        }
        double mean = sum / count;
        for (int i = 0; i < N; i++) {
          if (Double.isNaN(holed[i * W + j])) {
            double truth = full[i * W + j];
            modelErr += (im[i * W + j] - truth) * (im[i * W + j] - truth);
            meanErr += (mean - truth) * (mean - truth);
            missingNumeric++;
          } else {
            assertThat(im[i * W + j]).isEqualTo((double) (float) holed[i * W + j]);
          }
        }
      }
      // categorical: accuracy of the most probable decoded level vs the most frequent level
      int[] freq = new int[3];
      for (int i = 0; i < N; i++) {
        for (int k = 0; k < 3; k++) {
          if (holed[i * W + 4 + k] == 1) {
            freq[k]++;
          }
        }
      }
      int mode = freq[0] >= freq[1] && freq[0] >= freq[2] ? 0 : freq[1] >= freq[2] ? 1 : 2;
      int modelHits = 0;
      int modeHits = 0;
      int missingCat = 0;
      for (int i = 0; i < N; i++) {
        if (Double.isNaN(holed[i * W + 4])) {
          int best = 0;
          int truth = 0;
          for (int k = 0; k < 3; k++) {
            best = im[i * W + 4 + k] > im[i * W + 4 + best] ? k : best;
            truth = full[i * W + 4 + k] == 1 ? k : truth;
          }
          modelHits += best == truth ? 1 : 0;
          modeHits += mode == truth ? 1 : 0;
          missingCat++;
        }
      }
      System.out.printf("LEARNING table model: loss %.3f -> %.3f; numeric imputation MSE %.3f vs"
          + " column means %.3f (%d values); categorical accuracy %.3f vs mode %.3f (%d)%n",
          losses[0], losses[losses.length - 1], modelErr / missingNumeric, meanErr / missingNumeric,
          missingNumeric, modelHits / (double) missingCat, modeHits / (double) missingCat,
          missingCat);
      assertThat(modelErr).isLessThan(0.6 * meanErr);
      assertThat(modelHits).isGreaterThan(modeHits);

      // the model file carries the preprocessing
      Path file = dir.resolve("table.zip");
      vae.save(file);
      try (Vae4jModel loaded = Vae4jModel.load(file)) {
        assertThat(loaded.config().tablePreprocessing()).contains(PREP);
        INDArray again = TableImputation.impute(loaded, x);
        assertThat(again.equalsWithEps(imputed, 1e-6)).isTrue();
      }
      assertThat(ModelConfig.fromJson(vae.config().toJson())).isEqualTo(vae.config());
    }
  }

  @Test
  void missingValuesAreStillRefusedByModelsWhoseLikelihoodCannotMaskThem() {
    try (Vae vae = Vae.builder().mlpEncoder(4).inputShape(3).latentDim(2)
        .loss(ModelConfig.LossKind.MSE).build()) {
      INDArray x = Nd4j.create(new float[] {1, Float.NaN, 0}, new long[] {1, 3});
      assertThatThrownBy(() -> vae.reconstruct(x))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must hold only finite values, got NaN or infinity");
    }
    try (Vae vae = Vae.builder().mlpEncoder(4).table(PREP).latentDim(2).build()) {
      INDArray inf = Nd4j.create(DataType.FLOAT, 1, W).putScalar(0, Float.POSITIVE_INFINITY);
      assertThatThrownBy(() -> vae.reconstruct(inf))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must hold finite values or NaN for missing ones, got infinity");
      assertThat(vae.config().toJson()).contains("\"table\"");
    }
    try (Vae vae = Vae.builder().mlpEncoder(4).inputShape(3).latentDim(2).loss(ModelConfig.LossKind.MSE).build()) {
      assertThat(vae.config().toJson()).doesNotContain("table");
    }
    assertThatThrownBy(() -> Vae.builder().mlpEncoder(4).inputShape(3).latentDim(2)
        .loss(ModelConfig.LossKind.TABLE).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a TABLE loss needs the table's columns");
  }
}
