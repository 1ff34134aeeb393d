package org.vae4j.core.anomaly;

/**
 * The confusion counts of flagging every score strictly above {@code threshold}, and the
 * precision, recall and F1 they give (anomalies are the positive class).
 *
 * @param threshold the threshold: a score {@code > threshold} is flagged
 * @param truePositives anomalies flagged
 * @param falsePositives normal rows flagged
 * @param trueNegatives normal rows not flagged
 * @param falseNegatives anomalies not flagged
 */
public record ThresholdMetrics(double threshold, long truePositives, long falsePositives,
    long trueNegatives, long falseNegatives) {

  /** Checks that every count is non-negative. */
  public ThresholdMetrics {
    if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
      throw new IllegalArgumentException("counts must be >= 0, got tp " + truePositives + ", fp "
          + falsePositives + ", tn " + trueNegatives + ", fn " + falseNegatives);
    }
  }

  /** Rows flagged. */
  public long flagged() {
    return truePositives + falsePositives;
  }

  /** {@code tp / (tp + fp)}; 0 when nothing is flagged (scikit-learn's value there). */
  public double precision() {
    return flagged() == 0 ? 0 : (double) truePositives / flagged();
  }

  /** {@code tp / (tp + fn)}; 0 when there is no anomaly. */
  public double recall() {
    long p = truePositives + falseNegatives;
    return p == 0 ? 0 : (double) truePositives / p;
  }

  /** The harmonic mean of precision and recall; 0 when both are 0. */
  public double f1() {
    long denom = 2 * truePositives + falsePositives + falseNegatives;
    return denom == 0 ? 0 : 2.0 * truePositives / denom;
  }

  /** {@code fp / (fp + tn)}; 0 when there is no normal row. */
  public double falsePositiveRate() {
    long n = falsePositives + trueNegatives;
    return n == 0 ? 0 : (double) falsePositives / n;
  }
}
