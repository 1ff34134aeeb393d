package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.train.TrainingOptions;

/**
 * The params of {@link VaeEstimator} come from one table ({@link ConfigParams}) that covers every
 * field of {@link ModelConfig} and {@link TrainingOptions}: a field added to a config without a row
 * fails here, and with a row it reaches the estimator, its persistence and its configs with no
 * other change.
 */
class ConfigParamsTest {

  private static Set<String> fields(ConfigParams.Group group) {
    return ConfigParams.rows(group).map(ConfigParams.Row::field).collect(Collectors.toSet());
  }

  private static Set<String> components(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
        .collect(Collectors.toSet());
  }

  @Test
  void everyModelConfigFieldHasAParam() {
    // table (the columns of a TABLE model) has no param: the estimator's losses are bce and mse
    Set<String> components = new java.util.HashSet<>(components(ModelConfig.class));
    assertThat(components.remove("table")).isTrue();
    assertThat(fields(ConfigParams.Group.MODEL)).as("ModelConfig fields with a param")
        .containsExactlyInAnyOrderElementsOf(components);
  }

  @Test
  void everyTrainingOptionsFieldHasAParam() {
    assertThat(fields(ConfigParams.Group.TRAINING)).as("TrainingOptions fields with a param")
        .containsExactlyInAnyOrderElementsOf(components(TrainingOptions.class));
  }

  @Test
  void everyRowIsAParamSparkFindsOnTheEstimatorWithItsDefault() {
    VaeEstimator e = new VaeEstimator();
    Set<String> sparkParams = Arrays.stream(e.params()).map(Param::name)
        .collect(Collectors.toSet());
    for (ConfigParams.Row row : ConfigParams.ROWS) {
      assertThat(sparkParams).as("Spark's params of the estimator").contains(row.name());
      Object value = e.getOrDefault(e.getParam(row.name()));
      if (value instanceof int[] a) {
        assertThat(a).as(row.name()).containsExactly((int[]) row.defaultValue());
      } else {
        assertThat(value).as(row.name()).isEqualTo(row.defaultValue());
      }
    }
    // and the column params, declared once for the estimator and the model
    assertThat(sparkParams).contains("inputCol", "labelCol", "outputCol", "logVarCol",
        "reconstructionErrorCol", "logLikelihoodCol", "importanceSamples", "logLikelihoodSeed",
        "inputCols", "scoreCol", "scoreType", "scoreSamples", "scoreSeed", "flagCol", "threshold",
        "contributionsCol");
    // and the estimator's own table and threshold params
    assertThat(sparkParams).contains("contamination", "scaling", "maxLevels", "integerCols",
        "inferIntegers");
    assertThat(sparkParams).hasSize(ConfigParams.ROWS.size() + 16 + 5);
  }

  @Test
  void theExecutorsOptionsAreTheRunsWithoutTheCheckpointDirectory() {
    TrainingOptions options = TrainingOptions.builder().epochs(3).batchSize(7).seed(5)
        .earlyStopping(2, 0.1, true).clipGradientNorm(2).sgd()
        .checkpoints(java.nio.file.Path.of("ckpt"), 2, 4).build();
    TrainingOptions executors = DistributedTrainer.withoutCheckpoints(options);
    assertThat(executors.checkpointDirectory()).isNull();
    assertThat(executors.toBuilder().checkpoints(java.nio.file.Path.of("ckpt"), 2, 4).build())
        .isEqualTo(options);
  }

  @Test
  void theDefaultsAreThoseOfTheBuildersAndTheDefaultOptions() {
    assertThat(new VaeEstimator().getTrainingOptions()).isEqualTo(TrainingOptions.builder().build());
    ModelConfig c = new VaeEstimator().getModelConfig();
    assertThat(c.kind()).isEqualTo(ModelConfig.Kind.VAE);
    assertThat(c.hidden()).containsExactly(512, 256);
    assertThat(c.inputShape()).containsExactly(1, 28, 28);
    assertThat(c.latentDim()).isEqualTo(2);
  }
}
