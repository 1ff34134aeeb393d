package org.vae4j.spark;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Schema checks of the columns a vae4j stage reads and writes, with messages naming the setting,
 * the column, what was expected and what was found. Shared by the stages of this package.
 */
final class Columns {

  /** How the examples of the input column are stored. */
  enum InputKind {
    /** An ML {@code Vector} (dense or sparse). */
    VECTOR,
    /** {@code array<float>}. */
    FLOAT_ARRAY,
    /** {@code array<double>}. */
    DOUBLE_ARRAY
  }

  private Columns() {}

  /**
   * Checks the input column named by the setting {@code param} and says how it is stored.
   *
   * @param width values per example the model expects, checked against a vector column's size
   *     when its metadata knows it
   * @param shape the model's input shape, for the message
   */
  static InputKind inputKind(StructType schema, String param, String column, long width,
      long[] shape) {
    StructField field = field(schema, param, column);
    DataType t = field.dataType();
    InputKind kind;
    if (t.equals(SQLDataTypes.VectorType())) {
      kind = InputKind.VECTOR;
    } else if (t instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) {
      kind = InputKind.FLOAT_ARRAY;
    } else if (t instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
      kind = InputKind.DOUBLE_ARRAY;
    } else {
      throw new IllegalArgumentException(param + " '" + column
          + "' must be of type vector, array<float> or array<double>, got " + t.simpleString());
    }
    if (kind == InputKind.VECTOR) {
      int size = AttributeGroup.fromStructField(field).size();
      if (size >= 0 && size != width) {
        throw new IllegalArgumentException(widthMessage(param, column, width, shape)
            + ", got vectors of size " + size + " (the column's metadata)");
      }
    }
    return kind;
  }

  /** The start of the message for an input row of the wrong width; the caller appends the actual width. */
  static String widthMessage(String param, String column, long width, long[] shape) {
    return param + " '" + column + "' must hold " + width + " values per row (the model's input shape "
        + Arrays.toString(shape) + ", flattened in row-major order)";
  }

  /** Checks the label column of a conditional VAE: present and numeric. */
  static void checkLabel(StructType schema, String param, String column, int numClasses) {
    DataType t = field(schema, param, column).dataType();
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException(param + " '" + column
          + "' must be numeric (class indices in [0, " + numClasses + ")), got " + t.simpleString());
    }
  }

  /**
   * Checks that the output column named by {@code param} is new: not a column of the input and
   * not one of the names already {@code taken} by other outputs of the same stage.
   */
  static void checkNewColumn(StructType schema, String param, String column, Set<String> taken) {
    if (column == null || column.isEmpty()) {
      throw new IllegalArgumentException(param + " must not be empty, got '" + column + "'");
    }
    if (List.of(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(
          param + " must not name an existing column of the input, got '" + column + "'");
    }
    if (!taken.add(column)) {
      throw new IllegalArgumentException(
          param + " must differ from the stage's other output columns, got '" + column + "' twice");
    }
  }

  private static StructField field(StructType schema, String param, String column) {
    if (column == null || column.isEmpty()) {
      throw new IllegalArgumentException(param + " must be set, got none");
    }
    if (!List.of(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(param + " must name a column of the input, got '" + column
          + "' (columns: " + String.join(", ", schema.fieldNames()) + ")");
    }
    return schema.apply(column);
  }
}
