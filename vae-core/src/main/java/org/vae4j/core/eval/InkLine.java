package org.vae4j.core.eval;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.internal.ArrayRows;

/**
 * The squared error's dependence on an image's ink, fitted on normal images: the least-squares
 * line {@code log(SE + ε) ≈ intercept + slope · log(1 + ink)} ({@code ε = 1e-12}, {@code ink}
 * the sum of an image's observed values). An image's ink-normalised score is its residual {@code
 * log(SE + ε) − intercept − slope · log(1 + ink)}: how much worse the model reconstructs it than
 * normal images with as much ink. A digit with little ink (a "1") has a small squared error
 * whatever the model learned, and one with much ink (an "8") a large one; the residual takes that
 * out, so the score ranks how unusual an image is for its ink rather than its ink.
 *
 * <p>Set it on a {@link AnomalyScorer.ScoreType#RECONSTRUCTION_ERROR} scorer with {@link
 * AnomalyScorer#fitInkLine} (from rows believed normal) or {@link
 * AnomalyScorer.Builder#inkLine(InkLine)} (from {@link #fit} on scores the caller computed, e.g.
 * chunk by chunk over a folder); {@link AnomalyDetector} saves it with the scorer. The values must
 * be non-negative (images in [0, 1]): a standardised table's values have no ink. It suits images
 * on a dark background, where the ink is the object's; on a light background the ink is mostly
 * the background's, the same for every image, and the line only adds noise (docs/anomaly.md
 * measures both).
 *
 * @param intercept the line's value at zero ink, finite
 * @param slope its slope in {@code log(1 + ink)}, finite
 */
public record InkLine(double intercept, double slope) {

  /** The {@code ε} added to a squared error before its logarithm (an exact reconstruction). */
  public static final double EPSILON = 1e-12;

  /** Checks that both numbers are finite. */
  public InkLine {
    if (!Double.isFinite(intercept) || !Double.isFinite(slope)) {
      throw new IllegalArgumentException(
          "an ink line needs a finite intercept and slope, got " + intercept + " and " + slope);
    }
  }

  /**
   * The least-squares line through {@code (log(1 + ink[i]), log(scores[i] + ε))}; slope 0 (the
   * mean) when every ink is the same.
   *
   * @param scores squared errors of rows believed normal, each finite and at least 0
   * @param ink each row's ink ({@link #inks}), each finite and at least 0
   * @throws IllegalArgumentException when there are fewer than two rows, the lengths differ, or a
   *     value is negative or not finite (the row named)
   */
  public static InkLine fit(double[] scores, double[] ink) {
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(ink, "ink");
    int m = scores.length;
    if (m < 2 || ink.length != m) {
      throw new IllegalArgumentException("an ink line is fitted on at least two rows, one ink "
          + "per score: got " + m + " scores and " + ink.length + " inks");
    }
    double[] u = new double[m];
    double[] y = new double[m];
    double mu = 0;
    double my = 0;
    for (int i = 0; i < m; i++) {
      check("score", scores[i], i);
      check("ink", ink[i], i);
      u[i] = Math.log1p(ink[i]);
      y[i] = Math.log(scores[i] + EPSILON);
      mu += u[i] / m;
      my += y[i] / m;
    }
    double cov = 0;
    double var = 0;
    for (int i = 0; i < m; i++) {
      cov += (u[i] - mu) * (y[i] - my);
      var += (u[i] - mu) * (u[i] - mu);
    }
    double b = var > 0 ? cov / var : 0;
    return new InkLine(my - b * mu, b);
  }

  /**
   * Each row's ink: the sum of its observed (non-NaN) values.
   *
   * @throws IllegalArgumentException naming the row and the value when a value is negative or
   *     infinite
   */
  public static double[] inks(INDArray data) {
    Objects.requireNonNull(data, "data");
    int n = Math.toIntExact(data.size(0));
    double[] out = new double[n];
    int batch = ModelEvaluator.DEFAULT_MAX_BATCH_ROWS;
    for (int from = 0; from < n; from += batch) {
      int to = Math.min(n, from + batch);
      double[] xs = Inputs.flatDoubles(ArrayRows.rows(data, from, to));
      int w = xs.length / Math.max(1, to - from);
      for (int i = 0; i < to - from; i++) {
        out[from + i] = ink(xs, i * w, w, from + i);
      }
    }
    return out;
  }

  /** The ink of the {@code w} values at {@code offset}: row {@code row}'s observed values summed. */
  static double ink(double[] xs, int offset, int w, int row) {
    double s = 0;
    for (int j = offset; j < offset + w; j++) {
      double v = xs[j];
      if (Double.isNaN(v)) {
        continue;
      }
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("an ink-normalised score needs non-negative values "
            + "(images in [0, 1]), but data row " + row + " has " + v + " at value " + (j - offset)
            + "; a table's standardised values have no ink: score it without an ink line");
      }
      s += v;
    }
    return s;
  }

  /** Refuses a scorer an ink line does not apply to. */
  static void checkApplies(AnomalyScorer.ScoreType type, boolean complexityCorrection) {
    if (type != AnomalyScorer.ScoreType.RECONSTRUCTION_ERROR) {
      throw new IllegalArgumentException("an ink line normalises the squared error "
          + "(RECONSTRUCTION_ERROR), not " + type + " (a likelihood score can be negative and has "
          + "no logarithm)");
    }
    if (complexityCorrection) {
      throw new IllegalArgumentException("an ink line and the input complexity correction both "
          + "correct for an image's simplicity: choose one (the corrected error can be negative)");
    }
  }

  /** {@code log(score + ε) − intercept − slope · log(1 + ink)}. */
  public double residual(double score, double ink) {
    return Math.log(score + EPSILON) - intercept - slope * Math.log1p(ink);
  }

  private static void check(String what, double v, int row) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          "an ink line needs finite, non-negative " + what + "s; row " + row + " has " + v);
    }
  }

}
