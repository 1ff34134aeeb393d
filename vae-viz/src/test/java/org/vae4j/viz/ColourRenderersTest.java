package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.ConditionalDecoder;

/**
 * Models with 3 channels are drawn in colour by every renderer: the pixels of the written PNG (or
 * GIF) have the red, green and blue levels the decoder returned.
 */
class ColourRenderersTest {

  @TempDir Path dir;

  /** What the rgb stub paints for z: red sigmoid(z0), green sigmoid(z1), blue sigmoid(z2). */
  private static int expected(double z0, double z1, double z2) {
    return (Pixels.toLevel(Stubs.sigmoid(z0)) << 16) | (Pixels.toLevel(Stubs.sigmoid(z1)) << 8)
        | Pixels.toLevel(Stubs.sigmoid(z2));
  }

  /** The centre colour of tile (r, c) of a grid of {@code side}-pixel tiles with spacing 1. */
  private static int tile(BufferedImage img, Canvas.Composed composed, int side, int r, int c) {
    return img.getRGB(composed.gridX() + 1 + c * (side + 1) + side / 2,
        composed.gridY() + 1 + r * (side + 1) + side / 2) & 0xFFFFFF;
  }

  private static boolean isGrey(int rgb) {
    return ((rgb >> 16) & 0xFF) == ((rgb >> 8) & 0xFF) && ((rgb >> 8) & 0xFF) == (rgb & 0xFF);
  }

  @Test
  void traversalRowsChangeTheColourOfTheirChannel() throws IOException {
    Stubs.FunctionDecoder decoder = Stubs.rgb(3, 2, 2);
    TraversalRenderer t = TraversalRenderer.of(decoder).range(-2, 2).steps(3).scale(2).spacing(1);
    Path file = dir.resolve("traversal.png");
    t.writePng(file);
    BufferedImage img = TestImages.read(file);
    Canvas.Composed composed = t.composed();
    double[] v = t.values();
    for (int c = 0; c < 3; c++) {
      assertThat(tile(img, composed, 4, 0, c)).isEqualTo(expected(v[c], 0, 0));
      assertThat(tile(img, composed, 4, 1, c)).isEqualTo(expected(0, v[c], 0));
      assertThat(tile(img, composed, 4, 2, c)).isEqualTo(expected(0, 0, v[c]));
    }
    assertThat(isGrey(tile(img, composed, 4, 0, 0))).isFalse();
  }

  @Test
  void priorSamplesKeepTheirDecodedColours() throws IOException {
    Stubs.FunctionDecoder decoder = Stubs.rgb(3, 3, 3);
    Path file = dir.resolve("samples.png");
    SampleGrid.prior(decoder, 6, 7L).columns(3).scale(1).spacing(1).writePng(file);
    BufferedImage img = TestImages.read(file);
    double[][] z = Decoding.priorDraws(6, 3, 7L);
    for (int i = 0; i < 6; i++) {
      int px = img.getRGB(1 + (i % 3) * 4 + 1, 1 + (i / 3) * 4 + 1) & 0xFFFFFF;
      assertThat(px).as("sample %d", i)
          .isEqualTo(expected((float) z[i][0], (float) z[i][1], (float) z[i][2]));
    }
  }

  /** Class 0 red, class 1 green, class 2 blue, at full strength; z is ignored. */
  private static final ConditionalDecoder PRIMARIES = new ConditionalDecoder() {
    @Override
    public int latentDim() {
      return 2;
    }

    @Override
    public int numClasses() {
      return 3;
    }

    @Override
    public long[] dataShape() {
      return new long[] {3, 2, 2};
    }

    @Override
    public INDArray decode(INDArray z, int[] labels) {
      INDArray out = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, z.size(0), 3, 2, 2);
      for (int i = 0; i < labels.length; i++) {
        out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),
            org.nd4j.linalg.indexing.NDArrayIndex.point(labels[i])).assign(1);
      }
      return out;
    }
  };

  @Test
  void perClassRowsAreDrawnInTheirClassColours() throws IOException {
    Path file = dir.resolve("classes.png");
    SampleGrid.perClass(PRIMARIES, 4, 1L).scale(2).spacing(1).writePng(file);
    BufferedImage img = TestImages.read(file);
    int[] colours = {0xFF0000, 0x00FF00, 0x0000FF};
    for (int k = 0; k < 3; k++) {
      assertThat(TestImages.count(img, 0, 0, img.getWidth(), img.getHeight(), colours[k]))
          .as("class %d: 4 tiles of 4 x 4 pixels", k).isEqualTo(4 * 16);
    }
    // rows from top to bottom: red, green, blue, right of the labels
    int x = img.getWidth() - 3;
    assertThat(img.getRGB(x, 2) & 0xFFFFFF).isEqualTo(0xFF0000);
    assertThat(img.getRGB(x, 2 + 5) & 0xFFFFFF).isEqualTo(0x00FF00);
    assertThat(img.getRGB(x, 2 + 10) & 0xFFFFFF).isEqualTo(0x0000FF);
  }

  @Test
  void editGridOfAConditionalDecoderIsInItsClassColour() throws IOException {
    EditGrid grid = EditGrid.of(PRIMARIES, 2).scale(1).spacing(1)
        .row("r", Nd4j.zeros(2), Nd4j.ones(2)).strengths(-1, 1);
    Path file = dir.resolve("edits.png");
    grid.writePng(file);
    BufferedImage img = TestImages.read(file);
    Canvas.Composed composed = grid.composed();
    assertThat(tile(img, composed, 2, 0, 0)).isEqualTo(0x0000FF);
    assertThat(tile(img, composed, 2, 0, 1)).isEqualTo(0x0000FF);
  }

  @Test
  void aComparisonDrawsOriginalsAndReconstructionsInColour() throws IOException {
    // 2 originals, pure red and pure green; reconstructions half-strength of the same colours
    INDArray x = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 3, 3);
    x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
        org.nd4j.linalg.indexing.NDArrayIndex.point(0)).assign(1);
    x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
        org.nd4j.linalg.indexing.NDArrayIndex.point(1)).assign(1);
    INDArray recon = x.mul(0.5);
    Path file = dir.resolve("recon.png");
    ImageGrid.comparison(x, recon).scale(2).writePng(file);
    BufferedImage img = TestImages.read(file);
    int half = Pixels.toLevel(0.5);
    assertThat(TestImages.count(img, 0, 0, img.getWidth(), img.getHeight(), 0xFF0000)).isEqualTo(36);
    assertThat(TestImages.count(img, 0, 0, img.getWidth(), img.getHeight(), 0x00FF00)).isEqualTo(36);
    assertThat(TestImages.count(img, 0, 0, img.getWidth(), img.getHeight(), half << 16))
        .isEqualTo(36);
    assertThat(TestImages.count(img, 0, 0, img.getWidth(), img.getHeight(), half << 8))
        .isEqualTo(36);
  }

  @Test
  void anInterpolationStripIsInColour() throws IOException {
    Stubs.FunctionDecoder decoder = Stubs.rgb(3, 2, 2);
    INDArray path = decoder.decode(Nd4j.createFromArray(new float[][] {
        {3, -3, 0}, {0, 0, 0}, {-3, 3, 1}}));
    Path file = dir.resolve("strip.png");
    InterpolationRenderer.of(path).scale(3).spacing(1).writeStripPng(file);
    BufferedImage img = TestImages.read(file);
    // tiles of 6 x 6 pixels, starting at 1, 8 and 15
    assertThat(img.getRGB(1 + 3, 3) & 0xFFFFFF).isEqualTo(expected(3, -3, 0));
    assertThat(img.getRGB(8 + 3, 3) & 0xFFFFFF).isEqualTo(expected(0, 0, 0));
    assertThat(img.getRGB(15 + 3, 3) & 0xFFFFFF).isEqualTo(expected(-3, 3, 1));
  }
}
