package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EditGridTest {

  @TempDir Path dir;

  /** Colour of the tile at row r, column c of an rgb stub grid drawn with scale 1, spacing 1. */
  private static int tile(BufferedImage img, Canvas.Composed composed, int r, int c) {
    return img.getRGB(composed.gridX() + 1 + c * 3, composed.gridY() + 1 + r * 3) & 0xFFFFFF;
  }

  /** What the rgb stub paints for z: red sigmoid(z0), green sigmoid(z1), blue sigmoid(z2). */
  private static int expected(double z0, double z1, double z2) {
    return (Pixels.toLevel(Stubs.sigmoid(z0)) << 16) | (Pixels.toLevel(Stubs.sigmoid(z1)) << 8)
        | Pixels.toLevel(Stubs.sigmoid(z2));
  }

  @Test
  void eachTileDecodesItsRowsBasePlusItsColumnsStrengthTimesTheDirection() throws IOException {
    Stubs.FunctionDecoder decoder = Stubs.rgb(3, 2, 2);
    INDArray base1 = Nd4j.createFromArray(new float[] {0.5f, -1f, 0f});
    INDArray base2 = Nd4j.createFromArray(new float[][] {{-0.5f, 0f, 2f}}); // [1, 3] works too
    INDArray dir1 = Nd4j.createFromArray(new float[] {1f, 0f, 0f});
    INDArray dir2 = Nd4j.createFromArray(new float[] {0f, 0.5f, -1f});
    double[] s = {-2, -0.5, 0, 1.5};
    EditGrid grid = EditGrid.of(decoder).row("a", base1, dir1).row("b", base2, dir2)
        .strengths(s).scale(1).spacing(1);
    Canvas.Composed composed = grid.composed();
    Path file = dir.resolve("edits.png");
    grid.writePng(file);
    BufferedImage img = TestImages.read(file);
    assertThat(TestImages.regionEquals(img, 0, 0, composed.image())).as("file equals render").isTrue();
    for (int c = 0; c < s.length; c++) {
      assertThat(tile(img, composed, 0, c)).as("row a, column %d", c)
          .isEqualTo(expected(0.5 + s[c], -1, 0));
      assertThat(tile(img, composed, 1, c)).as("row b, column %d", c)
          .isEqualTo(expected(-0.5, 0.5 * s[c], 2 - s[c]));
    }
    assertThat(decoder.calls).as("one decode per render").hasSize(2);
    assertThat(decoder.calls.get(0)).hasNumberOfRows(8);
    // labels: row names on the left, strengths under the columns
    assertThat(composed.gridX()).isGreaterThan(0);
    assertThat(TestImages.dark(img, 0, composed.gridY(), composed.gridX(), 9)).isGreaterThan(5);
  }

  /** A conditional encoder whose mean is the first latentDim pixels plus the label, for every entry. */
  private static final class PlusLabelEncoder implements org.vae4j.api.ConditionalEncoder {
    private final Stubs.FirstPixelsEncoder pixels = new Stubs.FirstPixelsEncoder(3, new long[] {1, 2, 2});

    @Override
    public int latentDim() {
      return 3;
    }

    @Override
    public int numClasses() {
      return 4;
    }

    @Override
    public long[] dataShape() {
      return pixels.dataShape();
    }

    @Override
    public INDArray encodeMean(INDArray x, int[] labels) {
      INDArray m = pixels.encodeMean(x);
      for (int i = 0; i < labels.length; i++) {
        m.getRow(i).addi(labels[i]);
      }
      return m;
    }
  }

  @Test
  void conditionalExamplesStartAtTheirMeansGivenTheirOwnLabels() {
    Stubs.FunctionDecoder decoder = Stubs.rgb(3, 2, 2);
    INDArray x = Nd4j.createFromArray(new float[][][][] {
        {{{0.1f, 0.2f}, {0.3f, 0.4f}}}, {{{0.9f, 0.8f}, {0.7f, 0.6f}}}});
    INDArray d = Nd4j.createFromArray(new float[] {0f, 1f, 0f});
    EditGrid grid = EditGrid.of(decoder).examples(new PlusLabelEncoder(), x, new int[] {2, 0}, d)
        .strengths(0, -1).scale(1).spacing(1);
    Canvas.Composed composed = grid.composed();
    BufferedImage img = composed.image();
    assertThat(tile(img, composed, 0, 0)).isEqualTo(expected(2.1f, 2.2f, 2.3f));
    assertThat(tile(img, composed, 0, 1)).isEqualTo(expected(2.1f, 1.2f, 2.3f));
    assertThat(tile(img, composed, 1, 1)).isEqualTo(expected(0.9f, -0.2f, 0.7f));
    assertThatThrownBy(() -> EditGrid.of(decoder).examples(new PlusLabelEncoder(), x, new int[] {1}, d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels must have one label per example of x (2), got 1");
    assertThatThrownBy(() -> EditGrid.of(Stubs.rgb(2, 2, 2)).examples(new PlusLabelEncoder(), x, new int[] {1, 1}, d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encoder.latentDim() must equal the decoder's latentDim = 2, got 3");
  }

  @Test
  void examplesStartAtTheirPosteriorMeansAndEditsShareOneBase() {
    Stubs.FunctionDecoder decoder = Stubs.rgb(3, 2, 2);
    // the stub encoder's mean is the first 3 pixels of each example
    Stubs.FirstPixelsEncoder encoder = new Stubs.FirstPixelsEncoder(3, new long[] {1, 2, 2});
    INDArray x = Nd4j.createFromArray(new float[][][][] {
        {{{0.1f, 0.2f}, {0.3f, 0.4f}}}, {{{0.9f, 0.8f}, {0.7f, 0.6f}}}});
    INDArray d = Nd4j.createFromArray(new float[] {0f, 0f, 1f});
    Map<String, INDArray> directions = new LinkedHashMap<>();
    directions.put("up", d);
    directions.put("down", d.neg());
    EditGrid grid = EditGrid.of(decoder).examples(encoder, x, d)
        .edits(Nd4j.createFromArray(new float[] {1f, 1f, 1f}), directions)
        .strengths(0, 2).scale(1).spacing(1);
    Canvas.Composed composed = grid.composed();
    BufferedImage img = composed.image();
    assertThat(tile(img, composed, 0, 1)).isEqualTo(expected(0.1f, 0.2f, 0.3f + 2));
    assertThat(tile(img, composed, 1, 0)).isEqualTo(expected(0.9f, 0.8f, 0.7f));
    assertThat(tile(img, composed, 2, 1)).isEqualTo(expected(1, 1, 3));
    assertThat(tile(img, composed, 3, 1)).isEqualTo(expected(1, 1, -1));
  }

  @Test
  void aConditionalDecoderDrawsEveryTileAsTheChosenClass() {
    Stubs.LabelDecoder decoder = new Stubs.LabelDecoder(2, 5, 2);
    INDArray z = Nd4j.createFromArray(new float[] {0f, 0f});
    Canvas.Composed composed = EditGrid.of(decoder, 4).row("r", z, z).strengths(1, 2)
        .scale(1).spacing(1).composed();
    // the stub paints label / (classes - 1): class 4 of 5 is white
    assertThat(tile(composed.image(), composed, 0, 1)).isEqualTo(0xFFFFFF);
  }

  @Test
  void strengthsAreLabelledWithTheirSign() {
    assertThat(EditGrid.strengthLabels(new double[] {-2, -0.5, 0, 1, 1.25}))
        .containsExactly("-2", "-0.50", "0", "+1", "+1.25");
  }

  @Test
  void rejectsBadVectorsStrengthsAndAnEmptyGrid() {
    Stubs.FunctionDecoder decoder = Stubs.rgb(3, 2, 2);
    INDArray ok = Nd4j.zeros(3);
    assertThatThrownBy(() -> EditGrid.of(decoder).row("r", Nd4j.zeros(2, 3), ok))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("base must have shape [3] or [1, 3], got [2, 3]");
    assertThatThrownBy(() -> EditGrid.of(decoder).row("r", ok, Nd4j.createFromArray(1f, Float.NaN, 0f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("direction must be finite, got NaN at index 1");
    assertThatThrownBy(() -> EditGrid.of(decoder).strengths())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("strengths must hold 1 to 100 values, got 0");
    assertThatThrownBy(() -> EditGrid.of(decoder).strengths(1, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("strengths must be finite, got Infinity at index 1");
    assertThatThrownBy(() -> EditGrid.of(decoder).render())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs rows");
    assertThatThrownBy(() -> EditGrid.of(new Stubs.LabelDecoder(2, 5, 2), 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("label must be in [0, 5), got 5");
    assertThatThrownBy(() -> EditGrid.of(decoder)
        .examples(new Stubs.FirstPixelsEncoder(2, new long[] {1, 2, 2}), Nd4j.zeros(1, 1, 2, 2), ok))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("encoder.latentDim() must equal the decoder's latentDim = 3, got 2");
  }
}
