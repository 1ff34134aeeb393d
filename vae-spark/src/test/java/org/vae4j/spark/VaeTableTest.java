package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.table.Column;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.Scaling;
import org.vae4j.api.table.Table;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.core.TableImputation;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.anomaly.AnomalyMetrics;
import org.vae4j.core.eval.AnomalyScorer;

/**
 * Tables on Spark: the distributed preprocessing fit against {@link TablePreprocessing#fit}, a
 * TABLE model trained by {@link VaeEstimator} on numeric, boolean and string columns with missing
 * entries, and the score, flag and contributions columns of {@link VaeModel} against {@link
 * AnomalyScorer}.
 */
@Tag("spark")
class VaeTableTest {

  private static final String[] COLS = {"amount", "count", "paid", "kind", "price"};
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("amount", DataTypes.DoubleType, true)
      .add("count", DataTypes.IntegerType, true)
      .add("paid", DataTypes.BooleanType, true)
      .add("kind", DataTypes.StringType, true)
      .add("price", DataTypes.createDecimalType(10, 2), true)
      .add("anomaly", DataTypes.BooleanType, false);

  private static List<Row> normal;
  private static List<Row> test;
  private static VaeModel trained;

  @BeforeAll
  static void setUp() {
    normal = rows(300, 0, 0.1, 11);
    test = rows(120, 30, 0.1, 12);
    trained = estimator().setContamination(0.05).fit(frame(normal, 3));
  }

  static VaeEstimator estimator() {
    return new VaeEstimator().setInputCols(COLS).setHidden(16).setLatentDim(2).setEpochs(30)
        .setBatchSize(32).setLearningRate(1e-2).setLocalSteps(4).setSeed(7).setModelSeed(5);
  }

  /**
   * {@code n} rows whose columns follow one latent value {@code a}, of which {@code anomalies}
   * (the last ones) break that structure; each entry of the first columns missing with
   * probability {@code missing}.
   */
  static List<Row> rows(int n, int anomalies, double missing, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Row> out = new ArrayList<>();
    String[] kinds = {"low", "mid", "high"};
    for (int i = 0; i < n; i++) {
      boolean bad = i >= n - anomalies;
      double a = r.nextDouble(-1, 1);
      double amount = 10 + 5 * a + 0.2 * r.nextGaussian();
      int count = (int) Math.round(20 + 10 * a);
      boolean paid = a > 0;
      String kind = kinds[a < -0.33 ? 0 : a < 0.33 ? 1 : 2];
      double price = 100 - 40 * a + r.nextGaussian();
      if (bad) {
        // every column alone is plausible; together they contradict the structure
        count = (int) Math.round(20 - 10 * a);
        kind = kinds[a < -0.33 ? 2 : a < 0.33 ? 0 : 1];
        paid = !paid;
      }
      Object[] cells = {(long) i, amount, count, paid, kind,
          BigDecimal.valueOf(Math.round(price * 100), 2), bad};
      for (int c = 1; c <= 5; c++) {
        if (r.nextDouble() < missing) {
          cells[c] = c == 1 && r.nextBoolean() ? Double.NaN : null;
        }
      }
      out.add(RowFactory.create(cells));
    }
    return out;
  }

  static Dataset<Row> frame(List<Row> rows, int partitions) {
    return SparkTests.session().createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  /** The same rows as a single-node {@link Table}: boolean binary, string categorical. */
  static Table table(List<Row> rows) {
    int n = rows.size();
    double[] amount = new double[n];
    double[] count = new double[n];
    double[] price = new double[n];
    String[] paid = new String[n];
    String[] kind = new String[n];
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i);
      amount[i] = row.isNullAt(1) ? Double.NaN : row.getDouble(1);
      count[i] = row.isNullAt(2) ? Double.NaN : row.getInt(2);
      paid[i] = row.isNullAt(3) ? null : String.valueOf(row.getBoolean(3));
      kind[i] = row.isNullAt(4) ? null : row.getString(4);
      price[i] = row.isNullAt(5) ? Double.NaN : row.getDecimal(5).doubleValue();
    }
    return Table.of(List.of(Column.numeric("amount", amount), Column.numeric("count", count),
        Column.binaryOf("paid", paid), Column.categoricalOf("kind", kind),
        Column.numeric("price", price)));
  }

  static void assertSameEncodings(TablePreprocessing actual, TablePreprocessing expected) {
    assertThat(actual.columns()).hasSameSizeAs(expected.columns());
    for (int i = 0; i < expected.columns().size(); i++) {
      ColumnEncoding a = actual.columns().get(i);
      ColumnEncoding e = expected.columns().get(i);
      assertThat(a.name()).isEqualTo(e.name());
      assertThat(a.type()).as(e.name()).isEqualTo(e.type());
      assertThat(a.scaling()).as(e.name()).isEqualTo(e.scaling());
      assertThat(a.levels()).as(e.name()).isEqualTo(e.levels());
      assertThat(a.offset()).as(e.name()).isCloseTo(e.offset(), within(1e-12 * (1 + Math.abs(e.offset()))));
      assertThat(a.scale()).as(e.name()).isCloseTo(e.scale(), within(1e-12 * e.scale()));
      assertThat(a.missingRate()).as(e.name() + " missing rate").isEqualTo(e.missingRate());
      assertThat(a.integer()).as(e.name() + " integer").isEqualTo(e.integer());
    }
  }

  @Test
  void distributedFitGivesTheEncodingsOfTheSingleNodeFit() {
    for (Scaling s : Scaling.values()) {
      Dataset<Row> df = frame(normal, 4).select(COLS[0], COLS[1], COLS[2], COLS[3], COLS[4]);
      TablePreprocessing spark = TableFit.fit(df.javaRDD(), df.schema(), COLS, s, 100, 2);
      assertSameEncodings(spark, TablePreprocessing.fit(table(normal), s));
      // the int column "count" is integer, the doubles and decimals are not
      assertThat(spark.columns()).extracting(ColumnEncoding::integer)
          .containsExactly(false, true, false, false, false);
    }
    // a double column whose values are whole is integer too, on every partitioning; one
    // fractional value in any partition makes it continuous
    StructType schema = new StructType().add("w", DataTypes.DoubleType, true)
        .add("f", DataTypes.DoubleType, true);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(RowFactory.create(i % 7 == 0 ? null : (double) (i * 3 - 50),
          i == 29 ? 4.5 : (double) i));
    }
    double[] w = new double[40];
    double[] f = new double[40];
    for (int i = 0; i < 40; i++) {
      w[i] = rows.get(i).isNullAt(0) ? Double.NaN : rows.get(i).getDouble(0);
      f[i] = rows.get(i).getDouble(1);
    }
    TablePreprocessing local = TablePreprocessing.fit(Table.of(List.of(Column.numeric("w", w),
        Column.numeric("f", f))));
    assertThat(local.columns()).extracting(ColumnEncoding::integer).containsExactly(true, false);
    for (int partitions : new int[] {1, 5}) {
      Dataset<Row> df = SparkTests.session().createDataFrame(rows, schema).repartition(partitions);
      assertSameEncodings(TableFit.fit(df.javaRDD(), schema, new String[] {"w", "f"},
          Scaling.STANDARDIZE, 10, 2), local);
    }
  }

  @Test
  void declaredIntegerColumnsAndInferenceOffGiveTheSingleNodeFitWithTheSameDeclarations() {
    Dataset<Row> df = frame(normal, 4).select(COLS[0], COLS[1], COLS[2], COLS[3], COLS[4]);
    Table local = table(normal);
    // "amount" (fractional doubles) declared integer; inference on: "count" is inferred integer
    TablePreprocessing declared = TableFit.fit(df.javaRDD(), df.schema(), COLS,
        Scaling.STANDARDIZE, 100, 2, Set.of("amount"), true);
    assertSameEncodings(declared, TablePreprocessing.fit(local, Scaling.STANDARDIZE, Map.of(),
        Map.of("amount", true)));
    assertThat(declared.columns()).extracting(ColumnEncoding::integer)
        .containsExactly(true, true, false, false, false);
    // inference off: only the declared column; the others as the single-node fit told false
    TablePreprocessing only = TableFit.fit(df.javaRDD(), df.schema(), COLS,
        Scaling.STANDARDIZE, 100, 2, Set.of("price"), false);
    assertSameEncodings(only, TablePreprocessing.fit(local, Scaling.STANDARDIZE, Map.of(),
        Map.of("amount", false, "count", false, "price", true)));
    assertThat(only.columns()).extracting(ColumnEncoding::integer)
        .containsExactly(false, false, false, false, true);
    assertThat(TableFit.fit(df.javaRDD(), df.schema(), COLS, Scaling.STANDARDIZE, 100, 2,
        Set.of(), false).columns()).extracting(ColumnEncoding::integer)
        .containsOnly(false);
  }

  @Test
  void theEstimatorDeclaresIntegerColumnsAndRefusesNamesThatAreNotNumericInputs() {
    VaeModel m = estimator().setEpochs(1).setIntegerCols("amount").setInferIntegers(false)
        .fit(frame(normal, 2));
    assertThat(m.modelConfig().tablePreprocessing().orElseThrow().columns())
        .extracting(ColumnEncoding::integer).containsExactly(true, false, false, false, false);
    Dataset<Row> df = frame(normal, 2);
    assertThatThrownBy(() -> estimator().setIntegerCols("kind").fit(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("integerCols must name numeric columns of inputCols, got 'kind' (numeric "
            + "inputCols: amount, count, price)");
    assertThatThrownBy(() -> estimator().setIntegerCols("id").transformSchema(SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("integerCols must name numeric columns of inputCols, got 'id' (numeric "
            + "inputCols: amount, count, price)");
    assertThatThrownBy(() -> new VaeEstimator().setInputCol("x").setIntegerCols("count")
        .transformSchema(SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("integerCols is for a table model: set inputCols, or clear integerCols, got "
            + "count");
    assertThatThrownBy(() -> estimator().setIntegerCols("count", "count"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("integerCols must be distinct, got 'count' twice");
    VaeEstimator e = new VaeEstimator();
    assertThat(e.getIntegerCols()).isEmpty();
    assertThat(e.getInferIntegers()).isTrue();
  }

  @Test
  void distributedFitKeepsTheConstantAndEmptyColumnRulesOverEmptyPartitions() {
    StructType schema = new StructType().add("c", DataTypes.DoubleType, true)
        .add("e", DataTypes.LongType, true).add("k", DataTypes.StringType, true);
    List<Row> rows = List.of(RowFactory.create(2.5, null, "b"), RowFactory.create(2.5, null, null),
        RowFactory.create(null, null, "a"));
    Dataset<Row> df = SparkTests.session().createDataFrame(rows, schema).repartition(6);
    Table t = Table.of(List.of(Column.numeric("c", new double[] {2.5, 2.5, Double.NaN}),
        Column.numeric("e", new double[] {Double.NaN, Double.NaN, Double.NaN}),
        Column.categoricalOf("k", "b", null, "a")));
    for (Scaling s : Scaling.values()) {
      TablePreprocessing spark = TableFit.fit(df.javaRDD(), schema, new String[] {"c", "e", "k"}, s,
          10, 2);
      assertThat(spark).as("%s", s).isEqualTo(TablePreprocessing.fit(t, s));
    }
  }

  @Test
  void theEstimatorsSchemaHasTheModelsOutputColumns() {
    StructType out = estimator().setScoreCol("s").setFlagCol("f").setContributionsCol("c")
        .setContamination(0.1).transformSchema(SCHEMA);
    assertThat(out.apply("s").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(out.apply("f").dataType()).isEqualTo(DataTypes.BooleanType);
    assertThat(out.apply("c").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.DoubleType, false));
    assertThatThrownBy(() -> estimator().setFlagCol("f").transformSchema(SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("flagCol 'f' needs a threshold");
  }

  @Test
  void fitTrainsATableModelOnTheSameEncodings() {
    TablePreprocessing p = trained.modelConfig().tablePreprocessing().orElseThrow();
    assertSameEncodings(p, TablePreprocessing.fit(table(normal)));
    assertThat(trained.modelConfig().inputShape()).containsExactly(p.width());
    assertThat(trained.trainingSummary().orElseThrow().rounds()).isNotEmpty();
  }

  @Test
  void scoresAndContributionsAreTheScorersOnEachRow(@TempDir Path dir) throws Exception {
    for (String type : List.of("negative_elbo", "reconstruction_error")) {
      VaeModel m = trained.copy(new org.apache.spark.ml.param.ParamMap()).setScoreType(type)
          .setScoreCol("score").setContributionsCol("contrib").setScoreSeed(3).setBatchSize(7);
      Map<Long, Row> out = byId(m.transform(frame(test, 3)));
      Path file = dir.resolve(type + ".vae4j");
      m.saveModelFile(file);
      TablePreprocessing p = m.modelConfig().tablePreprocessing().orElseThrow();
      AnomalyScorer scorer = AnomalyScorer.builder()
          .scoreType(AnomalyScorer.ScoreType.valueOf(type.toUpperCase(java.util.Locale.ROOT)))
          .seed(3).seedByRowValues(true).build();
      INDArray x = TableImputation.missingAsNaN(p.transform(table(test)));
      try (Vae4jModel vae = Vae4jModel.load(file)) {
        // the whole table in one call: a row's score does not depend on its partition or batch
        double[] all = scorer.score(vae, x);
        double[][] allPerColumn = scorer.contributions(vae, x).perColumn(p);
        for (int i = 0; i < test.size(); i++) {
          double expected = all[i];
          double[] perColumn = allPerColumn[i];
          Row got = out.get((long) i);
          assertThat(got.<Double>getAs("score")).as("%s row %d", type, i)
              .isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
          List<Double> c = got.getList(got.fieldIndex("contrib"));
          assertThat(c).hasSize(COLS.length);
          for (int j = 0; j < COLS.length; j++) {
            assertThat(c.get(j)).isCloseTo(perColumn[j], within(1e-4 * (1 + Math.abs(perColumn[j]))));
          }
        }
      }
    }
  }

  @Test
  void injectedAnomaliesScoreHigher() {
    Map<Long, Row> out = byId(trained.copy(new org.apache.spark.ml.param.ParamMap())
        .setScoreCol("score").setScoreType("reconstruction_probability").setScoreSamples(8)
        .transform(frame(test, 2)));
    double[] scores = new double[test.size()];
    boolean[] anomalous = new boolean[test.size()];
    for (int i = 0; i < test.size(); i++) {
      scores[i] = out.get((long) i).<Double>getAs("score");
      anomalous[i] = test.get(i).getBoolean(6);
    }
    assertThat(AnomalyMetrics.rocAuc(scores, anomalous)).isGreaterThan(0.9);
  }

  @Test
  void contaminationSetsTheThresholdFlaggingThatShareOfTrainingRows() {
    assertThat(trained.getThreshold()).isFinite();
    VaeModel m = trained.copy(new org.apache.spark.ml.param.ParamMap()).setScoreCol("score")
        .setFlagCol("flag");
    List<Row> out = m.transform(frame(normal, 3)).select("score", "flag").collectAsList();
    long flagged = 0;
    for (Row r : out) {
      assertThat(r.getBoolean(1)).isEqualTo(r.getDouble(0) > trained.getThreshold());
      flagged += r.getBoolean(1) ? 1 : 0;
    }
    // the 0.95-quantile (interpolated) of 300 scores: 15 rows above it, give or take a tie
    assertThat(flagged).isBetween(14L, 16L);
  }

  @Test
  void rowsWithMissingEntriesAreScoredAndAnAllMissingRowIsRefused() {
    List<Row> rows = rows(10, 0, 0.5, 40);
    VaeModel m = trained.copy(new org.apache.spark.ml.param.ParamMap()).setScoreCol("score");
    Map<Long, Row> out = byId(m.transform(frame(rows, 2)));
    assertThat(out).hasSize(10);
    out.values().forEach(r -> assertThat(r.<Double>getAs("score")).isFinite());
    List<Row> allMissing = List.of(RowFactory.create(99L, null, null, null, null, null, false));
    assertThatThrownBy(() -> m.transform(frame(allMissing, 1)).collectAsList())
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .hasStackTraceContaining("has no observed value: every one of its 7 values is NaN (missing)");
  }

  @Test
  void bothStagesSaveAndLoad(@TempDir Path dir) throws Exception {
    VaeEstimator e = estimator().setScaling("min_max").setMaxLevels(7).setContamination(0.1)
        .setScoreCol("s").setFlagCol("f").setIntegerCols("price", "amount")
        .setInferIntegers(false);
    e.save(dir.resolve("est").toString());
    VaeEstimator e2 = VaeEstimator.load(dir.resolve("est").toString());
    assertThat(e2.getInputCols()).containsExactly(COLS);
    assertThat(e2.getScaling()).isEqualTo("min_max");
    assertThat(e2.getMaxLevels()).isEqualTo(7);
    assertThat(e2.getIntegerCols()).containsExactly("price", "amount");
    assertThat(e2.getInferIntegers()).isFalse();
    assertThat(e2.getContamination()).isEqualTo(0.1);
    assertThat(e2.getScoreCol()).isEqualTo("s");

    VaeModel m = trained.copy(new org.apache.spark.ml.param.ParamMap()).setScoreCol("score")
        .setFlagCol("flag").setContributionsCol("c");
    m.save(dir.resolve("model").toString());
    VaeModel m2 = VaeModel.load(dir.resolve("model").toString());
    assertThat(m2.getThreshold()).isEqualTo(trained.getThreshold());
    assertThat(m2.modelConfig()).isEqualTo(m.modelConfig());
    Map<Long, Row> a = byId(m.transform(frame(test, 2)));
    Map<Long, Row> b = byId(m2.transform(frame(test, 2)));
    for (long id : a.keySet()) {
      assertThat(b.get(id).<Double>getAs("score")).isEqualTo(a.get(id).<Double>getAs("score"));
      assertThat(b.get(id).<Boolean>getAs("flag")).isEqualTo(a.get(id).<Boolean>getAs("flag"));
    }
  }

  @Test
  void rejectsUnsupportedColumnsTooManyLevelsAndUnseenLevels() {
    Dataset<Row> df = frame(normal, 2);
    assertThatThrownBy(() -> estimator().setInputCols("amount", "id2")
        .fit(df.withColumn("id2", org.apache.spark.sql.functions.array(df.col("amount")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputCols column 'id2' must be numeric (int, long, float, double, decimal, "
            + "...), boolean or string, got array<double>");
    assertThatThrownBy(() -> estimator().setInputCols("amount", "missing").fit(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("inputCols must name columns of the input, got 'missing'");
    assertThatThrownBy(() -> estimator().setMaxLevels(2).fit(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputCols column 'kind' must have at most 2 distinct values (maxLevels), got "
            + "more; raise maxLevels, or drop or bucket the column");
    assertThatThrownBy(() -> estimator().setInputCols("amount", "amount"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputCols must be distinct, got 'amount' twice");
    assertThatThrownBy(() -> trained.copy(new org.apache.spark.ml.param.ParamMap())
        .setFlagCol("flag").setThreshold(1).setScoreType("negative_log_likelihood")
        .setContributionsCol("c").transformSchema(SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("contributionsCol needs a score that sums over values");
    assertThatThrownBy(() -> VaeModel.of(loadTrained()).setFlagCol("flag").transformSchema(SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("flagCol 'flag' needs a threshold");
    List<Row> odd = List.of(RowFactory.create(0L, 1.0, 2, true, "unseen", null, false));
    assertThatThrownBy(() -> trained.copy(new org.apache.spark.ml.param.ParamMap())
        .setScoreCol("s").transform(frame(odd, 1)).collectAsList())
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .hasStackTraceContaining("column 'kind': level \"unseen\" was not seen when fitting");
  }

  private static Vae4jModel loadTrained() throws Exception {
    Path f = Files.createTempFile("vae4j-table", ".vae4j");
    try {
      trained.saveModelFile(f);
      return Vae4jModel.load(f);
    } finally {
      Files.deleteIfExists(f);
    }
  }

  private static Map<Long, Row> byId(Dataset<Row> out) {
    Map<Long, Row> m = new HashMap<>();
    for (Row r : out.collectAsList()) {
      m.put(r.getLong(0), r);
    }
    return m;
  }
}
