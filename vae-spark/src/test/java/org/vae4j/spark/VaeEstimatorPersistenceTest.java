package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.spark.SparkTests.Storage;

/** Spark ML persistence of {@link VaeEstimator}, alone and in a {@code Pipeline}. */
@Tag("spark")
class VaeEstimatorPersistenceTest {

  private static final int N = 40;
  private static final int WIDTH = 10;

  private static float[][] x;
  private static int[] labels;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    SparkTests.session(); // writers and readers use the active session
    x = SparkTests.examples(N, WIDTH, 31);
    labels = new int[N];
    for (int i = 0; i < N; i++) {
      double a = 0;
      for (int j = 0; j < WIDTH; j++) {
        a += j < WIDTH / 2 ? x[i][j] : -x[i][j];
      }
      labels[i] = a > 0 ? 1 : 0;
    }
  }

  private static VaeEstimator estimator() {
    return new VaeEstimator().setInputCol("x").setOutputCol("features").setInputShape(WIDTH)
        .setHidden(8).setLatentDim(3).setModelSeed(7).setEpochs(2).setBatchSize(6)
        .setLearningRate(0.005).setSeed(3).setLocalSteps(2).setKlWarmupSteps(4);
  }

  private static Dataset<Row> data() {
    Dataset<Row> in = SparkTests.frame(x, Storage.FLOAT_ARRAY, labels, 2);
    return in.withColumn("label", in.col("label").cast("double"));
  }

  @Test
  void savedEstimatorLoadsWithEverySettingAndTrainsTheSameModel() throws IOException {
    VaeEstimator estimator = estimator().setLogVarCol("lv").setOptimizer("SGD")
        .setCheckpointEvery(2).setCheckpointKeep(4).setAggregationDepth(3).setClipGradientNorm(5);
    String path = dir.resolve("estimator").toString();
    estimator.save(path);
    VaeEstimator back = VaeEstimator.load(path);

    assertThat(back.uid()).isEqualTo(estimator.uid());
    for (ParamPair<?> pair : estimator.extractParamMap().toList()) {
      Object expected = pair.value();
      Object actual = back.getOrDefault(back.getParam(pair.param().name()));
      assertThat(actual).as(pair.param().name()).isEqualTo(expected);
    }
    assertThat(back.getModelConfig()).isEqualTo(estimator.getModelConfig());
    assertThat(back.getTrainingOptions()).isEqualTo(estimator.getTrainingOptions());

    VaeModel a = estimator.fit(data());
    VaeModel b = back.fit(data());
    assertThat(VaeEstimatorTrainingTest.parameters(b))
        .containsExactly(VaeEstimatorTrainingTest.parameters(a));
    List<Row> before = a.transform(data()).orderBy("id").collectAsList();
    assertThat(b.transform(data()).orderBy("id").collectAsList()).isEqualTo(before);
    assertThat(before.get(0).schema().fieldNames()).contains("features", "lv");
  }

  @Test
  void pipelineWithLogisticRegressionFitsSavesAndLoads() throws IOException {
    LogisticRegression lr = new LogisticRegression().setMaxIter(10).setFeaturesCol("features")
        .setLabelCol("label");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {estimator(), lr});
    String pipelinePath = dir.resolve("pipeline").toString();
    pipeline.write().overwrite().save(pipelinePath);
    Pipeline loadedPipeline = Pipeline.load(pipelinePath);
    assertThat(loadedPipeline.getStages()[0]).isInstanceOf(VaeEstimator.class);

    PipelineModel fitted = pipeline.fit(data());
    PipelineModel refitted = loadedPipeline.fit(data());
    String modelPath = dir.resolve("pipeline-model").toString();
    fitted.write().overwrite().save(modelPath);
    PipelineModel back = PipelineModel.load(modelPath);

    List<Row> expected = fitted.transform(data()).select("id", "features", "probability",
        "prediction").orderBy("id").collectAsList();
    assertThat(back.transform(data()).select("id", "features", "probability", "prediction")
        .orderBy("id").collectAsList()).isEqualTo(expected);
    assertThat(refitted.transform(data()).select("id", "features", "probability", "prediction")
        .orderBy("id").collectAsList()).isEqualTo(expected);
    VaeModel trained = (VaeModel) fitted.stages()[0];
    assertThat(trained.trainingSummary()).isPresent();
    assertThat(((VaeModel) back.stages()[0]).trainingSummary()).isEmpty();
    assertThat(((VaeModel) back.stages()[0]).modelConfig()).isEqualTo(trained.modelConfig());
  }

  @Test
  void modelAndTrainingSettingsRoundTripThroughTheirConfigs() {
    ModelConfig conv = new ModelConfig(ModelConfig.Kind.CONDITIONAL_VAE, ModelConfig.EncoderKind.CONV,
        new int[0], new int[] {4, 8}, 12, new long[] {1, 8, 8}, 5, ModelConfig.LossKind.MSE, 0.5, 9,
        3);
    assertThat(new VaeEstimator().setModelConfig(conv).getModelConfig()).isEqualTo(conv);
    ModelConfig ae = new ModelConfig(ModelConfig.Kind.AUTOENCODER, ModelConfig.EncoderKind.MLP,
        new int[] {7}, new int[0], 0, new long[] {12}, 2, ModelConfig.LossKind.BCE, 0, 1, 0);
    assertThat(new VaeEstimator().setModelConfig(ae).getModelConfig()).isEqualTo(ae);
    // an autoencoder's beta is 0 unless set
    assertThat(new VaeEstimator().setModelKind("autoencoder").getModelConfig().beta()).isZero();

    TrainingOptions options = TrainingOptions.builder().epochs(4).batchSize(9).learningRate(0.2)
        .adamBeta1(0.8).adamBeta2(0.99).adamEpsilon(1e-6).seed(-3).klWarmupEpochs(2)
        .clipGradientNorm(1.5).checkpoints(dir, 2, 5).build();
    assertThat(new VaeEstimator().setTrainingOptions(options).getTrainingOptions())
        .isEqualTo(options);
    TrainingOptions sgd = TrainingOptions.builder().sgd().klWarmupSteps(7).build();
    assertThat(new VaeEstimator().setTrainingOptions(sgd).getTrainingOptions()).isEqualTo(sgd);
    assertThat(new VaeEstimator().getTrainingOptions()).isEqualTo(TrainingOptions.builder().build());
    // early stopping on the training loss, with best weights (the loop of fit runs the epochs)
    TrainingOptions early = TrainingOptions.builder().earlyStopping(2, 0.5, true).build();
    assertThat(new VaeEstimator().setTrainingOptions(early).getTrainingOptions()).isEqualTo(early);
  }
}
