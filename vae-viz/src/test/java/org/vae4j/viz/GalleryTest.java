package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.LatentDecoder;

/**
 * Picture-level smoke test: every renderer, driven by stub models, writes a file that reads back
 * as an image of the expected size. Set {@code -Dvae4j.viz.galleryDir=/tmp/gallery} to keep the
 * pictures for a look.
 */
class GalleryTest {

  @TempDir Path tmp;

  private Path dir() {
    String kept = System.getProperty("vae4j.viz.galleryDir");
    return kept == null || kept.isBlank() ? tmp : Path.of(kept);
  }

  @Test
  void everyRendererWritesAReadablePicture() throws IOException {
    Path dir = dir();
    LatentDecoder blob = Stubs.blob(2, 28);
    LatentDecoder wide = Stubs.blob(5, 28);
    INDArray batch = blob.decode(Decoding.latents(Decoding.priorDraws(16, 2, 1)));
    INDArray noisy = batch.add(org.nd4j.linalg.factory.Nd4j.rand(batch.dataType(), batch.shape()).mul(0.3));

    ImageGrid.of(batch).columns(8).writePng(dir.resolve("grid.png"));
    ImageGrid.comparison(noisy, batch).columns(8).writePng(dir.resolve("comparison.png"));
    ManifoldRenderer.of(blob).size(10).gaussianQuantiles().writePng(dir.resolve("manifold.png"));
    ManifoldRenderer.of(wide).size(8).linear(-3, 3).dimensions(0, 2).base(0, 1, 0, 0, 0)
        .writePng(dir.resolve("manifold-wide.png"));
    TraversalRenderer.of(wide).steps(7).writePng(dir.resolve("traversal.png"));
    SampleGrid.prior(blob, 25, 7L).writePng(dir.resolve("samples.png"));
    SampleGrid.perClass(new Stubs.LabelDecoder(2, 10, 28), 6, 7L).writePng(dir.resolve("per-class.png"));
    InterpolationRenderer interpolation = InterpolationRenderer.between(
        new Stubs.FirstPixelsEncoder(2, new long[] {1, 2, 2}), blob,
        org.nd4j.linalg.factory.Nd4j.createFromArray(new float[] {-2, 2, 0, 0}).reshape(1, 2, 2),
        org.nd4j.linalg.factory.Nd4j.createFromArray(new float[] {2, -2, 0, 0}).reshape(1, 2, 2), 10);
    interpolation.writeStripPng(dir.resolve("interpolation.png"));
    interpolation.scale(4).frameDelayMillis(80).writeGif(dir.resolve("interpolation.gif"));

    Random r = new Random(3);
    int[] labels = new int[1000];
    float[][] means = new float[1000][];
    float[][] wideMeans = new float[1000][];
    for (int i = 0; i < 1000; i++) {
      labels[i] = i % 10;
      double angle = 2 * Math.PI * labels[i] / 10;
      means[i] = new float[] {
          (float) (2 * Math.cos(angle) + 0.4 * r.nextGaussian()),
          (float) (2 * Math.sin(angle) + 0.4 * r.nextGaussian())};
      wideMeans[i] = new float[8];
      for (int d = 0; d < 8; d++) {
        wideMeans[i][d] = (float) ((d < 2 ? means[i][d] : 0) + 0.3 * r.nextGaussian());
      }
    }
    LatentScatter.of(org.nd4j.linalg.factory.Nd4j.createFromArray(means), labels)
        .writePng(dir.resolve("scatter.png"));
    LatentScatter.of(org.nd4j.linalg.factory.Nd4j.createFromArray(wideMeans), labels)
        .writePng(dir.resolve("scatter-pca.png"));
    LossCurves.of(LossCurvesTest.history(12, true)).withParts(true).writePng(dir.resolve("loss.png"));

    String[] names = {"grid.png", "comparison.png", "manifold.png", "manifold-wide.png", "traversal.png",
        "samples.png", "per-class.png", "interpolation.png", "interpolation.gif", "scatter.png",
        "scatter-pca.png", "loss.png"};
    for (String name : names) {
      BufferedImage img = TestImages.read(dir.resolve(name));
      assertThat(img.getWidth()).as(name).isGreaterThanOrEqualTo(56);
      assertThat(img.getHeight()).as(name).isGreaterThanOrEqualTo(56);
    }
    assertThat(TestImages.read(dir.resolve("manifold.png")).getWidth()).isGreaterThan(10 * 56);
    assertThat(TestImages.read(dir.resolve("scatter.png")).getWidth()).isEqualTo(800);
  }
}
