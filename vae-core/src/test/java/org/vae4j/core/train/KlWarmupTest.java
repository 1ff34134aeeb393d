package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.BatchStats;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.Vae;

/** The KL warm-up schedule, as a formula and as applied in a real run. */
class KlWarmupTest {

  @Test
  void epochWarmupRampsLinearlyPerEpochAsDocumented() {
    TrainingOptions c = TrainingOptions.builder().klWarmupEpochs(4).build();
    assertThat(c.klWeight(2.0, 1, 1)).isEqualTo(0.0);
    assertThat(c.klWeight(2.0, 2, 999)).isEqualTo(0.5);
    assertThat(c.klWeight(2.0, 3, 5)).isEqualTo(1.0);
    assertThat(c.klWeight(2.0, 4, 5)).isEqualTo(1.5);
    assertThat(c.klWeight(2.0, 5, 1)).isEqualTo(2.0);
    assertThat(c.klWeight(2.0, 50, 1)).isEqualTo(2.0);
  }

  @Test
  void stepWarmupRampsLinearlyPerStepAsDocumented() {
    TrainingOptions c = TrainingOptions.builder().klWarmupSteps(10).build();
    assertThat(c.klWeight(1.0, 1, 1)).isEqualTo(0.0);
    assertThat(c.klWeight(1.0, 1, 2)).isEqualTo(0.1);
    assertThat(c.klWeight(1.0, 3, 6)).isEqualTo(0.5);
    assertThat(c.klWeight(1.0, 9, 11)).isEqualTo(1.0);
    assertThat(c.klWeight(1.0, 9, 1000)).isEqualTo(1.0);
  }

  @Test
  void withoutWarmupTheModelBetaIsUsedThroughout() {
    TrainingOptions c = TrainingOptions.builder().build();
    assertThat(c.klWeight(0.7, 1, 1)).isEqualTo(0.7);
    assertThat(c.klWeight(0.7, 12, 345)).isEqualTo(0.7);
  }

  @Test
  void warmupIsMonotoneAndBoundedByTheModelBeta() {
    qt().forAll(integers().between(1, 50), integers().between(1, 500), doubles().between(0, 10))
        .checkAssert((n, step, beta) -> {
          TrainingOptions c = TrainingOptions.builder().klWarmupSteps(n).build();
          double here = c.klWeight(beta, 1, step);
          double next = c.klWeight(beta, 1, step + 1L);
          assertThat(here).isBetween(0.0, beta);
          assertThat(next).isGreaterThanOrEqualTo(here);
          assertThat(here).isCloseTo(beta * Math.min(1.0, (step - 1) / (double) n), Offset.offset(1e-12));
        });
  }

  @Test
  void klWeightRejectsStepsAndEpochsBelowOne() {
    TrainingOptions c = TrainingOptions.builder().build();
    assertThatThrownBy(() -> c.klWeight(1.0, 0, 1)).hasMessage("epoch must be >= 1, got 0");
    assertThatThrownBy(() -> c.klWeight(1.0, 1, 0)).hasMessage("step must be >= 1, got 0");
    assertThatThrownBy(() -> c.klWeight(-1.0, 1, 1)).hasMessage("modelBeta must be finite and >= 0, got -1.0");
  }

  private static final class Recorder implements TrainingListener {
    final List<BatchStats> batches = new ArrayList<>();
    final List<EpochStats> epochs = new ArrayList<>();

    @Override
    public void onBatchEnd(BatchStats stats, TrainingControl control) {
      batches.add(stats);
    }

    @Override
    public void onEpochEnd(EpochStats stats, TrainingControl control) {
      epochs.add(stats);
    }
  }

  @Test
  void aRunUsesTheScheduledBetaAtEveryStep() {
    INDArray x = TrainerTest.data(10, 1, 4, 4);
    Recorder r = new Recorder();
    try (Vae vae = Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(2).beta(3.0).seed(1).build()) {
      TrainingOptions c = TrainingOptions.builder().epochs(3).batchSize(4).klWarmupSteps(5).build();
      vae.fit(x, c, r);
      assertThat(r.batches).hasSize(9);
      for (BatchStats b : r.batches) {
        assertThat(b.beta()).isEqualTo(3.0 * Math.min(1.0, (b.step() - 1) / 5.0));
        // the reported total is reconstruction + beta * kl with the beta of the step
        assertThat(b.loss().total()).isCloseTo(b.loss().reconstruction() + b.beta() * b.loss().kl(),
            Offset.offset(1e-3 * Math.abs(b.loss().total())));
      }
      // the epoch's beta is that of its last step
      assertThat(r.epochs.get(0).beta()).isEqualTo(3.0 * (2 / 5.0));
      assertThat(r.epochs.get(2).beta()).isEqualTo(3.0);
    }
  }

  @Test
  void validationUsesTheBetaInForceAtTheEndOfTheEpoch() {
    INDArray x = TrainerTest.data(12, 1, 4, 4);
    INDArray v = TrainerTest.data(5, 1, 4, 4).mul(0.5);
    try (Vae vae = Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(2).beta(2.0).seed(1).build()) {
      TrainingHistory h = vae.fit(x, v, TrainingOptions.builder().epochs(3).batchSize(6).klWarmupEpochs(2).build());
      double[] betas = h.epochs().stream().mapToDouble(EpochStats::beta).toArray();
      assertThat(betas).containsExactly(0.0, 1.0, 2.0);
      for (EpochStats e : h.epochs()) {
        var val = e.validation();
        assertThat(val).isNotNull();
        assertThat(val.kl()).isPositive();
        assertThat(val.total()).isCloseTo(val.reconstruction() + e.beta() * val.kl(),
            Offset.offset(1e-3 * Math.abs(val.total())));
      }
    }
  }
}
