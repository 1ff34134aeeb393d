package org.vae4j.core.internal.nn;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Small host-side reads and writes of contiguous row-major arrays (the latent heads' few hundred
 * values per batch), through the array's data buffer at its offset: no native allocation.
 */
public final class HostValues {

  private static final boolean CPU = Nd4j.getEnvironment().isCPU();

  private HostValues() {}

  /**
   * The float values of {@code a} as a buffer over its native memory (index 0 = its first value),
   * or null unless {@code a} is a float array on the CPU backend whose values are one contiguous
   * row-major run (a whole array, or a view such as a range of rows of one): then bulk Java reads
   * and writes need no ND4J op and no copy. The buffer is valid while {@code a} is reachable.
   */
  public static FloatBuffer floats(INDArray a) {
    if (!CPU || a.dataType() != DataType.FLOAT || a.length() == 0
        || a.length() > Integer.MAX_VALUE / Float.BYTES || !contiguous(a)) {
      return null;
    }
    // asNio() spans the whole allocation a view's data buffer belongs to, from its origin: the
    // view's first value is at the data buffer's offset plus the view's start within it
    var data = a.data();
    FloatBuffer all = data.asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    long start;
    if (all.capacity() == data.underlyingLength()) {
      start = data.offset() + start(a);
    } else if (data.offset() == 0 && all.capacity() == data.length()) {
      start = start(a);
    } else {
      return null;
    }
    if (start < 0 || start + a.length() > all.capacity()) {
      return null;
    }
    return all.position((int) start).limit((int) (start + a.length())).slice();
  }

  /**
   * Copies rows {@code idx} of {@code src} {@code [n, d]} into the first {@code idx.length} rows
   * of {@code dst} {@code [m, d]} in Java, when both are arrays {@link #floats} can read; returns
   * false (and copies nothing) otherwise.
   */
  public static boolean gatherRows(INDArray src, int[] idx, INDArray dst) {
    FloatBuffer s = floats(src);
    FloatBuffer t = floats(dst);
    if (s == null || t == null || src.rank() != 2 || dst.rank() != 2 || src.size(1) != dst.size(1)
        || idx.length > dst.size(0)) {
      return false;
    }
    int d = Math.toIntExact(src.size(1));
    long n = src.size(0);
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < 0 || idx[i] >= n) {
        throw new IndexOutOfBoundsException("row " + idx[i] + " of " + n);
      }
      t.put(i * d, s, idx[i] * d, d);
    }
    return true;
  }

  /** True when {@code a}'s values are one contiguous row-major run starting at its offset. */
  public static boolean contiguous(INDArray a) {
    if (a.length() <= 1) {
      return true;
    }
    long expected = 1;
    long[] shape = a.shape();
    long[] stride = a.stride();
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /** The values of a contiguous array in row-major order. */
  public static double[] read(INDArray a) {
    check(a);
    return a.data().getDoublesAt(start(a), Math.toIntExact(a.length()));
  }

  /** The values of any array in row-major order: read directly when contiguous, else from a copy. */
  public static double[] readAny(INDArray a) {
    if (contiguous(a)) {
      return read(a);
    }
    try (INDArray c = a.dup('c')) {
      return read(c);
    }
  }

  /**
   * Where {@code a}'s first value is within {@code a.data()}: ND4J gives some views a data buffer
   * of their own that already starts at the view's offset.
   */
  private static long start(INDArray a) {
    return a.offset() - a.data().offset();
  }

  /** Writes {@code values} (row-major, {@code a.length()} of them) into a contiguous array. */
  public static void write(INDArray a, double[] values) {
    check(a);
    if (values.length != a.length()) {
      throw new IllegalArgumentException("values must have " + a.length() + " entries, got " + values.length);
    }
    long offset = start(a);
    var data = a.data();
    for (int i = 0; i < values.length; i++) {
      data.put(offset + i, values[i]);
    }
  }

  private static void check(INDArray a) {
    if (!contiguous(a)) {
      throw new IllegalArgumentException("array must be contiguous and row-major");
    }
  }
}
