package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** One test per validation rule of {@link TrainingConfig}. */
class TrainingConfigTest {

  @Test
  void rejectsZeroEpochs() {
    assertThatThrownBy(() -> TrainingConfig.builder().epochs(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("epochs must be >= 1, got 0");
  }

  @Test
  void rejectsZeroBatchSize() {
    assertThatThrownBy(() -> TrainingConfig.builder().batchSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("batchSize must be >= 1, got 0");
  }

  @Test
  void rejectsNonPositiveLearningRate() {
    assertThatThrownBy(() -> TrainingConfig.builder().learningRate(-1e-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("learningRate must be finite and > 0, got -0.001");
  }

  @Test
  void rejectsBeta1OfOne() {
    assertThatThrownBy(() -> TrainingConfig.builder().adamBeta1(1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("adamBeta1 must be in [0, 1), got 1.0");
  }

  @Test
  void rejectsNegativeBeta2() {
    assertThatThrownBy(() -> TrainingConfig.builder().adamBeta2(-0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("adamBeta2 must be in [0, 1), got -0.1");
  }

  @Test
  void rejectsZeroEpsilon() {
    assertThatThrownBy(() -> TrainingConfig.builder().adamEpsilon(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("adamEpsilon must be finite and > 0, got 0.0");
  }

  @Test
  void buildsTheDefaults() {
    TrainingConfig c = TrainingConfig.builder().build();
    assertThat(c).isEqualTo(new TrainingConfig(
        10, 128, 1e-3, 0.9, 0.999, 1e-8, 0, 0, 0, 0, 0.0, false, null, 1, 3, 0.0));
  }

  @Test
  void rejectsNegativeKlWarmupEpochs() {
    assertThatThrownBy(() -> TrainingConfig.builder().klWarmupEpochs(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("klWarmupEpochs must be >= 0, got -1");
  }

  @Test
  void rejectsNegativeKlWarmupSteps() {
    assertThatThrownBy(() -> TrainingConfig.builder().klWarmupSteps(-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("klWarmupSteps must be >= 0, got -5");
  }

  @Test
  void rejectsBothWarmupsAtOnce() {
    assertThatThrownBy(() -> TrainingConfig.builder().klWarmupEpochs(2).klWarmupSteps(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("klWarmupEpochs and klWarmupSteps must not both be set, got 2 and 10");
  }

  @Test
  void rejectsZeroPatienceInTheBuilder() {
    assertThatThrownBy(() -> TrainingConfig.builder().earlyStopping(0, 0.0, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("earlyStoppingPatience must be >= 1, got 0");
  }

  @Test
  void rejectsNegativePatience() {
    assertThatThrownBy(() ->
        new TrainingConfig(1, 1, 1e-3, 0.9, 0.999, 1e-8, 0, 0, 0, -2, 0.0, false, null, 1, 1, 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("earlyStoppingPatience must be >= 0, got -2");
  }

  @Test
  void rejectsNegativeMinDelta() {
    assertThatThrownBy(() -> TrainingConfig.builder().earlyStopping(3, -0.5, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("earlyStoppingMinDelta must be finite and >= 0, got -0.5");
  }

  @Test
  void rejectsNanMinDelta() {
    assertThatThrownBy(() -> TrainingConfig.builder().earlyStopping(3, Double.NaN, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("earlyStoppingMinDelta must be finite and >= 0, got NaN");
  }

  @Test
  void rejectsZeroCheckpointFrequency() {
    assertThatThrownBy(() -> TrainingConfig.builder().checkpoints(Path.of("ck"), 0, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("checkpointEvery must be >= 1, got 0");
  }

  @Test
  void rejectsKeepingNoCheckpoints() {
    assertThatThrownBy(() -> TrainingConfig.builder().checkpoints(Path.of("ck"), 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("checkpointKeep must be >= 1, got 0");
  }

  @Test
  void rejectsANullCheckpointDirectory() {
    assertThatThrownBy(() -> TrainingConfig.builder().checkpoints(null))
        .isInstanceOf(NullPointerException.class).hasMessage("directory");
  }

  @Test
  void rejectsNegativeClipNorm() {
    assertThatThrownBy(() -> TrainingConfig.builder().clipGradientNorm(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clipGradientNorm must be finite and >= 0, got -1.0");
  }

  @Test
  void rejectsInfiniteClipNorm() {
    assertThatThrownBy(() -> TrainingConfig.builder().clipGradientNorm(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clipGradientNorm must be finite and >= 0, got Infinity");
  }

  @Test
  void rejectsInfiniteLearningRate() {
    assertThatThrownBy(() -> TrainingConfig.builder().learningRate(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("learningRate must be finite and > 0, got Infinity");
  }

  @Test
  void roundTripsThroughJsonWithAndWithoutACheckpointDirectory() {
    TrainingConfig full = TrainingConfig.builder().epochs(7).batchSize(33).learningRate(2e-4)
        .adamBeta1(0.8).adamBeta2(0.99).adamEpsilon(1e-7).seed(-123456789L).klWarmupSteps(250)
        .earlyStopping(4, 0.25, true).checkpoints(Path.of("/tmp/some dir/ck"), 2, 5)
        .clipGradientNorm(5.0).build();
    assertThat(TrainingConfig.fromJson(full.toJson())).isEqualTo(full);
    TrainingConfig plain = TrainingConfig.builder().klWarmupEpochs(3).build();
    assertThat(TrainingConfig.fromJson(plain.toJson())).isEqualTo(plain);
  }

  @Test
  void jsonWithAMissingFieldNamesTheField() {
    String json = TrainingConfig.builder().build().toJson().replace("\"checkpointKeep\"", "\"other\"");
    assertThatThrownBy(() -> TrainingConfig.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("training config JSON must have field checkpointKeep, got none");
  }

  @Test
  void jsonWithAnInvalidValueIsRejectedByTheSameRule() {
    String json = TrainingConfig.builder().build().toJson().replace("\"epochs\" : 10", "\"epochs\" : 0");
    assertThatThrownBy(() -> TrainingConfig.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("epochs must be >= 1, got 0");
  }
}
