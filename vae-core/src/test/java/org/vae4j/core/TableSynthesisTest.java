package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.table.Column;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.Table;
import org.vae4j.api.table.TablePreprocessing;

/**
 * TableSynthesis and TableImputation.imputeByDraw on untrained models: argument checks, seeding,
 * the shape of what comes back (original columns, level strings, missing rates); the statistics of
 * a trained model's rows are in {@link TableSynthesisLearningTest}.
 */
class TableSynthesisTest {

  static Table mixed(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] amount = new double[n];
    double[] age = new double[n];
    String[] card = new String[n];
    String[] country = new String[n];
    for (int i = 0; i < n; i++) {
      double u = r.nextGaussian();
      amount[i] = r.nextDouble() < 0.1 ? Double.NaN : 100 + 20 * u + 5 * r.nextGaussian();
      age[i] = 40 - 8 * u + 4 * r.nextGaussian();
      card[i] = r.nextDouble() < 0.25 ? null : u + 0.5 * r.nextGaussian() > 0.3 ? "yes" : "no";
      double v = u + 0.5 * r.nextGaussian();
      country[i] = r.nextDouble() < 0.15 ? null : v < -0.6 ? "DE" : v < 0.4 ? "FR" : "IT";
    }
    return Table.of(List.of(Column.numeric("amount", amount), Column.numeric("age", age),
        Column.binaryOf("card", card), Column.categoricalOf("country", country)));
  }

  private static final TablePreprocessing PREP = TablePreprocessing.fit(mixed(400, 5));

  private static Vae untrained() {
    return Vae.builder().mlpEncoder(8).table(PREP).latentDim(2).seed(4).build();
  }

  @Test
  void givesRowsInTheOriginalColumnsAndIsSeeded() {
    try (Vae vae = untrained()) {
      Table t = TableSynthesis.sample(vae, 2500, 11);
      assertThat(t.rowCount()).isEqualTo(2500);
      assertThat(t.columnNames()).containsExactly("amount", "age", "card", "country");
      assertThat(t.column("card").levels()).containsExactly("no", "yes");
      assertThat(t.column("country").levels()).containsExactly("DE", "FR", "IT");
      assertThat(t.column("age").type()).isEqualTo(ColumnType.NUMERIC);
      // rows of more than one batch: the same seed gives the same table, another seed another
      assertThat(TableSynthesis.sample(vae, 2500, 11)).isEqualTo(t);
      assertThat(TableSynthesis.sample(vae, 2500, 12)).isNotEqualTo(t);
      // the first rows do not depend on how many are asked for
      Table few = TableSynthesis.sample(vae, 7, 11);
      for (int i = 0; i < 7; i++) {
        assertThat(few.column("age").number(i)).isEqualTo(t.column("age").number(i));
        assertThat(few.column("country").level(i)).isEqualTo(t.column("country").level(i));
      }
    }
  }

  @Test
  void keepsEachColumnsMissingRate() {
    assertThat(PREP.columns()).extracting(ColumnEncoding::name, ColumnEncoding::missingRate)
        .satisfies(l -> assertThat(l.get(1).toList()).containsExactly("age", 0.0));
    try (Vae vae = untrained()) {
      int n = 20_000;
      Table t = TableSynthesis.sample(vae, n, 3);
      for (ColumnEncoding c : PREP.columns()) {
        double p = c.missingRate();
        double got = (double) t.column(c.name()).missingCount() / n;
        // a binomial fraction: within 5 standard errors (fails about once in 10^6 for a right rate)
        assertThat(Math.abs(got - p)).as(c.name())
            .isLessThanOrEqualTo(5 * Math.sqrt(p * (1 - p) / n));
      }
      assertThat(t.column("age").missingCount()).isZero();
      assertThat(t.column("card").missingCount()).isPositive();
    }
  }

  @Test
  void refusesBadArgumentsNamingThem() {
    try (Vae vae = untrained();
        Vae image = Vae.builder().mlpEncoder(8).inputShape(4).latentDim(2).build();
        ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(8).table(PREP).numClasses(2)
            .latentDim(2).build()) {
      assertThatThrownBy(() -> TableSynthesis.sample(image, 3, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("model must be a TABLE model (built with Vae.builder().table(preprocessing)),"
              + " got a VAE with loss BCE");
      assertThatThrownBy(() -> TableSynthesis.sample(vae, 0, 1))
          .hasMessageStartingWith("rows must be in [1, ");
      assertThatThrownBy(() -> TableSynthesis.sample(vae, -3, 1))
          .hasMessageEndingWith("got -3");
      assertThatThrownBy(() -> TableSynthesis.sample(vae, 3, 0, 1))
          .hasMessage("model has no class input (a VAE): call sample(model, rows, seed) without a label");
      assertThatThrownBy(() -> TableSynthesis.sample(cvae, 3, 1))
          .hasMessage("model is a conditional model with 2 classes: give the class of the rows, "
              + "sample(model, rows, label, seed)");
      assertThatThrownBy(() -> TableSynthesis.sample(cvae, 3, 2, 1))
          .hasMessage("label must be in [0, 2), got 2");
      assertThatThrownBy(() -> TableImputation.imputeByDraw(image, Nd4j.zeros(2, 4), 1))
          .hasMessageStartingWith("model must be a TABLE model");
      assertThatThrownBy(() -> TableImputation.imputeByDraw(vae, Nd4j.zeros(2, 3), 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x");
      assertThatThrownBy(() -> TableSynthesis.sample(null, 3, 1))
          .isInstanceOf(NullPointerException.class).hasMessage("model");
      Table c = TableSynthesis.sample(cvae, 50, 1, 9);
      assertThat(c).isEqualTo(TableSynthesis.sample(cvae, 50, 1, 9));
      assertThat(c).isNotEqualTo(TableSynthesis.sample(cvae, 50, 0, 9));
    }
    Vae closed = untrained();
    closed.close();
    assertThatThrownBy(() -> TableSynthesis.sample(closed, 3, 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void imputationDrawsKeepObservedValuesAndVaryWithTheSeed() {
    Table data = mixed(300, 8);
    INDArray x = TableImputation.missingAsNaN(PREP.transform(data));
    try (Vae vae = untrained()) {
      INDArray a = TableImputation.imputeByDraw(vae, x, 1);
      INDArray b = TableImputation.imputeByDraw(vae, x, 2);
      assertThat(TableImputation.imputeByDraw(vae, x, 1)).isEqualTo(a);
      float[] xs = x.dup('c').data().asFloat();
      float[] as = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
      float[] bs = b.castTo(DataType.FLOAT).dup('c').data().asFloat();
      int w = PREP.width();
      int missing = 0;
      int differ = 0;
      for (int i = 0; i < xs.length; i++) {
        assertThat(as[i]).isFinite();
        if (Float.isNaN(xs[i])) {
          missing++;
          differ += as[i] != bs[i] ? 1 : 0;
        } else {
          assertThat(as[i]).isEqualTo(xs[i]);
          assertThat(bs[i]).isEqualTo(xs[i]);
        }
      }
      assertThat(missing).isPositive();
      // numeric fills are continuous draws; binary and categorical ones may agree by chance
      assertThat(differ).isGreaterThan(missing / 4);
      // a filled categorical block is one-hot, a filled binary value 0 or 1
      int co = PREP.offsetOf(3);
      int bo = PREP.offsetOf(2);
      for (int r = 0; r < 300; r++) {
        assertThat(as[r * w + co] + as[r * w + co + 1] + as[r * w + co + 2]).isEqualTo(1f);
        assertThat(as[r * w + bo]).isIn(0f, 1f);
      }
      // and the mean imputation is not a draw
      INDArray mean = TableImputation.impute(vae, x);
      assertThat(mean).isNotEqualTo(a);
    }
  }

  @Test
  void configsWrittenBeforeTheMissingRateExistedStillLoad() {
    try (Vae vae = untrained()) {
      String json = vae.config().toJson();
      assertThat(json).contains("\"missingRate\"");
      String old = json.replaceAll(",\\s*\"missingRate\" : [0-9.eE-]+", "");
      assertThat(old).doesNotContain("missingRate");
      ModelConfig c = ModelConfig.fromJson(old);
      assertThat(c.tablePreprocessing().orElseThrow().columns())
          .extracting(ColumnEncoding::missingRate).containsOnly(0.0);
      assertThat(ModelConfig.fromJson(json)).isEqualTo(vae.config());
      try (Vae4jModel m = Vae4jModel.fromConfig(c)) {
        // a model without recorded rates synthesises complete rows
        Table t = TableSynthesis.sample(m, 200, 1);
        for (Column col : t.columns()) {
          assertThat(col.missingCount()).isZero();
        }
      }
    }
  }
}
