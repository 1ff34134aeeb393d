package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** One test per validation rule of {@link TrainingOptions}. */
class TrainingOptionsTest {

  @Test
  void rejectsZeroEpochs() {
    assertThatThrownBy(() -> TrainingOptions.builder().epochs(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("epochs must be >= 1, got 0");
  }

  @Test
  void rejectsZeroBatchSize() {
    assertThatThrownBy(() -> TrainingOptions.builder().batchSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("batchSize must be >= 1, got 0");
  }

  @Test
  void rejectsNonPositiveLearningRate() {
    assertThatThrownBy(() -> TrainingOptions.builder().learningRate(-1e-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("learningRate must be finite and > 0, got -0.001");
  }

  @Test
  void rejectsBeta1OfOne() {
    assertThatThrownBy(() -> TrainingOptions.builder().adamBeta1(1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("adamBeta1 must be in [0, 1), got 1.0");
  }

  @Test
  void rejectsNegativeBeta2() {
    assertThatThrownBy(() -> TrainingOptions.builder().adamBeta2(-0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("adamBeta2 must be in [0, 1), got -0.1");
  }

  @Test
  void rejectsZeroEpsilon() {
    assertThatThrownBy(() -> TrainingOptions.builder().adamEpsilon(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("adamEpsilon must be finite and > 0, got 0.0");
  }

  @Test
  void buildsTheDefaults() {
    TrainingOptions c = TrainingOptions.builder().build();
    assertThat(c).isEqualTo(new TrainingOptions(
        10, 128, 1e-3, 0.9, 0.999, 1e-8, 0, 0, 0, 0, 0.0, false, null, 1, 3, 0.0,
        TrainingOptions.Optimizer.ADAM, 0.0));
  }

  @Test
  void rejectsNegativeKlWarmupEpochs() {
    assertThatThrownBy(() -> TrainingOptions.builder().klWarmupEpochs(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("klWarmupEpochs must be >= 0, got -1");
  }

  @Test
  void rejectsNegativeKlWarmupSteps() {
    assertThatThrownBy(() -> TrainingOptions.builder().klWarmupSteps(-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("klWarmupSteps must be >= 0, got -5");
  }

  @Test
  void rejectsBothWarmupsAtOnce() {
    assertThatThrownBy(() -> TrainingOptions.builder().klWarmupEpochs(2).klWarmupSteps(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("klWarmupEpochs and klWarmupSteps must not both be set, got 2 and 10");
  }

  @Test
  void rejectsZeroPatienceInTheBuilder() {
    assertThatThrownBy(() -> TrainingOptions.builder().earlyStopping(0, 0.0, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("earlyStoppingPatience must be >= 1, got 0");
  }

  @Test
  void rejectsNegativePatience() {
    assertThatThrownBy(() ->
        new TrainingOptions(1, 1, 1e-3, 0.9, 0.999, 1e-8, 0, 0, 0, -2, 0.0, false, null, 1, 1, 0.0,
            TrainingOptions.Optimizer.ADAM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("earlyStoppingPatience must be >= 0, got -2");
  }

  @Test
  void rejectsNegativeMinDelta() {
    assertThatThrownBy(() -> TrainingOptions.builder().earlyStopping(3, -0.5, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("earlyStoppingMinDelta must be finite and >= 0, got -0.5");
  }

  @Test
  void rejectsNanMinDelta() {
    assertThatThrownBy(() -> TrainingOptions.builder().earlyStopping(3, Double.NaN, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("earlyStoppingMinDelta must be finite and >= 0, got NaN");
  }

  @Test
  void rejectsZeroCheckpointFrequency() {
    assertThatThrownBy(() -> TrainingOptions.builder().checkpoints(Path.of("ck"), 0, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("checkpointEvery must be >= 1, got 0");
  }

  @Test
  void rejectsKeepingNoCheckpoints() {
    assertThatThrownBy(() -> TrainingOptions.builder().checkpoints(Path.of("ck"), 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("checkpointKeep must be >= 1, got 0");
  }

  @Test
  void rejectsANullCheckpointDirectory() {
    assertThatThrownBy(() -> TrainingOptions.builder().checkpoints(null))
        .isInstanceOf(NullPointerException.class).hasMessage("directory");
  }

  @Test
  void rejectsNegativeClipNorm() {
    assertThatThrownBy(() -> TrainingOptions.builder().clipGradientNorm(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clipGradientNorm must be finite and >= 0, got -1.0");
  }

  @Test
  void rejectsInfiniteClipNorm() {
    assertThatThrownBy(() -> TrainingOptions.builder().clipGradientNorm(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clipGradientNorm must be finite and >= 0, got Infinity");
  }

  @Test
  void rejectsInfiniteLearningRate() {
    assertThatThrownBy(() -> TrainingOptions.builder().learningRate(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("learningRate must be finite and > 0, got Infinity");
  }

  @Test
  void roundTripsThroughJsonWithAndWithoutACheckpointDirectory() {
    TrainingOptions full = TrainingOptions.builder().epochs(7).batchSize(33).learningRate(2e-4)
        .adamBeta1(0.8).adamBeta2(0.99).adamEpsilon(1e-7).seed(-123456789L).klWarmupSteps(250)
        .earlyStopping(4, 0.25, true).checkpoints(Path.of("/tmp/some dir/ck"), 2, 5)
        .clipGradientNorm(5.0).build();
    assertThat(TrainingOptions.fromJson(full.toJson())).isEqualTo(full);
    TrainingOptions plain = TrainingOptions.builder().klWarmupEpochs(3).build();
    assertThat(TrainingOptions.fromJson(plain.toJson())).isEqualTo(plain);
  }

  @Test
  void jsonWithAMissingFieldNamesTheField() {
    String json = TrainingOptions.builder().build().toJson().replace("\"checkpointKeep\"", "\"other\"");
    assertThatThrownBy(() -> TrainingOptions.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("training config JSON must have field checkpointKeep, got none");
  }

  @Test
  void jsonWithAnInvalidValueIsRejectedByTheSameRule() {
    String json = TrainingOptions.builder().build().toJson().replace("\"epochs\" : 10", "\"epochs\" : 0");
    assertThatThrownBy(() -> TrainingOptions.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("epochs must be >= 1, got 0");
  }

  @Test
  void crossFieldRulesAreCheckedByBuildSoSettersMayComeInAnyOrder() {
    // a warm-up in steps replacing one in epochs: each setter alone is fine
    TrainingOptions o = TrainingOptions.builder().klWarmupEpochs(2).klWarmupSteps(10).klWarmupEpochs(0)
        .build();
    assertThat(o.klWarmupSteps()).isEqualTo(10);
    assertThat(o.klWarmupEpochs()).isZero();
  }

  @Test
  void sgdIsAnOptionAndSurvivesTheJsonRoundTrip() {
    TrainingOptions sgd = TrainingOptions.builder().sgd().learningRate(0.05).build();
    assertThat(sgd.optimizer()).isEqualTo(TrainingOptions.Optimizer.SGD);
    assertThat(TrainingOptions.fromJson(sgd.toJson())).isEqualTo(sgd);
    assertThat(TrainingOptions.builder().build().optimizer()).isEqualTo(TrainingOptions.Optimizer.ADAM);
  }

  @Test
  void jsonWrittenBeforeTheOptimizerFieldReadsAsAdam() {
    String old = TrainingOptions.builder().sgd().build().toJson().replaceAll(",\\s*\"optimizer\"\\s*:\\s*\"SGD\"", "");
    assertThat(old).doesNotContain("optimizer");
    assertThat(TrainingOptions.fromJson(old).optimizer()).isEqualTo(TrainingOptions.Optimizer.ADAM);
    assertThatThrownBy(() -> TrainingOptions.fromJson(TrainingOptions.builder().build().toJson()
        .replace("\"ADAM\"", "\"RMSPROP\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optimizer must be one of [ADAM, SGD], got RMSPROP");
  }
}
