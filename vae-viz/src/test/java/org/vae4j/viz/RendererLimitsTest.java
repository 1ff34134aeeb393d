package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.ConditionalDecoder;

/**
 * Grid sizes and counts of the renderers are checked in {@code long} against documented limits
 * (10,000 images, 2^24 latent values, 2^25 pixels and 65,536 per side) before anything is decoded
 * or allocated, and refused in well under a second with a message naming the sizes. (Before: the
 * same calls decoded thousands of images and then ran out of memory upscaling them, or overflowed
 * an int.)
 */
@Tag("reliability")
class RendererLimitsTest {

  /** Runs {@code call}, asserting it is refused fast; returns the message. */
  private static String refusedFast(Supplier<Object> call) {
    long t0 = System.nanoTime();
    Throwable t = catchThrowable(call::get);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(t).isInstanceOf(IllegalArgumentException.class);
    assertThat(millis).as("refused after %d ms", millis).isLessThan(500);
    return t.getMessage();
  }

  @Test
  void tenThousandSamplesAtScale64AreRefusedBeforeDecoding() {
    Stubs.FunctionDecoder d = Stubs.oneDimension(2, 0, 28, 28);
    String message = refusedFast(() -> SampleGrid.prior(d, 10_000, 1).scale(64).render());
    assertThat(message).isEqualTo("picture must have at most 33554432 pixels and 65536 per side, "
        + "got 179402 x 179402 for 10000 images of 1792 x 1792 pixels (28 x 28 at scale 64), 100 "
        + "per row");
    assertThat(d.calls).isEmpty();
  }

  @Test
  void aPerClassGridOfAMillionClassesIsRefusedByItsImageCount() {
    ConditionalDecoder million = new ConditionalDecoder() {
      @Override
      public int latentDim() {
        return 2;
      }

      @Override
      public int numClasses() {
        return 1_000_000;
      }

      @Override
      public long[] dataShape() {
        return new long[] {1, 28, 28};
      }

      @Override
      public INDArray decode(INDArray z, int[] labels) {
        throw new AssertionError("must not decode");
      }
    };
    assertThat(refusedFast(() -> SampleGrid.perClass(million, 100, 1).render()))
        .isEqualTo("images in one picture must be in [1, 10000], got 100000000");
  }

  @Test
  void traversingEveryDimensionOfAWideLatentIsRefusedBeforeBuildingIt() {
    Stubs.FunctionDecoder d = Stubs.oneDimension(65_536, 0, 28, 28);
    assertThat(refusedFast(() -> TraversalRenderer.of(d).render()))
        .isEqualTo("images in one picture must be in [1, 10000], got 589824");
    Stubs.FunctionDecoder wide = Stubs.oneDimension(100_000, 0, 28, 28);
    assertThat(refusedFast(() -> TraversalRenderer.of(wide).dimensions(0, 1).steps(100).scale(1)
        .render())).isEqualTo("latent values of one picture (images x latentDim) must be at most "
            + "16777216, got 200 x 100000");
    assertThat(d.calls).isEmpty();
    assertThat(wide.calls).isEmpty();
  }

  @Test
  void aHugeManifoldIsRefusedBeforeDecoding() {
    Stubs.FunctionDecoder d = Stubs.oneDimension(2, 0, 28, 28);
    assertThat(refusedFast(() -> ManifoldRenderer.of(d).size(100).scale(64).render()))
        .startsWith("picture must have at most 33554432 pixels and 65536 per side, got 179200 x "
            + "179200 for 10000 images");
    assertThat(d.calls).isEmpty();
  }

  @Test
  void anImageShapeWhoseSizeOverflowsAnIntIsRefused() {
    INDArray empty = Nd4j.zeros(DataType.FLOAT, 1, 0);
    assertThat(refusedFast(() -> ImageGrid.of(empty).imageShape(1, 65_536, 65_536).render()))
        .isEqualTo("imageShape must have at most 33554432 pixels per image, got [1, 65536, "
            + "65536]");
  }

  @Test
  void aLongInterpolationStripAtHighScaleIsRefusedBeforeUpscaling() {
    INDArray frames = Nd4j.zeros(DataType.FLOAT, 1000, 1, 28, 28);
    assertThat(refusedFast(() -> InterpolationRenderer.of(frames).scale(64).renderStrip()))
        .startsWith("picture must have at most 33554432 pixels and 65536 per side, got 1794002 x "
            + "1796 for 1000 images");
  }

  @Test
  void theLimitIsExactAndNormalPicturesPass() {
    Pixels.ImageShape side = new Pixels.ImageShape(1, 5792, 5792);
    Canvas.checkGrid(1, 1, side, 1, 0); // 33,547,264 pixels
    assertThat(catchThrowable(() -> Canvas.checkGrid(1, 1, new Pixels.ImageShape(1, 5793, 5793),
        1, 0))).hasMessageStartingWith("picture must have at most 33554432 pixels");
    assertThat(catchThrowable(() -> Canvas.checkGrid(Long.MAX_VALUE / 2, 3, side, 64, 64)))
        .hasMessageContaining("more than a long can count");
    Stubs.FunctionDecoder d = Stubs.oneDimension(2, 0, 28, 28);
    assertThat(ManifoldRenderer.of(d).size(30).render().getWidth()).isGreaterThan(30 * 56);
    // the example of docs/safety.md
    assertThat(catchThrowable(() -> ManifoldRenderer.of(d).size(100).scale(3).render()))
        .hasMessage("picture must have at most 33554432 pixels and 65536 per side, got 8400 x 8400"
            + " for 10000 images of 84 x 84 pixels (28 x 28 at scale 3), 100 per row");
  }
}
