package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.ModelFormatException;
import org.vae4j.core.Vae;
import org.vae4j.spark.SparkTests.Storage;

/** Spark ML persistence of {@link VaeModel}, alone and in a {@code PipelineModel}. */
@Tag("spark")
class VaeModelPersistenceTest {

  private static final int N = 40;
  private static final int WIDTH = 10;

  private static Vae vae;
  private static float[][] x;
  private static int[] labels;

  @TempDir
  Path dir;

  @BeforeAll
  static void setUp() {
    SparkTests.session(); // writers and readers use the active session
    vae = Vae.builder().mlpEncoder(8).inputShape(WIDTH).latentDim(3).seed(12).build();
    x = SparkTests.examples(N, WIDTH, 21);
    labels = new int[N];
    for (int i = 0; i < N; i++) {
      // A label the latent means can predict: whether the first half of the example is brighter.
      double a = 0;
      for (int j = 0; j < WIDTH; j++) {
        a += j < WIDTH / 2 ? x[i][j] : -x[i][j];
      }
      labels[i] = a > 0 ? 1 : 0;
    }
  }

  @AfterAll
  static void tearDown() {
    vae.close();
  }

  @Test
  void savedModelLoadsWithItsParamsAndGivesIdenticalOutputs() throws IOException {
    VaeModel model = VaeModel.of(vae).setInputCol("x").setOutputCol("z").setLogVarCol("lv")
        .setReconstructionErrorCol("err").setLogLikelihoodCol("ll").setImportanceSamples(4)
        .setLogLikelihoodSeed(3).setBatchSize(7);
    String path = dir.resolve("vae-model").toString();
    model.save(path);
    VaeModel back = VaeModel.load(path);

    assertThat(back.uid()).isEqualTo(model.uid());
    assertThat(back.modelConfig()).isEqualTo(vae.config());
    assertThat(back.getInputCol()).isEqualTo("x");
    assertThat(back.getOutputCol()).isEqualTo("z");
    assertThat(back.getLogVarCol()).isEqualTo("lv");
    assertThat(back.getReconstructionErrorCol()).isEqualTo("err");
    assertThat(back.getLogLikelihoodCol()).isEqualTo("ll");
    assertThat(back.getImportanceSamples()).isEqualTo(4);
    assertThat(back.getLogLikelihoodSeed()).isEqualTo(3L);
    assertThat(back.getBatchSize()).isEqualTo(7);
    assertThat(back.getLabelCol()).isEmpty();

    Dataset<Row> in = SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 3);
    assertThat(rows(back.transform(in))).isEqualTo(rows(model.transform(in)));
  }

  @Test
  void everyModelKindRoundTrips() throws IOException {
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(8).inputShape(WIDTH).mseLoss().build();
        ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(8).inputShape(WIDTH).numClasses(2)
            .build()) {
      Dataset<Row> in = SparkTests.frame(x, Storage.DOUBLE_ARRAY, labels, 2);
      for (VaeModel model : new VaeModel[] {VaeModel.of(ae).setInputCol("x"),
          VaeModel.of(cvae).setInputCol("x").setLabelCol("label").setLogVarCol("lv")}) {
        String path = dir.resolve(model.uid()).toString();
        model.write().save(path);
        VaeModel back = VaeModel.read().load(path);
        assertThat(back.modelConfig()).isEqualTo(model.modelConfig());
        assertThat(rows(back.transform(in))).isEqualTo(rows(model.transform(in)));
      }
    }
  }

  @Test
  void modelFileCanBeTakenOutAndLoadedWithoutSpark() throws IOException {
    VaeModel model = VaeModel.of(vae);
    Path file = dir.resolve("m.vae4j");
    model.saveModelFile(file);
    try (Vae back = Vae.load(file)) {
      var batch = SparkTests.batch(x, WIDTH);
      assertThat(back.encodeMean(batch)).isEqualTo(vae.encodeMean(batch));
    }
    assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("m.vae4j");
  }

  @Test
  void pipelineWithLogisticRegressionOnLatentFeaturesRoundTrips() throws IOException {
    VaeModel features = VaeModel.of(vae).setInputCol("x").setOutputCol("features").setBatchSize(16);
    LogisticRegression lr = new LogisticRegression().setMaxIter(5).setFeaturesCol("features")
        .setLabelCol("label");
    Dataset<Row> in = labelled(SparkTests.frame(x, Storage.FLOAT_ARRAY, labels, 2));
    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {features, lr}).fit(in);
    String path = dir.resolve("pipeline").toString();
    pipeline.write().overwrite().save(path);
    PipelineModel back = PipelineModel.load(path);

    Transformer[] stages = back.stages();
    assertThat(stages).hasSize(2);
    assertThat(stages[0]).isInstanceOf(VaeModel.class);
    assertThat(((VaeModel) stages[0]).getOutputCol()).isEqualTo("features");
    List<Row> before = pipeline.transform(in).select("id", "features", "probability", "prediction")
        .orderBy("id").collectAsList();
    List<Row> after = back.transform(in).select("id", "features", "probability", "prediction")
        .orderBy("id").collectAsList();
    assertThat(after).isEqualTo(before);
    // The features are the VAE's latent means, and the classifier learned something from them.
    assertThat(((Vector) before.get(0).get(1)).size()).isEqualTo(3);
    long correct = after.stream()
        .filter(r -> r.getDouble(3) == labels[Math.toIntExact(r.getLong(0))]).count();
    assertThat(correct).isGreaterThan(N / 2);
  }

  @Test
  void refusesToOverwriteUnlessAsked() throws IOException {
    VaeModel model = VaeModel.of(vae).setInputCol("x");
    String path = dir.resolve("twice").toString();
    model.save(path);
    assertThatThrownBy(() -> model.save(path)).isInstanceOf(IOException.class)
        .hasMessageContaining("already exists");
    model.write().overwrite().save(path);
    assertThat(VaeModel.load(path).uid()).isEqualTo(model.uid());
  }

  @Test
  void corruptModelBytesAreRefusedNamingTheDirectory() throws IOException {
    String path = dir.resolve("corrupt").toString();
    VaeModel.of(vae).setInputCol("x").save(path);
    StructType s = new StructType().add("format", DataTypes.IntegerType, false)
        .add("kind", DataTypes.StringType, false).add("config", DataTypes.StringType, false)
        .add("model", DataTypes.BinaryType, false);
    Row bad = RowFactory.create(1, "VAE", vae.config().toJson(), new byte[] {1, 2, 3});
    SparkTests.session().createDataFrame(List.of(bad), s).write().mode(SaveMode.Overwrite)
        .parquet(path + "/data");
    assertThatThrownBy(() -> VaeModel.load(path)).isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith(path + "/data: not a saved VaeModel: the model bytes are not a "
            + "vae4j VAE model file: ");

    Row future = RowFactory.create(2, "VAE", vae.config().toJson(), new byte[] {1});
    SparkTests.session().createDataFrame(List.of(future), s).write().mode(SaveMode.Overwrite)
        .parquet(path + "/data");
    assertThatThrownBy(() -> VaeModel.load(path)).isInstanceOf(ModelFormatException.class)
        .hasMessage(path + "/data: not a saved VaeModel: format must be 1 (this version of "
            + "vae-spark), got 2");
  }

  @Test
  void copyKeepsTheModelAndAppliesExtraParams() {
    VaeModel model = VaeModel.of(vae).setInputCol("x").setBatchSize(3);
    VaeModel copy = model.copy(new org.apache.spark.ml.param.ParamMap().put(model.outputCol(), "c"));
    assertThat(copy.uid()).isEqualTo(model.uid());
    assertThat(copy.getOutputCol()).isEqualTo("c");
    assertThat(copy.getBatchSize()).isEqualTo(3);
    assertThat(model.getOutputCol()).isEqualTo("latentMean");
    assertThat(copy.digest()).isEqualTo(model.digest());
  }

  private static Dataset<Row> labelled(Dataset<Row> in) {
    return in.withColumn("label", in.col("label").cast("double"));
  }

  private static List<Row> rows(Dataset<Row> out) {
    return out.orderBy("id").collectAsList();
  }
}
