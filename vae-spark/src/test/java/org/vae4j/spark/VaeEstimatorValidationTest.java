package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vae4j.core.train.TrainingDivergedException;
import org.vae4j.spark.SparkTests.Storage;

/** Every way {@link VaeEstimator}'s settings or data can be wrong, and the message that says so. */
@Tag("spark")
class VaeEstimatorValidationTest {

  private static final int WIDTH = 6;

  private static float[][] x;
  private static int[] labels;

  @BeforeAll
  static void setUp() {
    x = SparkTests.examples(9, WIDTH, 2);
    labels = new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2};
  }

  private static VaeEstimator small() {
    return new VaeEstimator().setInputCol("x").setInputShape(WIDTH).setHidden(4).setEpochs(1)
        .setBatchSize(4);
  }

  private static StructType schema() {
    return SparkTests.frame(x, Storage.FLOAT_ARRAY, labels, 1).schema();
  }

  @Test
  void settersRefuseBadValuesNamingTheSetting() {
    VaeEstimator e = new VaeEstimator();
    assertThatThrownBy(() -> e.setLatentDim(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latentDim must be >= 1, got 0");
    assertThatThrownBy(() -> e.setModelKind("gan"))
        .hasMessage("modelKind must be one of vae, autoencoder, conditional, got gan");
    assertThatThrownBy(() -> e.setEncoder("rnn")).hasMessage("encoder must be one of mlp, conv, got rnn");
    assertThatThrownBy(() -> e.setLoss("l1")).hasMessage("loss must be one of bce, mse, learned_variance_gaussian, got l1");
    assertThatThrownBy(() -> e.setOptimizer("rmsprop"))
        .hasMessage("optimizer must be one of adam, sgd, got rmsprop");
    assertThatThrownBy(() -> e.setHidden(8, 0)).hasMessage("hidden must hold values >= 1, got [8, 0]");
    assertThatThrownBy(() -> e.setChannels()).hasMessage("channels must not be empty, got []");
    assertThatThrownBy(() -> e.setInputShape(1, 28))
        .hasMessage("inputShape must be [C, H, W] or [D], got [1, 28]");
    assertThatThrownBy(() -> e.setNumClasses(1)).hasMessage("numClasses must be >= 2, got 1");
    assertThatThrownBy(() -> e.setBeta(-1)).hasMessage("beta must be finite and >= 0, got -1.0");
    assertThatThrownBy(() -> e.setEpochs(0)).hasMessage("epochs must be >= 1, got 0");
    assertThatThrownBy(() -> e.setBatchSize(0)).hasMessage("batchSize must be >= 1, got 0");
    assertThatThrownBy(() -> e.setLearningRate(Double.NaN))
        .hasMessage("learningRate must be finite and > 0, got NaN");
    assertThatThrownBy(() -> e.setAdamBeta1(1)).hasMessage("adamBeta1 must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> e.setKlWarmupSteps(-1)).hasMessage("klWarmupSteps must be >= 0, got -1");
    assertThatThrownBy(() -> e.setLocalSteps(0)).hasMessage("localSteps must be >= 1, got 0");
    assertThatThrownBy(() -> e.setNumPartitions(-2)).hasMessage("numPartitions must be >= 0, got -2");
    assertThatThrownBy(() -> e.setAggregationDepth(0)).hasMessage("aggregationDepth must be >= 1, got 0");
    assertThatThrownBy(() -> e.setCheckpointKeep(0)).hasMessage("checkpointKeep must be >= 1, got 0");
    assertThatThrownBy(() -> e.setCheckpointDir("hdfs://nn/ckpt"))
        .hasMessage("checkpointDir must be a path on the driver's local file system (the driver "
            + "reads and writes checkpoints), got hdfs://nn/ckpt");
    assertThatThrownBy(() -> e.setResumeFrom("s3a://bucket/c.zip"))
        .hasMessageStartingWith("resumeFrom must be a path on the driver's local file system");
    // nothing was set by the refused calls
    assertThat(e.getLatentDim()).isEqualTo(2);
    assertThat(e.getModelKind()).isEqualTo("vae");
    assertThat(e.setModelKind("Conditional").getModelKind()).isEqualTo("conditional");
  }

  @Test
  void aBatchNormConfigIsTakenAsItIsAndAnMlpWithBatchNormIsRefused() {
    org.vae4j.core.ModelConfig bn;
    try (org.vae4j.core.Vae m = org.vae4j.core.Vae.builder().convEncoder(4).inputShape(1, 8, 8)
        .latentDim(2).batchNorm(true).build()) {
      bn = m.config();
    }
    VaeEstimator e = new VaeEstimator();
    assertThat(e.getBatchNorm()).isFalse();
    e.setModelConfig(bn);
    assertThat(e.getBatchNorm()).isTrue();
    assertThat(e.getModelConfig()).isEqualTo(bn);
    e.setModelConfig(bn.withBatchNorm(false));
    assertThat(e.getBatchNorm()).isFalse();
    assertThat(e.getModelConfig()).isEqualTo(bn.withBatchNorm(false));
    assertThat(e.setBatchNorm(true).getModelConfig()).isEqualTo(bn);
    assertThatThrownBy(() -> new VaeEstimator().setEncoder("mlp").setInputShape(36)
        .setBatchNorm(true).getModelConfig())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchNorm");
  }

  @Test
  void settingsThatDoNotMakeAModelAreRefusedBeforeAnyJob() {
    StructType s = schema();
    assertThatThrownBy(() -> small().setModelKind("conditional").setLabelCol("label").transformSchema(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("numClasses must be >= 2 for a conditional VAE, got 0");
    assertThatThrownBy(() -> small().setModelKind("conditional").setNumClasses(3).transformSchema(s))
        .hasMessage("labelCol must be set for a conditional VAE (class indices in [0, 3)), got none");
    assertThatThrownBy(() -> small().setLabelCol("label").transformSchema(s))
        .hasMessage("labelCol must be empty for a VAE model (only a conditional VAE takes labels), "
            + "got 'label'");
    assertThatThrownBy(() -> small().setModelKind("autoencoder").setBeta(2).transformSchema(s))
        .hasMessage("beta must be 0 for an autoencoder, got 2.0");
    assertThatThrownBy(() -> small().setEncoder("conv").transformSchema(s))
        .hasMessage("inputShape must be [C, H, W] for a conv encoder, got [6]");
    assertThatThrownBy(() -> small().setKlWarmupEpochs(2).setKlWarmupSteps(3).transformSchema(s))
        .hasMessage("klWarmupEpochs and klWarmupSteps must not both be set, got 2 and 3");
    assertThatThrownBy(() -> small().setInputShape(7).transformSchema(
        new StructType().add(new org.apache.spark.ml.attribute.AttributeGroup("x", 6).toStructField())))
        .hasMessage("inputCol 'x' must hold 7 values per row (the model's input shape [7], "
            + "flattened in row-major order), got vectors of size 6 (the column's metadata)");
    assertThatThrownBy(() -> new VaeEstimator().setInputShape(WIDTH).transformSchema(s))
        .hasMessage("inputCol must be set, got none");
    assertThatThrownBy(() -> small().setOutputCol("id").transformSchema(s))
        .hasMessage("outputCol must not name an existing column of the input, got 'id'");
    // the same checks run in fit, before Spark runs anything
    assertThatThrownBy(() -> small().setModelKind("autoencoder").setLogVarCol("lv")
        .fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 1)))
        .hasMessageStartingWith("logVarCol must be empty for an AUTOENCODER");
  }

  @Test
  void paramMapsGoThroughSparksValidators() {
    Dataset<Row> in = SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 1);
    VaeEstimator e = small();
    assertThatThrownBy(() -> e.fit(in, new ParamMap().put(e.latentDim(), 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latentDim given invalid value 0");
    assertThatThrownBy(() -> e.fit(in, new ParamMap().put(e.modelKind(), "gan")))
        .hasMessageContaining("modelKind given invalid value gan");
  }

  @Test
  void badRowsFailFitNamingTheColumnAndTheValue() {
    float[][] narrow = SparkTests.examples(5, WIDTH - 1, 3);
    assertThatThrownBy(() -> small().fit(SparkTests.frame(narrow, Storage.FLOAT_ARRAY, null, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputCol 'x' must hold 6 values per row (the model's input shape [6], "
            + "flattened in row-major order), got 5");
    float[][] nan = SparkTests.examples(5, WIDTH, 3);
    nan[3][2] = Float.NaN;
    assertThatThrownBy(() -> small().fit(SparkTests.frame(nan, Storage.DOUBLE_ARRAY, null, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputCol 'x' must hold finite values, got NaN at index 2");
    int[] bad = labels.clone();
    bad[4] = 3;
    assertThatThrownBy(() -> small().setModelKind("conditional").setNumClasses(3).setLabelCol("label")
        .fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, bad, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labelCol 'label' must hold class indices in [0, 3), got 3");
  }

  @Test
  void anEmptyDatasetIsRefused() {
    Dataset<Row> none = SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 2).limit(0);
    assertThatThrownBy(() -> small().fit(none)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("dataset must hold at least one row, got none (in ");
  }

  @Test
  void moreLocalStepsThanBatchesAndMorePartitionsThanRowsAreFine() {
    VaeModel model = small().setLocalSteps(50).setEpochs(2)
        .fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 12));
    VaeTrainingSummary summary = model.trainingSummary().orElseThrow();
    // 9 rows in 12 partitions: 9 partitions of one row (one step per epoch), 3 empty ones
    assertThat(summary.partitionRows()).hasSize(12);
    assertThat(summary.partitionRows().stream().mapToLong(Long::longValue).sum()).isEqualTo(9);
    assertThat(summary.rounds()).extracting(RoundStats::partitions).containsExactly(9, 9);
    assertThat(summary.rounds()).extracting(RoundStats::steps).containsExactly(1L, 2L);
  }

  @Test
  void aDivergingRunFailsWithTheTrainersException() {
    float[][] big = SparkTests.examples(8, WIDTH, 4);
    for (float[] row : big) {
      java.util.Arrays.fill(row, 1e30f);
    }
    assertThatThrownBy(() -> small().setLoss("mse").setLearningRate(1e10).setOptimizer("sgd")
        .fit(SparkTests.frame(big, Storage.FLOAT_ARRAY, null, 1)))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageStartingWith("training diverged at epoch 1, step 1: ");
  }
}
