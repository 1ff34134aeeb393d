package org.vae4j.core.anomaly;

import java.util.Arrays;

/**
 * The ROC and precision–recall curves of anomaly scores, one point per distinct score value, with
 * the same conventions as {@link AnomalyMetrics}: higher scores are more anomalous, {@code true}
 * marks an anomaly, a row is flagged at threshold {@code t} when its score is {@code >= t}, and
 * rows with tied scores enter the curve together (one point per distinct value, as scikit-learn's
 * {@code roc_curve} and {@code precision_recall_curve} without point dropping).
 *
 * <p>The trapezoidal area under {@link Roc} is {@link AnomalyMetrics#rocAuc} and the step sum
 * {@code Σ (R_k − R_{k−1}) · P_k} over {@link PrecisionRecall} (with {@code R_0 = 0}) is
 * {@link AnomalyMetrics#averagePrecision}, up to rounding. {@code O(n log n)} time, {@code O(n)}
 * memory; the arguments are checked as {@link AnomalyMetrics} checks them.
 *
 * <pre>{@code
 * AnomalyCurves.Roc roc = AnomalyCurves.roc(scores, anomalous);
 * double[] x = roc.falsePositiveRate(), y = roc.truePositiveRate();
 * }</pre>
 */
public final class AnomalyCurves {

  private AnomalyCurves() {}

  /**
   * ROC points in order of decreasing threshold. Point 0 is {@code (0, 0)} at threshold
   * {@code +Infinity}; point {@code k ≥ 1} flags every score {@code >= thresholds[k]}; the last
   * point is {@code (1, 1)}. The accessors return copies.
   *
   * @param thresholds decreasing thresholds, the first {@code +Infinity}
   * @param falsePositiveRate normal rows flagged / normal rows, non-decreasing from 0 to 1
   * @param truePositiveRate anomalies flagged / anomalies, non-decreasing from 0 to 1
   */
  public record Roc(double[] thresholds, double[] falsePositiveRate, double[] truePositiveRate) {

    /** Checks that the three arrays have the same length, at least 2; keeps copies. */
    public Roc {
      thresholds = thresholds.clone();
      falsePositiveRate = falsePositiveRate.clone();
      truePositiveRate = truePositiveRate.clone();
      if (thresholds.length < 2 || falsePositiveRate.length != thresholds.length
          || truePositiveRate.length != thresholds.length) {
        throw new IllegalArgumentException("a ROC curve needs >= 2 points and equal lengths, got "
            + thresholds.length + ", " + falsePositiveRate.length + " and "
            + truePositiveRate.length);
      }
    }

    @Override
    public double[] thresholds() {
      return thresholds.clone();
    }

    @Override
    public double[] falsePositiveRate() {
      return falsePositiveRate.clone();
    }

    @Override
    public double[] truePositiveRate() {
      return truePositiveRate.clone();
    }

    /** The number of points. */
    public int size() {
      return thresholds.length;
    }

    /** The trapezoidal area under the points: {@link AnomalyMetrics#rocAuc}, up to rounding. */
    public double area() {
      double a = 0;
      for (int k = 1; k < thresholds.length; k++) {
        a += (falsePositiveRate[k] - falsePositiveRate[k - 1])
            * (truePositiveRate[k] + truePositiveRate[k - 1]) / 2;
      }
      return a;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Roc r && Arrays.equals(thresholds, r.thresholds)
          && Arrays.equals(falsePositiveRate, r.falsePositiveRate)
          && Arrays.equals(truePositiveRate, r.truePositiveRate);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * Arrays.hashCode(thresholds) + Arrays.hashCode(falsePositiveRate))
          + Arrays.hashCode(truePositiveRate);
    }

    @Override
    public String toString() {
      return "Roc[" + thresholds.length + " points, area " + area() + "]";
    }
  }

  /**
   * Precision–recall points, one per distinct score value in decreasing order: point {@code k}
   * flags every score {@code >= thresholds[k]}; recall is non-decreasing and ends at 1. The
   * accessors return copies.
   *
   * @param thresholds the distinct scores, decreasing
   * @param recall anomalies flagged / anomalies
   * @param precision anomalies flagged / rows flagged
   */
  public record PrecisionRecall(double[] thresholds, double[] recall, double[] precision) {

    /** Checks that the three arrays have the same length, at least 1; keeps copies. */
    public PrecisionRecall {
      thresholds = thresholds.clone();
      recall = recall.clone();
      precision = precision.clone();
      if (thresholds.length < 1 || recall.length != thresholds.length
          || precision.length != thresholds.length) {
        throw new IllegalArgumentException("a precision-recall curve needs >= 1 point and equal "
            + "lengths, got " + thresholds.length + ", " + recall.length + " and "
            + precision.length);
      }
    }

    @Override
    public double[] thresholds() {
      return thresholds.clone();
    }

    @Override
    public double[] recall() {
      return recall.clone();
    }

    @Override
    public double[] precision() {
      return precision.clone();
    }

    /** The number of points. */
    public int size() {
      return thresholds.length;
    }

    /**
     * The step sum {@code Σ (R_k − R_{k−1}) · P_k}, {@code R_{−1} = 0}:
     * {@link AnomalyMetrics#averagePrecision}, up to rounding.
     */
    public double averagePrecision() {
      double ap = 0;
      double previous = 0;
      for (int k = 0; k < thresholds.length; k++) {
        ap += (recall[k] - previous) * precision[k];
        previous = recall[k];
      }
      return Math.min(1.0, ap);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PrecisionRecall p && Arrays.equals(thresholds, p.thresholds)
          && Arrays.equals(recall, p.recall) && Arrays.equals(precision, p.precision);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * Arrays.hashCode(thresholds) + Arrays.hashCode(recall))
          + Arrays.hashCode(precision);
    }

    @Override
    public String toString() {
      return "PrecisionRecall[" + thresholds.length + " points, AP " + averagePrecision() + "]";
    }
  }

  /**
   * The ROC curve of {@code scores}.
   *
   * @throws IllegalArgumentException when lengths differ, a score is not finite, or there is no
   *     anomaly or no normal row
   */
  public static Roc roc(double[] scores, boolean[] anomalous) {
    AnomalyMetrics.check(scores, anomalous);
    long[][] counts = cumulative(scores, anomalous);
    long pos = counts.length == 0 ? 0 : counts[counts.length - 1][0];
    long neg = scores.length - pos;
    if (pos == 0 || neg == 0) {
      throw new IllegalArgumentException("a ROC curve needs at least one anomaly and one normal "
          + "row, got " + pos + " anomalies and " + neg + " normal rows");
    }
    double[] distinct = distinctDescending(scores);
    int m = distinct.length + 1;
    double[] t = new double[m];
    double[] fpr = new double[m];
    double[] tpr = new double[m];
    t[0] = Double.POSITIVE_INFINITY;
    for (int k = 0; k < distinct.length; k++) {
      t[k + 1] = distinct[k];
      tpr[k + 1] = (double) counts[k][0] / pos;
      fpr[k + 1] = (double) counts[k][1] / neg;
    }
    return new Roc(t, fpr, tpr);
  }

  /**
   * The precision–recall curve of {@code scores}.
   *
   * @throws IllegalArgumentException when lengths differ, a score is not finite, or there is no
   *     anomaly
   */
  public static PrecisionRecall precisionRecall(double[] scores, boolean[] anomalous) {
    AnomalyMetrics.check(scores, anomalous);
    long[][] counts = cumulative(scores, anomalous);
    long pos = counts.length == 0 ? 0 : counts[counts.length - 1][0];
    if (pos == 0) {
      throw new IllegalArgumentException("a precision-recall curve needs at least one anomaly, "
          + "got 0 of " + scores.length + " rows");
    }
    double[] distinct = distinctDescending(scores);
    double[] recall = new double[distinct.length];
    double[] precision = new double[distinct.length];
    for (int k = 0; k < distinct.length; k++) {
      long tp = counts[k][0];
      long flagged = tp + counts[k][1];
      recall[k] = (double) tp / pos;
      precision[k] = (double) tp / flagged;
    }
    return new PrecisionRecall(distinct, recall, precision);
  }

  /** The distinct scores, decreasing. */
  private static double[] distinctDescending(double[] scores) {
    double[] s = scores.clone();
    Arrays.sort(s);
    int m = 0;
    double[] out = new double[s.length];
    for (int i = s.length - 1; i >= 0; i--) {
      if (m == 0 || s[i] != out[m - 1]) {
        out[m++] = s[i];
      }
    }
    return Arrays.copyOf(out, m);
  }

  /**
   * For each distinct score in decreasing order, {anomalies, normal rows} with a score at or
   * above it.
   */
  private static long[][] cumulative(double[] scores, boolean[] anomalous) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    long[][] out = new long[scores.length][];
    int m = 0;
    long tp = 0;
    long fp = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j < order.length && scores[order[j]] == scores[order[i]]) {
        if (anomalous[order[j]]) {
          tp++;
        } else {
          fp++;
        }
        j++;
      }
      out[m++] = new long[] {tp, fp};
      i = j;
    }
    return Arrays.copyOf(out, m);
  }
}
