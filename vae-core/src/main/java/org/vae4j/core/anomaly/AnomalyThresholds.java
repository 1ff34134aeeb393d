package org.vae4j.core.anomaly;

import java.util.Arrays;
import java.util.Objects;

/**
 * Thresholds for flagging anomalies (a score strictly above the threshold is flagged), chosen from
 * scores of rows believed normal or from the expected share of anomalies.
 */
public final class AnomalyThresholds {

  private AnomalyThresholds() {}

  /**
   * The {@code q}-quantile of {@code validationScores}, interpolated linearly between order
   * statistics (NumPy's default {@code percentile}, Hyndman–Fan type 7): position
   * {@code q · (n − 1)} in the sorted scores. Flagging above it flags about {@code 1 − q} of rows
   * like the validation rows.
   *
   * @throws IllegalArgumentException when there are no scores, a score is not finite, or {@code q}
   *     is not in [0, 1]
   */
  public static double quantile(double[] validationScores, double q) {
    Objects.requireNonNull(validationScores, "validationScores");
    if (validationScores.length == 0) {
      throw new IllegalArgumentException("validationScores must not be empty");
    }
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("q must be in [0, 1], got " + q);
    }
    AnomalyMetrics.checkFinite(validationScores, "validationScores");
    double[] s = validationScores.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, s.length - 1);
    double frac = pos - lo;
    if (frac == 0) {
      return s[lo];
    }
    double t = s[lo] + frac * (s[hi] - s[lo]);
    // the difference overflows only for scores near ±Double.MAX_VALUE
    return Double.isFinite(t) ? t : s[lo] * (1 - frac) + s[hi] * frac;
  }

  /**
   * PyOD's threshold for a contamination rate: the {@code (1 − contamination)}-quantile of the
   * training scores ({@code percentile(scores, 100 · (1 − contamination))}), so that about
   * {@code contamination} of the training rows are flagged.
   *
   * @throws IllegalArgumentException when there are no scores, a score is not finite, or the
   *     contamination is not in (0, 0.5]
   */
  public static double fromContamination(double[] trainingScores, double contamination) {
    if (!(contamination > 0 && contamination <= 0.5)) {
      throw new IllegalArgumentException(
          "contamination must be in (0, 0.5], got " + contamination);
    }
    return quantile(trainingScores, 1 - contamination);
  }
}
