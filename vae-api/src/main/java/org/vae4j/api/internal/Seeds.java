package org.vae4j.api.internal;

import java.util.SplittableRandom;

/**
 * The one seed mixer and the one seeded shuffle of vae4j: every module derives streams and shuffles
 * with these, so that the same seed means the same draws everywhere (an epoch's order, a data
 * split, a subset, a picture's samples).
 */
public final class Seeds {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /**
   * SplitMix64's finaliser of {@code a * 2^64/phi + b}: a seed for stream {@code b} of seed {@code
   * a}, unrelated to the seeds of nearby {@code a} or {@code b}.
   */
  public static long mix(long a, long b) {
    long z = a * GOLDEN + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniformly random permutation of {@code [0, n)} from {@code random} (Fisher–Yates). */
  public static int[] permutation(SplittableRandom random, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    shuffle(random, p);
    return p;
  }

  /** Shuffles {@code values} in place, uniformly at random, from {@code random} (Fisher–Yates). */
  public static void shuffle(SplittableRandom random, int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
