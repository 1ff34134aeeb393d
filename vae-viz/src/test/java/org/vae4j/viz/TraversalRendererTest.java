package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraversalRendererTest {

  @TempDir Path dir;

  /** Gray level of tile (row, col) of a traversal with 3x3 tiles, scale 1, spacing 1. */
  private static int tile(BufferedImage img, int left, int top, int row, int col) {
    return TestImages.level(img, left + 1 + col * 4 + 1, top + 1 + row * 4 + 1);
  }

  @Test
  void onlyTheRowOfTheDimensionTheDecoderUsesChanges() throws IOException {
    // the decoder's output depends on z2 alone
    Stubs.FunctionDecoder decoder = Stubs.oneDimension(4, 2, 3, 3);
    TraversalRenderer t = TraversalRenderer.of(decoder).range(-2, 2).steps(5).scale(1).spacing(1);
    Path file = dir.resolve("traversal.png");
    t.writePng(file);
    BufferedImage img = TestImages.read(file);
    int gridW = Canvas.extent(5, 3, 1);
    int gridH = Canvas.extent(4, 3, 1);
    int left = img.getWidth() - gridW;
    int top = 0;
    assertThat(img.getHeight()).as("column labels below").isGreaterThan(gridH + 10);
    int held = Pixels.toLevel(Stubs.sigmoid(0));
    for (int row = 0; row < 4; row++) {
      for (int col = 0; col < 5; col++) {
        int expected = row == 2 ? Pixels.toLevel(Stubs.sigmoid(t.values()[col])) : held;
        assertThat(tile(img, left, top, row, col)).as("row %d col %d", row, col).isEqualTo(expected);
      }
    }
    // the traversed row really varies, monotonically
    assertThat(tile(img, left, top, 2, 0)).isLessThan(tile(img, left, top, 2, 4));
    // 4-pixel rows are shorter than a line of text, so only the labels that do not overlap are drawn
    assertThat(TestImages.dark(img, 0, 0, left, gridH)).as("row labels").isGreaterThan(10);
    assertThat(TestImages.dark(img, left, gridH, gridW, img.getHeight() - gridH)).as("value labels").isGreaterThan(30);
  }

  @Test
  void otherDimensionsAreHeldAtTheBaseVector() {
    Stubs.FunctionDecoder decoder = Stubs.oneDimension(3, 1, 2, 2);
    TraversalRenderer.of(decoder).base(0.5, -1.25, 2).dimensions(0, 2).steps(3).range(-1, 1).render();
    double[][] z = decoder.calls.get(0);
    assertThat(z).hasNumberOfRows(6);
    assertThat(z[0]).containsExactly(-1, -1.25, 2);
    assertThat(z[1]).containsExactly(0, -1.25, 2);
    assertThat(z[2]).containsExactly(1, -1.25, 2);
    assertThat(z[3]).containsExactly(0.5, -1.25, -1);
    assertThat(z[5]).containsExactly(0.5, -1.25, 1);
  }

  @Test
  void rejectsBadSettingsNamingThem() {
    TraversalRenderer t = TraversalRenderer.of(Stubs.oneDimension(2, 0, 2, 2));
    assertThatThrownBy(() -> t.steps(1)).hasMessage("steps must be in [2, 100], got 1");
    assertThatThrownBy(() -> t.dimensions(2)).hasMessageContaining("dimension must be in [0, 2)");
    assertThatThrownBy(() -> t.dimensions()).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> t.range(1, 1)).hasMessageContaining("lo < hi");
    assertThatThrownBy(() -> t.base(1, 2, 3)).hasMessage("base must have length latentDim = 2, got 3");
  }

  @Test
  void nanFromTheDecoderIsRejectedWithAClearMessage() {
    Stubs.FunctionDecoder broken = new Stubs.FunctionDecoder(1, new long[] {1, 2, 2},
        z -> new double[] {0, Double.NaN, 0, 0});
    assertThatThrownBy(() -> TraversalRenderer.of(broken).render())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decoded images must hold finite pixel values, got NaN");
  }
}
