package org.vae4j.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnomalyCurvesTest {

  @Test
  void aSmallExampleGivesTheHandComputedPoints() {
    // scores 3 (anomaly), 2 (anomaly, normal: a tie), 1 (normal)
    double[] s = {3, 2, 2, 1};
    boolean[] a = {true, true, false, false};
    AnomalyCurves.Roc roc = AnomalyCurves.roc(s, a);
    assertThat(roc.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 3, 2, 1);
    assertThat(roc.falsePositiveRate()).containsExactly(0, 0, 0.5, 1);
    assertThat(roc.truePositiveRate()).containsExactly(0, 0.5, 1, 1);
    assertThat(roc.area()).isEqualTo(0.875);
    AnomalyCurves.PrecisionRecall pr = AnomalyCurves.precisionRecall(s, a);
    assertThat(pr.thresholds()).containsExactly(3, 2, 1);
    assertThat(pr.recall()).containsExactly(0.5, 1, 1);
    assertThat(pr.precision()).containsExactly(1, 2.0 / 3, 0.5);
    assertThat(pr.averagePrecision()).isEqualTo(0.5 + 0.5 * 2.0 / 3);
  }

  @Test
  void theAccessorsReturnCopies() {
    AnomalyCurves.Roc roc = AnomalyCurves.roc(new double[] {1, 0}, new boolean[] {true, false});
    roc.truePositiveRate()[1] = 42;
    assertThat(roc.truePositiveRate()[1]).isEqualTo(1.0);
    assertThat(roc).isEqualTo(AnomalyCurves.roc(new double[] {1, 0}, new boolean[] {true, false}));
  }

  @Test
  void badInputIsRefusedWithAMessage() {
    assertThatThrownBy(() -> AnomalyCurves.roc(new double[] {1, Double.NaN},
        new boolean[] {true, false})).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scores must be finite, got NaN at index 1");
    assertThatThrownBy(() -> AnomalyCurves.precisionRecall(new double[] {1, 2},
        new boolean[] {true})).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scores and anomalous must have the same length, got 2 and 1");
    assertThatThrownBy(() -> AnomalyCurves.roc(new double[] {1, 2}, new boolean[] {true, true}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 2 anomalies and 0 normal rows");
    assertThatThrownBy(() -> AnomalyCurves.precisionRecall(new double[] {1, 2},
        new boolean[] {false, false})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one anomaly, got 0 of 2 rows");
  }
}
