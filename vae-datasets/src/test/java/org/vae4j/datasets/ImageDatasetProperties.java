package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ImageDatasetProperties {

  @Test
  void splitIsAPartitionWithTheRequestedSizes() {
    qt().withExamples(80)
        .forAll(integers().between(2, 300), doubles().between(0.001, 0.999), longs().all())
        .assuming((n, f, seed) -> {
          long k = Math.round(f * n);
          return k >= 1 && k < n;
        })
        .checkAssert((n, f, seed) -> {
          ImageDataset d = ImageDatasetTest.indexed(n, 7);
          ImageDataset.Split s = d.split(f, seed);
          assertThat(s.first().size()).isEqualTo((int) Math.round(f * n));
          List<Integer> all = new ArrayList<>();
          for (int i : ImageDatasetTest.indicesOf(s.first().images())) {
            all.add(i);
          }
          for (int i : ImageDatasetTest.indicesOf(s.second().images())) {
            all.add(i);
          }
          assertThat(all).containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, n).boxed().toList());
        });
  }

  @Test
  void batchesCoverEveryIndexOnceForAnySizeAndBatchSize() {
    qt().withExamples(80)
        .forAll(integers().between(1, 200), integers().between(1, 64), longs().all(),
            integers().between(0, 1000))
        .checkAssert((n, batchSize, seed, epoch) -> {
          ImageDataset d = ImageDatasetTest.indexed(n, 10);
          List<Integer> seen = new ArrayList<>();
          int batches = 0;
          for (ImageBatch b : d.batches(batchSize, seed, epoch)) {
            assertThat(b.size()).isBetween(1, batchSize);
            for (int i : b.indices()) {
              seen.add(i);
            }
            batches++;
          }
          assertThat(batches).isEqualTo((n + batchSize - 1) / batchSize);
          assertThat(seen).containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, n).boxed().toList());
        });
  }

  @Test
  void permutationIsAPermutationAndDependsOnTheEpoch() {
    qt().withExamples(100)
        .forAll(integers().between(10, 500), longs().all(), integers().between(0, 10_000))
        .checkAssert((n, seed, epoch) -> {
          int[] a = ImageDataset.permutation(n, seed, epoch);
          assertThat(a).containsExactlyInAnyOrder(IntStream.range(0, n).toArray());
          assertThat(ImageDataset.permutation(n, seed, epoch)).containsExactly(a);
          assertThat(ImageDataset.permutation(n, seed, epoch + 1)).isNotEqualTo(a);
        });
  }

  @Test
  void filteringByEachLabelPartitionsALabelledDataset() {
    qt().withExamples(60)
        .forAll(integers().between(2, 200), integers().between(1, 12), longs().all())
        .checkAssert((n, classes, seed) -> {
          // labels drawn at random, so some classes may have no image
          ImageDataset d = ImageDatasetTest.indexed(n, classes).split(0.5, seed).first();
          int[] counts = d.classCounts();
          List<Integer> seen = new ArrayList<>();
          for (int k = 0; k < classes; k++) {
            if (counts[k] == 0) {
              continue;
            }
            ImageDataset only = d.withLabel(k);
            assertThat(only.size()).isEqualTo(counts[k]);
            assertThat(only.labels()).containsOnly(k);
            for (int i : ImageDatasetTest.indicesOf(only.images())) {
              seen.add(i);
            }
          }
          List<Integer> all = new ArrayList<>();
          for (int i : ImageDatasetTest.indicesOf(d.images())) {
            all.add(i);
          }
          assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
        });
  }
}
