package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImageGridTest {

  @TempDir Path dir;

  static INDArray randomBatch(int n, int c, int h, int w, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n * c * h * w];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat();
    }
    return Nd4j.create(v, new long[] {n, c, h, w}, 'c');
  }

  @Test
  void writtenGridTilesEqualTheImagesPixelForPixel() throws IOException {
    INDArray batch = randomBatch(7, 1, 5, 4, 1);
    Path file = dir.resolve("grid.png");
    ImageGrid.of(batch).columns(3).spacing(2).scale(1).writePng(file);
    BufferedImage img = TestImages.read(file);
    assertThat(img.getWidth()).isEqualTo(3 * 4 + 4 * 2);
    assertThat(img.getHeight()).isEqualTo(3 * 5 + 4 * 2);
    BufferedImage[] tiles = Pixels.tiles(batch, new Pixels.ImageShape(1, 5, 4), "b");
    for (int i = 0; i < 7; i++) {
      int x = 2 + (i % 3) * (4 + 2);
      int y = 2 + (i / 3) * (5 + 2);
      assertThat(TestImages.regionEquals(img, x, y, tiles[i])).as("tile %d", i).isTrue();
    }
    // the two empty cells of the last row are background (mid-gray by default)
    assertThat(TestImages.count(img, 2 + 4 + 2, 2 + 2 * 7, 4, 5, Canvas.SPACING.getRGB())).isEqualTo(20);
  }

  @Test
  void upscaledRgbTilesAreBlocksOfTheOriginalPixels() throws IOException {
    INDArray batch = randomBatch(2, 3, 3, 2, 2);
    Path file = dir.resolve("rgb.png");
    ImageGrid.of(batch).columns(2).spacing(1).scale(3).background(Color.BLACK).writePng(file);
    BufferedImage img = TestImages.read(file);
    BufferedImage[] tiles = Pixels.tiles(batch, new Pixels.ImageShape(3, 3, 2), "b");
    for (int i = 0; i < 2; i++) {
      assertThat(TestImages.regionEquals(img, 1 + i * (6 + 1), 1, Pixels.upscale(tiles[i], 3))).isTrue();
    }
    assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0);
  }

  @Test
  void flatBatchesUseTheGivenImageShape() {
    INDArray flat = randomBatch(2, 1, 1, 12, 3).reshape(2, 12);
    BufferedImage img = ImageGrid.of(flat).imageShape(1, 3, 4).scale(1).spacing(0).render();
    assertThat(img.getWidth()).isEqualTo(8);
    assertThat(img.getHeight()).isEqualTo(3);
    assertThat(TestImages.regionEquals(
            img, 4, 0, Pixels.tiles(flat, new Pixels.ImageShape(1, 3, 4), "b")[1]))
        .isTrue();
  }

  @Test
  void comparisonPutsEachReconstructionUnderItsOriginalWithLabels() {
    INDArray x = randomBatch(5, 1, 4, 4, 4);
    INDArray recon = randomBatch(5, 1, 4, 4, 5);
    BufferedImage img = ImageGrid.comparison(x, recon).columns(3).spacing(1).scale(2).render();
    BufferedImage[] top = Pixels.upscaleAll(Pixels.tiles(x, new Pixels.ImageShape(1, 4, 4), "x"), 2);
    BufferedImage[] bottom = Pixels.upscaleAll(Pixels.tiles(recon, new Pixels.ImageShape(1, 4, 4), "r"), 2);
    int gridW = 3 * 8 + 4;
    int left = img.getWidth() - gridW;
    assertThat(left).as("label margin").isGreaterThan(40);
    assertThat(img.getHeight()).isEqualTo(4 * 8 + 5);
    for (int i = 0; i < 5; i++) {
      int x0 = left + 1 + (i % 3) * 9;
      int set = i / 3;
      assertThat(TestImages.regionEquals(img, x0, 1 + (2 * set) * 9, top[i])).isTrue();
      assertThat(TestImages.regionEquals(img, x0, 1 + (2 * set + 1) * 9, bottom[i])).isTrue();
    }
    assertThat(TestImages.dark(img, 0, 0, left, img.getHeight())).as("label text").isGreaterThan(20);
  }

  @Test
  void comparisonRejectsMismatchedShapesNamingBoth() {
    assertThatThrownBy(() -> ImageGrid.comparison(Nd4j.zeros(3, 1, 4, 4), Nd4j.zeros(2, 1, 4, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reconstructions")
        .hasMessageContaining("[3, 1, 4, 4]")
        .hasMessageContaining("[2, 1, 4, 4]");
  }

  @Test
  void rejectsColumnsOfZeroAndNegativeSpacing() {
    ImageGrid grid = ImageGrid.of(Nd4j.zeros(1, 1, 2, 2));
    assertThatThrownBy(() -> grid.columns(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("columns must be in [1, 4096], got 0");
    assertThatThrownBy(() -> grid.spacing(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spacing must be in [0, 64], got -1");
  }

  @Test
  void rejectsAnEmptyBatch() {
    assertThatThrownBy(() -> ImageGrid.of(Nd4j.zeros(0, 1, 2, 2)).render())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty");
  }

  @Test
  void nanPixelsAreRejectedAndNoFileIsWritten() throws IOException {
    INDArray batch = randomBatch(2, 1, 3, 3, 6);
    batch.putScalar(new long[] {1, 0, 2, 2}, Float.NaN);
    Path file = dir.resolve("nan.png");
    assertThatThrownBy(() -> ImageGrid.of(batch).writePng(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThat(TestImages.fileCount(dir)).isZero();
  }

  @Test
  void anUnwritablePathIsAnIOExceptionAndLeavesNoFile() throws IOException {
    Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
    Path file = blocker.resolve("grid.png");
    assertThatThrownBy(() -> ImageGrid.of(randomBatch(1, 1, 2, 2, 7)).writePng(file))
        .isInstanceOf(IOException.class);
    assertThat(TestImages.fileCount(dir)).isEqualTo(1);
  }

  @Test
  void overwritingReplacesTheFileAtomically() throws IOException {
    Path file = dir.resolve("grid.png");
    ImageGrid.of(randomBatch(1, 1, 2, 2, 8)).scale(1).spacing(0).writePng(file);
    ImageGrid.of(randomBatch(4, 1, 2, 2, 9)).columns(4).scale(1).spacing(0).writePng(file);
    assertThat(TestImages.read(file).getWidth()).isEqualTo(8);
    assertThat(TestImages.fileCount(dir)).isEqualTo(1);
  }

  @Test
  void rowAndColumnLabelsWidenAndHeightenThePictureAndHoldText() {
    INDArray batch = randomBatch(6, 1, 8, 8, 3);
    BufferedImage bare = ImageGrid.of(batch).columns(3).scale(2).render();
    BufferedImage labelled = ImageGrid.of(batch).columns(3).scale(2)
        .rowLabels("thin strokes", "thick strokes").columnLabels("-1", "0", "+1")
        .title("stroke width").render();
    int left = labelled.getWidth() - bare.getWidth();
    int extraHeight = labelled.getHeight() - bare.getHeight();
    assertThat(left).as("left margin for the row labels").isGreaterThan(40);
    assertThat(extraHeight).as("title above and column labels below").isGreaterThan(24);
    assertThat(TestImages.dark(labelled, 0, 0, left, labelled.getHeight()))
        .as("row label text").isGreaterThan(40);
    assertThat(TestImages.dark(labelled, left, labelled.getHeight() - 16, bare.getWidth(), 16))
        .as("column label text").isGreaterThan(10);
    // the same canvas as composing the tiles with those labels by hand; tiles unchanged
    BufferedImage[] tiles = Pixels.upscaleAll(
        Pixels.tiles(batch, new Pixels.ImageShape(1, 8, 8), "b"), 2);
    Canvas.Composed c = Canvas.compose(Canvas.rowsOf(tiles, 3), 2, Canvas.SPACING,
        new String[] {"thin strokes", "thick strokes"}, new String[] {"-1", "0", "+1"},
        "stroke width");
    assertThat(TestImages.regionEquals(labelled, 0, 0, c.image())).isTrue();
    assertThat(TestImages.regionEquals(labelled, c.gridX() + 2, c.gridY() + 2, tiles[0])).isTrue();
  }

  @Test
  void labelCountsMustMatchTheRowsAndColumnsDrawn() {
    INDArray batch = randomBatch(7, 1, 4, 4, 4);
    assertThatThrownBy(() -> ImageGrid.of(batch).columns(3).rowLabels("a", "b").render())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rowLabels must have one label per row (3), got 2");
    assertThatThrownBy(() -> ImageGrid.of(batch).columns(3).columnLabels("a").render())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("columnLabels must have one label per column (3), got 1");
    assertThatThrownBy(() -> ImageGrid.of(batch).rowLabels("a", null))
        .isInstanceOf(NullPointerException.class).hasMessage("rowLabels[1]");
    assertThatThrownBy(() -> ImageGrid.comparison(batch, batch).rowLabels("a"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("labels(original, reconstruction)");
    // a comparison takes column labels
    assertThat(ImageGrid.comparison(batch, batch).columns(7)
        .columnLabels("0", "1", "2", "3", "4", "5", "6").render().getHeight()).isPositive();
  }
}
