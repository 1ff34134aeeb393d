package org.vae4j.api.table;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A table as a model sees it: {@code rows × width} float values, row-major, and a mask of the same
 * shape holding 1 where the value was observed and 0 where it was missing (a missing value is 0,
 * and every value of a missing categorical entry's one-hot block is masked). Immutable.
 */
public final class EncodedTable {
  private final int rows;
  private final int width;
  private final float[] values;
  private final float[] mask;

  /**
   * Wraps copies of {@code values} and {@code mask}.
   *
   * @throws IllegalArgumentException when a length is not {@code rows × width}, a value is not
   *     finite or a mask entry is neither 0 nor 1
   */
  public EncodedTable(int rows, int width, float[] values, float[] mask) {
    this(rows, width, check(rows, width, values, mask), mask.clone(), true);
  }

  private EncodedTable(int rows, int width, float[] values, float[] mask, boolean trusted) {
    this.rows = rows;
    this.width = width;
    this.values = values;
    this.mask = mask;
  }

  /** Wraps arrays the caller gives up (package-private: the preprocessing builds them). */
  static EncodedTable wrap(int rows, int width, float[] values, float[] mask) {
    return new EncodedTable(rows, width, values, mask, true);
  }

  private static float[] check(int rows, int width, float[] values, float[] mask) {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(mask, "mask");
    if (rows < 0 || width < 1) {
      throw new IllegalArgumentException(
          "rows must be >= 0 and width >= 1, got " + rows + " and " + width);
    }
    long n = (long) rows * width;
    if (values.length != n || mask.length != n) {
      throw new IllegalArgumentException("values and mask must have rows × width = " + n
          + " entries, got " + values.length + " and " + mask.length);
    }
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException("values[" + i + "] must be finite, got " + values[i]);
      }
      if (mask[i] != 0f && mask[i] != 1f) {
        throw new IllegalArgumentException("mask[" + i + "] must be 0 or 1, got " + mask[i]);
      }
    }
    return values.clone();
  }

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Number of encoded values per row. */
  public int width() {
    return width;
  }

  /** Encoded value {@code j} of row {@code row}. */
  public float value(int row, int j) {
    return values[index(row, j)];
  }

  /** Whether encoded value {@code j} of row {@code row} was observed. */
  public boolean observed(int row, int j) {
    return mask[index(row, j)] != 0f;
  }

  private int index(int row, int j) {
    Objects.checkIndex(row, rows);
    Objects.checkIndex(j, width);
    return row * width + j;
  }

  /** The values, row-major; a copy. */
  public float[] values() {
    return values.clone();
  }

  /** The mask (1 observed, 0 missing), row-major; a copy. */
  public float[] mask() {
    return mask.clone();
  }

  /** The values as a new float array of shape {@code [rows, width]}; the caller owns it. */
  public INDArray valuesArray() {
    return Nd4j.create(values.clone(), new long[] {rows, width}, 'c');
  }

  /** The mask as a new float array of shape {@code [rows, width]}; the caller owns it. */
  public INDArray maskArray() {
    return Nd4j.create(mask.clone(), new long[] {rows, width}, 'c');
  }

  /** Whether any value is masked. */
  public boolean hasMissing() {
    for (float m : mask) {
      if (m == 0f) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedTable e && rows == e.rows && width == e.width
        && Arrays.equals(values, e.values) && Arrays.equals(mask, e.mask);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rows, width, Arrays.hashCode(values), Arrays.hashCode(mask));
  }

  @Override
  public String toString() {
    return "EncodedTable[" + rows + " × " + width + "]";
  }
}
