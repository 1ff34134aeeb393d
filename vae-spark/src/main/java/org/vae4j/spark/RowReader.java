package org.vae4j.spark;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Reads one example (and a conditional VAE's label) out of a {@link Row}, checking it on the way:
 * the width the model expects, no nulls, finite values, labels that are class indices. Every
 * message names the setting, the column, what was expected and what was found. Shared by the
 * executor side of {@link VaeModel#transform} and of {@link VaeEstimator#fit}'s tasks.
 *
 * @param inputIndex position of the input column in the row
 * @param inputKind how the input column stores its examples
 * @param inputName the input column's name, for messages
 * @param labelIndex position of the label column, -1 for none
 * @param labelName the label column's name, for messages
 * @param dataShape the model's input shape (without the batch dimension)
 * @param numClasses the conditional VAE's classes, 0 for the other models
 */
record RowReader(int inputIndex, Columns.InputKind inputKind, String inputName, int labelIndex,
    String labelName, long[] dataShape, int numClasses) implements ExampleReader {

  private static final long serialVersionUID = 1L;

  /** Values per example. */
  @Override
  public int width() {
    long w = 1;
    for (long d : dataShape) {
      w *= d;
    }
    return Math.toIntExact(w);
  }

  /** True when the rows carry labels. */
  @Override
  public boolean hasLabels() {
    return labelIndex >= 0;
  }

  /** The shape of a batch of {@code n} examples, {@code [n, dataShape...]}. */
  @Override
  public long[] batchShape(int n) {
    long[] s = new long[dataShape.length + 1];
    s[0] = n;
    System.arraycopy(dataShape, 0, s, 1, dataShape.length);
    return s;
  }

  /**
   * Copies the example of {@code row} into {@code into} from {@code offset}.
   *
   * @throws IllegalArgumentException for a null, an example of the wrong width or a non-finite
   *     value
   */
  @Override
  public void readInput(Row row, float[] into, int offset) {
    int width = width();
    if (row.isNullAt(inputIndex)) {
      throw new IllegalArgumentException(
          "inputCol '" + inputName + "' must hold an example in every row, got null");
    }
    Object cell = row.get(inputIndex);
    if (inputKind == Columns.InputKind.VECTOR) {
      Vector v = (Vector) cell;
      checkWidth(v.size(), width);
      double[] a = v instanceof DenseVector dv ? dv.values() : v.toArray();
      for (int j = 0; j < width; j++) {
        into[offset + j] = finite((float) a[j], j);
      }
    } else {
      scala.collection.Seq<?> s = (scala.collection.Seq<?>) cell;
      checkWidth(s.length(), width);
      for (int j = 0; j < width; j++) {
        Object o = s.apply(j);
        if (o == null) {
          throw new IllegalArgumentException("inputCol '" + inputName
              + "' must not hold null elements, got null at index " + j);
        }
        into[offset + j] = finite(((Number) o).floatValue(), j);
      }
    }
  }

  private void checkWidth(int actual, int width) {
    if (actual != width) {
      throw new IllegalArgumentException(
          Columns.widthMessage("inputCol", inputName, width, dataShape) + ", got " + actual);
    }
  }

  private float finite(float v, int index) {
    if (!Float.isFinite(v)) {
      throw new IllegalArgumentException("inputCol '" + inputName
          + "' must hold finite values, got " + v + " at index " + index);
    }
    return v;
  }

  /**
   * The class index of {@code row}.
   *
   * @throws IllegalArgumentException for a null, a fraction or an index outside {@code [0,
   *     numClasses)}
   */
  @Override
  public int readLabel(Row row) {
    String range = "[0, " + numClasses + ")";
    if (row.isNullAt(labelIndex)) {
      throw new IllegalArgumentException("labelCol '" + labelName
          + "' must hold a class index in " + range + " in every row, got null");
    }
    Number n = (Number) row.get(labelIndex);
    double v = n.doubleValue();
    if (v != Math.rint(v) || v < 0 || v >= numClasses) {
      throw new IllegalArgumentException("labelCol '" + labelName
          + "' must hold class indices in " + range + ", got " + n);
    }
    return (int) v;
  }
}
