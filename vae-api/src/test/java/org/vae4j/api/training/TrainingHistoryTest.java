package org.vae4j.api.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingHistoryTest {

  private static EpochStats epoch(int n, LossBreakdown val) {
    return new EpochStats(n, 10L * n, new LossBreakdown(200 - n, 190 - n, 10), val, 1.0, 1.5, 6666.7);
  }

  @Test
  void jsonRoundTripsWithAndWithoutValidation() {
    TrainingHistory h = TrainingHistory.empty()
        .plus(epoch(1, null))
        .plus(epoch(2, new LossBreakdown(180, 170, 10)))
        .stoppedBecause("early stopping");
    TrainingHistory back = TrainingHistory.fromJson(h.toJson());
    assertThat(back).isEqualTo(h);
    assertThat(back.epochs().get(0).validationLoss()).isEmpty();
    assertThat(back.trainLosses()).containsExactly(199, 198);
  }

  @Test
  void csvHasHeaderAndOneLinePerEpochWithEmptyValidationColumns() {
    TrainingHistory h = TrainingHistory.empty().plus(epoch(1, null)).plus(epoch(2, new LossBreakdown(180, 170, 10)));
    List<String> lines = h.toCsv().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("epoch,steps,train_loss");
    assertThat(lines.get(1)).startsWith("1,10,199.000,189.000,10.0000,,,,1.00000,");
    assertThat(lines.get(2)).contains(",180.000,170.000,10.0000,");
    assertThat(lines.get(1).split(",", -1)).hasSize(12);
    // active_units: empty when the epoch's latent usage was not recorded, the count when it was
    assertThat(lines.get(1)).endsWith(",");
    TrainingHistory withUsage = TrainingHistory.empty().plus(new EpochStats(1, 10,
        new LossBreakdown(1, 1, 0), null, 1, 1, 1,
        new LatentUsage(new double[] {0.5, 0.001}, new double[] {0.9, 0.002})));
    assertThat(withUsage.toCsv().lines().toList().get(1)).endsWith(",1");
    assertThat(withUsage.latentCollapse()).isTrue();
    assertThat(TrainingHistory.fromJson(withUsage.toJson())).isEqualTo(withUsage);
  }

  @Test
  void latentUsageCountsActiveUnitsAndNamesTheInactiveOnes() {
    LatentUsage u = new LatentUsage(new double[] {2.1, 0.0003, 0.9}, new double[] {0.8, 0.0001, 0.01});
    assertThat(u.activeUnits()).isEqualTo(1);
    assertThat(u.inactiveDimensions()).containsExactly(1, 2);
    assertThat(u.collapsed()).isTrue();
    assertThat(new LatentUsage(new double[] {1}, new double[] {0.5}).collapsed()).isFalse();
    assertThatThrownBy(() -> new LatentUsage(new double[] {1, 2}, new double[] {1}))
        .hasMessage("klPerDimension and meanVariance must have one entry per latent dimension, got 2 and 1");
    LatentCollapse c = new LatentCollapse(3, u.inactiveDimensions(), u);
    assertThat(c.message()).startsWith("latent dimensions [1, 2] are inactive after epoch 3")
        .contains("z1: 0.00010, KL 0.00030 nats").contains("1 of 3 dimensions carry information");
  }

  @Test
  void rejectsEpochsOutOfOrder() {
    assertThatThrownBy(() -> new TrainingHistory(List.of(epoch(2, null), epoch(1, null)), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epochs must increase, got 2 then 1");
  }

  @Test
  void lossPartsMustBeFinite() {
    assertThatThrownBy(() -> new LossBreakdown(Double.NaN, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("total=NaN");
  }

  @Test
  void fromJsonNamesTheProblem() {
    assertThatThrownBy(() -> TrainingHistory.fromJson("{\"epochs\": 3}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a training history");
  }
}
