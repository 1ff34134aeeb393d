package org.vae4j.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.api.training.TrainingHistory;

/**
 * Training and validation loss per epoch from a {@link TrainingHistory}, as an XChart line chart.
 * With {@link #withParts(boolean)} the reconstruction term joins the total on the left axis and the
 * (unweighted) KL term gets its own axis on the right, since it is usually much smaller. Epochs
 * without validation are left out of the validation lines.
 *
 * <pre>{@code
 * LossCurves.of(history).withParts(true).writePng(Path.of("loss.png"));
 * }</pre>
 */
public final class LossCurves {

  /** Colour of the training lines. */
  static final Color TRAIN = new Color(0x1f77b4);
  /** Colour of the validation lines. */
  static final Color VALIDATION = new Color(0xff7f0e);

  private static final BasicStroke SOLID = new BasicStroke(2f);
  private static final BasicStroke DASHED =
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 5f}, 0f);
  private static final BasicStroke DOTTED =
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 4f}, 0f);

  private final TrainingHistory history;
  private boolean parts;
  private int width = 800;
  private int height = 500;
  private String title = "Loss per example";

  private LossCurves(TrainingHistory history) {
    this.history = history;
  }

  /** Curves of {@code history}, which must have at least one epoch. */
  public static LossCurves of(TrainingHistory history) {
    Objects.requireNonNull(history, "history");
    if (history.epochs().isEmpty()) {
      throw new IllegalArgumentException("history must have at least 1 epoch, got 0");
    }
    return new LossCurves(history);
  }

  /** Also draws the reconstruction and KL terms (default false: totals only). */
  public LossCurves withParts(boolean parts) {
    this.parts = parts;
    return this;
  }

  /** Chart size in pixels, each 100 to 8,000 (default 800 × 500). */
  public LossCurves size(int width, int height) {
    Charts.checkSize(width, height);
    this.width = width;
    this.height = height;
    return this;
  }

  /** The chart title (default "Loss per example"). */
  public LossCurves title(String title) {
    this.title = Objects.requireNonNull(title, "title");
    return this;
  }

  /** The XChart chart, before rendering. */
  XYChart chart() {
    XYChart chart = Charts.xyChart(width, height, title, "epoch",
        parts ? "loss / reconstruction" : "loss", XYSeries.XYSeriesRenderStyle.Line, 6);
    chart.getStyler().setXAxisDecimalPattern("0");
    List<EpochStats> epochs = history.epochs();
    add(chart, "train", epochs, false, LossBreakdown::total, TRAIN, SOLID, 0);
    boolean anyValidation = epochs.stream().anyMatch(e -> e.validation() != null);
    if (anyValidation) {
      add(chart, "validation", epochs, true, LossBreakdown::total, VALIDATION, SOLID, 0);
    }
    if (parts) {
      add(chart, "train recon.", epochs, false, LossBreakdown::reconstruction, TRAIN, DASHED, 0);
      add(chart, "train KL (right)", epochs, false, LossBreakdown::kl, TRAIN, DOTTED, 1);
      if (anyValidation) {
        add(chart, "val. recon.", epochs, true, LossBreakdown::reconstruction, VALIDATION, DASHED, 0);
        add(chart, "val. KL (right)", epochs, true, LossBreakdown::kl, VALIDATION, DOTTED, 1);
      }
      chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
      chart.setYAxisGroupTitle(1, "KL");
    }
    return chart;
  }

  private static void add(
      XYChart chart,
      String name,
      List<EpochStats> epochs,
      boolean validation,
      ToDoubleFunction<LossBreakdown> part,
      Color colour,
      BasicStroke stroke,
      int axis) {
    List<EpochStats> kept = epochs.stream().filter(e -> !validation || e.validation() != null).toList();
    double[] x = new double[kept.size()];
    double[] y = new double[kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      EpochStats e = kept.get(i);
      x[i] = e.epoch();
      y[i] = part.applyAsDouble(validation ? e.validation() : e.train());
    }
    XYSeries series = chart.addSeries(name, x, y);
    series.setLineColor(colour);
    series.setMarkerColor(colour);
    series.setLineStyle(stroke);
    series.setMarker(stroke == SOLID ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    series.setYAxisGroup(axis);
  }

  /** Draws the chart. */
  public BufferedImage render() {
    return BitmapEncoder.getBufferedImage(chart());
  }

  /** Draws the chart and writes it as a PNG, atomically. */
  public void writePng(Path file) throws IOException {
    ImageFiles.writePng(render(), file);
  }
}
