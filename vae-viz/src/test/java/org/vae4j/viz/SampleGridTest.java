package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGridTest {

  @TempDir Path dir;

  @Test
  void priorDrawsAreStandardNormalAndSeeded() {
    double[][] a = Decoding.priorDraws(4000, 3, 5);
    double[][] b = Decoding.priorDraws(4000, 3, 5);
    double[][] c = Decoding.priorDraws(4000, 3, 6);
    assertThat(a).isDeepEqualTo(b);
    assertThat(a[0]).isNotEqualTo(c[0]);
    for (int d = 0; d < 3; d++) {
      double mean = 0;
      double sq = 0;
      for (double[] row : a) {
        mean += row[d] / a.length;
        sq += row[d] * row[d] / a.length;
      }
      // standard error of the mean is 1/sqrt(4000) = 0.016; of the second moment about 0.022
      assertThat(mean).isCloseTo(0, within(0.07));
      assertThat(sq).isCloseTo(1, within(0.1));
    }
  }

  @Test
  void priorGridDecodesTheSeededDrawsInOrder() throws IOException {
    Stubs.FunctionDecoder decoder = Stubs.oneDimension(2, 0, 2, 2);
    Path file = dir.resolve("samples.png");
    SampleGrid.prior(decoder, 6, 42L).columns(3).scale(1).spacing(1).writePng(file);
    BufferedImage img = TestImages.read(file);
    assertThat(img.getWidth()).isEqualTo(Canvas.extent(3, 2, 1));
    assertThat(img.getHeight()).isEqualTo(Canvas.extent(2, 2, 1));
    double[][] z = Decoding.priorDraws(6, 2, 42L);
    assertThat(decoder.calls.get(0)).isDeepEqualTo(roundedToFloat(z));
    for (int i = 0; i < 6; i++) {
      int level = TestImages.level(img, 1 + (i % 3) * 3, 1 + (i / 3) * 3);
      assertThat(level).isEqualTo(Pixels.toLevel(Stubs.sigmoid((float) z[i][0])));
    }
  }

  private static double[][] roundedToFloat(double[][] z) {
    double[][] out = new double[z.length][];
    for (int i = 0; i < z.length; i++) {
      out[i] = new double[z[i].length];
      for (int j = 0; j < z[i].length; j++) {
        out[i][j] = (float) z[i][j];
      }
    }
    return out;
  }

  @Test
  void theSameSeedGivesTheSamePictureAndAnotherSeedAnother() {
    Stubs.FunctionDecoder decoder = Stubs.blob(3, 6);
    BufferedImage a = SampleGrid.prior(decoder, 4, 1L).render();
    BufferedImage b = SampleGrid.prior(decoder, 4, 1L).render();
    BufferedImage c = SampleGrid.prior(decoder, 4, 2L).render();
    assertThat(TestImages.regionEquals(a, 0, 0, b)).isTrue();
    assertThat(TestImages.regionEquals(a, 0, 0, c)).isFalse();
  }

  @Test
  void perClassGridHasOneLabelledRowPerClassSharingZAcrossRows() {
    Stubs.LabelDecoder decoder = new Stubs.LabelDecoder(2, 3, 2);
    Canvas.Composed unused = null;
    BufferedImage img = SampleGrid.perClass(decoder, 4, 9L).classNames("zero", "one", "two")
        .scale(1).spacing(1).render();
    int gridW = Canvas.extent(4, 2, 1);
    int left = img.getWidth() - gridW;
    assertThat(img.getHeight()).isEqualTo(Canvas.extent(3, 2, 1));
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < 4; j++) {
        assertThat(TestImages.level(img, left + 1 + j * 3, 1 + k * 3)).isEqualTo(Pixels.toLevel(k / 2.0));
      }
    }
    double[][] z = decoder.calls.get(0);
    assertThat(z).hasNumberOfRows(12);
    assertThat(z[1]).isEqualTo(z[5]).isEqualTo(z[9]);
    assertThat(z[0]).isNotEqualTo(z[1]);
    assertThat(TestImages.dark(img, 0, 0, left, img.getHeight())).as("class names").isGreaterThan(30);
    assertThat(unused).isNull();
  }

  @Test
  void rejectsBadCountsAndClassNames() {
    assertThatThrownBy(() -> SampleGrid.prior(Stubs.blob(2, 4), 0, 1L))
        .hasMessage("count must be in [1, 10000], got 0");
    Stubs.LabelDecoder decoder = new Stubs.LabelDecoder(2, 3, 2);
    assertThatThrownBy(() -> SampleGrid.perClass(decoder, 0, 1L))
        .hasMessage("perClass must be in [1, 100], got 0");
    assertThatThrownBy(() -> SampleGrid.perClass(decoder, 2, 1L).classNames("a", "b"))
        .hasMessage("classNames must have numClasses = 3 names, got 2");
    assertThatThrownBy(() -> SampleGrid.prior(Stubs.blob(2, 4), 2, 1L).classNames("a"))
        .isInstanceOf(IllegalStateException.class);
  }
}
