package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
