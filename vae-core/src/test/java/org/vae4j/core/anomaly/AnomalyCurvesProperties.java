package org.vae4j.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.vae4j.core.anomaly.AnomalyMetricsProperties.Scored;

/** The curves against AnomalyMetrics and against a per-threshold count, on scores with ties. */
class AnomalyCurvesProperties {

  @Test
  void theTrapezoidalAreaUnderTheRocPointsIsRocAuc() {
    qt().withExamples(500).forAll(longs().all(), integers().between(2, 80)).checkAssert((seed, n) -> {
      Scored d = AnomalyMetricsProperties.draw(seed, n);
      assertThat(AnomalyCurves.roc(d.scores(), d.anomalous()).area())
          .isCloseTo(AnomalyMetrics.rocAuc(d.scores(), d.anomalous()), within(1e-12));
    });
  }

  @Test
  void theStepSumOverThePrecisionRecallPointsIsAveragePrecision() {
    qt().withExamples(500).forAll(longs().all(), integers().between(2, 80)).checkAssert((seed, n) -> {
      Scored d = AnomalyMetricsProperties.draw(seed, n);
      assertThat(AnomalyCurves.precisionRecall(d.scores(), d.anomalous()).averagePrecision())
          .isCloseTo(AnomalyMetrics.averagePrecision(d.scores(), d.anomalous()), within(1e-12));
    });
  }

  @Test
  void eachRocPointCountsTheRowsAtOrAboveItsThresholdAndTiesShareAPoint() {
    qt().withExamples(300).forAll(longs().all(), integers().between(2, 60)).checkAssert((seed, n) -> {
      Scored d = AnomalyMetricsProperties.draw(seed, n);
      AnomalyCurves.Roc roc = AnomalyCurves.roc(d.scores(), d.anomalous());
      double[] t = roc.thresholds();
      double[] x = roc.falsePositiveRate();
      double[] y = roc.truePositiveRate();
      long distinct = java.util.Arrays.stream(d.scores()).distinct().count();
      assertThat(roc.size()).isEqualTo((int) distinct + 1);
      assertThat(t[0]).isEqualTo(Double.POSITIVE_INFINITY);
      assertThat(x[0]).isZero();
      assertThat(y[0]).isZero();
      assertThat(x[roc.size() - 1]).isEqualTo(1.0);
      assertThat(y[roc.size() - 1]).isEqualTo(1.0);
      long pos = d.positives();
      long neg = n - pos;
      for (int k = 1; k < roc.size(); k++) {
        assertThat(t[k]).isLessThan(t[k - 1]);
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < n; i++) {
          if (d.scores()[i] >= t[k]) {
            tp += d.anomalous()[i] ? 1 : 0;
            fp += d.anomalous()[i] ? 0 : 1;
          }
        }
        assertThat(y[k]).isEqualTo((double) tp / pos);
        assertThat(x[k]).isEqualTo((double) fp / neg);
      }
    });
  }

  @Test
  void eachPrecisionRecallPointCountsTheRowsAtOrAboveItsThreshold() {
    qt().withExamples(300).forAll(longs().all(), integers().between(2, 60)).checkAssert((seed, n) -> {
      Scored d = AnomalyMetricsProperties.draw(seed, n);
      AnomalyCurves.PrecisionRecall pr = AnomalyCurves.precisionRecall(d.scores(), d.anomalous());
      double[] t = pr.thresholds();
      for (int k = 0; k < pr.size(); k++) {
        if (k > 0) {
          assertThat(t[k]).isLessThan(t[k - 1]);
        }
        long tp = 0;
        long flagged = 0;
        for (int i = 0; i < n; i++) {
          if (d.scores()[i] >= t[k]) {
            flagged++;
            tp += d.anomalous()[i] ? 1 : 0;
          }
        }
        assertThat(pr.recall()[k]).isEqualTo((double) tp / d.positives());
        assertThat(pr.precision()[k]).isEqualTo((double) tp / flagged);
      }
      assertThat(pr.recall()[pr.size() - 1]).isEqualTo(1.0);
    });
  }
}
