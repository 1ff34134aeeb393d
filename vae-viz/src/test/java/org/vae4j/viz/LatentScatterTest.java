package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LatentScatterTest {

  @TempDir Path dir;

  /** n points per label for labels 0..k-1, label j clustered around (3j, -2j) in the first two dims. */
  private static INDArray clusters(int k, int n, int dim, int[] labelsOut) {
    Random r = new Random(1);
    float[][] pts = new float[k * n][dim];
    for (int j = 0; j < k; j++) {
      for (int i = 0; i < n; i++) {
        int row = j * n + i;
        labelsOut[row] = j;
        for (int d = 0; d < dim; d++) {
          pts[row][d] = (float) (0.3 * r.nextGaussian() + (d == 0 ? 3 * j : d == 1 ? -2 * j : 0));
        }
      }
    }
    return Nd4j.createFromArray(pts);
  }

  @Test
  void eachLabelIsASeriesDrawnInItsOwnColour() throws IOException {
    int[] labels = new int[4 * 60];
    INDArray means = clusters(4, 60, 2, labels);
    Path file = dir.resolve("scatter.png");
    LatentScatter.of(means, labels).markerSize(6).writePng(file);
    BufferedImage img = TestImages.read(file);
    assertThat(img.getWidth()).isEqualTo(800);
    assertThat(img.getHeight()).isEqualTo(600);
    for (int label = 0; label < 4; label++) {
      int colour = LatentScatter.colourOf(label).getRGB();
      // far more pixels than a legend swatch: the points are there
      assertThat(TestImages.count(img, 0, 0, 800, 600, colour)).as("label %d", label).isGreaterThan(300);
    }
    // a label with no points: at most a few anti-aliased edge pixels happen to match its colour
    int unused = LatentScatter.colourOf(6).getRGB();
    assertThat(TestImages.count(img, 0, 0, 800, 600, unused)).as("a label with no points").isLessThan(20);
  }

  @Test
  void seriesHoldExactlyThePointsOfTheirLabel() {
    int[] labels = {2, 0, 2, 5};
    INDArray means = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
    XYChart chart = LatentScatter.of(means, labels).chart();
    assertThat(chart.getSeriesMap().keySet()).containsExactly("0", "2", "5");
    XYSeries two = chart.getSeriesMap().get("2");
    assertThat(two.getXData()).containsExactly(1, 5);
    assertThat(two.getYData()).containsExactly(2, 6);
    assertThat(chart.getTitle()).isEqualTo("Latent means");
  }

  @Test
  void classNamesNameTheLegendEntries() {
    int[] labels = {0, 1};
    XYChart chart = LatentScatter.of(Nd4j.createFromArray(new float[][] {{0, 0}, {1, 1}}), labels)
        .classNames("cat", "dog").chart();
    assertThat(chart.getSeriesMap().keySet()).containsExactly("cat", "dog");
  }

  @Test
  void widerLatentsAreProjectedByPcaAndTheTitleSaysSo() {
    int[] labels = new int[3 * 40];
    INDArray means = clusters(3, 40, 6, labels);
    LatentScatter scatter = LatentScatter.of(means, labels);
    XYChart chart = scatter.chart();
    assertThat(chart.getTitle()).contains("PCA").contains("6 dimensions");
    assertThat(chart.getXAxisTitle()).startsWith("PC1");
    double[][] p = scatter.projected();
    assertThat(p[0]).hasSize(2);
    // the clusters lie along (3, -2, 0, ...): PC1 separates them and carries most of the variance
    double spreadAlong = Math.abs(p[80][0] - p[0][0]);
    assertThat(spreadAlong).isCloseTo(2 * Math.sqrt(13), within(1.0));
  }

  @Test
  void chosenDimensionsArePlottedDirectly() {
    int[] labels = new int[2 * 5];
    INDArray means = clusters(2, 5, 4, labels);
    LatentScatter scatter = LatentScatter.of(means, labels).dimensions(1, 3);
    double[][] p = scatter.projected();
    assertThat(p[7][0]).isEqualTo(means.getDouble(7, 1));
    assertThat(p[7][1]).isEqualTo(means.getDouble(7, 3));
    assertThat(scatter.chart().getTitle()).contains("z1 and z3");
  }

  @Test
  void encodeUsesTheEncoderMeansInBatches() {
    Stubs.FirstPixelsEncoder encoder = new Stubs.FirstPixelsEncoder(2, new long[] {1, 2, 2});
    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2500, 1, 2, 2);
    LatentScatter scatter = LatentScatter.encode(encoder, x, null);
    double[][] p = scatter.projected();
    assertThat(p).hasNumberOfRows(2500);
    assertThat(p[2400][1]).isCloseTo(x.getDouble(2400, 0, 0, 1), within(1e-6));
    assertThat(scatter.chart().getSeriesMap().keySet()).containsExactly("all");
  }

  @Test
  void rejectsBadInputNamingIt() {
    INDArray two = Nd4j.zeros(3, 2);
    assertThatThrownBy(() -> LatentScatter.of(two, new int[] {0, 1}))
        .hasMessage("labels must have one label per row of means (3), got 2");
    assertThatThrownBy(() -> LatentScatter.of(two, new int[] {0, -1, 0}))
        .hasMessage("labels must be >= 0, got -1 at index 1");
    assertThatThrownBy(() -> LatentScatter.of(Nd4j.zeros(3, 1), null))
        .hasMessageContaining("latentDim >= 2, got [3, 1]");
    assertThatThrownBy(() -> LatentScatter.of(Nd4j.zeros(0, 2), null))
        .hasMessageContaining("n >= 1");
    INDArray nan = Nd4j.zeros(2, 2);
    nan.putScalar(1, 0, Double.NaN);
    assertThatThrownBy(() -> LatentScatter.of(nan, null)).hasMessage("means must be finite, got NaN at [1, 0]");
    assertThatThrownBy(() -> LatentScatter.of(two, new int[] {0, 2, 1}).classNames("a", "b"))
        .hasMessageContaining("classNames must name every label up to 2");
    assertThatThrownBy(() -> LatentScatter.of(two, new int[] {0, 1, 1}).classNames("a", "a"))
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> LatentScatter.of(two, null).size(10, 10))
        .hasMessage("size must be in [100, 8000] each, got 10 x 10");
  }
}
