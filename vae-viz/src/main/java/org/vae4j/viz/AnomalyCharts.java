package org.vae4j.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pictures of anomaly scores: a score histogram with the threshold, ROC and precision–recall
 * curves, the largest per-column contributions of one example, and the most anomalous images with
 * an optional heat-map overlay of their per-pixel contributions. Inputs are plain arrays (higher
 * score = more anomalous; {@code true} = anomaly), so any scorer can feed them; the curve points
 * come from {@code org.vae4j.core.anomaly.AnomalyCurves} (vae-viz depends on no sibling module).
 * Every picture is deterministic; charts are 100 to 8,000 pixels a side, grids obey the limits of
 * the other renderers (at most 2^25 pixels, 65,536 a side); NaN or infinite inputs and mismatched
 * lengths are refused with an {@link IllegalArgumentException} naming the argument.
 *
 * <pre>{@code
 * AnomalyCharts.writePng(AnomalyCharts.histogram(scores, anomalous, threshold), Path.of("h.png"));
 * }</pre>
 */
public final class AnomalyCharts {

  /** Colour of normal rows (and of all scores when no labels are given). */
  static final Color NORMAL = new Color(0x1f77b4);
  /** Colour of anomalies. */
  static final Color ANOMALOUS = new Color(0xff7f0e);
  /** Colour of the threshold line. */
  static final Color THRESHOLD = new Color(0xd62728);
  /** Colour of the curves and bars. */
  static final Color CURVE = new Color(0x2ca02c);
  /** Colour of the chance line of the ROC chart. */
  static final Color CHANCE = new Color(0x999999);

  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;

  private AnomalyCharts() {}

  /**
   * A histogram of {@code scores} in {@code bins} equal bins, normal rows and anomalies as two
   * overlaid outlined areas when {@code anomalous} is not null (one "scores" area otherwise), and
   * the threshold as a vertical red line. Scores spanning two decades or more (all positive) get a
   * log score axis; other heavy-tailed scores (a few rows scoring far beyond the rest) are binned
   * up to the 99% quantile (or just past the threshold) with one overflow bar to the right for the
   * rows above it, named in the axis title; either way the normal rows stay readable.
   *
   * @param anomalous one label per score, or null
   * @param bins 1 to 1,000
   */
  public static BufferedImage histogram(double[] scores, boolean[] anomalous, double threshold,
      int bins) {
    checkScores(scores);
    if (anomalous != null && anomalous.length != scores.length) {
      throw new IllegalArgumentException("scores and anomalous must have the same length, got "
          + scores.length + " and " + anomalous.length);
    }
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite, got " + threshold);
    }
    if (bins < 1 || bins > 1000) {
      throw new IllegalArgumentException("bins must be in [1, 1000], got " + bins);
    }
    Bins bin = Bins.of(scores, threshold, bins);
    int drawn = bin.overflow() ? bins + 1 : bins;
    long[] normal = new long[drawn];
    long[] anomalies = new long[drawn];
    for (int i = 0; i < scores.length; i++) {
      int b = bin.index(scores[i]);
      if (anomalous != null && anomalous[i]) {
        anomalies[b]++;
      } else {
        normal[b]++;
      }
    }
    XYChart chart = Charts.xyChart(WIDTH, HEIGHT, "Anomaly scores (" + scores.length + " rows, "
        + "threshold " + format(threshold) + ")", bin.log() ? "score (log scale)"
        : bin.overflow() ? "score (last bar: the "
        + (normal[bins] + anomalies[bins]) + " rows above " + format(bin.hi()) + ", up to "
        + format(bin.max()) + ")" : "score", "rows",
        XYSeriesRenderStyle.Area, 0);
    long top = 1;
    top = Math.max(top, Arrays.stream(normal).max().orElse(0));
    top = Math.max(top, Arrays.stream(anomalies).max().orElse(0));
    if (bin.log()) {
      chart.getStyler().setXAxisLogarithmic(true);
    }
    addOutline(chart, anomalous == null ? "scores" : "normal", bin, normal, NORMAL);
    if (anomalous != null) {
      addOutline(chart, "anomalous", bin, anomalies, ANOMALOUS);
    }
    XYSeries line = chart.addSeries("threshold", new double[] {threshold, threshold},
        new double[] {0, top});
    line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    line.setLineColor(THRESHOLD);
    line.setLineStyle(new BasicStroke(3f));
    line.setMarker(SeriesMarkers.NONE);
    return BitmapEncoder.getBufferedImage(chart);
  }

  /** {@link #histogram(double[], boolean[], double, int)} with labels 0 (normal) / 1 (anomaly). */
  public static BufferedImage histogram(double[] scores, int[] labels, double threshold, int bins) {
    return histogram(scores, labels == null ? null : anomalous(labels), threshold, bins);
  }

  /**
   * The bins of {@link #histogram}. When every score (and the threshold) is positive and the
   * highest is at least {@value #LOG_RANGE} times the lowest, the bins are equal on a log score
   * axis (so rows scoring 20 and rows scoring 20,000 both spread over bins). Otherwise equal bins
   * from the lowest score (or the threshold) to the highest; but with heavy-tailed scores (the
   * highest more than {@value #TAIL_FACTOR} times as far from the lowest as the 99% quantile is)
   * the bins end at the 99% quantile (or just past the threshold, so its line stays in view) and
   * the scores above it fall into one overflow bin {@code bins} drawn to the right, named in the
   * axis title.
   */
  record Bins(double lo, double hi, double width, int bins, boolean overflow, boolean log,
      double max) {
    static Bins of(double[] scores, double threshold, int bins) {
      double lo = threshold;
      double max = threshold;
      for (double s : scores) {
        lo = Math.min(lo, s);
        max = Math.max(max, s);
      }
      if (lo > 0 && max / lo >= LOG_RANGE) {
        double a = Math.log10(lo);
        double b = Math.log10(max);
        return new Bins(lo, max, (b - a) / bins, bins, false, true, max);
      }
      double[] sorted = scores.clone();
      Arrays.sort(sorted);
      double q = sorted[(int) Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)];
      double hi = max;
      boolean overflow = false;
      if (q > lo && max - lo > TAIL_FACTOR * (q - lo)) {
        hi = threshold >= q ? threshold + 0.05 * (threshold - lo) : q;
        overflow = hi < max;
        if (!overflow) {
          hi = max;
        }
      }
      if (hi == lo) {
        lo -= 0.5;
        hi += 0.5;
      }
      return new Bins(lo, hi, (hi - lo) / bins, bins, overflow, false, max);
    }

    /** The bin of {@code score}: {@code bins} for the overflow bin. */
    int index(double score) {
      if (overflow && score > hi) {
        return bins;
      }
      double at = log ? (Math.log10(score) - Math.log10(lo)) / width : (score - lo) / width;
      return (int) Math.max(0, Math.min(bins - 1, Math.floor(at)));
    }

    /** The lower edge of bin {@code i} (the upper edge of the last at {@code i = bins}). */
    double edge(int i) {
      return log ? Math.pow(10, Math.log10(lo) + i * width) : lo + i * width;
    }
  }

  /** The ratio of highest to lowest positive score from which the histogram's axis is log. */
  static final double LOG_RANGE = 100;

  /** How far the highest score may lie beyond the 99% quantile before the histogram clips. */
  static final double TAIL_FACTOR = 5;

  private static void addOutline(XYChart chart, String name, Bins bin, long[] counts,
      Color colour) {
    int b = counts.length;
    double[] x = new double[2 * b + 2];
    double[] y = new double[2 * b + 2];
    x[0] = bin.edge(0);
    for (int i = 0; i < b; i++) {
      x[2 * i + 1] = bin.edge(i);
      y[2 * i + 1] = counts[i];
      x[2 * i + 2] = bin.edge(i + 1);
      y[2 * i + 2] = counts[i];
    }
    x[2 * b + 1] = bin.edge(b);
    XYSeries s = chart.addSeries(name, x, y);
    s.setLineColor(colour);
    s.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 110));
    s.setMarker(SeriesMarkers.NONE);
    s.setLineStyle(new BasicStroke(1.5f));
  }

  /**
   * A ROC curve through the given points (e.g. {@code AnomalyCurves.roc(...)}'s rates), with the
   * trapezoidal area under them in the title and the chance diagonal dashed.
   *
   * @throws IllegalArgumentException unless both arrays have the same length of at least 2, values
   *     in [0, 1], and are non-decreasing
   */
  public static BufferedImage roc(double[] falsePositiveRate, double[] truePositiveRate) {
    checkCurve(falsePositiveRate, "falsePositiveRate", truePositiveRate, "truePositiveRate", 2);
    checkNonDecreasing(falsePositiveRate, "falsePositiveRate");
    checkNonDecreasing(truePositiveRate, "truePositiveRate");
    double area = 0;
    for (int k = 1; k < falsePositiveRate.length; k++) {
      area += (falsePositiveRate[k] - falsePositiveRate[k - 1])
          * (truePositiveRate[k] + truePositiveRate[k - 1]) / 2;
    }
    XYChart chart = unitChart("ROC curve (AUC = " + String.format(Locale.ROOT, "%.3f", area) + ")",
        "false positive rate", "true positive rate");
    XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
    chance.setLineColor(CHANCE);
    chance.setMarker(SeriesMarkers.NONE);
    chance.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
        new float[] {6f, 4f}, 0f));
    XYSeries s = chart.addSeries("ROC", falsePositiveRate.clone(), truePositiveRate.clone());
    s.setLineColor(CURVE);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineStyle(new BasicStroke(2.5f));
    return BitmapEncoder.getBufferedImage(chart);
  }

  /**
   * A precision–recall curve through the given points (e.g. {@code
   * AnomalyCurves.precisionRecall(...)}), drawn as a step function, with the average precision
   * {@code Σ (R_k − R_{k−1}) · P_k} in the title.
   *
   * @throws IllegalArgumentException unless both arrays have the same length of at least 1, values
   *     in [0, 1], and recall is non-decreasing
   */
  public static BufferedImage precisionRecall(double[] recall, double[] precision) {
    checkCurve(recall, "recall", precision, "precision", 1);
    checkNonDecreasing(recall, "recall");
    double ap = 0;
    double previous = 0;
    int n = recall.length;
    double[] x = new double[2 * n];
    double[] y = new double[2 * n];
    for (int k = 0; k < n; k++) {
      ap += (recall[k] - previous) * precision[k];
      x[2 * k] = previous;
      y[2 * k] = precision[k];
      x[2 * k + 1] = recall[k];
      y[2 * k + 1] = precision[k];
      previous = recall[k];
    }
    XYChart chart = unitChart("Precision-recall curve (AP = "
        + String.format(Locale.ROOT, "%.3f", Math.min(1, ap)) + ")", "recall", "precision");
    XYSeries s = chart.addSeries("precision", x, y);
    s.setLineColor(CURVE);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineStyle(new BasicStroke(2.5f));
    return BitmapEncoder.getBufferedImage(chart);
  }

  private static XYChart unitChart(String title, String xTitle, String yTitle) {
    XYChart chart = Charts.xyChart(WIDTH - 100, HEIGHT + 100, title, xTitle, yTitle,
        XYSeriesRenderStyle.Line, 0);
    Styler styler = chart.getStyler();
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(1.0);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    styler.setLegendPosition(Styler.LegendPosition.InsideSE);
    return chart;
  }

  /**
   * The {@code k} largest of one example's per-column contributions (e.g. each column's share of
   * its score), as bars in decreasing order named by {@code columnNames}.
   *
   * @param k 1 to 100; fewer bars when there are fewer columns
   */
  public static BufferedImage topContributions(double[] contributions, String[] columnNames,
      int k) {
    checkScores(contributions, "contributions");
    Objects.requireNonNull(columnNames, "columnNames");
    if (columnNames.length != contributions.length) {
      throw new IllegalArgumentException("contributions and columnNames must have the same "
          + "length, got " + contributions.length + " and " + columnNames.length);
    }
    if (k < 1 || k > 100) {
      throw new IllegalArgumentException("k must be in [1, 100], got " + k);
    }
    Integer[] order = new Integer[contributions.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // largest first; ties in column order, so the picture is deterministic
    Arrays.sort(order, (a, b) -> Double.compare(contributions[b], contributions[a]));
    int m = Math.min(k, order.length);
    String[] names = new String[m];
    double[] values = new double[m];
    for (int i = 0; i < m; i++) {
      names[i] = Objects.requireNonNull(columnNames[order[i]], "columnNames[" + order[i] + "]");
      values[i] = contributions[order[i]];
    }
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Largest per-column contributions (top " + m + " of " + contributions.length + ")")
        .xAxisTitle("column").yAxisTitle("contribution to the score").build();
    Styler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(m > 8 ? 45 : 0);
    CategorySeries s = chart.addSeries("contribution", Arrays.asList(names),
        Arrays.stream(values).boxed().toList());
    s.setFillColor(CURVE);
    return BitmapEncoder.getBufferedImage(chart);
  }

  /**
   * The {@code count} highest-scored images, in decreasing score order, each captioned with its
   * row index and score. With {@code contributions} (one row per image, {@code C·H·W} or
   * {@code H·W} values; null for none) each image is drawn twice: plain, and as a heat map of its
   * per-pixel contributions over a grey copy of it (the image's luminance at half brightness, the
   * map in the "inferno" colours, black-purple-red-orange-pale yellow, at an opacity growing with
   * the value up to 85%), so the map reads the same on red, blue or grey images. Channels are
   * summed, negative values count 0, and all shown images share one scale (the largest value
   * shown is pale yellow), so a hotter colour means a larger share of the score in every tile.
   *
   * @param images {@code [n, C, H, W]} with C 1 or 3, values in [0, 1] (clipped)
   * @param count 1 to 10,000; fewer when there are fewer images
   * @param scale upscale factor, 1 to 64
   */
  public static BufferedImage mostAnomalous(INDArray images, double[] scores, int count,
      INDArray contributions, int scale) {
    return mostAnomalous(images, scores, count, null, -1, contributions, scale);
  }

  /**
   * {@link #mostAnomalous(INDArray, double[], int, INDArray, int)} on images already picked out
   * of a larger set (the highest-scored of a folder scored in chunks, say): every given image is
   * drawn, in decreasing score order, captioned with its row number in that set, {@code
   * rowNumbers[i]}, and the title says how many the set has, {@code total}.
   *
   * @param rowNumbers one per image (at most 10,000), each in [0, total), no two alike
   * @param total the size of the set, at least the number of images
   */
  public static BufferedImage mostAnomalous(INDArray images, double[] scores, int[] rowNumbers,
      long total, INDArray contributions, int scale) {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(rowNumbers, "rowNumbers");
    checkScores(scores);
    if (rowNumbers.length > 10_000) {
      throw new IllegalArgumentException("rowNumbers must name at most 10000 images, got "
          + rowNumbers.length);
    }
    if (rowNumbers.length != scores.length) {
      throw new IllegalArgumentException("rowNumbers and scores must have the same length, got "
          + rowNumbers.length + " and " + scores.length);
    }
    if (total < rowNumbers.length) {
      throw new IllegalArgumentException("total must be at least the number of images "
          + rowNumbers.length + ", got " + total);
    }
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < rowNumbers.length; i++) {
      if (rowNumbers[i] < 0 || rowNumbers[i] >= total || !seen.add(rowNumbers[i])) {
        throw new IllegalArgumentException("rowNumbers[" + i + "] must be in [0, " + total
            + ") and differ from the others, got " + rowNumbers[i]);
      }
    }
    return mostAnomalous(images, scores, rowNumbers.length, rowNumbers, total, contributions,
        scale);
  }

  private static BufferedImage mostAnomalous(INDArray images, double[] scores, int count,
      int[] rowNumbers, long total, INDArray contributions, int scale) {
    Objects.requireNonNull(images, "images");
    checkScores(scores);
    if (images.rank() != 4) {
      throw new IllegalArgumentException("images must be [n, C, H, W], got shape "
          + Arrays.toString(images.shape()));
    }
    Pixels.ImageShape shape = Pixels.imageShape(Arrays.copyOfRange(images.shape(), 1, 4),
        "images image shape");
    long n = images.size(0);
    if (n != scores.length) {
      throw new IllegalArgumentException("images and scores must have the same number of rows, "
          + "got " + n + " and " + scores.length);
    }
    if (count < 1 || count > 10_000) {
      throw new IllegalArgumentException("count must be in [1, 10000], got " + count);
    }
    Pixels.checkScale(scale);
    int plane = shape.height() * shape.width();
    if (contributions != null) {
      long per = contributions.rank() == 2 ? contributions.size(1) : -1;
      if (contributions.rank() != 2 || contributions.size(0) != n
          || (per != shape.size() && per != plane)) {
        throw new IllegalArgumentException("contributions must be [" + n + ", " + shape.size()
            + "] or [" + n + ", " + plane + "] (C*H*W or H*W per image), got shape "
            + Arrays.toString(contributions.shape()));
      }
    }
    int m = (int) Math.min(count, n);
    int columns = Math.min(m, 10);
    int rows = (m + columns - 1) / columns;
    // tiles are 2 images wide with an overlay; check the whole picture before drawing anything
    Pixels.ImageShape cell = contributions == null ? shape
        : new Pixels.ImageShape(shape.channels(), shape.height(), 2 * shape.width() + 2);
    Canvas.checkGrid(m, columns, cell, scale, 2);
    Integer[] order = new Integer[(int) n];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    double[][] heat = null;
    if (contributions != null) {
      heat = new double[m][];
      double max = 0;
      for (int i = 0; i < m; i++) {
        double[] c = contributions.getRow(order[i]).castTo(DataType.DOUBLE).toDoubleVector();
        double[] p = new double[plane];
        for (int j = 0; j < c.length; j++) {
          if (!Double.isFinite(c[j])) {
            throw new IllegalArgumentException("contributions must be finite, got " + c[j]
                + " in row " + order[i] + " at index " + j);
          }
          p[j % plane] += c[j];
        }
        for (int j = 0; j < plane; j++) {
          p[j] = Math.max(0, p[j]);
          max = Math.max(max, p[j]);
        }
        heat[i] = p;
      }
      for (double[] p : heat) {
        for (int j = 0; j < plane; j++) {
          p[j] = max > 0 ? p[j] / max : 0;
        }
      }
    }
    INDArray flat = images.castTo(DataType.DOUBLE).reshape('c', n, shape.size());
    BufferedImage[][] cells = new BufferedImage[rows][columns];
    String[] captions = new String[m];
    for (int i = 0; i < m; i++) {
      int row = order[i];
      double[] values = flat.getRow(row).toDoubleVector();
      BufferedImage plain = Pixels.tile(values, shape, "images", row);
      BufferedImage tile = heat == null ? plain : pair(plain, overlay(plain, heat[i]));
      cells[i / columns][i % columns] = Pixels.upscale(tile, scale);
      captions[i] = "#" + (rowNumbers == null ? row : rowNumbers[row]) + " "
          + format(scores[row]);
    }
    // one caption row per grid row: captions under the last row only would mislead, so the
    // captions go into the title lines, row by row
    StringBuilder title = new StringBuilder("Most anomalous " + m + " of "
        + (rowNumbers == null ? n : total)
        + (heat != null ? " (left: image, right: contributions, inferno over grey)" : ""));
    for (int r = 0; r < rows; r++) {
      title.append("\nrow ").append(r + 1).append(": ");
      for (int c = 0; c < columns && r * columns + c < m; c++) {
        title.append(c == 0 ? "" : ", ").append(captions[r * columns + c]);
      }
    }
    return Canvas.compose(cells, 2, Canvas.SPACING, null, null, title.toString()).image();
  }

  /** The opacity of the map at its largest value. */
  static final double MAX_OPACITY = 0.85;
  /** The brightness of the grey copy under the map. */
  static final double GREY_LEVEL = 0.5;

  /**
   * A 9-stop approximation of matplotlib's perceptually uniform "inferno" map (black, purple,
   * red, orange, pale yellow) at 0, 1/8, ..., 1, interpolated linearly in between.
   */
  private static final int[][] INFERNO = {
      {0, 0, 4}, {31, 12, 72}, {85, 15, 109}, {136, 34, 106}, {186, 54, 85}, {227, 89, 51},
      {249, 140, 10}, {249, 201, 50}, {252, 255, 164}};

  /** The inferno colour of {@code v} in [0, 1] (clamped), as 0xRRGGBB. */
  static int inferno(double v) {
    double t = Math.max(0, Math.min(1, v)) * (INFERNO.length - 1);
    int i = Math.min(INFERNO.length - 2, (int) Math.floor(t));
    double f = t - i;
    int rgb = 0;
    for (int c = 0; c < 3; c++) {
      int level = (int) Math.round((1 - f) * INFERNO[i][c] + f * INFERNO[i + 1][c]);
      rgb = (rgb << 8) | level;
    }
    return rgb;
  }

  /**
   * The per-pixel map over a colourless copy of the image, readable whatever the image's colours:
   * the image's luminance (Rec. 601) at {@link #GREY_LEVEL} brightness, and over it each pixel's
   * {@code heat} (values in [0, 1]) in the inferno colour of that value at opacity {@code
   * MAX_OPACITY · sqrt(heat)} (the square root lifts the middle values off the grey). A pixel
   * with no contribution stays grey; the largest is pale yellow.
   */
  static BufferedImage overlay(BufferedImage image, double[] heat) {
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        double grey = GREY_LEVEL * (0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff)
            + 0.114 * (rgb & 0xff));
        double v = heat[y * w + x];
        double a = MAX_OPACITY * Math.sqrt(Math.max(0, v));
        int hot = inferno(v);
        int r = (int) Math.round((1 - a) * grey + a * ((hot >> 16) & 0xff));
        int g = (int) Math.round((1 - a) * grey + a * ((hot >> 8) & 0xff));
        int b = (int) Math.round((1 - a) * grey + a * (hot & 0xff));
        out.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return out;
  }

  private static BufferedImage pair(BufferedImage left, BufferedImage right) {
    int w = left.getWidth();
    BufferedImage out = new BufferedImage(2 * w + 2, left.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < left.getHeight(); y++) {
      for (int x = 0; x < w; x++) {
        out.setRGB(x, y, left.getRGB(x, y));
        out.setRGB(w + 2 + x, y, right.getRGB(x, y));
      }
      out.setRGB(w, y, 0xffffff);
      out.setRGB(w + 1, y, 0xffffff);
    }
    return out;
  }

  /** Writes a picture as a PNG, atomically (a temporary file renamed). */
  public static void writePng(BufferedImage picture, Path file) throws IOException {
    ImageFiles.writePng(Objects.requireNonNull(picture, "picture"), file);
  }

  /** Labels 0 (normal) / 1 (anomaly) as booleans; any other value is refused. */
  static boolean[] anomalous(int[] labels) {
    boolean[] out = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("labels must be 0 (normal) or 1 (anomaly), got "
            + labels[i] + " at index " + i);
      }
      out[i] = labels[i] == 1;
    }
    return out;
  }

  private static void checkScores(double[] scores) {
    checkScores(scores, "scores");
  }

  private static void checkScores(double[] values, String name) {
    Objects.requireNonNull(values, name);
    if (values.length == 0) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            name + " must be finite, got " + values[i] + " at index " + i);
      }
    }
  }

  private static void checkCurve(double[] x, String xName, double[] y, String yName, int min) {
    Objects.requireNonNull(x, xName);
    Objects.requireNonNull(y, yName);
    if (x.length != y.length || x.length < min) {
      throw new IllegalArgumentException(xName + " and " + yName + " must have the same length, "
          + "at least " + min + ", got " + x.length + " and " + y.length);
    }
    for (int i = 0; i < x.length; i++) {
      if (!(x[i] >= 0 && x[i] <= 1) || !(y[i] >= 0 && y[i] <= 1)) {
        throw new IllegalArgumentException(xName + " and " + yName + " must be in [0, 1], got "
            + x[i] + " and " + y[i] + " at index " + i);
      }
    }
  }

  private static void checkNonDecreasing(double[] v, String name) {
    for (int i = 1; i < v.length; i++) {
      if (v[i] < v[i - 1]) {
        throw new IllegalArgumentException(name + " must be non-decreasing, got " + v[i - 1]
            + " then " + v[i] + " at index " + i);
      }
    }
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
