package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;

/** Early stopping: the rule, the wiring from the config, and restoring the best weights. */
class EarlyStoppingTest {

  private static EpochStats epoch(int e, double train, Double validation) {
    return new EpochStats(e, e, new LossBreakdown(train, train, 0),
        validation == null ? null : new LossBreakdown(validation, validation, 0), 1, 1, 1);
  }

  private static final class Control implements TrainingControl {
    String reason;

    @Override
    public void requestStop(String why) {
      if (reason == null) {
        reason = why;
      }
    }

    @Override
    public boolean stopRequested() {
      return reason != null;
    }
  }

  @Test
  void stopsAfterPatienceEpochsWithoutAnImprovementLargerThanMinDelta() {
    EarlyStopping es = new EarlyStopping(2, 0.5);
    Control c = new Control();
    es.onEpochEnd(epoch(1, 99, 10.0), c); // best 10 (validation is monitored, not train)
    es.onEpochEnd(epoch(2, 1, 9.6), c); // improves by 0.4 only: not an improvement
    assertThat(c.stopRequested()).isFalse();
    assertThat(es.epochsWithoutImprovement()).isEqualTo(1);
    es.onEpochEnd(epoch(3, 1, 9.4), c); // improves by 0.6: counter resets
    assertThat(es.bestEpoch()).isEqualTo(3);
    assertThat(es.epochsWithoutImprovement()).isZero();
    es.onEpochEnd(epoch(4, 1, 9.4), c);
    assertThat(c.stopRequested()).isFalse();
    es.onEpochEnd(epoch(5, 1, 20.0), c);
    assertThat(c.stopRequested()).isTrue();
    assertThat(c.reason).contains("best epoch 3").contains("for 2 epochs");
    assertThat(es.bestLoss()).isEqualTo(9.4);
  }

  @Test
  void monitorsTheTrainingLossWithoutValidationData() {
    EarlyStopping es = new EarlyStopping(1, 0);
    assertThat(es.record(epoch(1, 5, null))).isTrue();
    assertThat(es.record(epoch(2, 4, null))).isTrue();
    assertThat(es.record(epoch(3, 4, null))).isFalse();
    assertThat(es.exhausted()).isTrue();
    assertThat(EarlyStopping.monitored(epoch(1, 5, 7.0))).isEqualTo(7.0);
  }

  @Test
  void rejectsBadPatienceAndMinDelta() {
    assertThatThrownBy(() -> new EarlyStopping(0, 0)).hasMessage("patience must be >= 1, got 0");
    assertThatThrownBy(() -> new EarlyStopping(1, -1)).hasMessage("minDelta must be finite and >= 0, got -1.0");
  }

  private static Vae vae() {
    return Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(2).seed(3).build();
  }

  @Test
  void theConfigStopsTheRunAndRestoresTheBestEpochsParametersExactly() {
    INDArray x = TrainerTest.data(16, 1, 4, 4);
    INDArray v = TrainerTest.data(6, 1, 4, 4);
    INDArray probe = Nd4j.linspace(-1, 1, 8).reshape(4, 2).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    TrainingOptions base = TrainingOptions.builder().epochs(10).batchSize(4).learningRate(1e-2).seed(9).build();
    // a min delta no epoch can beat: epoch 1 stays the best, the run stops after 1 + patience epochs
    TrainingOptions stopping = base.toBuilder().earlyStopping(2, 1e9, true).build();
    try (Vae reference = vae(); Vae stopped = vae(); Vae kept = vae()) {
      reference.fit(x, v, base.toBuilder().epochs(1).build());
      TrainingHistory h = stopped.fit(x, v, stopping);
      assertThat(h.epochs()).hasSize(3);
      assertThat(h.stopReason()).startsWith("early stopping").contains("best epoch 1");
      // the same run without restoring ends elsewhere
      kept.fit(x, v, base.toBuilder().earlyStopping(2, 1e9, false).build());
      INDArray expected = reference.decode(probe);
      assertThat(stopped.decode(probe).data().asFloat()).containsExactly(expected.data().asFloat());
      assertThat(kept.decode(probe).data().asFloat()).isNotEqualTo(expected.data().asFloat());
    }
  }

  @Test
  void restoreBestWeightsWorksWithoutEarlyStopping() {
    INDArray x = TrainerTest.data(16, 1, 4, 4);
    INDArray v = TrainerTest.data(6, 1, 4, 4);
    // With this large learning rate the validation loss does not fall monotonically in most runs:
    // take the first run seed whose best epoch is not the last, so that restoring has something
    // to do (the seed, not the model's initialisation, is what the search varies).
    for (long seed = 1; seed <= 20; seed++) {
      List<Double> monitored = new ArrayList<>();
      TrainingOptions c = TrainingOptions.builder().epochs(4).batchSize(4).learningRate(0.3)
          .seed(seed).restoreBestWeights(true).build();
      try (Vae a = vae(); Vae b = vae()) {
        TrainingHistory h = a.fit(x, v, c);
        assertThat(h.epochs()).hasSize(4);
        assertThat(h.stopReason()).isNull();
        h.epochs().forEach(e -> monitored.add(e.validation().total()));
        int best = 1 + monitored.indexOf(monitored.stream().min(Double::compare).orElseThrow());
        if (best == 4) {
          continue;
        }
        b.fit(x, v, c.toBuilder().epochs(best).restoreBestWeights(false).build());
        INDArray probe = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 2);
        assertThat(a.decode(probe).data().asFloat())
            .containsExactly(b.decode(probe).data().asFloat());
        return;
      }
    }
    org.assertj.core.api.Assertions.fail("no run seed in 1..20 gave a validation loss whose best"
        + " epoch is not the last: the test has nothing to restore");
  }

  @Test
  void resumingARunThatEarlyStoppingEndedDoesNotTrainFurther(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    INDArray x = TrainerTest.data(8, 1, 4, 4);
    TrainingOptions c = TrainingOptions.builder().epochs(10).batchSize(4).seed(1)
        .earlyStopping(1, 1e9, false).checkpoints(dir).build();
    try (Vae vae = vae()) {
      TrainingHistory h = vae.fit(x, c);
      assertThat(h.epochs()).hasSize(2);
      java.nio.file.Path last = CheckpointFile.latest(dir).orElseThrow();
      assertThat(CheckpointFile.read(last).epoch()).isEqualTo(2);
      INDArray probe = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 2);
      float[] before = vae.decode(probe).data().asFloat();
      TrainingHistory again = vae.resume(last, x, null);
      assertThat(again.epochs()).isEqualTo(h.epochs());
      assertThat(again.stopReason()).startsWith("early stopping");
      assertThat(vae.decode(probe).data().asFloat()).containsExactly(before);
    }
  }
}
