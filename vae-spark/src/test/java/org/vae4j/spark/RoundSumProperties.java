package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link RoundSum}, the aggregate of a training round, against a plain weighted mean: for any
 * number of partitions (some idle), any vector length and any merge order or tree shape, the
 * averages are the means of the partitions' vectors weighted by the rows each trained on, the latent
 * sums are the partitions' sums added up; a single partition's vectors come back exactly.
 */
class RoundSumProperties {

  private record Part(int index, float[] parameters, float[] state, int steps, long rows,
      double[] latent) {
    Part(int index, float[] parameters, float[] state, int steps, long rows) {
      this(index, parameters, state, steps, rows, sums(new SplittableRandom(index), 2, rows));
    }
  }

  /** Latent sums of {@code rows} examples in {@code dims} dimensions (the count last). */
  private static double[] sums(SplittableRandom r, int dims, long rows) {
    double[] v = new double[3 * dims + 1];
    for (int i = 0; i < 3 * dims; i++) {
      v[i] = r.nextGaussian() * rows;
    }
    v[3 * dims] = rows;
    return v;
  }

  private static List<Part> parts(SplittableRandom r, int count, int length, boolean withState,
      int dims) {
    List<Part> parts = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      if (r.nextInt(4) == 0) {
        parts.add(new Part(p, null, null, 0, 0, null)); // idle or empty
        continue;
      }
      float[] params = new float[length];
      float[] state = new float[withState ? 2 * length : 0];
      for (int i = 0; i < params.length; i++) {
        params[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-3, 3)));
      }
      for (int i = 0; i < state.length; i++) {
        state[i] = (float) Math.abs(r.nextGaussian());
      }
      long rows = 1 + r.nextInt(300);
      parts.add(new Part(p, params, state, 1 + r.nextInt(5), rows, sums(r, dims, rows)));
    }
    return parts;
  }

  private static RoundSum sum(Part p) {
    if (p.rows() == 0) {
      return RoundSum.empty();
    }
    double[] losses = new double[p.steps() * RoundSum.LOSS_FIELDS];
    for (int s = 0; s < p.steps(); s++) {
      losses[s * RoundSum.LOSS_FIELDS] = p.index() * 100 + s;
    }
    return RoundSum.of(p.index(), p.parameters().clone(), p.state().clone(), p.steps(), p.rows(),
        losses, p.latent().clone());
  }

  /** Merges in a random tree: pick two sums at random, merge them, until one is left. */
  private static RoundSum mergeRandomly(List<RoundSum> sums, SplittableRandom r) {
    List<RoundSum> pool = new ArrayList<>(sums);
    pool.add(RoundSum.empty()); // treeAggregate's zero value
    while (pool.size() > 1) {
      RoundSum a = pool.remove(r.nextInt(pool.size()));
      RoundSum b = pool.remove(r.nextInt(pool.size()));
      pool.add(RoundSum.merge(a, b));
    }
    return pool.get(0);
  }

  @Test
  void theAverageIsTheRowWeightedMeanWhateverTheMergeOrder() {
    qt().withExamples(200).withShrinkCycles(0).forAll(integers().between(1, 1_000_000))
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          int length = 1 + r.nextInt(40);
          boolean adam = r.nextBoolean();
          int dims = 1 + r.nextInt(5);
          List<Part> parts = parts(r, 1 + r.nextInt(9), length, adam, dims);
          List<Part> active = parts.stream().filter(p -> p.rows() > 0).toList();
          if (active.isEmpty()) {
            return;
          }
          List<RoundSum> sums = new ArrayList<>(parts.stream().map(RoundSumProperties::sum).toList());
          Collections.shuffle(sums, new java.util.Random(seed));
          RoundSum total = mergeRandomly(sums, r);

          long rows = active.stream().mapToLong(Part::rows).sum();
          assertThat(total.examples()).isEqualTo(rows);
          assertThat(total.partitions()).isEqualTo(active.size());
          assertThat(total.steps()).isEqualTo(active.stream().mapToInt(Part::steps).max().orElseThrow());
          assertThat(total.losses().keySet())
              .containsExactlyElementsOf(active.stream().map(Part::index).toList());
          for (Part p : active) {
            assertThat(total.losses().get(p.index())[0]).isEqualTo(p.index() * 100);
          }
          float[] mean = total.meanParameters();
          float[] state = total.meanState();
          assertThat(state).hasSize(adam ? 2 * length : 0);
          for (int i = 0; i < length; i++) {
            double expected = 0;
            for (Part p : active) {
              expected += (double) p.rows() * p.parameters()[i];
            }
            expected /= rows;
            double scale = 0;
            for (Part p : active) {
              scale = Math.max(scale, Math.abs(p.parameters()[i]));
            }
            assertThat((double) mean[i]).as("parameter %d", i)
                .isCloseTo(expected, Offset.offset(1e-6 * (1e-30 + scale)));
          }
          for (int i = 0; i < state.length; i++) {
            double expected = 0;
            for (Part p : active) {
              expected += (double) p.rows() * p.state()[i];
            }
            expected /= rows;
            assertThat((double) state[i]).isCloseTo(expected, Offset.offset(1e-6 * (1 + expected)));
          }
          double[] latent = total.latentSums();
          assertThat(latent).hasSize(3 * dims + 1);
          for (int i = 0; i < latent.length; i++) {
            double expected = 0;
            double scale = 0;
            for (Part p : active) {
              expected += p.latent()[i];
              scale += Math.abs(p.latent()[i]);
            }
            assertThat(latent[i]).as("latent sum %d", i)
                .isCloseTo(expected, Offset.offset(1e-12 * (1 + scale)));
          }
          assertThat(latent[3 * dims]).isEqualTo((double) rows);
          if (active.size() == 1) {
            assertThat(latent).containsExactly(active.get(0).latent());
            assertThat(mean).containsExactly(active.get(0).parameters());
            assertThat(state).containsExactly(active.get(0).state());
          }
        });
  }

  @Test
  void aSumSurvivesJavaSerialization() throws IOException, ClassNotFoundException {
    RoundSum a = sum(new Part(0, new float[] {1, 2}, new float[] {3, 4, 5, 6}, 2, 10));
    RoundSum b = sum(new Part(1, new float[] {3, 6}, new float[] {1, 1, 1, 1}, 1, 30));
    RoundSum merged = RoundSum.merge(copy(a), copy(b));
    assertThat(copy(merged).meanParameters()).containsExactly(2.5f, 5f);
    assertThat(copy(merged).meanState()).containsExactly(1.5f, 1.75f, 2f, 2.25f);
    assertThat(copy(merged).latentSums()[6]).isEqualTo(40);
    assertThat(copy(RoundSum.empty()).examples()).isZero();
  }

  @Test
  void aRoundWithoutAnyPartitionHasNoAverage() {
    assertThatThrownBy(() -> RoundSum.empty().meanParameters())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a round must train at least one partition, got none");
  }

  @Test
  void aPartitionCountedTwiceIsRefused() {
    RoundSum a = sum(new Part(4, new float[] {1}, new float[0], 1, 1));
    RoundSum b = sum(new Part(4, new float[] {1}, new float[0], 1, 1));
    assertThatThrownBy(() -> RoundSum.merge(a, b)).isInstanceOf(IllegalStateException.class)
        .hasMessage("partition 4 must be counted once, got twice");
  }

  private static RoundSum copy(RoundSum s) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (RoundSum) in.readObject();
    }
  }
}
