package org.vae4j.api.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both counts of active dimensions: by posterior-mean variance and by KL. */
class LatentUsageTest {

  @Test
  void aDimensionWithLittleKlButSpreadMeansIsActiveByVarianceOnly() {
    // z0: 1.3 nats, clearly used; z1: means spread by 0.12 (variance 0.0144 > 0.01) but only
    // 0.03 nats, as a beta = 4 model showed; z2: collapsed.
    LatentUsage u = new LatentUsage(new double[] {1.3, 0.03, 0.0005}, new double[] {0.9, 0.0144, 1e-5});
    assertThat(u.activeUnits()).isEqualTo(2);
    assertThat(u.activeUnitsByKl()).isEqualTo(1);
    assertThat(u.inactiveDimensions()).containsExactly(2);
    assertThat(u.toString()).contains("activeUnits=2/3 (variance > 0.01)")
        .contains("activeUnitsByKl=1/3 (KL > 0.1 nats)");
  }

  @Test
  void theKlCountUsesAStrictThreshold() {
    LatentUsage u = new LatentUsage(new double[] {LatentUsage.ACTIVE_KL, Math.nextUp(LatentUsage.ACTIVE_KL)},
        new double[] {1, 1});
    assertThat(u.activeUnitsByKl()).isEqualTo(1);
  }
}
