package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

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
    Canvas.Composed composed = t.composed();
    assertThat(TestImages.regionEquals(img, 0, 0, composed.image())).as("file equals render").isTrue();
    int gridW = Canvas.extent(5, 3, 1);
    int gridH = Canvas.extent(4, 3, 1);
    int left = composed.gridX();
    int top = composed.gridY();
    assertThat(top).as("the caption above").isGreaterThan(20);
    assertThat(img.getHeight()).as("column labels below").isGreaterThan(top + gridH + 10);
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
    assertThat(TestImages.dark(img, 0, top, left, gridH)).as("row labels").isGreaterThan(10);
    assertThat(TestImages.dark(img, left, top + gridH, gridW, img.getHeight() - top - gridH))
        .as("value labels").isGreaterThan(30);
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

  @Test
  void thePictureSaysHowManyDimensionsItDrewAndWhatTheOthersWereHeldAt() {
    TraversalRenderer all = TraversalRenderer.of(Stubs.blob(3, 8)).range(-2, 2);
    assertThat(all.caption(new int[] {0, 1, 2})).isEqualTo(
        "all 3 latent dimensions, each over [-2.00, 2.00]\nthe others held at 0 in each row");
    TraversalRenderer some = TraversalRenderer.of(Stubs.blob(10, 8))
        .base(Nd4j.createFromArray(new float[] {0, 1, 0, 0, 0, 0, 0, 0, 0, -2}));
    assertThat(some.caption(new int[] {0, 4})).isEqualTo("2 of 10 latent dimensions, each over "
        + "[-3.00, 3.00]\nthe others held at the base z0=0.00, z1=1.00, z2=0.00, z3=0.00, z4=0.00, "
        + "z5=0.00, ... (4 more) in each row");
    assertThat(TraversalRenderer.of(Stubs.blob(1, 8)).caption(new int[] {0}))
        .isEqualTo("the latent dimension over [-3.00, 3.00]");
    // drawn: taller than the grid with its column labels alone
    BufferedImage img = some.dimensions(0, 4).steps(3).scale(1).spacing(0).render();
    assertThat(img.getHeight()).isGreaterThan(2 * 8 + 2 * 16);
  }
}
