package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PixelsTest {

  @Test
  void grayscaleValuesAreClippedAndRoundedToEightBits() {
    INDArray batch = Nd4j.createFromArray(new float[] {0f, 0.5f, 1f, -0.3f, 1.7f, 0.2f}).reshape(1, 1, 2, 3);
    BufferedImage tile = Pixels.tiles(batch, new Pixels.ImageShape(1, 2, 3), "batch")[0];
    assertThat(new int[] {
          TestImages.level(tile, 0, 0), TestImages.level(tile, 1, 0), TestImages.level(tile, 2, 0),
          TestImages.level(tile, 0, 1), TestImages.level(tile, 1, 1), TestImages.level(tile, 2, 1)})
        .containsExactly(0, 128, 255, 0, 255, 51);
    int c = tile.getRGB(1, 0) & 0xFFFFFF;
    assertThat(c).isEqualTo((128 << 16) | (128 << 8) | 128);
  }

  @Test
  void rgbChannelsComeFromTheFirstAxisInOrder() {
    // one 1x2 RGB image: pixel 0 is pure red, pixel 1 pure blue
    INDArray batch = Nd4j.createFromArray(new float[] {1f, 0f, 0f, 0f, 0f, 1f}).reshape(1, 3, 1, 2);
    BufferedImage tile = Pixels.tiles(batch, new Pixels.ImageShape(3, 1, 2), "batch")[0];
    assertThat(tile.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
    assertThat(tile.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x0000FF);
  }

  @Test
  void viewsAndOtherOrdersGiveTheSameTilesAsACopy() {
    INDArray all = ImageGridTest.randomBatch(5, 1, 3, 4, 13).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    INDArray view = all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4));
    INDArray fOrder = view.dup('f');
    Pixels.ImageShape shape = new Pixels.ImageShape(1, 3, 4);
    BufferedImage[] expected = Pixels.tiles(view.dup('c'), shape, "copy");
    BufferedImage[] fromView = Pixels.tiles(view, shape, "view");
    BufferedImage[] fromF = Pixels.tiles(fOrder, shape, "f");
    assertThat(fromView).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(TestImages.regionEquals(fromView[i], 0, 0, expected[i])).isTrue();
      assertThat(TestImages.regionEquals(fromF[i], 0, 0, expected[i])).isTrue();
    }
    assertThat(TestImages.regionEquals(fromView[0], 0, 0,
        Pixels.tiles(all, shape, "all")[1])).isTrue();
  }

  @Test
  void rejectsNaNNamingTheImageAndPosition() {
    INDArray batch = Nd4j.zeros(2, 1, 2, 2);
    batch.putScalar(new long[] {1, 0, 1, 0}, Double.NaN);
    assertThatThrownBy(() -> Pixels.tiles(batch, new Pixels.ImageShape(1, 2, 2), "batch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch")
        .hasMessageContaining("NaN")
        .hasMessageContaining("image 1")
        .hasMessageContaining("y=1, x=0");
  }

  @Test
  void rejectsInfinity() {
    INDArray batch = Nd4j.zeros(1, 1, 2, 2);
    batch.putScalar(new long[] {0, 0, 0, 1}, Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> Pixels.tiles(batch, new Pixels.ImageShape(1, 2, 2), "batch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Infinity");
  }

  @Test
  void rejectsABatchOfTheWrongImageSizeNamingBothShapes() {
    INDArray batch = Nd4j.zeros(2, 1, 3, 3);
    assertThatThrownBy(() -> Pixels.tiles(batch, new Pixels.ImageShape(1, 2, 2), "batch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 2, 2]")
        .hasMessageContaining("[2, 1, 3, 3]");
  }

  @Test
  void rejectsAnEmptyBatch() {
    INDArray batch = Nd4j.zeros(0, 4);
    assertThatThrownBy(() -> Pixels.tiles(batch, new Pixels.ImageShape(1, 2, 2), "batch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty");
  }

  @Test
  void infersSquareGrayscaleFromAFlatShape() {
    assertThat(Pixels.imageShape(new long[] {784}, "shape")).isEqualTo(new Pixels.ImageShape(1, 28, 28));
    assertThat(Pixels.imageShape(new long[] {5, 7}, "shape")).isEqualTo(new Pixels.ImageShape(1, 5, 7));
    assertThat(Pixels.imageShape(new long[] {3, 4, 6}, "shape")).isEqualTo(new Pixels.ImageShape(3, 4, 6));
  }

  @Test
  void rejectsShapesThatAreNotImages() {
    assertThatThrownBy(() -> Pixels.imageShape(new long[] {10}, "shape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("perfect square")
        .hasMessageContaining("[10]");
    assertThatThrownBy(() -> Pixels.imageShape(new long[] {2, 4, 4}, "shape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("channels")
        .hasMessageContaining("[2, 4, 4]");
    assertThatThrownBy(() -> Pixels.imageShape(new long[] {1, 1, 4, 4}, "shape"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pixels.imageShape(new long[] {1, 0, 4}, "shape"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void upscaleRepeatsEachPixelAsABlock() {
    INDArray batch = Nd4j.createFromArray(new float[] {0f, 1f, 0.5f, 0.25f}).reshape(1, 1, 2, 2);
    BufferedImage tile = Pixels.tiles(batch, new Pixels.ImageShape(1, 2, 2), "batch")[0];
    BufferedImage big = Pixels.upscale(tile, 3);
    assertThat(big.getWidth()).isEqualTo(6);
    assertThat(big.getHeight()).isEqualTo(6);
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 6; x++) {
        assertThat(big.getRGB(x, y)).isEqualTo(tile.getRGB(x / 3, y / 3));
      }
    }
  }

  @Test
  void rejectsAScaleOfZero() {
    assertThatThrownBy(() -> Pixels.checkScale(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale must be in [1, 64], got 0");
  }
}
