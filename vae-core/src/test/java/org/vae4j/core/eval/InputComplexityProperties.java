package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * InputComplexity against its definition written out independently: the 8-bit code by a plain
 * loop, the length by a DeflaterOutputStream (level 9, raw) into a byte array, the unit 8 ln 2
 * nats per byte; the compressed bytes decompress to the code (a lossless length).
 */
class InputComplexityProperties {

  /** Random image-like rows: sparse "ink" in [0, 1] on a zero background, or uniform noise. */
  static double[] draw(long seed, int w) {
    SplittableRandom r = new SplittableRandom(seed);
    double ink = r.nextDouble();
    boolean noise = r.nextInt(4) == 0;
    double[] v = new double[w];
    for (int j = 0; j < w; j++) {
      v[j] = noise ? r.nextDouble() : r.nextDouble() < ink ? (r.nextBoolean() ? 1.0 : r.nextDouble())
          : 0.0;
    }
    return v;
  }

  static byte[] deflateReference(byte[] code) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Deflater d = new Deflater(9, true);
    try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, d, 17)) {
      out.write(code);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      d.end();
    }
    return bytes.toByteArray();
  }

  static byte[] codeReference(double[] v) {
    byte[] q = new byte[v.length];
    for (int j = 0; j < v.length; j++) {
      int level = (int) Math.floor(v[j] * 255 + 0.5);
      q[j] = (byte) level;
    }
    return q;
  }

  @Test
  void theLengthIsTheDeflateLengthOfThe8BitCodeInNats() {
    qt().withExamples(60).forAll(longs().all(), integers().between(1, 900)).checkAssert((seed, w) -> {
      double[] v = draw(seed, w);
      byte[] code = codeReference(v);
      assertThat(InputComplexity.quantise(v)).isEqualTo(code);
      byte[] packed = deflateReference(code);
      assertThat(InputComplexity.deflatedBytes(code)).isEqualTo(packed.length);
      assertThat(InputComplexity.nats(v)).isEqualTo(packed.length * 8 * Math.log(2));
      // lossless: the compressed bytes give the code back
      Inflater inf = new Inflater(true);
      try {
        inf.setInput(packed);
        byte[] back = new byte[w];
        int got = inf.inflate(back);
        assertThat(got).isEqualTo(w);
        assertThat(back).isEqualTo(code);
      } catch (java.util.zip.DataFormatException e) {
        throw new AssertionError(e);
      } finally {
        inf.end();
      }
    });
  }

  @Test
  void eachExampleOfAnArrayHasItsOwnLengthWhateverTheOtherRows() {
    qt().withExamples(20).forAll(longs().all(), integers().between(1, 12)).checkAssert((seed, n) -> {
      int w = 49;
      float[] flat = new float[n * w];
      double[][] rows = new double[n][];
      for (int i = 0; i < n; i++) {
        rows[i] = draw(seed + i, w);
        for (int j = 0; j < w; j++) {
          flat[i * w + j] = (float) rows[i][j];
          rows[i][j] = flat[i * w + j]; // the float the array holds
        }
      }
      INDArray x = Nd4j.create(flat, new long[] {n, 1, 7, 7}, 'c');
      double[] all = InputComplexity.nats(x);
      for (int i = 0; i < n; i++) {
        assertThat(all[i]).isEqualTo(InputComplexity.nats(rows[i]));
      }
      double[] again = InputComplexity.nats(x);
      assertThat(again).isEqualTo(all);
    });
  }

  @Test
  void aBlankImageIsSimplerThanInkWhichIsSimplerThanNoise() {
    double[] blank = new double[784];
    double[] stroke = new double[784];
    for (int r = 4; r < 24; r++) {
      stroke[r * 28 + 14] = 1;
      stroke[r * 28 + 15] = 0.5;
    }
    double[] noise = draw(3, 784);
    SplittableRandom g = new SplittableRandom(9);
    for (int j = 0; j < 784; j++) {
      noise[j] = g.nextDouble();
    }
    assertThat(InputComplexity.nats(blank)).isLessThan(InputComplexity.nats(stroke));
    assertThat(InputComplexity.nats(stroke)).isLessThan(InputComplexity.nats(noise));
    // noise does not compress: at least its 784 bytes
    assertThat(InputComplexity.nats(noise)).isGreaterThanOrEqualTo(784 * InputComplexity.NATS_PER_BYTE);
  }

  @Test
  void valuesOutsideTheUnitIntervalAndMissingValuesAreRefused() {
    assertThatThrownBy(() -> InputComplexity.nats(new double[] {0.5, 1.5}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]")
        .hasMessageContaining("1.5").hasMessageContaining("value 1");
    assertThatThrownBy(() -> InputComplexity.nats(new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    assertThatThrownBy(() -> InputComplexity.nats(Nd4j.create(new float[] {0, 0.2f, -0.1f, 0},
        new long[] {2, 2}, 'c'))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("example 1").hasMessageContaining("value 0");
    assertThatThrownBy(() -> InputComplexity.nats(Nd4j.create(new float[] {0, 1}, new long[] {2},
        'c'))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape");
  }
}
