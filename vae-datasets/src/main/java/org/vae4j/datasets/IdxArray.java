package org.vae4j.datasets;

import java.util.Arrays;
import java.util.Objects;

/**
 * The content of one IDX file: an element type, dimension sizes and the elements in row-major
 * order. Immutable; elements are kept in their big-endian file encoding, so a round trip through
 * {@link Idx#write} and {@link Idx#read} is bit-exact for every type.
 */
public final class IdxArray {
  private final IdxType type;
  private final int[] dims;
  private final int length;
  private final byte[] data;

  private IdxArray(IdxType type, int[] dims, int length, byte[] data) {
    this.type = type;
    this.dims = dims;
    this.length = length;
    this.data = data;
  }

  /**
   * Creates an array from values that must each be exactly representable in {@code type}
   * (integers in the type's range for the integer types; a float value for {@link IdxType#FLOAT}).
   *
   * @throws IllegalArgumentException when a dimension is negative, the value count does not match
   *     the product of the dimensions, or a value does not fit the type (naming index and value)
   */
  public static IdxArray of(IdxType type, int[] dims, double[] values) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(values, "values");
    int length = checkedLength(dims);
    if (values.length != length) {
      throw new IllegalArgumentException(
          "values.length must equal the product of dims " + Arrays.toString(dims) + " = " + length
              + ", got " + values.length);
    }
    byte[] data = new byte[Math.multiplyExact(length, type.bytes())];
    for (int i = 0; i < length; i++) {
      encode(type, data, i, values[i]);
    }
    return new IdxArray(type, dims.clone(), length, data);
  }

  /**
   * Creates an {@link IdxType#UNSIGNED_BYTE} array; each byte is read as a value in [0, 255]. The
   * bytes are copied.
   */
  public static IdxArray ofUnsignedBytes(int[] dims, byte[] values) {
    Objects.requireNonNull(values, "values");
    int length = checkedLength(dims);
    if (values.length != length) {
      throw new IllegalArgumentException(
          "values.length must equal the product of dims " + Arrays.toString(dims) + " = " + length
              + ", got " + values.length);
    }
    return new IdxArray(IdxType.UNSIGNED_BYTE, dims.clone(), length, values.clone());
  }

  /** Wraps already validated big-endian data; used by the reader. */
  static IdxArray wrap(IdxType type, int[] dims, int length, byte[] data) {
    return new IdxArray(type, dims, length, data);
  }

  private static int checkedLength(int[] dims) {
    Objects.requireNonNull(dims, "dims");
    if (dims.length < 1 || dims.length > 255) {
      throw new IllegalArgumentException("dims.length must be in [1, 255], got " + dims.length);
    }
    long length = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw new IllegalArgumentException("dims[" + i + "] must be >= 0, got " + dims[i]);
      }
      length *= dims[i];
      if (length > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "product of dims must fit in an array, got " + Arrays.toString(dims));
      }
    }
    return (int) length;
  }

  private static void encode(IdxType type, byte[] data, int index, double value) {
    int offset = index * type.bytes();
    switch (type) {
      case UNSIGNED_BYTE -> data[offset] = (byte) checkInteger(type, index, value, 0, 255);
      case SIGNED_BYTE -> data[offset] = (byte) checkInteger(type, index, value, -128, 127);
      case SHORT -> putInt(data, offset, checkInteger(type, index, value, -32768, 32767), 2);
      case INT -> putInt(data, offset,
          checkInteger(type, index, value, Integer.MIN_VALUE, Integer.MAX_VALUE), 4);
      case FLOAT -> {
        float f = (float) value;
        if (!Double.isNaN(value) && f != value) {
          throw new IllegalArgumentException(
              "values[" + index + "] must be representable as a float, got " + value);
        }
        putInt(data, offset, Float.floatToRawIntBits(f), 4);
      }
      case DOUBLE -> {
        long bits = Double.doubleToRawLongBits(value);
        putInt(data, offset, (int) (bits >>> 32), 4);
        putInt(data, offset + 4, (int) bits, 4);
      }
      default -> throw new IllegalStateException("unhandled type " + type);
    }
  }

  private static int checkInteger(IdxType type, int index, double value, long min, long max) {
    if (value != Math.rint(value) || value < min || value > max) {
      throw new IllegalArgumentException(
          "values[" + index + "] must be an integer in [" + min + ", " + max + "] for " + type
              + ", got " + value);
    }
    return (int) value;
  }

  private static void putInt(byte[] data, int offset, int value, int bytes) {
    for (int b = bytes - 1; b >= 0; b--) {
      data[offset + b] = (byte) value;
      value >>>= 8;
    }
  }

  /** The element type. */
  public IdxType type() {
    return type;
  }

  /** The dimension sizes; the returned array is a copy. */
  public int[] dims() {
    return dims.clone();
  }

  /** Number of elements (the product of the dimensions). */
  public int length() {
    return length;
  }

  /**
   * Element {@code index} (row-major) as a double, exact for every type.
   *
   * @throws IndexOutOfBoundsException when index is outside [0, length)
   */
  public double get(int index) {
    Objects.checkIndex(index, length);
    int o = index * type.bytes();
    return switch (type) {
      case UNSIGNED_BYTE -> data[o] & 0xFF;
      case SIGNED_BYTE -> data[o];
      case SHORT -> (short) (((data[o] & 0xFF) << 8) | (data[o + 1] & 0xFF));
      case INT -> readInt(o);
      case FLOAT -> Float.intBitsToFloat(readInt(o));
      case DOUBLE -> Double.longBitsToDouble(((long) readInt(o) << 32) | (readInt(o + 4) & 0xFFFFFFFFL));
    };
  }

  private int readInt(int o) {
    return ((data[o] & 0xFF) << 24) | ((data[o + 1] & 0xFF) << 16) | ((data[o + 2] & 0xFF) << 8)
        | (data[o + 3] & 0xFF);
  }

  /** All elements as doubles, row-major. */
  public double[] toDoubleArray() {
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      out[i] = get(i);
    }
    return out;
  }

  /**
   * All elements as ints. Throws {@link IllegalStateException} for the float types, which have no
   * exact int view.
   */
  public int[] toIntArray() {
    if (!type.isIntegral()) {
      throw new IllegalStateException("toIntArray needs an integer type, got " + type);
    }
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      out[i] = (int) get(i);
    }
    return out;
  }

  /** The encoded big-endian elements (package-private: the writer streams them). */
  byte[] rawData() {
    return data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdxArray other && type == other.type && Arrays.equals(dims, other.dims)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(dims), Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "IdxArray[" + type + " " + Arrays.toString(dims) + "]";
  }
}
