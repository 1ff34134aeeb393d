package org.vae4j.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics equal scikit-learn's on a real score vector: IsolationForest's test scores on
 * breast_cancer (seed 0), written with scikit-learn's {@code roc_auc_score},
 * {@code average_precision_score} and NumPy's {@code percentile} by
 * {@code bench/anomaly/run-peers.sh --fixture} (scikit-learn 1.2.1). The same scores rounded to
 * two decimals have many ties (39 distinct values among 319), which checks the tie conventions.
 */
class SklearnAgreementTest {
  private static JsonNode fixture;
  private static double[] scores;
  private static double[] rounded;
  private static boolean[] anomalous;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = SklearnAgreementTest.class.getResourceAsStream(
        "sklearn-breast-cancer-iforest.json")) {
      fixture = new ObjectMapper().readTree(in);
    }
    scores = doubles(fixture.get("scores"));
    rounded = doubles(fixture.get("rounded_scores"));
    JsonNode a = fixture.get("anomalous");
    anomalous = new boolean[a.size()];
    for (int i = 0; i < anomalous.length; i++) {
      anomalous[i] = a.get(i).asBoolean();
    }
    assertThat(scores).hasSize(319);
    assertThat(rounded).hasSize(319);
  }

  private static double[] doubles(JsonNode n) {
    double[] v = new double[n.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = n.get(i).asDouble();
    }
    return v;
  }

  private static double value(String field) {
    return fixture.get(field).asDouble();
  }

  @Test
  void rocAucEqualsRocAucScore() {
    assertThat(AnomalyMetrics.rocAuc(scores, anomalous)).isCloseTo(value("roc_auc"), within(1e-12));
  }

  @Test
  void averagePrecisionEqualsAveragePrecisionScore() {
    assertThat(AnomalyMetrics.averagePrecision(scores, anomalous))
        .isCloseTo(value("average_precision"), within(1e-12));
  }

  @Test
  void withManyTiesBothStillEqualScikitLearns() {
    assertThat(fixture.get("rounded_distinct").asInt()).isLessThan(60);
    assertThat(AnomalyMetrics.rocAuc(rounded, anomalous))
        .isCloseTo(value("rounded_roc_auc"), within(1e-12));
    assertThat(AnomalyMetrics.averagePrecision(rounded, anomalous))
        .isCloseTo(value("rounded_average_precision"), within(1e-12));
  }

  @Test
  void quantilesEqualNumpyPercentile() {
    assertThat(AnomalyThresholds.quantile(scores, 0.90)).isCloseTo(value("percentile_90"), within(1e-12));
    assertThat(AnomalyThresholds.fromContamination(rounded, 0.05))
        .isCloseTo(value("percentile_95_rounded"), within(1e-12));
  }
}
