package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.LatentEncoder;
import org.vae4j.api.Posterior;

class AttributeVectorsTest {

  @TempDir Path tmp;

  /**
   * A known encoder over [1, 8, 8]: z0 = the mean of the top-left 4 x 4 quadrant, z1 = the mean
   * of the whole image, z2 = pixel (7, 7).
   */
  static final class Probe implements LatentEncoder {
    @Override
    public int latentDim() {
      return 3;
    }

    @Override
    public long[] dataShape() {
      return new long[] {1, 8, 8};
    }

    @Override
    public Posterior encode(INDArray x) {
      throw new UnsupportedOperationException();
    }

    @Override
    public INDArray encodeMean(INDArray x) {
      long n = x.size(0);
      INDArray z = Nd4j.create(x.dataType(), n, 3);
      for (int i = 0; i < n; i++) {
        double q = 0;
        double all = 0;
        for (int r = 0; r < 8; r++) {
          for (int c = 0; c < 8; c++) {
            double v = x.getDouble(i, 0, r, c);
            all += v;
            if (r < 4 && c < 4) {
              q += v;
            }
          }
        }
        z.putScalar(i, 0, q / 16);
        z.putScalar(i, 1, all / 64);
        z.putScalar(i, 2, x.getDouble(i, 0, 7, 7));
      }
      return z;
    }
  }

  /** Noise images, with a bright top-left square when {@code square}. */
  private static Path folder(Path dir, int n, boolean square, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    for (int k = 0; k < n; k++) {
      BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          int level = square && x < 4 && y < 4 ? 230 + r.nextInt(26) : r.nextInt(120);
          img.getRaster().setSample(x, y, 0, level);
        }
      }
      TestImageFiles.write(img, "png", dir.resolve((k % 3 == 0 ? "sub/" : "") + k + ".png"));
    }
    return dir;
  }

  @Test
  void theVectorIsTheDifferenceOfTheFoldersMeanLatentMeans() throws IOException {
    // 70 and 9 images: more than one batch of 64 and a short one, sub-folders included
    Path with = folder(tmp.resolve("with"), 70, true, 1);
    Path without = folder(tmp.resolve("without"), 9, false, 2);
    Probe probe = new Probe();
    INDArray v = AttributeVectors.fromFolders(probe, with, without);
    assertThat(v.shape()).containsExactly(1, 3);

    // the reference: both folders loaded into memory, means taken over all their images at once
    ImageDataset a = ImageFolder.builder(with).size(8).channels(1).unlabelled().scan().load();
    ImageDataset b = ImageFolder.builder(without).size(8).channels(1).unlabelled().scan().load();
    assertThat(a.size()).isEqualTo(70);
    INDArray expected = probe.encodeMean(a.images()).mean(0)
        .sub(probe.encodeMean(b.images()).mean(0));
    for (int j = 0; j < 3; j++) {
      assertThat(v.getDouble(0, j)).as("z%d", j).isCloseTo(expected.getDouble(j), within(1e-5));
    }
    // the square: the quadrant is much brighter in "with"; pixel (7, 7) is noise in both
    assertThat(v.getDouble(0, 0)).isGreaterThan(0.5);
    assertThat(Math.abs(v.getDouble(0, 2))).isLessThan(0.25);
  }

  @Test
  void swappingTheFoldersNegatesTheVector() throws IOException {
    Path with = folder(tmp.resolve("w"), 5, true, 3);
    Path without = folder(tmp.resolve("wo"), 4, false, 4);
    INDArray v = AttributeVectors.fromFolders(new Probe(), with, without);
    INDArray u = AttributeVectors.fromFolders(new Probe(), without, with);
    for (int j = 0; j < 3; j++) {
      assertThat(u.getDouble(0, j)).isCloseTo(-v.getDouble(0, j), within(1e-6));
    }
  }

  @Test
  void badFoldersAndShapesAreRefusedByName() throws IOException {
    Path with = folder(tmp.resolve("ok"), 2, true, 5);
    assertThatThrownBy(() -> AttributeVectors.fromFolders(new Probe(), with,
        tmp.resolve("missing"))).isInstanceOf(IOException.class).hasMessageContaining("missing");
    assertThatThrownBy(() -> AttributeVectors.fromFolders(new Probe(), with,
        java.nio.file.Files.createDirectories(tmp.resolve("empty"))))
        .isInstanceOf(IOException.class).hasMessageContaining("at least 1");
    ImageFolder rgb = ImageFolder.builder(with).size(8).channels(3).unlabelled().scan();
    assertThatThrownBy(() -> AttributeVectors.fromFolders(new Probe(), rgb, rgb))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 8, 8]").hasMessageContaining("[3, 8, 8]");
  }
}
