package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ManifoldRendererTest {

  @TempDir Path dir;

  @Test
  void linearCoordinatesSpanTheRangeAndRowsGrowUpwards() {
    ManifoldRenderer m = ManifoldRenderer.of(Stubs.rgb(2, 2, 2)).size(5).linear(-2, 2);
    assertThat(m.xValues()).containsExactly(-2, -1, 0, 1, 2);
    assertThat(m.yValues()).containsExactly(2, 1, 0, -1, -2);
  }

  @Test
  void gaussianCoordinatesAreNormalQuantilesFromFiveToNinetyFivePercent() {
    double[] xs = ManifoldRenderer.of(Stubs.rgb(2, 2, 2)).size(3).gaussianQuantiles().xValues();
    assertThat(xs[0]).isCloseTo(-1.6448536269514722, within(1e-12));
    assertThat(xs[1]).isCloseTo(0, within(1e-12));
    assertThat(xs[2]).isCloseTo(1.6448536269514722, within(1e-12));
  }

  @Test
  void gaussianCoordinatesMatchPublishedQuantilesOverTheWholeAllowedRange() {
    // Published standard normal quantiles (also what the hand-written Acklam + Halley quantile that
    // commons-math3 replaced gave, to 5e-12 over [1e-6, 1 - 1e-6]).
    double[] xs = ManifoldRenderer.of(Stubs.rgb(2, 2, 2)).size(2).gaussianQuantiles(1e-6, 0.975).xValues();
    assertThat(xs[0]).isCloseTo(-4.753424308822899, within(1e-9));
    assertThat(xs[1]).isCloseTo(1.959963984540054, within(1e-12));
    xs = ManifoldRenderer.of(Stubs.rgb(2, 2, 2)).size(3).gaussianQuantiles(1e-6, 1 - 1e-6).xValues();
    assertThat(xs[1]).isCloseTo(0.0, within(1e-12));
    assertThat(xs[2]).isCloseTo(4.753424308822899, within(1e-9));
    xs = ManifoldRenderer.of(Stubs.rgb(2, 2, 2)).size(2).gaussianQuantiles(0.001, 0.8413447460685429).xValues();
    assertThat(xs[0]).isCloseTo(-3.090232306167813, within(1e-12));
    assertThat(xs[1]).isCloseTo(1.0, within(1e-12));
    double[] ys = ManifoldRenderer.of(Stubs.rgb(2, 2, 2)).size(7).gaussianQuantiles(0.02, 0.98).yValues();
    for (int i = 0; i < ys.length; i++) {
      assertThat(ys[i]).as("row %d finite and odd around the middle", i)
          .isFinite().isCloseTo(-ys[ys.length - 1 - i], within(1e-12));
    }
  }

  @Test
  void eachTileIsTheDecodingOfItsGridPoint() throws IOException {
    Stubs.FunctionDecoder decoder = Stubs.rgb(3, 2, 2);
    ManifoldRenderer m = ManifoldRenderer.of(decoder).size(4).linear(-3, 3).dimensions(1, 0)
        .base(0, 0, 1.5).scale(1).spacing(1);
    Canvas.Composed composed = m.composed();
    Path file = dir.resolve("manifold.png");
    m.writePng(file);
    BufferedImage img = TestImages.read(file);
    assertThat(TestImages.regionEquals(img, 0, 0, composed.image())).as("file equals render").isTrue();
    double[] xs = m.xValues();
    double[] ys = m.yValues();
    int left = composed.gridX();
    int top = composed.gridY();
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        // x axis is z1 (green), y axis is z0 (red), z2 fixed at 1.5 (blue)
        int px = img.getRGB(left + 1 + c * 3, top + 1 + r * 3) & 0xFFFFFF;
        int expected = (Pixels.toLevel(Stubs.sigmoid(ys[r])) << 16)
            | (Pixels.toLevel(Stubs.sigmoid(xs[c])) << 8) | Pixels.toLevel(Stubs.sigmoid(1.5));
        assertThat(px).as("tile r=%d c=%d", r, c).isEqualTo(expected);
      }
    }
    assertThat(decoder.calls).as("one decode per render").hasSize(2);
    assertThat(decoder.calls.get(0)).hasNumberOfRows(16);
  }

  @Test
  void pictureIsLargerThanTheBareGridByTheTickLabelMarginsWhichHoldText() {
    ManifoldRenderer m = ManifoldRenderer.of(Stubs.blob(2, 8)).size(5).scale(2);
    BufferedImage img = m.render();
    int bare = Canvas.extent(5, 16, 0);
    int left = img.getWidth() - bare;
    assertThat(left).as("left margin for y ticks").isGreaterThan(20);
    assertThat(img.getHeight()).as("title above and x ticks below").isGreaterThan(bare + 24);
    int bottom = img.getHeight() - bare;
    assertThat(TestImages.dark(img, 0, bottom / 2, left, bare)).as("y tick text").isGreaterThan(30);
    assertThat(TestImages.dark(img, left, img.getHeight() - 18, bare, 18)).as("x tick text").isGreaterThan(30);
  }

  @Test
  void tickLabelsShowTwoDecimalsWithoutNegativeZero() {
    assertThat(ManifoldRenderer.ticks(new double[] {-1.6448536, -0.0001, 0, 2}))
        .containsExactly("-1.64", "0.00", "0.00", "2.00");
  }

  @Test
  void rejectsAOneDimensionalLatent() {
    assertThatThrownBy(() -> ManifoldRenderer.of(Stubs.oneDimension(1, 0, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("decoder.latentDim() must be >= 2 for a manifold grid, got 1");
  }

  @Test
  void rejectsBadSettingsNamingThem() {
    ManifoldRenderer m = ManifoldRenderer.of(Stubs.rgb(3, 2, 2));
    assertThatThrownBy(() -> m.size(0)).hasMessage("size must be in [1, 100], got 0");
    assertThatThrownBy(() -> m.linear(2, -2)).hasMessageContaining("lo < hi");
    assertThatThrownBy(() -> m.dimensions(0, 3)).hasMessageContaining("y dimension must be in [0, 3)");
    assertThatThrownBy(() -> m.dimensions(1, 1)).hasMessageContaining("must differ");
    assertThatThrownBy(() -> m.base(0, 0)).hasMessage("base must have length latentDim = 3, got 2");
    assertThatThrownBy(() -> m.base(0, Double.NaN, 0)).hasMessageContaining("base must be finite");
    assertThatThrownBy(() -> m.gaussianQuantiles(0, 0.9)).hasMessageContaining("1e-6 <= pLo < pHi <= 1 - 1e-6");
    assertThatThrownBy(() -> m.gaussianQuantiles(1e-300, 0.9))
        .hasMessage("probabilities must satisfy 1e-6 <= pLo < pHi <= 1 - 1e-6, got pLo=1.0E-300, pHi=0.9");
    assertThatThrownBy(() -> m.gaussianQuantiles(0.1, 1 - 1e-9)).hasMessageContaining("pHi=0.999999999");
    assertThatThrownBy(() -> m.gaussianQuantiles(0.5, 0.5)).hasMessageContaining("pLo < pHi");
  }

  @Test
  void aDecoderReturningTheWrongShapeIsReportedClearly() {
    Stubs.FunctionDecoder liar = new Stubs.FunctionDecoder(2, new long[] {1, 2, 2}, z -> new double[4]) {
      @Override
      public long[] dataShape() {
        return new long[] {1, 3, 3};
      }
    };
    assertThatThrownBy(() -> ManifoldRenderer.of(liar).size(2).render())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decoder must return [4, 1, 3, 3]")
        .hasMessageContaining("[4, 1, 2, 2]");
  }

  @Test
  void aWideLatentsPictureSaysWhichDimensionsItDrewAndWhatTheOthersWereHeldAt() {
    ManifoldRenderer twoD = ManifoldRenderer.of(Stubs.blob(2, 8));
    assertThat(twoD.caption()).isEqualTo("z0 (x) vs z1 (y)");
    ManifoldRenderer tenD = ManifoldRenderer.of(Stubs.blob(10, 8)).size(3);
    assertThat(tenD.caption())
        .isEqualTo("z0 (x) vs z1 (y)\nthe other 8 of 10 dimensions held at 0");
    double[] base = new double[10];
    for (int i = 0; i < 10; i++) {
      base[i] = i / 4.0;
    }
    assertThat(tenD.dimensions(3, 0).base(base).title("my title").caption()).isEqualTo(
        "my title\nthe other 8 of 10 dimensions held at the base z1=0.25, z2=0.50, z4=1.00, "
            + "z5=1.25, z6=1.50, z7=1.75, ... (2 more)");
    // the second line is drawn: the title area is taller than for a 2-D latent
    int twoLines = ManifoldRenderer.of(Stubs.blob(10, 8)).size(3).composed().gridY();
    int oneLine = ManifoldRenderer.of(Stubs.blob(2, 8)).size(3).composed().gridY();
    assertThat(twoLines).isGreaterThan(oneLine + 8);
  }

  @Test
  void takesTheBaseAsAnArrayRowLikeAPosteriorMean() {
    Stubs.FunctionDecoder decoder = Stubs.rgb(3, 2, 2);
    INDArray zMean = Nd4j.createFromArray(new float[][] {{0.5f, -0.5f, 1.5f}});
    ManifoldRenderer m = ManifoldRenderer.of(decoder).size(2).base(zMean);
    m.render();
    assertThat(decoder.calls.get(0)[0][2]).isEqualTo(1.5);
    assertThat(m.caption()).endsWith("held at the base z2=1.50");
    assertThatThrownBy(() -> m.base(Nd4j.zeros(2, 3))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("base must have shape [3] or [1, 3], got [2, 3]");
  }
}
