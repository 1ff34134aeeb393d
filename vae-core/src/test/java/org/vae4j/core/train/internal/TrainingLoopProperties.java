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

  private static List<double[]> values(List<INDArray> arrays) {
    List<double[]> out = new ArrayList<>();
    for (INDArray a : arrays) {
      out.add(a.castTo(DataType.DOUBLE).data().asDouble());
    }
    return out;
  }

  @Test
  void clippingBoundsTheGlobalNormAndKeepsTheDirection() {
    qt().withExamples(200).forAll(longs().all(), doubles().between(1e-3, 1e3)).checkAssert((seed, max) -> {
      List<double[]> raw = gradients(seed);
      List<INDArray> arrays = new ArrayList<>();
      for (double[] g : raw) {
        arrays.add(Nd4j.create(g, new long[] {1, g.length}, DataType.FLOAT));
      }
      List<double[]> before = values(arrays);
      double reported = TrainingState.clipByGlobalNorm(arrays, max);
      List<double[]> after = values(arrays);
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
  void clippingLeavesNonFiniteGradientsAloneAndReportsThem() {
    INDArray g = Nd4j.create(new float[] {1f, Float.NaN, 2f}, new long[] {1, 3}, 'c');
    INDArray copy = g.dup();
    double n = TrainingState.clipByGlobalNorm(List.of(g), 1.0);
    assertThat(n).isNaN();
    assertThat(g.getFloat(0)).isEqualTo(copy.getFloat(0));
    assertThat(g.getFloat(2)).isEqualTo(copy.getFloat(2));
  }
}
