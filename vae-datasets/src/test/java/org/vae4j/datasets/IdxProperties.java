package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxProperties {
  @TempDir Path dir;
  private final AtomicInteger counter = new AtomicInteger();

  /** Values that the type can hold, including its extremes and, for floats, NaN and infinities. */
  static double[] values(IdxType type, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      int pick = r.nextInt(8);
      v[i] = switch (type) {
        case UNSIGNED_BYTE -> pick == 0 ? 255 : r.nextInt(256);
        case SIGNED_BYTE -> pick == 0 ? -128 : pick == 1 ? 127 : r.nextInt(256) - 128;
        case SHORT -> pick == 0 ? Short.MIN_VALUE : pick == 1 ? Short.MAX_VALUE
            : r.nextInt(65536) - 32768;
        case INT -> pick == 0 ? Integer.MIN_VALUE : pick == 1 ? Integer.MAX_VALUE : r.nextInt();
        case FLOAT -> pick == 0 ? Float.NaN : pick == 1 ? Float.NEGATIVE_INFINITY
            : pick == 2 ? Float.MIN_VALUE : Float.intBitsToFloat(r.nextInt());
        case DOUBLE -> pick == 0 ? Double.NaN : pick == 1 ? -0.0
            : Double.longBitsToDouble(r.nextLong());
      };
      if (type == IdxType.FLOAT && Float.isNaN((float) v[i])) {
        v[i] = Float.NaN;
      }
    }
    return v;
  }

  @Test
  void writeThenReadGivesTheSameArrayForEveryTypeShapeAndCompression() {
    qt().withExamples(150)
        .forAll(arbitrary().enumValues(IdxType.class),
            lists().of(integers().between(0, 5)).ofSizeBetween(1, 4),
            longs().all(),
            booleans().all())
        .checkAssert((type, dimList, seed, gzip) -> {
          int[] dims = dimList.stream().mapToInt(Integer::intValue).toArray();
          int n = dimList.stream().reduce(1, (a, b) -> a * b);
          double[] v = values(type, n, seed);
          IdxArray written = IdxArray.of(type, dims, v);
          Path f = dir.resolve("p" + counter.incrementAndGet() + (gzip ? ".gz" : ""));
          IdxArray read;
          try {
            Idx.write(f, written, gzip);
            read = Idx.read(f);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          assertThat(read).isEqualTo(written);
          assertThat(read.type()).isEqualTo(type);
          assertThat(read.dims()).containsExactly(dims);
          for (int i = 0; i < n; i++) {
            assertThat(Double.doubleToLongBits(read.get(i)))
                .as("element %d of %s", i, type)
                .isEqualTo(Double.doubleToLongBits(v[i]));
          }
        });
  }

  @Test
  void anyTruncationOfAValidFileIsRejected() {
    qt().withExamples(60)
        .forAll(arbitrary().enumValues(IdxType.class), integers().between(1, 20),
            longs().all(), booleans().all())
        .checkAssert((type, n, seed, gzip) -> {
          try {
            Path f = dir.resolve("t" + counter.incrementAndGet());
            Idx.write(f, IdxArray.of(type, new int[] {n}, values(type, n, seed)), false);
            byte[] full = java.nio.file.Files.readAllBytes(f);
            int cut = new SplittableRandom(seed).nextInt(full.length);
            byte[] truncated = java.util.Arrays.copyOf(full, cut);
            java.nio.file.Files.write(f, gzip ? IdxTest.gzip(truncated) : truncated);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Idx.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

}
