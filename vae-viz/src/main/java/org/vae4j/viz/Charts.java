package org.vae4j.viz;

import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;

/** The common frame of the XChart pictures (latent scatter, loss curves): size rule and style. */
final class Charts {

  private Charts() {}

  /** Checks a chart size: each side 100 to 8,000 pixels. */
  static void checkSize(int width, int height) {
    if (width < 100 || width > 8000 || height < 100 || height > 8000) {
      throw new IllegalArgumentException(
          "size must be in [100, 8000] each, got " + width + " x " + height);
    }
  }

  /** An XY chart on a white background with the legend outside on the right. */
  static XYChart xyChart(int width, int height, String title, String xTitle, String yTitle,
      XYSeriesRenderStyle style, int markerSize) {
    XYChart chart = new XYChartBuilder()
        .width(width)
        .height(height)
        .title(title)
        .xAxisTitle(xTitle)
        .yAxisTitle(yTitle)
        .build();
    Styler styler = chart.getStyler();
    chart.getStyler().setDefaultSeriesRenderStyle(style);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setMarkerSize(markerSize);
    return chart;
  }
}
