package org.vae4j.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnomalyMetricsTest {
  private static final double[] S = {0.1, 0.4, 0.35, 0.8};
  private static final boolean[] A = {false, false, true, true};

  @Test
  void aSmallExampleByHand() {
    // pairs (0.35 vs 0.1) right, (0.35 vs 0.4) wrong, (0.8 vs both) right: 3 of 4
    assertThat(AnomalyMetrics.rocAuc(S, A)).isEqualTo(0.75);
    // thresholds 0.8: P 1, R 0.5; 0.4: P 1/2, R 0.5; 0.35: P 2/3, R 1
    assertThat(AnomalyMetrics.averagePrecision(S, A)).isEqualTo(0.5 * 1 + 0.5 * 2.0 / 3);
    assertThat(AnomalyMetrics.precisionAtN(S, A, 2)).isEqualTo(0.5);
    ThresholdMetrics m = AnomalyMetrics.atThreshold(S, A, 0.35);
    assertThat(m).isEqualTo(new ThresholdMetrics(0.35, 1, 1, 1, 1));
    assertThat(m.f1()).isEqualTo(0.5);
  }

  @Test
  void quantileAndContaminationFollowNumpyPercentile() {
    // numpy.percentile([1, 2, 3, 4, 10], 90) = 7.6
    assertThat(AnomalyThresholds.quantile(new double[] {10, 1, 3, 2, 4}, 0.9)).isCloseTo(7.6,
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(AnomalyThresholds.fromContamination(new double[] {10, 1, 3, 2, 4}, 0.1))
        .isCloseTo(7.6, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(AnomalyThresholds.quantile(new double[] {-Double.MAX_VALUE, Double.MAX_VALUE}, 0.5))
        .isEqualTo(0.0);
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> AnomalyMetrics.rocAuc(new double[] {1, 2}, new boolean[] {true}))
        .hasMessage("scores and anomalous must have the same length, got 2 and 1");
    assertThatThrownBy(() -> AnomalyMetrics.rocAuc(new double[] {1, 2}, new boolean[] {true, true}))
        .hasMessage("ROC-AUC needs at least one anomaly and one normal row, got 2 anomalies and 0 normal rows");
    assertThatThrownBy(() -> AnomalyMetrics.averagePrecision(new double[] {1, Double.NaN},
        new boolean[] {true, false}))
        .hasMessage("scores must be finite, got NaN at index 1");
    assertThatThrownBy(() -> AnomalyMetrics.averagePrecision(new double[] {1}, new boolean[] {false}))
        .hasMessage("average precision needs at least one anomaly, got 0 of 1 rows");
    assertThatThrownBy(() -> AnomalyMetrics.precisionAtN(S, A, 5))
        .hasMessage("n must be in [1, 4] (the number of scores), got 5");
    assertThatThrownBy(() -> AnomalyThresholds.quantile(S, 1.5))
        .hasMessage("q must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> AnomalyThresholds.quantile(new double[0], 0.5))
        .hasMessage("validationScores must not be empty");
    assertThatThrownBy(() -> AnomalyThresholds.fromContamination(S, 0.7))
        .hasMessage("contamination must be in (0, 0.5], got 0.7");
    assertThatThrownBy(() -> AnomalyMetrics.atThreshold(S, A, Double.NaN))
        .hasMessage("threshold must not be NaN");
  }
}
