package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class NormalQuantileTest {

  private static final Offset<Double> TIGHT = within(1e-12);

  @Test
  void quantileMatchesPublishedValues() {
    assertThat(NormalQuantile.quantile(0.5)).isCloseTo(0.0, TIGHT);
    assertThat(NormalQuantile.quantile(0.975)).isCloseTo(1.959963984540054, TIGHT);
    assertThat(NormalQuantile.quantile(0.95)).isCloseTo(1.6448536269514722, TIGHT);
    assertThat(NormalQuantile.quantile(0.05)).isCloseTo(-1.6448536269514722, TIGHT);
    assertThat(NormalQuantile.quantile(0.8413447460685429)).isCloseTo(1.0, TIGHT);
    assertThat(NormalQuantile.quantile(0.001)).isCloseTo(-3.090232306167813, TIGHT);
    assertThat(NormalQuantile.quantile(0.999999)).isCloseTo(4.753424308822899, within(1e-9));
    assertThat(NormalQuantile.quantile(1e-10)).isCloseTo(-6.361340902404056, within(1e-10));
  }

  @Test
  void cdfMatchesPublishedValues() {
    assertThat(NormalQuantile.cdf(0)).isCloseTo(0.5, TIGHT);
    assertThat(NormalQuantile.cdf(1.96)).isCloseTo(0.9750021048517795, within(1e-15));
    assertThat(NormalQuantile.cdf(-3)).isCloseTo(0.0013498980316301035, within(1e-17));
    assertThat(NormalQuantile.cdf(-8) / 6.22096057427178e-16).isCloseTo(1.0, within(1e-10));
  }

  @Test
  void rejectsProbabilitiesOutsideTheOpenUnitInterval() {
    for (double p : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> NormalQuantile.quantile(p))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("p must be in (0, 1), got " + p);
    }
  }
}
