package org.vae4j.core.anomaly;

import java.util.Arrays;
import java.util.Objects;

/**
 * How well anomaly scores separate anomalies from normal rows. Scores: higher means more
 * anomalous; labels: {@code true} marks an anomaly (the positive class). Every method runs in
 * {@code O(n log n)} time and {@code O(n)} memory, and checks its arguments (equal lengths,
 * finite scores, the classes it needs), naming the argument and the value.
 *
 * <p>Ties between scores, as scikit-learn 1.2 treats them:
 *
 * <ul>
 *   <li>{@link #rocAuc}: the fraction of (anomaly, normal) pairs in which the anomaly scores
 *       higher, a tied pair counting 1/2 (the Mann–Whitney statistic; equal to the trapezoidal area
 *       under the ROC curve over distinct thresholds, {@code roc_auc_score}).
 *   <li>{@link #averagePrecision}: {@code Σ (R_k − R_{k−1}) · P_k} over the distinct score values
 *       taken as thresholds in decreasing order, all rows of a tied value entering together (a
 *       step function, no interpolation: {@code average_precision_score}).
 *   <li>{@link #precisionAtN}: the expected fraction of anomalies among the {@code n} top-scored
 *       rows when ties at the cut are broken uniformly at random.
 * </ul>
 */
public final class AnomalyMetrics {

  private AnomalyMetrics() {}

  /**
   * The area under the ROC curve, ties counting 1/2.
   *
   * @throws IllegalArgumentException when lengths differ, a score is not finite, or there is no
   *     anomaly or no normal row
   */
  public static double rocAuc(double[] scores, boolean[] anomalous) {
    check(scores, anomalous);
    long pos = count(anomalous);
    long neg = anomalous.length - pos;
    if (pos == 0 || neg == 0) {
      throw new IllegalArgumentException("ROC-AUC needs at least one anomaly and one normal row, "
          + "got " + pos + " anomalies and " + neg + " normal rows");
    }
    Integer[] order = ascending(scores);
    // sum over positives of (negatives below) + 1/2 (negatives tied)
    double wins = 0;
    long negBelow = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      long p = 0;
      long q = 0;
      while (j < order.length && scores[order[j]] == scores[order[i]]) {
        if (anomalous[order[j]]) {
          p++;
        } else {
          q++;
        }
        j++;
      }
      wins += p * (negBelow + 0.5 * q);
      negBelow += q;
      i = j;
    }
    return wins / ((double) pos * neg);
  }

  /**
   * Average precision: the precision–recall curve as a step function over the distinct scores.
   *
   * @throws IllegalArgumentException when lengths differ, a score is not finite, or there is no
   *     anomaly
   */
  public static double averagePrecision(double[] scores, boolean[] anomalous) {
    check(scores, anomalous);
    long pos = count(anomalous);
    if (pos == 0) {
      throw new IllegalArgumentException("average precision needs at least one anomaly, got 0 of "
          + anomalous.length + " rows");
    }
    Integer[] order = ascending(scores);
    double ap = 0;
    long tp = 0;
    long fp = 0;
    int i = order.length - 1;
    while (i >= 0) {
      int j = i;
      long p = 0;
      while (j >= 0 && scores[order[j]] == scores[order[i]]) {
        if (anomalous[order[j]]) {
          p++;
        } else {
          fp++;
        }
        j--;
      }
      tp += p;
      if (p > 0) {
        ap += ((double) p / pos) * ((double) tp / (tp + fp));
      }
      i = j;
    }
    // The terms sum to at most 1 exactly; in floating point a perfect ranking's sum can exceed 1
    // by an ulp, which is not a precision anyone could have.
    return Math.min(1.0, ap);
  }

  /**
   * The expected fraction of anomalies among the {@code n} highest-scored rows, ties at the cut
   * broken uniformly at random.
   *
   * @throws IllegalArgumentException when lengths differ, a score is not finite, or {@code n} is
   *     not in {@code [1, scores.length]}
   */
  public static double precisionAtN(double[] scores, boolean[] anomalous, int n) {
    check(scores, anomalous);
    if (n < 1 || n > scores.length) {
      throw new IllegalArgumentException(
          "n must be in [1, " + scores.length + "] (the number of scores), got " + n);
    }
    Integer[] order = ascending(scores);
    double cut = scores[order[order.length - n]];
    long above = 0;
    long posAbove = 0;
    long tied = 0;
    long posTied = 0;
    for (int k = 0; k < scores.length; k++) {
      if (scores[k] > cut) {
        above++;
        posAbove += anomalous[k] ? 1 : 0;
      } else if (scores[k] == cut) {
        tied++;
        posTied += anomalous[k] ? 1 : 0;
      }
    }
    double fromTies = (double) (n - above) * posTied / tied;
    return (posAbove + fromTies) / n;
  }

  /**
   * Confusion counts, precision, recall and F1 of flagging every score strictly above
   * {@code threshold}.
   *
   * @throws IllegalArgumentException when lengths differ, a score is not finite or the threshold
   *     is NaN
   */
  public static ThresholdMetrics atThreshold(double[] scores, boolean[] anomalous,
      double threshold) {
    check(scores, anomalous);
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must not be NaN");
    }
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean flagged = scores[i] > threshold;
      if (flagged && anomalous[i]) {
        tp++;
      } else if (flagged) {
        fp++;
      } else if (anomalous[i]) {
        fn++;
      } else {
        tn++;
      }
    }
    return new ThresholdMetrics(threshold, tp, fp, tn, fn);
  }

  static void check(double[] scores, boolean[] anomalous) {
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(anomalous, "anomalous");
    if (scores.length != anomalous.length) {
      throw new IllegalArgumentException("scores and anomalous must have the same length, got "
          + scores.length + " and " + anomalous.length);
    }
    checkFinite(scores, "scores");
  }

  static void checkFinite(double[] scores, String name) {
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) {
        throw new IllegalArgumentException(
            name + " must be finite, got " + scores[i] + " at index " + i);
      }
    }
  }

  private static long count(boolean[] b) {
    long n = 0;
    for (boolean x : b) {
      n += x ? 1 : 0;
    }
    return n;
  }

  private static Integer[] ascending(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    return order;
  }
}
