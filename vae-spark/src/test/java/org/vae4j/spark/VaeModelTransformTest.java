package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vae4j.api.Posterior;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.Vae;
import org.vae4j.spark.Batches.Output;
import org.vae4j.spark.SparkTests.Storage;

/** {@link VaeModel#transform} against the same model's single-JVM calls on the same rows. */
@Tag("spark")
class VaeModelTransformTest {

  private static final int N = 37;
  private static final int WIDTH = 20;

  private static Vae vae;
  private static float[][] x;

  @BeforeAll
  static void setUp() {
    vae = Vae.builder().mlpEncoder(16).inputShape(WIDTH).latentDim(3).seed(5).build();
    x = SparkTests.examples(N, WIDTH, 11);
  }

  @AfterAll
  static void tearDown() {
    vae.close();
  }

  private static float[][] encodeMean(long[] ids) {
    return vae.encodeMean(SparkTests.batch(Batches.select(x, ids), WIDTH)).toFloatMatrix();
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void latentMeansEqualEncodeMeanBitForBitForEveryInputStorage(Storage storage) {
    VaeModel model = VaeModel.of(vae).setInputCol("x").setOutputCol("z").setBatchSize(5);
    Output z = Batches.collect(model.transform(SparkTests.frame(x, storage, null, 3)), "z", 5);
    Batches.assertEqualsPerBatch(z, N, VaeModelTransformTest::encodeMean);
  }

  @Test
  void latentMeansEqualEncodeMeanForEveryPartitioningAndBatchSize() {
    int[][] partitionsAndBatch = {{1, 64}, {1, 37}, {2, 1}, {4, 7}, {6, 2}};
    VaeModel model = VaeModel.of(vae).setInputCol("x");
    for (int[] pb : partitionsAndBatch) {
      Dataset<Row> in = SparkTests.frame(x, Storage.FLOAT_ARRAY, null, pb[0]);
      Output z = Batches.collect(model.setBatchSize(pb[1]).transform(in), "latentMean", pb[1]);
      Batches.assertEqualsPerBatch(z, N, VaeModelTransformTest::encodeMean);
    }
  }

  @Test
  void latentMeansAgreeAcrossBatchSizesUpToRounding() {
    float[][] all = vae.encodeMean(SparkTests.batch(x, WIDTH)).toFloatMatrix();
    Dataset<Row> in = SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 4);
    Output z = Batches.collect(VaeModel.of(vae).setInputCol("x").setBatchSize(3).transform(in),
        "latentMean", 3);
    for (int i = 0; i < N; i++) {
      double[] actual = z.byId().get((long) i);
      for (int j = 0; j < 3; j++) {
        assertThat(actual[j]).isCloseTo(all[i][j], within(1e-6));
      }
    }
  }

  @Test
  void emptyPartitionsAreHandled() {
    float[][] few = Arrays.copyOf(x, 5);
    Dataset<Row> in = SparkTests.frame(few, Storage.FLOAT_ARRAY, null, 12);
    Dataset<Row> out = VaeModel.of(vae).setInputCol("x").setBatchSize(4).transform(in);
    assertThat(out.rdd().getNumPartitions()).isEqualTo(12);
    assertThat(out.select(functions.spark_partition_id()).distinct().count())
        .as("partitions holding rows").isEqualTo(5);
    Batches.assertEqualsPerBatch(Batches.collect(out, "latentMean", 4), 5,
        VaeModelTransformTest::encodeMean);
  }

  @Test
  void emptyInputGivesAnEmptyOutputWithTheOutputColumns() {
    Dataset<Row> in = SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 3).limit(0);
    Dataset<Row> out = VaeModel.of(vae).setInputCol("x").transform(in);
    assertThat(out.count()).isZero();
    assertThat(out.schema().fieldNames()).containsExactly("id", "x", "latentMean");
  }

  @Test
  void keepsEveryInputColumnWithItsMetadataAndAppendsVectorsWithTheirSize() {
    Metadata note = new MetadataBuilder().putString("note", "kept").build();
    Dataset<Row> in = SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 2);
    in = in.withColumn("id", in.col("id").as("id", note));
    VaeModel model = VaeModel.of(vae).setInputCol("x").setOutputCol("z").setLogVarCol("lv");
    Dataset<Row> out = model.transform(in);
    assertThat(out.schema().fieldNames()).containsExactly("id", "x", "z", "lv");
    assertThat(out.schema().apply("id").metadata().getString("note")).isEqualTo("kept");
    assertThat(AttributeGroup.fromStructField(out.schema().apply("z")).size()).isEqualTo(3);
    assertThat(AttributeGroup.fromStructField(out.schema().apply("lv")).size()).isEqualTo(3);
    assertThat(model.transformSchema(in.schema())).isEqualTo(out.schema());
    List<Row> rows = out.orderBy("id").collectAsList();
    for (int i = 0; i < N; i++) {
      assertThat(rows.get(i).getLong(0)).isEqualTo(i);
      List<Object> back = rows.get(i).getList(1);
      for (int j = 0; j < WIDTH; j++) {
        assertThat((Float) back.get(j)).isEqualTo(x[i][j]);
      }
    }
  }

  @Test
  void logVariancesEqualEncodeBitForBit() {
    VaeModel model = VaeModel.of(vae).setInputCol("x").setLogVarCol("lv").setBatchSize(6);
    Dataset<Row> out = model.transform(SparkTests.frame(x, Storage.DENSE_VECTOR, null, 3));
    Batches.assertEqualsPerBatch(Batches.collect(out, "lv", 6), N, ids -> {
      Posterior p = vae.encode(SparkTests.batch(Batches.select(x, ids), WIDTH));
      return p.logVar().toFloatMatrix();
    });
    Batches.assertEqualsPerBatch(Batches.collect(out, "latentMean", 6), N,
        VaeModelTransformTest::encodeMean);
  }

  @Test
  void conditionalVaeUsesEachRowsLabel() {
    int[] labels = new int[N];
    for (int i = 0; i < N; i++) {
      labels[i] = (i * 7) % 4;
    }
    try (ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(16).inputShape(WIDTH)
        .latentDim(3).numClasses(4).seed(8).build()) {
      VaeModel model = VaeModel.of(cvae).setInputCol("x").setLabelCol("label").setBatchSize(5);
      Dataset<Row> in = SparkTests.frame(x, Storage.FLOAT_ARRAY, labels, 3);
      Batches.assertEqualsPerBatch(Batches.collect(model.transform(in), "latentMean", 5), N,
          ids -> cvae.encodeMean(SparkTests.batch(Batches.select(x, ids), WIDTH),
              Batches.select(labels, ids)).toFloatMatrix());
      // MLlib's label columns are doubles: integral doubles are class indices too.
      Dataset<Row> doubles = in.withColumn("label", in.col("label").cast("double"));
      Batches.assertEqualsPerBatch(Batches.collect(model.transform(doubles), "latentMean", 5), N,
          ids -> cvae.encodeMean(SparkTests.batch(Batches.select(x, ids), WIDTH),
              Batches.select(labels, ids)).toFloatMatrix());
      // The labels matter: with every label 0 the rows of other classes get other means.
      Dataset<Row> zeros = in.withColumn("label", functions.lit(0));
      Map<Long, double[]> other = Batches.collect(model.transform(zeros), "latentMean", 5).byId();
      Map<Long, double[]> right = Batches.collect(model.transform(in), "latentMean", 5).byId();
      assertThat(labels[1]).isNotZero();
      assertThat(other.get(1L)).isNotEqualTo(right.get(1L));
    }
  }

  @Test
  void convModelGetsRowsReshapedToItsInputShape() {
    try (Vae conv = Vae.builder().convEncoder(2, 3).denseUnits(4).inputShape(1, 6, 6).latentDim(2)
        .seed(4).build()) {
      float[][] images = SparkTests.examples(9, 36, 3);
      VaeModel model = VaeModel.of(conv).setInputCol("x").setBatchSize(4);
      Dataset<Row> out = model.transform(SparkTests.frame(images, Storage.FLOAT_ARRAY, null, 2));
      Batches.assertEqualsPerBatch(Batches.collect(out, "latentMean", 4), 9,
          ids -> conv.encodeMean(SparkTests.batch(Batches.select(images, ids), 1, 6, 6))
              .toFloatMatrix());
    }
  }

  @Test
  void autoencoderCodesEqualEncodeMean() {
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(16).inputShape(WIDTH).latentDim(4)
        .mseLoss().seed(2).build()) {
      VaeModel model = VaeModel.of(ae).setInputCol("x").setBatchSize(10);
      Dataset<Row> out = model.transform(SparkTests.frame(x, Storage.DOUBLE_ARRAY, null, 2));
      Batches.assertEqualsPerBatch(Batches.collect(out, "latentMean", 10), N,
          ids -> ae.encodeMean(SparkTests.batch(Batches.select(x, ids), WIDTH)).toFloatMatrix());
    }
  }

  @Test
  void modelIsLoadedOncePerTaskSlotAndReused() {
    try (Vae fresh = Vae.builder().mlpEncoder(16).inputShape(WIDTH).latentDim(3).seed(77).build()) {
      VaeModel model = VaeModel.of(fresh).setInputCol("x").setBatchSize(8);
      assertThat(ExecutorModels.loads(model.digest())).isZero();
      for (int run = 0; run < 3; run++) {
        assertThat(model.transform(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 8)).count())
            .isEqualTo(N);
      }
      // local[2]: at most two tasks at once, so at most two instances for 24 tasks.
      assertThat(ExecutorModels.loads(model.digest())).isBetween(1L, 2L);
    }
  }
}
