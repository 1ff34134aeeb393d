package org.vae4j.core.eval;

import java.util.Objects;
import java.util.zip.Deflater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.internal.ArrayRows;

/**
 * The input complexity of Serrà et al. (ICLR 2020, "Input complexity and out-of-distribution
 * detection with likelihood-based generative models"): the length of an example under a generic
 * lossless compressor, here raw Deflate ({@link Deflater}, level 9, no zlib header or checksum) of
 * the example's values quantised to 8 bits, {@code round(255 · v)} for {@code v} in [0, 1], in the
 * example's row-major order. The length is returned in <b>nats</b>, {@code 8 ln 2} per compressed
 * byte, the unit of every vae4j log-density, so that {@code −log p(x) − L(x)} (what {@link
 * AnomalyScorer.Builder#inputComplexityCorrection(boolean)} scores) subtracts like from like.
 *
 * <p>Data values must be finite and in [0, 1] (images, min–max scaled data); anything else,
 * including a missing value (NaN), is refused: the 8-bit code of such a value is not defined.
 * Deterministic: the same values give the same length.
 */
public final class InputComplexity {

  /** Nats per compressed byte: {@code 8 ln 2}. */
  public static final double NATS_PER_BYTE = 8 * Math.log(2);

  private InputComplexity() {}

  /**
   * The 8-bit code of {@code values}: {@code round(255 · v)} per value.
   *
   * @throws IllegalArgumentException naming the index and value when one is not in [0, 1]
   */
  public static byte[] quantise(double[] values) {
    Objects.requireNonNull(values, "values");
    return quantise(values, 0, values.length, -1);
  }

  /** The number of bytes raw Deflate (level 9) writes for {@code bytes}. */
  public static int deflatedBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      deflater.setInput(bytes);
      deflater.finish();
      byte[] buffer = new byte[Math.max(64, bytes.length + 64)];
      int total = 0;
      while (!deflater.finished()) {
        total += deflater.deflate(buffer);
      }
      return total;
    } finally {
      deflater.end();
    }
  }

  /**
   * {@code L(x)} of one example in nats: {@link #NATS_PER_BYTE} times the Deflate length of its
   * 8-bit code.
   *
   * @throws IllegalArgumentException when a value is not in [0, 1]
   */
  public static double nats(double[] values) {
    return NATS_PER_BYTE * deflatedBytes(quantise(values));
  }

  /**
   * {@code L(x)} of every example (the first dimension) of {@code data}, in nats.
   *
   * @throws IllegalArgumentException naming the example, the value's index and the value when one
   *     is not in [0, 1]
   */
  public static double[] nats(INDArray data) {
    Objects.requireNonNull(data, "data");
    if (data.rank() < 2) {
      throw new IllegalArgumentException("data must have a first dimension of examples, got shape "
          + java.util.Arrays.toString(data.shape()));
    }
    int n = Math.toIntExact(data.size(0));
    double[] out = new double[n];
    if (n == 0) {
      return out;
    }
    int w = Math.toIntExact(data.length() / n);
    int batch = Math.max(1, 1_000_000 / Math.max(1, w));
    for (int from = 0; from < n; from += batch) {
      int to = Math.min(n, from + batch);
      double[] v = Inputs.flatDoubles(ArrayRows.rows(data, from, to));
      for (int i = from; i < to; i++) {
        byte[] q = quantise(v, (i - from) * w, (i - from + 1) * w, i);
        out[i] = NATS_PER_BYTE * deflatedBytes(q);
      }
    }
    return out;
  }

  private static byte[] quantise(double[] v, int from, int to, int example) {
    byte[] q = new byte[to - from];
    for (int j = from; j < to; j++) {
      double x = v[j];
      if (!(x >= 0 && x <= 1)) {
        throw new IllegalArgumentException("input complexity needs values in [0, 1] (an 8-bit "
            + "code of each value), got " + x + (example >= 0 ? " in example " + example : "")
            + " at value " + (j - from) + (Double.isNaN(x) ? " (a missing value has no code)" : ""));
      }
      q[j - from] = (byte) Math.round(255 * x);
    }
    return q;
  }
}
