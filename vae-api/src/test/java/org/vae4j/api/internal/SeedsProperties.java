package org.vae4j.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsProperties {

  @Test
  void permutationHoldsEveryIndexOnceAndDependsOnlyOnTheGenerator() {
    qt().forAll(integers().between(0, 500), longs().all()).checkAssert((n, seed) -> {
      int[] p = Seeds.permutation(new SplittableRandom(seed), n);
      boolean[] seen = new boolean[n];
      for (int i : p) {
        assertThat(seen[i]).isFalse();
        seen[i] = true;
      }
      assertThat(p).hasSize(n);
      assertThat(Seeds.permutation(new SplittableRandom(seed), n)).containsExactly(p);
    });
  }

  @Test
  void everyPositionIsEquallyLikelyForEveryElement() {
    int n = 4;
    int runs = 24_000;
    int[][] counts = new int[n][n];
    SplittableRandom r = new SplittableRandom(1);
    for (int k = 0; k < runs; k++) {
      int[] p = Seeds.permutation(r, n);
      for (int i = 0; i < n; i++) {
        counts[p[i]][i]++;
      }
    }
    // each cell expects 6,000 with a standard deviation of about 67
    for (int[] row : counts) {
      for (int c : row) {
        assertThat(c).isBetween(5600, 6400);
      }
    }
  }

  @Test
  void nearbySeedsAndStreamsMixToUnrelatedSeeds() {
    assertThat(Seeds.mix(1, 0)).isNotEqualTo(Seeds.mix(0, 1));
    qt().forAll(longs().all(), longs().between(-1000, 1000)).checkAssert((a, b) -> {
      long x = Seeds.mix(a, b);
      long y = Seeds.mix(a, b + 1);
      // about half of the 64 bits differ between neighbouring streams
      assertThat(Long.bitCount(x ^ y)).isBetween(10, 54);
      assertThat(Seeds.mix(a, b)).isEqualTo(x);
    });
  }

  @Test
  void rejectsANegativeLength() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Seeds.permutation(new SplittableRandom(0), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("n must be >= 0, got -1");
  }
}
