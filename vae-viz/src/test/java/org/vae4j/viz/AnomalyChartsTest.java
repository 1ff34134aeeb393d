package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class AnomalyChartsTest {

  @TempDir Path dir;

  /** 200 normal scores around 0, 20 anomalies around 3; fixed seed. */
  static double[] scores() {
    SplittableRandom r = new SplittableRandom(7);
    double[] s = new double[220];
    for (int i = 0; i < s.length; i++) {
      s[i] = r.nextGaussian() + (i >= 200 ? 3 : 0);
    }
    return s;
  }

  static boolean[] labels() {
    boolean[] a = new boolean[220];
    for (int i = 200; i < a.length; i++) {
      a[i] = true;
    }
    return a;
  }

  /** Pixels of exactly {@code colour} in each image column. */
  static int[] columnCounts(BufferedImage img, Color colour) {
    int[] counts = new int[img.getWidth()];
    for (int x = 0; x < img.getWidth(); x++) {
      for (int y = 0; y < img.getHeight(); y++) {
        if ((img.getRGB(x, y) & 0xffffff) == (colour.getRGB() & 0xffffff)) {
          counts[x]++;
        }
      }
    }
    return counts;
  }

  /** The x of the tallest run of {@code colour}, the threshold line. */
  static int lineColumn(BufferedImage img, Color colour) {
    int[] c = columnCounts(img, colour);
    int best = 0;
    for (int x = 1; x < c.length; x++) {
      if (c[x] > c[best]) {
        best = x;
      }
    }
    assertThat(c[best]).as("a vertical line of %s", colour).isGreaterThan(150);
    return best;
  }

  static long count(BufferedImage img, Color colour) {
    long n = 0;
    for (int v : columnCounts(img, colour)) {
      n += v;
    }
    return n;
  }

  @Test
  void theHistogramDrawsTheThresholdLineWhereTheThresholdIs() {
    double[] s = scores();
    int low = lineColumn(AnomalyCharts.histogram(s, labels(), 0.0, 30), AnomalyCharts.THRESHOLD);
    int high = lineColumn(AnomalyCharts.histogram(s, labels(), 2.0, 30), AnomalyCharts.THRESHOLD);
    BufferedImage img = AnomalyCharts.histogram(s, labels(), 2.0, 30);
    assertThat(img.getWidth()).isEqualTo(800);
    assertThat(img.getHeight()).isEqualTo(500);
    // same axis range (the scores span both thresholds): 2 score units apart, in the plot's half
    assertThat(high - low).isBetween(100, 400);
  }

  @Test
  void labelsColourTheAnomaliesAndWithoutLabelsThereIsNoAnomalyColour() {
    BufferedImage labelled = AnomalyCharts.histogram(scores(), labels(), 1.5, 30);
    BufferedImage plain = AnomalyCharts.histogram(scores(), (boolean[]) null, 1.5, 30);
    assertThat(count(labelled, AnomalyCharts.ANOMALOUS)).isGreaterThan(50);
    assertThat(count(plain, AnomalyCharts.ANOMALOUS)).isZero();
    assertThat(count(plain, AnomalyCharts.NORMAL)).isGreaterThan(50);
    int[] ints = new int[220];
    for (int i = 200; i < 220; i++) {
      ints[i] = 1;
    }
    assertThat(pixels(AnomalyCharts.histogram(scores(), ints, 1.5, 30))).isEqualTo(pixels(labelled));
  }

  static int[] pixels(BufferedImage img) {
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  @Test
  void thePicturesAreDeterministicAndWrittenAsPng() throws Exception {
    Path file = dir.resolve("h.png");
    AnomalyCharts.writePng(AnomalyCharts.histogram(scores(), labels(), 1.5, 30), file);
    BufferedImage back = ImageIO.read(file.toFile());
    assertThat(pixels(back)).isEqualTo(pixels(AnomalyCharts.histogram(scores(), labels(), 1.5, 30)));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("h.png");
    }
  }

  @Test
  void badHistogramInputIsRefused() {
    double[] nan = {1, Double.NaN};
    assertThatThrownBy(() -> AnomalyCharts.histogram(nan, (boolean[]) null, 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scores must be finite, got NaN at index 1");
    assertThatThrownBy(() -> AnomalyCharts.histogram(new double[] {1, 2}, new boolean[] {true}, 0, 10))
        .hasMessage("scores and anomalous must have the same length, got 2 and 1");
    assertThatThrownBy(() -> AnomalyCharts.histogram(new double[] {1}, new int[] {2}, 0, 10))
        .hasMessage("labels must be 0 (normal) or 1 (anomaly), got 2 at index 0");
    assertThatThrownBy(() -> AnomalyCharts.histogram(new double[] {1}, (int[]) null, 0, 0))
        .hasMessage("bins must be in [1, 1000], got 0");
    assertThatThrownBy(() -> AnomalyCharts.histogram(new double[] {1}, (int[]) null,
        Double.NaN, 5)).hasMessage("threshold must be finite, got NaN");
  }

  @Test
  void theRocCurveGoesThroughItsPoints() {
    // a perfect ranking's ROC hugs the left and top edges; a random one the diagonal
    BufferedImage perfect = AnomalyCharts.roc(new double[] {0, 0, 1}, new double[] {0, 1, 1});
    BufferedImage worst = AnomalyCharts.roc(new double[] {0, 1, 1}, new double[] {0, 0, 1});
    assertThat(perfect.getWidth()).isEqualTo(700);
    assertThat(perfect.getHeight()).isEqualTo(600);
    int[] p = columnCounts(perfect, AnomalyCharts.CURVE);
    int[] w = columnCounts(worst, AnomalyCharts.CURVE);
    // the vertical part of the curve: at the left for the perfect ranking, at the right else
    int pLeft = argmax(p);
    int wRight = argmax(w);
    assertThat(p[pLeft]).isGreaterThan(300);
    assertThat(w[wRight]).isGreaterThan(300);
    assertThat(pLeft).isLessThan(perfect.getWidth() / 3);
    assertThat(wRight).isGreaterThan(perfect.getWidth() / 2);
    assertThatThrownBy(() -> AnomalyCharts.roc(new double[] {0, 0.5}, new double[] {0}))
        .hasMessageContaining("must have the same length, at least 2, got 2 and 1");
    assertThatThrownBy(() -> AnomalyCharts.roc(new double[] {0, Double.NaN}, new double[] {0, 1}))
        .hasMessageContaining("must be in [0, 1], got NaN and 1.0 at index 1");
    assertThatThrownBy(() -> AnomalyCharts.roc(new double[] {0.5, 0}, new double[] {0, 1}))
        .hasMessage("falsePositiveRate must be non-decreasing, got 0.5 then 0.0 at index 1");
  }

  static int argmax(int[] c) {
    int best = 0;
    for (int x = 1; x < c.length; x++) {
      if (c[x] > c[best]) {
        best = x;
      }
    }
    return best;
  }

  @Test
  void thePrecisionRecallCurveStepsAtTheRecallOfEachPoint() {
    BufferedImage img = AnomalyCharts.precisionRecall(new double[] {0.5, 1}, new double[] {1, 0.5});
    int[] c = columnCounts(img, AnomalyCharts.CURVE);
    int step = argmax(c);
    // the drop from precision 1 to 0.5 at recall 0.5: near the middle of the plot
    assertThat(step).isBetween(img.getWidth() / 3, 2 * img.getWidth() / 3);
    assertThat(c[step]).isGreaterThan(100);
    assertThatThrownBy(() -> AnomalyCharts.precisionRecall(new double[] {1, 0.5},
        new double[] {1, 1})).hasMessage("recall must be non-decreasing, got 1.0 then 0.5 at index 1");
  }

  @Test
  void theBarChartShowsTheTopKInDecreasingOrder() {
    double[] c = {0.1, 5, 2, 0.3, 4};
    String[] names = {"a", "b", "c", "d", "e"};
    BufferedImage img = AnomalyCharts.topContributions(c, names, 3);
    int[] cols = columnCounts(img, AnomalyCharts.CURVE);
    // three bars: runs of columns with bar colour, heights decreasing from left to right
    java.util.List<Integer> heights = new java.util.ArrayList<>();
    int x = 0;
    while (x < cols.length) {
      if (cols[x] > 0) {
        int max = 0;
        while (x < cols.length && cols[x] > 0) {
          max = Math.max(max, cols[x]);
          x++;
        }
        heights.add(max);
      }
      x++;
    }
    assertThat(heights).hasSize(3);
    assertThat(heights.get(0)).isGreaterThan(heights.get(1));
    assertThat(heights.get(1)).isGreaterThan(heights.get(2));
    // 5 : 4 : 2 up to a few pixels of axis padding
    assertThat((double) heights.get(2) / heights.get(0)).isBetween(0.3, 0.5);
    assertThatThrownBy(() -> AnomalyCharts.topContributions(c, new String[] {"a"}, 3))
        .hasMessage("contributions and columnNames must have the same length, got 5 and 1");
    assertThatThrownBy(() -> AnomalyCharts.topContributions(c, names, 0))
        .hasMessage("k must be in [1, 100], got 0");
    assertThatThrownBy(() -> AnomalyCharts.topContributions(new double[] {Double.NaN}, new String[] {"a"}, 1))
        .hasMessage("contributions must be finite, got NaN at index 0");
  }

  /** n grey images, image i filled with i / n. */
  static INDArray images(int n, int channels) {
    INDArray x = Nd4j.create(DataType.DOUBLE, n, channels, 8, 8);
    for (int i = 0; i < n; i++) {
      x.slice(i).assign((double) i / n);
    }
    return x;
  }

  @Test
  void theGridOrdersImagesByScoreAndTheOverlayIsRedWhereTheContributionIs() {
    int n = 6;
    INDArray x = images(n, 1);
    double[] s = {0, 5, 1, 4, 2, 3};
    BufferedImage plain = AnomalyCharts.mostAnomalous(x, s, 3, null, 1);
    // 3 tiles of 8 px with spacing 2: 3*8 + 4*2 = 32 wide at least, grid at the bottom
    int top = plain.getHeight() - (8 + 4);
    int[] expected = {1, 3, 5}; // highest scores first
    for (int k = 0; k < 3; k++) {
      int level = Pixels.toLevel((double) expected[k] / n);
      int rgb = plain.getRGB(2 + k * 10 + 4, top + 2 + 4) & 0xffffff;
      assertThat(rgb).isEqualTo((level << 16) | (level << 8) | level);
    }
    INDArray c = Nd4j.zeros(DataType.FLOAT, n, 64);
    c.putScalar(1, 0, 2.0); // image 1's top-left pixel carries its score
    c.putScalar(3, 63, 1.0); // image 3's bottom-right pixel, half as much
    BufferedImage over = AnomalyCharts.mostAnomalous(x, s, 2, c, 1);
    int gy = over.getHeight() - (8 + 4) + 2;
    int tileW = 2 * 8 + 2;
    // first tile (image 1): plain at left, map at right (x offset 8 + 2) over its grey copy
    int base = Pixels.toLevel(1.0 / n);
    assertThat(over.getRGB(2, gy) & 0xffffff).isEqualTo((base << 16) | (base << 8) | base);
    double grey = 0.5 * base; // a grey image's luminance is its level, drawn at half brightness
    // the largest contribution: inferno's top (252, 255, 164) at 85%
    assertThat(over.getRGB(2 + 10, gy) & 0xffffff).isEqualTo(rgb(
        0.15 * grey + 0.85 * 252, 0.15 * grey + 0.85 * 255, 0.15 * grey + 0.85 * 164));
    int g1 = (int) Math.round(grey);
    assertThat(over.getRGB(2 + 10 + 1, gy) & 0xffffff).isEqualTo((g1 << 16) | (g1 << 8) | g1);
    // second tile (image 3): its pixel at half the shared scale, inferno's middle (186, 54, 85)
    double grey3 = 0.5 * Pixels.toLevel(3.0 / n);
    double a = 0.85 * Math.sqrt(0.5); // opacity grows with the square root of the value
    assertThat(over.getRGB(2 + tileW + 2 + 10 + 7, gy + 7) & 0xffffff).isEqualTo(rgb(
        (1 - a) * grey3 + a * 186, (1 - a) * grey3 + a * 54, (1 - a) * grey3 + a * 85));
  }

  private static int rgb(double r, double g, double b) {
    return ((int) Math.round(r) << 16) | ((int) Math.round(g) << 8) | (int) Math.round(b);
  }

  /** Euclidean distance of two colours in 0..255 per channel. */
  private static double distance(int a, int b) {
    double s = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      double d = ((a >> shift) & 0xff) - ((b >> shift) & 0xff);
      s += d * d;
    }
    return Math.sqrt(s);
  }

  /**
   * On a pure red and a pure blue image (where a red overlay turned the spot merely purple or
   * left it red on red) a hot spot stands out from the rest of the map: the spot's colour is far
   * from the cold pixels' and is a warm, bright inferno colour, and a half-strength ring around it
   * is distinguishable from both.
   */
  @Test
  void aHotSpotIsDistinguishableOnPureRedAndPureBlueImages() {
    for (int channel : new int[] {0, 2}) {
      INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, 3, 8, 8);
      x.get(NDArrayIndex.point(0), NDArrayIndex.point(channel)).assign(1.0);
      INDArray c = Nd4j.zeros(DataType.FLOAT, 1, 64);
      c.putScalar(0, 3 * 8 + 3, 1.0); // the spot at (3, 3)
      c.putScalar(0, 3 * 8 + 4, 0.5); // a weaker neighbour at (4, 3)
      BufferedImage img = AnomalyCharts.mostAnomalous(x, new double[] {1}, 1, c, 1);
      int gy = img.getHeight() - (8 + 4) + 2;
      int mapX = 2 + 10;
      int spot = img.getRGB(mapX + 3, gy + 3) & 0xffffff;
      int weak = img.getRGB(mapX + 4, gy + 3) & 0xffffff;
      int cold = img.getRGB(mapX, gy) & 0xffffff;
      // the map's cold pixels are grey (no hue of the image left to confuse with the map)
      assertThat((cold >> 16) & 0xff).isEqualTo((cold >> 8) & 0xff).isEqualTo(cold & 0xff);
      assertThat(distance(spot, cold)).as("spot vs cold, channel %d", channel).isGreaterThan(200);
      assertThat(distance(weak, cold)).as("weak vs cold").isGreaterThan(80);
      assertThat(distance(spot, weak)).as("spot vs weak").isGreaterThan(80);
      // the spot is brighter than anything of the plain image's colour at that place
      int plain = img.getRGB(2 + 3, gy + 3) & 0xffffff;
      assertThat(distance(spot, plain)).as("spot vs the image's own colour").isGreaterThan(200);
    }
  }

  @Test
  void theInfernoMapRunsFromNearBlackThroughRedToPaleYellow() {
    assertThat(AnomalyCharts.inferno(0)).isEqualTo(0x000004);
    assertThat(AnomalyCharts.inferno(1)).isEqualTo(0xFCFFA4);
    assertThat(AnomalyCharts.inferno(0.5)).isEqualTo(rgb(186, 54, 85));
    assertThat(AnomalyCharts.inferno(-3)).isEqualTo(AnomalyCharts.inferno(0));
    // brightness (the sum of the channels) grows with the value: a hotter pixel is brighter
    int last = -1;
    for (int i = 0; i <= 100; i++) {
      int v = AnomalyCharts.inferno(i / 100.0);
      int sum = ((v >> 16) & 0xff) + ((v >> 8) & 0xff) + (v & 0xff);
      assertThat(sum).as("at %d%%", i).isGreaterThanOrEqualTo(last);
      last = sum;
    }
  }

  /** Images {@code rows} of {@code [n, C, H, W]}, in that order. */
  private static INDArray pick(INDArray x, int[] rows) {
    INDArray[] parts = new INDArray[rows.length];
    for (int i = 0; i < rows.length; i++) {
      parts[i] = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(rows[i], rows[i] + 1)).dup();
    }
    return Nd4j.concat(0, parts);
  }

  @Test
  void imagesPickedOutOfALargerSetDrawAsTheSameGridOfTheWholeSet() {
    int n = 6;
    INDArray x = images(n, 3);
    double[] s = {0, 5, 1, 4, 2, 3};
    INDArray c = Nd4j.rand(DataType.FLOAT, n, 64);
    BufferedImage whole = AnomalyCharts.mostAnomalous(x, s, 3, c, 2);
    int[] top = {3, 5, 1}; // any order: drawn by decreasing score
    BufferedImage picked = AnomalyCharts.mostAnomalous(pick(x, top), new double[] {4, 3, 5},
        top, n, c.getRows(top), 2);
    assertThat(picked.getWidth()).isEqualTo(whole.getWidth());
    assertThat(picked.getHeight()).isEqualTo(whole.getHeight());
    for (int y = 0; y < whole.getHeight(); y++) {
      for (int xx = 0; xx < whole.getWidth(); xx++) {
        assertThat(picked.getRGB(xx, y)).as("pixel %d,%d", xx, y).isEqualTo(whole.getRGB(xx, y));
      }
    }
    // another row number changes the caption in the title, so some pixel
    BufferedImage renamed = AnomalyCharts.mostAnomalous(pick(x, top), new double[] {4, 3, 5},
        new int[] {3, 5, 0}, n, c.getRows(top), 2);
    boolean differs = false;
    for (int y = 0; y < whole.getHeight() && !differs; y++) {
      for (int xx = 0; xx < whole.getWidth() && !differs; xx++) {
        differs = renamed.getRGB(xx, y) != whole.getRGB(xx, y);
      }
    }
    assertThat(differs).isTrue();
    INDArray three = pick(x, top);
    double[] ts = {4, 3, 5};
    assertThatThrownBy(() -> AnomalyCharts.mostAnomalous(three, ts, new int[] {3, 5}, n, null, 1))
        .hasMessage("rowNumbers and scores must have the same length, got 2 and 3");
    assertThatThrownBy(() -> AnomalyCharts.mostAnomalous(three, ts, new int[] {3, 5, 3}, n, null,
        1)).hasMessage("rowNumbers[2] must be in [0, 6) and differ from the others, got 3");
    assertThatThrownBy(() -> AnomalyCharts.mostAnomalous(three, ts, top, 2, null, 1))
        .hasMessage("total must be at least the number of images 3, got 2");
  }

  @Test
  void rgbImagesWithPerValueContributionsSumTheChannels() {
    INDArray x = images(2, 3);
    INDArray c = Nd4j.zeros(DataType.FLOAT, 2, 3 * 64);
    c.putScalar(0, 5, 1.0);
    c.putScalar(0, 64 + 5, 1.0); // same pixel, green channel: summed to 2 = the maximum
    BufferedImage img = AnomalyCharts.mostAnomalous(x, new double[] {1, 0}, 1, c, 2);
    int gy = img.getHeight() - (16 + 4) + 2;
    int p = img.getRGB(2 + 2 * (8 + 2) + 5 * 2, gy) & 0xffffff;
    // image 0 is black: the summed maximum is inferno's top at 85% over black
    assertThat(p).isEqualTo(rgb(0.85 * 252, 0.85 * 255, 0.85 * 164));
    // the pixel beside it carries nothing: black stays black
    assertThat(img.getRGB(2 + 2 * (8 + 2) + 4 * 2, gy) & 0xffffff).isZero();
  }

  @Test
  void badGridInputIsRefused() {
    INDArray x = images(3, 1);
    double[] s = {1, 2, 3};
    assertThatThrownBy(() -> AnomalyCharts.mostAnomalous(x, new double[] {1, 2}, 2, null, 1))
        .hasMessage("images and scores must have the same number of rows, got 3 and 2");
    assertThatThrownBy(() -> AnomalyCharts.mostAnomalous(x, new double[] {1, Double.NaN, 2}, 2,
        null, 1)).hasMessage("scores must be finite, got NaN at index 1");
    assertThatThrownBy(() -> AnomalyCharts.mostAnomalous(x, s, 2, Nd4j.zeros(3, 10), 1))
        .hasMessage("contributions must be [3, 64] or [3, 64] (C*H*W or H*W per image), got shape "
            + "[3, 10]");
    INDArray bad = Nd4j.zeros(DataType.FLOAT, 3, 64);
    bad.putScalar(2, 3, Double.NaN);
    assertThatThrownBy(() -> AnomalyCharts.mostAnomalous(x, s, 3, bad, 1))
        .hasMessage("contributions must be finite, got NaN in row 2 at index 3");
    assertThatThrownBy(() -> AnomalyCharts.mostAnomalous(Nd4j.zeros(3, 64), s, 2, null, 1))
        .hasMessage("images must be [n, C, H, W], got shape [3, 64]");
  }

  @Test
  void aHugeGridIsRefusedBeforeDrawing() {
    INDArray x = Nd4j.zeros(DataType.FLOAT, 1000, 1, 28, 28);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> AnomalyCharts.mostAnomalous(x, new double[1000], 1000, null, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("picture must have at most 33554432 pixels and 65536 per side");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(500);
  }

  /** 990 normal scores near 0 (some negative) and 10 anomalies near 100. */
  private static double[] heavyTailed() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    double[] s = new double[1000];
    for (int i = 0; i < s.length; i++) {
      s[i] = i % 100 == 7 ? 100 + r.nextDouble() : 0.3 * r.nextGaussian();
    }
    return s;
  }

  @Test
  void heavyTailedScoresSpreadTheNormalRowsOverTheBinsWithAnOverflowBin() {
    double[] s = heavyTailed();
    double threshold = 0.75;
    AnomalyCharts.Bins bins = AnomalyCharts.Bins.of(s, threshold, 30);
    assertThat(bins.overflow()).isTrue();
    assertThat(bins.log()).isFalse();
    assertThat(bins.hi()).isGreaterThanOrEqualTo(threshold).isLessThan(100);
    java.util.Map<Integer, Integer> normalBins = new java.util.TreeMap<>();
    int overflow = 0;
    for (int i = 0; i < s.length; i++) {
      int b = bins.index(s[i]);
      if (s[i] < 50) {
        assertThat(b).isLessThan(30);
        normalBins.merge(b, 1, Integer::sum);
      } else {
        assertThat(b).isEqualTo(30);
        overflow++;
      }
    }
    assertThat(overflow).isEqualTo(10);
    // the normal rows are spread: no bin holds more than a quarter of them
    assertThat(normalBins.size()).isGreaterThan(10);
    assertThat(normalBins.values()).allMatch(c -> c < 990 / 4);
    // the threshold line is inside the drawn bins
    assertThat(threshold).isBetween(bins.lo(), bins.hi());
    // a threshold beyond the 99% quantile stays in view too
    AnomalyCharts.Bins far = AnomalyCharts.Bins.of(s, 20, 30);
    assertThat(far.hi()).isGreaterThan(20);
    assertThat(far.index(20)).isLessThan(30);
    BufferedImage img = AnomalyCharts.histogram(s, (boolean[]) null, threshold, 30);
    assertThat(lineColumn(img, AnomalyCharts.THRESHOLD)).isPositive();
  }

  /** Positive scores over four decades (normal rows 20 to 150, anomalies up to 200,000). */
  @Test
  void positiveScoresSpanningDecadesGetALogAxisThatSpreadsTheNormalRows() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(4);
    double[] s = new double[400];
    for (int i = 0; i < s.length; i++) {
      s[i] = i < 200 ? 20 + 130 * r.nextDouble() : Math.pow(10, 2.2 + 3 * r.nextDouble());
    }
    AnomalyCharts.Bins bins = AnomalyCharts.Bins.of(s, 156, 50);
    assertThat(bins.log()).isTrue();
    assertThat(bins.overflow()).isFalse();
    java.util.Set<Integer> normalBins = new java.util.TreeSet<>();
    for (int i = 0; i < 200; i++) {
      normalBins.add(bins.index(s[i]));
    }
    assertThat(normalBins.size()).isGreaterThan(5);
    assertThat(bins.index(bins.max())).isEqualTo(49);
    assertThat(bins.edge(0)).isCloseTo(bins.lo(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(bins.edge(50)).isCloseTo(bins.max(), org.assertj.core.data.Offset.offset(1e-6));
    BufferedImage img = AnomalyCharts.histogram(s, (boolean[]) null, 156, 50);
    assertThat(lineColumn(img, AnomalyCharts.THRESHOLD)).isPositive();
  }

  @Test
  void scoresWithoutAHeavyTailAreNotClipped() {
    double[] s = new double[1000];
    for (int i = 0; i < s.length; i++) {
      s[i] = i / 999.0;
    }
    AnomalyCharts.Bins bins = AnomalyCharts.Bins.of(s, 0.5, 30);
    assertThat(bins.overflow()).isFalse();
    assertThat(bins.log()).isFalse();
    assertThat(bins.hi()).isEqualTo(1.0);
    assertThat(bins.index(1.0)).isEqualTo(29);
  }
}
