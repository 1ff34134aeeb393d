package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.api.training.TrainingHistory;

class LossCurvesTest {

  @TempDir Path dir;

  static TrainingHistory history(int epochs, boolean validation) {
    List<EpochStats> list = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      double recon = 200.0 / e + 100;
      double kl = 2 + e;
      LossBreakdown train = new LossBreakdown(recon + kl, recon, kl);
      LossBreakdown val = validation ? new LossBreakdown(recon + kl + 5, recon + 4, kl + 1) : null;
      list.add(new EpochStats(e, 10L * e, train, val, 1.0, 1.5, 1000));
    }
    return new TrainingHistory(list, null);
  }

  @Test
  void seriesHoldTheTotalsPerEpoch() {
    TrainingHistory h = history(4, true);
    XYChart chart = LossCurves.of(h).chart();
    assertThat(chart.getSeriesMap().keySet()).containsExactly("train", "validation");
    assertThat(chart.getSeriesMap().get("train").getXData()).containsExactly(1, 2, 3, 4);
    assertThat(chart.getSeriesMap().get("train").getYData()).containsExactly(h.trainLosses());
    assertThat(chart.getSeriesMap().get("validation").getYData()[2])
        .isEqualTo(h.epochs().get(2).validation().total());
  }

  @Test
  void partsAddReconstructionAndKlSeries() {
    TrainingHistory h = history(3, true);
    XYChart chart = LossCurves.of(h).withParts(true).chart();
    assertThat(chart.getSeriesMap().keySet()).containsExactly(
        "train", "validation", "train recon.", "train KL (right)", "val. recon.", "val. KL (right)");
    assertThat(chart.getSeriesMap().get("train KL (right)").getYData()).containsExactly(3, 4, 5);
    assertThat(chart.getSeriesMap().get("train KL (right)").getYAxisGroup()).isEqualTo(1);
  }

  @Test
  void epochsWithoutValidationAreLeftOutOfTheValidationLine() {
    List<EpochStats> list = new ArrayList<>(history(3, true).epochs());
    EpochStats middle = list.get(1);
    list.set(1, new EpochStats(2, middle.steps(), middle.train(), null, 1, 1, 1));
    XYChart chart = LossCurves.of(new TrainingHistory(list, null)).chart();
    assertThat(chart.getSeriesMap().get("validation").getXData()).containsExactly(1, 3);
  }

  @Test
  void noValidationMeansNoValidationLine() throws IOException {
    LossCurves curves = LossCurves.of(history(5, false));
    assertThat(curves.chart().getSeriesMap().keySet()).containsExactly("train");
    Path file = dir.resolve("loss.png");
    curves.writePng(file);
    BufferedImage img = TestImages.read(file);
    assertThat(TestImages.count(img, 0, 0, img.getWidth(), img.getHeight(), LossCurves.TRAIN.getRGB()))
        .isGreaterThan(100);
    assertThat(TestImages.count(img, 0, 0, img.getWidth(), img.getHeight(), LossCurves.VALIDATION.getRGB()))
        .isZero();
  }

  @Test
  void writtenChartShowsBothCurvesInTheirColours() throws IOException {
    Path file = dir.resolve("loss.png");
    LossCurves.of(history(6, true)).size(640, 400).withParts(true).writePng(file);
    BufferedImage img = TestImages.read(file);
    assertThat(img.getWidth()).isEqualTo(640);
    assertThat(img.getHeight()).isEqualTo(400);
    assertThat(TestImages.count(img, 0, 0, 640, 400, LossCurves.TRAIN.getRGB())).isGreaterThan(100);
    assertThat(TestImages.count(img, 0, 0, 640, 400, LossCurves.VALIDATION.getRGB())).isGreaterThan(100);
    assertThat(TestImages.dark(img, 0, 0, 640, 40)).as("title").isGreaterThan(30);
  }

  @Test
  void aSingleEpochStillRenders() {
    BufferedImage img = LossCurves.of(history(1, true)).render();
    assertThat(TestImages.count(img, 0, 0, img.getWidth(), img.getHeight(), LossCurves.TRAIN.getRGB()))
        .isGreaterThan(5);
  }

  @Test
  void rejectsAnEmptyHistory() {
    assertThatThrownBy(() -> LossCurves.of(TrainingHistory.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("history must have at least 1 epoch, got 0");
  }
}
