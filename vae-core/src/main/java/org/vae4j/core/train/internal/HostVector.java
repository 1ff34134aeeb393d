package org.vae4j.core.train.internal;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.internal.nn.HostValues;

/**
 * Bulk copies between a flat float ND4J vector (a whole buffer from offset 0, as {@code
 * Parameters} allocates) and a Java array. On the CPU backend through the buffer's native memory
 * directly ({@link HostValues#floats}); on other backends through the data buffer's host copy.
 */
final class HostVector {

  private HostVector() {}

  /** The values of {@code a}, any shape and floating-point type, in row-major order; none when empty. */
  static float[] copy(INDArray a) {
    if (a.isEmpty() || a.length() == 0) {
      return new float[0];
    }
    try (INDArray f = a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c')) {
      return f.data().asFloat();
    }
  }

  static void read(INDArray flat, float[] into) {
    check(flat, into.length);
    FloatBuffer host = HostValues.floats(flat);
    if (host != null) {
      host.get(0, into, 0, into.length);
    } else {
      System.arraycopy(flat.data().asFloat(), 0, into, 0, into.length);
    }
  }

  static void write(float[] from, INDArray flat) {
    check(flat, from.length);
    FloatBuffer host = HostValues.floats(flat);
    if (host != null) {
      host.put(0, from, 0, from.length);
    } else {
      flat.data().setData(from);
    }
  }

  private static void check(INDArray flat, int length) {
    if (flat.dataType() != DataType.FLOAT || flat.isView() || flat.offset() != 0
        || flat.length() != length || flat.data().length() != length) {
      throw new IllegalArgumentException("expected a plain float vector of " + length
          + " values, got " + flat.dataType() + " " + java.util.Arrays.toString(flat.shape()));
    }
  }
}
