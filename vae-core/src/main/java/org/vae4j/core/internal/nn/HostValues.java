package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Small host-side reads and writes of contiguous row-major arrays (the latent heads' few hundred
 * values per batch), through the array's data buffer at its offset: no native allocation.
 */
public final class HostValues {

  private HostValues() {}

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
