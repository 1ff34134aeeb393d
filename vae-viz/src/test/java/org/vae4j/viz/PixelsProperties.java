package org.vae4j.viz;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class PixelsProperties {

  @Test
  void levelIsTheRoundedClippedValue() {
    qt().forAll(doubles().between(-5, 5))
        .check(v -> Pixels.toLevel(v) == (int) Math.round(255 * Math.min(1, Math.max(0, v))));
  }

  @Test
  void levelIsMonotone() {
    qt().forAll(doubles().between(-2, 2), doubles().between(-2, 2))
        .check((a, b) -> a > b || Pixels.toLevel(a) <= Pixels.toLevel(b));
  }

  @Test
  void everyTilePixelEqualsItsArrayValueForAnyShape() {
    qt().withExamples(30)
        .forAll(integers().between(1, 4), integers().between(1, 6), integers().between(1, 6),
            integers().between(0, 1))
        .check((n, h, w, rgb) -> {
          int c = rgb == 1 ? 3 : 1;
          java.util.Random r = new java.util.Random(31L * n + 7L * h + w);
          float[] v = new float[n * c * h * w];
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 1.4 - 0.2);
          }
          BufferedImage[] tiles =
              Pixels.tiles(Nd4j.create(v, new long[] {n, c, h, w}, 'c'), new Pixels.ImageShape(c, h, w), "b");
          for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
              for (int x = 0; x < w; x++) {
                int px = tiles[i].getRGB(x, y);
                for (int ch = 0; ch < 3; ch++) {
                  int src = c == 1 ? 0 : ch;
                  int expected = Pixels.toLevel(v[((i * c + src) * h + y) * w + x]);
                  if (((px >> (16 - 8 * ch)) & 0xFF) != expected) {
                    return false;
                  }
                }
              }
            }
          }
          return true;
        });
  }
}
