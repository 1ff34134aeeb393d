package org.vae4j.core.train.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Properties of the shuffle and of gradient clipping. */
class TrainingLoopProperties {

  @Test
  void permutationIsAPermutationForAnySizeAndSeed() {
    qt().withExamples(100).forAll(integers().between(0, 300), longs().all()).checkAssert((n, seed) -> {
      int[] p = TrainingLoop.permutation(new SplittableRandom(seed), n);
      int[] sorted = p.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < n; i++) {
        assertThat(sorted[i]).isEqualTo(i);
      }
      assertThat(TrainingLoop.permutation(new SplittableRandom(seed), n)).containsExactly(p);
    });
  }

  /** Random gradient arrays: count, sizes and scale drawn from the seed (scale up to 1e6). */
  private static List<double[]> gradients(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int count = 1 + r.nextInt(4);
    double scale = Math.pow(10, r.nextDouble(-4, 6));
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double[] v = new double[1 + r.nextInt(50)];
      for (int k = 0; k < v.length; k++) {
        v[k] = r.nextGaussian() * scale;
      }
      out.add(v);
    }
    return out;
  }

  private static double norm(List<double[]> gs) {
    double sq = 0;
    for (double[] g : gs) {
      for (double v : g) {
        sq += v * v;
      }
    }
    return Math.sqrt(sq);
  }

  /** {@code flat} cut into arrays of the lengths of {@code like}, as doubles. */
  private static List<double[]> split(float[] flat, List<double[]> like) {
    List<double[]> out = new ArrayList<>();
    int at = 0;
    for (double[] g : like) {
      double[] v = new double[g.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = flat[at++];
      }
      out.add(v);
    }
    return out;
  }

  @Test
  void clippingBoundsTheGlobalNormAndKeepsTheDirection() {
    qt().withExamples(200).forAll(longs().all(), doubles().between(1e-3, 1e3)).checkAssert((seed, max) -> {
      List<double[]> raw = gradients(seed);
      int total = 0;
      for (double[] g : raw) {
        total += g.length;
      }
      float[] flat = new float[total];
      int at = 0;
      for (double[] g : raw) {
        for (double v : g) {
          flat[at++] = (float) v;
        }
      }
      List<double[]> before = split(flat, raw);
      double reported = TrainingState.norm(flat);
      TrainingState.clipToNorm(flat, reported, max);
      List<double[]> after = split(flat, raw);
      double normBefore = norm(before);
      double normAfter = norm(after);
      assertThat(reported).isCloseTo(normBefore, org.assertj.core.data.Percentage.withPercentage(1e-3));
      // independent reference: the norm computed here in double from the float values
      assertThat(normAfter).isLessThanOrEqualTo(max);
      if (normBefore <= max) {
        for (int i = 0; i < before.size(); i++) {
          assertThat(after.get(i)).containsExactly(before.get(i));
        }
      } else {
        assertThat(normAfter).isCloseTo(max, org.assertj.core.data.Percentage.withPercentage(1e-3));
        double ratio = normAfter / normBefore;
        for (int i = 0; i < before.size(); i++) {
          for (int k = 0; k < before.get(i).length; k++) {
            assertThat(after.get(i)[k]).isCloseTo(before.get(i)[k] * ratio,
                org.assertj.core.data.Offset.offset(1e-5 * Math.abs(before.get(i)[k] * ratio) + 1e-30));
          }
        }
      }
    });
  }

  @Test
  void theNormOfANonFiniteGradientIsNotFinite() {
    assertThat(TrainingState.norm(new float[] {1f, Float.NaN, 2f})).isNaN();
    assertThat(TrainingState.norm(new float[] {1f, Float.POSITIVE_INFINITY})).isInfinite();
    assertThat(TrainingState.norm(new float[] {3f, 4f})).isEqualTo(5.0);
  }
}
