package org.vae4j.core.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.internal.ValueRange;

/**
 * The Java fast paths over native memory agree with ND4J's own ops: a row gather with {@code
 * pullRows}, a value range with ND4J's reductions; and arrays they cannot read are left to ND4J.
 */
class HostValuesProperties {

  private static INDArray random(long seed, int n, int d) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextGaussian() * 3);
    }
    return Nd4j.create(v, new long[] {n, d}, 'c');
  }

  @Test
  void gatheringRowsInJavaEqualsPullRows() {
    qt().withExamples(60).forAll(longs().all(), integers().between(1, 40), integers().between(1, 30))
        .checkAssert((seed, n, d) -> {
          INDArray src = random(seed, n, d);
          SplittableRandom r = new SplittableRandom(seed ^ 1);
          int k = 1 + r.nextInt(2 * n);
          int[] idx = new int[k];
          for (int i = 0; i < k; i++) {
            idx[i] = r.nextInt(n);
          }
          INDArray dst = Nd4j.zeros(DataType.FLOAT, k + 2, d);
          assertThat(HostValues.gatherRows(src, idx, dst)).isTrue();
          INDArray expected = Nd4j.pullRows(src, 1, idx);
          assertThat(dst.get(NDArrayIndex.interval(0, k), NDArrayIndex.all())).isEqualTo(expected);
          assertThat(dst.get(NDArrayIndex.interval(k, k + 2), NDArrayIndex.all()).sumNumber()
              .doubleValue()).as("rows past the gathered ones are untouched").isZero();
        });
  }

  @Test
  void contiguousViewsAreReadInPlaceAndEqualTheirCopies() {
    qt().withExamples(60).forAll(longs().all(), integers().between(1, 30), integers().between(1, 12))
        .checkAssert((seed, n, d) -> {
          SplittableRandom r = new SplittableRandom(seed);
          INDArray src = random(seed, n, d);
          int from = r.nextInt(n);
          int to = from + 1 + r.nextInt(n - from);
          INDArray rows = src.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
          INDArray image = src.reshape('c', n, 1, 1, d)
              .get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(),
                  NDArrayIndex.all());
          for (INDArray view : new INDArray[] {rows, image, src.getRow(from)}) {
            java.nio.FloatBuffer f = HostValues.floats(view);
            assertThat(f).as("a contiguous view").isNotNull();
            float[] actual = new float[f.remaining()];
            f.get(actual);
            assertThat(actual).containsExactly(view.dup('c').data().asFloat());
          }
          INDArray dst = Nd4j.zeros(DataType.FLOAT, 2, d);
          int[] idx = {to - from - 1, 0};
          assertThat(HostValues.gatherRows(rows, idx, dst)).isTrue();
          assertThat(dst).isEqualTo(Nd4j.pullRows(rows.dup('c'), 1, idx));
        });
  }

  @Test
  void otherTypesStridedAndColumnMajorArraysAreLeftToNd4j() {
    INDArray src = random(1, 10, 4);
    INDArray dst = Nd4j.zeros(DataType.FLOAT, 3, 4);
    int[] idx = {1, 2, 3};
    assertThat(HostValues.gatherRows(src.castTo(DataType.DOUBLE), idx, dst)).isFalse();
    assertThat(HostValues.gatherRows(src.dup('f'), idx, dst)).isFalse();
    assertThat(HostValues.gatherRows(src.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)),
        idx, Nd4j.zeros(DataType.FLOAT, 3, 2))).isFalse();
    assertThat(dst.sumNumber().doubleValue()).isZero();
    assertThat(HostValues.floats(src.getColumn(1))).isNull();
  }

  @Test
  void theJavaValueRangeEqualsNd4jsReductions() {
    qt().withExamples(60).forAll(longs().all(), integers().between(1, 500), integers().between(0, 4))
        .checkAssert((seed, n, bad) -> {
          INDArray a = random(seed, 1, n);
          SplittableRandom r = new SplittableRandom(seed);
          float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
          for (int i = 0; i < Math.min(bad, n - 1); i++) {
            a.putScalar(r.nextInt(n), specials[r.nextInt(3)]);
          }
          long nonFinite = 0;
          double min = Double.POSITIVE_INFINITY;
          double max = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < n; i++) {
            float v = a.getFloat(i);
            if (Float.isFinite(v)) {
              min = Math.min(min, v);
              max = Math.max(max, v);
            } else {
              nonFinite++;
            }
          }
          ValueRange fast = ValueRange.of(a);
          assertThat(fast.nonFinite()).isEqualTo(nonFinite);
          if (nonFinite == 0) {
            assertThat(fast.min()).isEqualTo(min);
            assertThat(fast.max()).isEqualTo(max);
            // ND4J's reductions on a copy it reads through its own ops (strided: no Java fast path)
            INDArray wide = Nd4j.zeros(DataType.FLOAT, n, 2);
            wide.getColumn(1).assign(a.reshape(n));
            if (n > 1) {
              assertThat(HostValues.floats(wide.getColumn(1))).isNull();
            }
            ValueRange slow = ValueRange.of(wide.getColumn(1));
            assertThat(slow).isEqualTo(fast);
          }
        });
  }
}
