package org.vae4j.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The resampler against independent references: block means, constants, the centre crop. */
class ResamplerProperties {

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = r.nextFloat();
    }
    return out;
  }

  @Test
  void shrinkingByAnIntegerFactorGivesTheBlockMeans() {
    qt().withExamples(60)
        .forAll(integers().between(1, 9), integers().between(1, 9), integers().between(1, 6),
            longs().all())
        .checkAssert((oh, ow, k, seed) -> {
          int h = oh * k;
          int w = ow * k;
          float[] src = random(h * w, seed);
          float[] dst = new float[oh * ow];
          Resampler.resizeCrop(src, h, w, oh, ow, dst, 0);
          for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
              double sum = 0;
              for (int dy = 0; dy < k; dy++) {
                for (int dx = 0; dx < k; dx++) {
                  sum += src[(y * k + dy) * w + x * k + dx];
                }
              }
              assertThat((double) dst[y * ow + x]).isCloseTo(sum / (k * k), within(1e-5));
            }
          }
        });
  }

  @Test
  void aConstantImageStaysConstantAtAnySize() {
    qt().withExamples(80)
        .forAll(integers().between(1, 40), integers().between(1, 40), integers().between(1, 40),
            integers().between(1, 40))
        .checkAssert((h, w, oh, ow) -> {
          float[] src = new float[h * w];
          java.util.Arrays.fill(src, 0.375f);
          float[] dst = new float[oh * ow];
          Resampler.resizeCrop(src, h, w, oh, ow, dst, 0);
          for (float v : dst) {
            assertThat((double) v).isCloseTo(0.375, within(1e-5));
          }
        });
  }

  @Test
  void valuesStayWithinTheSourceRange() {
    qt().withExamples(80)
        .forAll(integers().between(1, 30), integers().between(1, 30), integers().between(1, 30),
            longs().all())
        .checkAssert((h, w, o, seed) -> {
          float[] src = random(h * w, seed);
          float lo = 1;
          float hi = 0;
          for (float v : src) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
          float[] dst = new float[o * o];
          Resampler.resizeCrop(src, h, w, o, o, dst, 0);
          for (float v : dst) {
            assertThat(v).isBetween(lo - 1e-5f, hi + 1e-5f);
          }
        });
  }

  @Test
  void aWideImageIsCroppedToItsCentre() {
    // 8 high, 24 wide, output 4 x 4: scaled by 1/2 to 4 x 12, the centre 4 columns are source
    // columns 8..15, which are 1; the rest are 0
    int h = 8;
    int w = 24;
    float[] src = new float[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 8; x < 16; x++) {
        src[y * w + x] = 1;
      }
    }
    float[] dst = new float[16];
    Resampler.resizeCrop(src, h, w, 4, 4, dst, 0);
    for (float v : dst) {
      assertThat(v).isEqualTo(1f);
    }
  }

  @Test
  void enlargingInterpolatesBetweenNeighbours() {
    // a 1 x 2 row [0, 1] enlarged to 1 x 4: bilinear with edge clamping gives 0, 0.25, 0.75, 1
    float[] dst = new float[4];
    Resampler.resizeCrop(new float[] {0, 1}, 1, 2, 1, 4, dst, 0);
    assertThat(dst).containsExactly(new float[] {0f, 0.25f, 0.75f, 1f}, within(1e-6f));
  }
}
