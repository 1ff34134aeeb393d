package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.Vae;
import org.vae4j.spark.SparkTests.Storage;

/** Every way the settings, the schema or a row can be wrong, and the message that says so. */
@Tag("spark")
class VaeModelValidationTest {

  private static final int WIDTH = 6;

  private static Vae vae;
  private static ConditionalVae cvae;
  private static Autoencoder ae;
  private static float[][] x;

  @BeforeAll
  static void setUp() {
    vae = Vae.builder().mlpEncoder(4).inputShape(WIDTH).latentDim(2).build();
    cvae = ConditionalVae.builder().mlpEncoder(4).inputShape(WIDTH).latentDim(2).numClasses(4).build();
    ae = Autoencoder.builder().mlpEncoder(4).inputShape(WIDTH).latentDim(2).build();
    x = SparkTests.examples(5, WIDTH, 1);
  }

  @AfterAll
  static void tearDown() {
    vae.close();
    cvae.close();
    ae.close();
  }

  private static StructType schema() {
    return SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 1).schema();
  }

  // ---------------------------------------------------------------- settings and schema

  @Test
  void rejectsAMissingInputCol() {
    assertThatThrownBy(() -> VaeModel.of(vae).transformSchema(schema()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("inputCol must be set, got none");
    assertThatThrownBy(() -> VaeModel.of(vae).setInputCol("pixels").transformSchema(schema()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputCol must name a column of the input, got 'pixels' (columns: id, x)");
  }

  @Test
  void rejectsAnInputColOfAnotherType() {
    assertThatThrownBy(() -> VaeModel.of(vae).setInputCol("id").transformSchema(schema()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputCol 'id' must be of type vector, array<float> or array<double>, got bigint");
    StructType ints = new StructType().add("x", DataTypes.createArrayType(DataTypes.IntegerType));
    assertThatThrownBy(() -> VaeModel.of(vae).setInputCol("x").transformSchema(ints))
        .hasMessage("inputCol 'x' must be of type vector, array<float> or array<double>, got array<int>");
  }

  @Test
  void rejectsVectorsWhoseMetadataSaysAnotherWidth() {
    StructType s = new StructType().add(new AttributeGroup("x", WIDTH + 1).toStructField());
    assertThatThrownBy(() -> VaeModel.of(vae).setInputCol("x").transformSchema(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputCol 'x' must hold 6 values per row (the model's input shape [6], "
            + "flattened in row-major order), got vectors of size 7 (the column's metadata)");
  }

  @Test
  void labelColIsRequiredForAConditionalVaeAndRefusedOtherwise() {
    assertThatThrownBy(() -> VaeModel.of(cvae).setInputCol("x").transformSchema(schema()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labelCol must be set for a conditional VAE (class indices in [0, 4)), got none");
    assertThatThrownBy(() -> VaeModel.of(cvae).setInputCol("x").setLabelCol("x").transformSchema(schema()))
        .hasMessage("labelCol 'x' must be numeric (class indices in [0, 4)), got array<float>");
    assertThatThrownBy(() -> VaeModel.of(vae).setInputCol("x").setLabelCol("id").transformSchema(schema()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labelCol must be empty for a VAE model (only a conditional VAE takes labels), got 'id'");
  }

  @Test
  void autoencoderRefusesLogVarianceAndLikelihood() {
    assertThatThrownBy(() -> VaeModel.of(ae).setInputCol("x").setLogVarCol("lv").transformSchema(schema()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("logVarCol must be empty for an AUTOENCODER (a deterministic encoder has no "
            + "posterior variance), got 'lv'");
    assertThatThrownBy(() -> VaeModel.of(ae).setInputCol("x").setLogLikelihoodCol("ll").transformSchema(schema()))
        .hasMessage("logLikelihoodCol must be empty for an AUTOENCODER (a deterministic encoder "
            + "defines no likelihood), got 'll'");
  }

  @Test
  void outputColumnsMustBeNewAndDistinct() {
    assertThatThrownBy(() -> VaeModel.of(vae).setInputCol("x").setOutputCol("id").transformSchema(schema()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outputCol must not name an existing column of the input, got 'id'");
    assertThatThrownBy(() -> VaeModel.of(vae).setInputCol("x").setOutputCol("").transformSchema(schema()))
        .hasMessage("outputCol must not be empty, got ''");
    assertThatThrownBy(() -> VaeModel.of(vae).setInputCol("x").setOutputCol("z").setLogVarCol("z")
        .setReconstructionErrorCol("e").transformSchema(schema()))
        .hasMessage("logVarCol must differ from the stage's other output columns, got 'z' twice");
    assertThatThrownBy(() -> VaeModel.of(vae).setInputCol("x").setReconstructionErrorCol("e")
        .setLogLikelihoodCol("e").transformSchema(schema()))
        .hasMessage("logLikelihoodCol must differ from the stage's other output columns, got 'e' twice");
  }

  @Test
  void settersRejectBadValues() {
    VaeModel m = VaeModel.of(vae);
    assertThatThrownBy(() -> m.setBatchSize(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be >= 1, got 0");
    assertThatThrownBy(() -> m.setImportanceSamples(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("importanceSamples must be >= 1, got 0");
    assertThatThrownBy(() -> m.setInputCol(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("inputCol");
    // Through a ParamMap, Spark's own validator refuses it.
    assertThatThrownBy(() -> m.copy(new ParamMap().put(m.batchSize(), 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
  }

  @Test
  void aClosedModelCannotBeWrapped() {
    Vae closed = Vae.builder().mlpEncoder(4).inputShape(WIDTH).build();
    closed.close();
    assertThatThrownBy(() -> VaeModel.of(closed)).isInstanceOf(IllegalStateException.class)
        .hasMessage("model is closed");
  }

  // ---------------------------------------------------------------- rows

  @Test
  void rejectsRowsOfAnotherWidthNamingColumnExpectedAndActual() {
    float[][] narrow = SparkTests.examples(3, WIDTH - 1, 2);
    for (Storage s : Storage.values()) {
      Dataset<Row> out = VaeModel.of(vae).setInputCol("x").transform(SparkTests.frame(narrow, s, null, 1));
      assertFailsWith(out::collectAsList, "inputCol 'x' must hold 6 values per row (the model's "
          + "input shape [6], flattened in row-major order), got 5");
    }
  }

  @Test
  void rejectsNullRowsNullElementsAndNonFiniteValues() {
    StructType s = new StructType().add("id", DataTypes.LongType)
        .add("x", DataTypes.createArrayType(DataTypes.DoubleType, true), true);
    VaeModel m = VaeModel.of(vae).setInputCol("x");
    assertFailsWith(() -> m.transform(rows(s, RowFactory.create(0L, null))).collectAsList(),
        "inputCol 'x' must hold an example in every row, got null");
    Object[] withNull = {0.1, 0.2, null, 0.3, 0.4, 0.5};
    assertFailsWith(() -> m.transform(rows(s, RowFactory.create(0L, withNull))).collectAsList(),
        "inputCol 'x' must not hold null elements, got null at index 2");
    double[] nan = {0.1, 0.2, 0.3, Double.NaN, 0.4, 0.5};
    assertFailsWith(() -> m.transform(rows(s, RowFactory.create(0L, nan))).collectAsList(),
        "inputCol 'x' must hold finite values, got NaN at index 3");
    double[] inf = {0.1, 0.2, 0.3, 0.4, 0.5, Double.POSITIVE_INFINITY};
    assertFailsWith(() -> m.transform(rows(s, RowFactory.create(0L, inf))).collectAsList(),
        "inputCol 'x' must hold finite values, got Infinity at index 5");
  }

  @Test
  void rejectsLabelsOutOfRangeFractionalOrNull() {
    int[] labels = {0, 1, 2, 3, 4};
    Dataset<Row> in = SparkTests.frame(x, Storage.FLOAT_ARRAY, labels, 1);
    VaeModel m = VaeModel.of(cvae).setInputCol("x").setLabelCol("label");
    assertFailsWith(() -> m.transform(in).collectAsList(),
        "labelCol 'label' must hold class indices in [0, 4), got 4");
    Dataset<Row> half = in.withColumn("label", functions.lit(1.5));
    assertFailsWith(() -> m.transform(half).collectAsList(),
        "labelCol 'label' must hold class indices in [0, 4), got 1.5");
    Dataset<Row> negative = in.withColumn("label", functions.lit(-1L));
    assertFailsWith(() -> m.transform(negative).collectAsList(),
        "labelCol 'label' must hold class indices in [0, 4), got -1");
    Dataset<Row> nulls = in.withColumn("label", functions.lit(null).cast("int"));
    assertFailsWith(() -> m.transform(nulls).collectAsList(),
        "labelCol 'label' must hold a class index in [0, 4) in every row, got null");
  }

  private static Dataset<Row> rows(StructType schema, Row... rows) {
    return SparkTests.session().createDataFrame(Arrays.asList(rows), schema);
  }

  /**
   * The job fails, and the cause that Spark carries back from the executor is an {@link
   * IllegalArgumentException} with this message.
   */
  private static void assertFailsWith(ThrowingCallable job, String message) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(job);
    assertThat(t).as("the job must fail").isNotNull();
    List<Throwable> chain = new java.util.ArrayList<>();
    for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
      chain.add(c);
    }
    assertThat(chain).as("causes of %s", t)
        .anySatisfy(c -> {
          assertThat(c).isInstanceOf(IllegalArgumentException.class);
          assertThat(c).hasMessage(message);
        });
  }
}
