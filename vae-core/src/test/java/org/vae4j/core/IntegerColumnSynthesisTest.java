package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.table.Column;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.Table;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.core.eval.AnomalyScorer;

/**
 * A count column (whole numbers in training) synthesises and imputes as whole numbers; the
 * continuous columns stay continuous; scoring and reconstruction do not change.
 */
class IntegerColumnSynthesisTest {

  static Table counts(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] visits = new double[n];
    double[] amount = new double[n];
    String[] plan = new String[n];
    for (int i = 0; i < n; i++) {
      double u = r.nextGaussian();
      visits[i] = r.nextDouble() < 0.1 ? Double.NaN : Math.max(0, Math.round(6 + 2 * u
          + r.nextGaussian()));
      amount[i] = 50 + 10 * u + 3 * r.nextGaussian();
      plan[i] = u > 0 ? "gold" : "basic";
    }
    return Table.of(List.of(Column.numeric("visits", visits), Column.numeric("amount", amount),
        Column.categoricalOf("plan", plan)));
  }

  private static final Table DATA = counts(300, 2);
  private static final TablePreprocessing PREP = TablePreprocessing.fit(DATA);
  private static final TablePreprocessing CONTINUOUS = new TablePreprocessing(
      PREP.columns().stream().map(e -> e.withInteger(false)).toList());

  @Test
  void aCountColumnSynthesisesAsWholeNumbers() {
    assertThat(PREP.columns()).extracting(ColumnEncoding::integer)
        .containsExactly(true, false, false);
    try (Vae vae = Vae.builder().mlpEncoder(8).table(PREP).latentDim(2).seed(4).build();
        Vae continuous = Vae.builder().mlpEncoder(8).table(CONTINUOUS).latentDim(2).seed(4)
            .build()) {
      Table t = TableSynthesis.sample(vae, 500, 9);
      Table c = TableSynthesis.sample(continuous, 500, 9);
      int whole = 0;
      int fractional = 0;
      for (int i = 0; i < 500; i++) {
        if (!t.column("visits").isMissing(i)) {
          double v = t.column("visits").number(i);
          assertThat(v).isEqualTo(Math.rint(v));
          // the same draw, rounded: the continuous model's value is within 0.5
          assertThat(c.column("visits").number(i)).isCloseTo(v,
              org.assertj.core.data.Offset.offset(0.5 + 1e-9));
          whole++;
        }
        double a = t.column("amount").number(i);
        fractional += a != Math.rint(a) ? 1 : 0;
        assertThat(a).isEqualTo(c.column("amount").number(i));
      }
      assertThat(whole).isGreaterThan(400);
      assertThat(fractional).as("amount stays continuous").isGreaterThan(490);
      int unroundedVisits = 0;
      for (int i = 0; i < 500; i++) {
        double v = c.column("visits").number(i);
        unroundedVisits += !c.column("visits").isMissing(i) && v != Math.rint(v) ? 1 : 0;
      }
      assertThat(unroundedVisits).as("without the flag the draws are continuous")
          .isGreaterThan(400);
    }
  }

  @Test
  void imputedCountsAreWholeAndScoringIsUnchanged() {
    INDArray x = TableImputation.missingAsNaN(PREP.transform(DATA));
    try (Vae vae = Vae.builder().mlpEncoder(8).table(PREP).latentDim(2).seed(4).build();
        Vae continuous = Vae.builder().mlpEncoder(8).table(CONTINUOUS).latentDim(2).seed(4)
            .build()) {
      // inference: the encoded input, the reconstruction and the scores are those of the
      // continuous model
      assertThat(CONTINUOUS.transform(DATA).values()).containsExactly(
          PREP.transform(DATA).values());
      assertThat(CONTINUOUS.transform(DATA).mask()).containsExactly(PREP.transform(DATA).mask());
      INDArray filled = TableImputation.impute(vae, x);
      assertThat(TableImputation.impute(continuous, x)).isEqualTo(filled);
      AnomalyScorer scorer = AnomalyScorer.builder().seed(3).build();
      assertThat(scorer.score(vae, x)).containsExactly(scorer.score(continuous, x));
      Table imputed = PREP.inverseTransform(filled);
      Table imputedByDraw = PREP.inverseTransform(TableImputation.imputeByDraw(vae, x, 5));
      int wasMissing = 0;
      for (int i = 0; i < DATA.rowCount(); i++) {
        for (Table t : List.of(imputed, imputedByDraw)) {
          double v = t.column("visits").number(i);
          assertThat(v).isEqualTo(Math.rint(v));
          if (!DATA.column("visits").isMissing(i)) {
            assertThat(v).isEqualTo(DATA.column("visits").number(i));
          }
        }
        wasMissing += DATA.column("visits").isMissing(i) ? 1 : 0;
      }
      assertThat(wasMissing).isPositive();
    }
  }

  @Test
  void modelFilesKeepTheFlagAndConfigsWrittenBeforeItLoadAsContinuous(@TempDir Path dir)
      throws Exception {
    try (Vae vae = Vae.builder().mlpEncoder(8).table(PREP).latentDim(2).seed(4).build()) {
      Path file = dir.resolve("model.zip");
      vae.save(file);
      try (Vae4jModel back = Vae4jModel.load(file)) {
        assertThat(back.config().tablePreprocessing().orElseThrow()).isEqualTo(PREP);
      }
      String json = vae.config().toJson();
      assertThat(json).contains("\"integer\" : true");
      String old = json.replaceAll(",\\s*\"integer\" : true", "");
      assertThat(old).doesNotContain("integer");
      ModelConfig c = ModelConfig.fromJson(old);
      assertThat(c.tablePreprocessing().orElseThrow()).isEqualTo(CONTINUOUS);
      assertThat(Files.size(file)).isPositive();
    }
  }
}
