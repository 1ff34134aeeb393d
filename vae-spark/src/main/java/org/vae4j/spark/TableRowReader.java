package org.vae4j.spark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.TablePreprocessing;

/**
 * Reads the feature columns of a table model out of a {@link Row} and encodes them as {@link
 * TablePreprocessing#transform} followed by {@code TableImputation.missingAsNaN} would: a numeric
 * value {@code (x - offset) / scale}, a binary value 0 or 1, a categorical one-hot block; a null
 * (or NaN) entry as NaN over its whole block. An unseen level or an infinite value fails the row
 * with an {@link IllegalArgumentException} naming the column.
 *
 * @param indices position of each encoded column in the row, in encoding order
 * @param names the columns' names
 * @param sources how each column stores its values in the DataFrame
 * @param offsets first encoded value of each column
 * @param numericOffset a numeric column's fitted offset
 * @param numericScale a numeric column's fitted scale
 * @param levels the fitted levels of a binary or categorical column (code by level string)
 * @param types each column's encoded type
 * @param width encoded values per row
 */
record TableRowReader(int[] indices, String[] names, Source[] sources, int[] offsets,
    double[] numericOffset, double[] numericScale, HashMap<String, Integer>[] levels,
    ColumnType[] types, int width) implements ExampleReader {

  private static final long serialVersionUID = 1L;

  /** How a DataFrame column holds a table column's values. */
  enum Source {
    /** Any numeric type (int, long, float, double, decimal, ...). */
    NUMBER,
    /** {@code boolean}: the levels {@code "false"} and {@code "true"}. */
    BOOLEAN,
    /** {@code string}: a category per distinct value. */
    STRING
  }

  /**
   * How {@code field} holds its values.
   *
   * @throws IllegalArgumentException for another type, naming the setting and the column
   */
  static Source source(StructField field, String param) {
    DataType t = field.dataType();
    if (t instanceof NumericType) {
      return Source.NUMBER;
    }
    if (t instanceof BooleanType) {
      return Source.BOOLEAN;
    }
    if (t instanceof StringType) {
      return Source.STRING;
    }
    throw new IllegalArgumentException(param + " column '" + field.name() + "' must be numeric "
        + "(int, long, float, double, decimal, ...), boolean or string, got " + t.simpleString());
  }

  /**
   * The reader of {@code preprocessing}'s columns in rows of {@code schema}, after checking that
   * each is there with a type the encoding can read.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static TableRowReader of(TablePreprocessing preprocessing, StructType schema, String param) {
    List<ColumnEncoding> cols = preprocessing.columns();
    int n = cols.size();
    int[] indices = new int[n];
    String[] names = new String[n];
    Source[] sources = new Source[n];
    int[] offsets = new int[n];
    double[] off = new double[n];
    double[] scale = new double[n];
    HashMap<String, Integer>[] levels = new HashMap[n];
    ColumnType[] types = new ColumnType[n];
    List<String> fields = List.of(schema.fieldNames());
    for (int i = 0; i < n; i++) {
      ColumnEncoding e = cols.get(i);
      if (!fields.contains(e.name())) {
        throw new IllegalArgumentException(param + " must name columns of the input: the model's "
            + "table has column '" + e.name() + "', which the input lacks (columns: "
            + String.join(", ", schema.fieldNames()) + ")");
      }
      StructField f = schema.apply(e.name());
      Source s = source(f, param);
      boolean ok = e.type() == ColumnType.NUMERIC ? s == Source.NUMBER : s != Source.NUMBER;
      if (!ok) {
        throw new IllegalArgumentException(param + " column '" + e.name() + "' must be "
            + (e.type() == ColumnType.NUMERIC ? "numeric" : "boolean or string") + " (the model "
            + "encodes it as " + e.type() + "), got " + f.dataType().simpleString());
      }
      indices[i] = schema.fieldIndex(e.name());
      names[i] = e.name();
      sources[i] = s;
      offsets[i] = preprocessing.offsetOf(i);
      off[i] = e.offset();
      scale[i] = e.scale();
      types[i] = e.type();
      levels[i] = new HashMap<>();
      for (int k = 0; k < e.levels().size(); k++) {
        levels[i].put(e.levels().get(k), k);
      }
    }
    return new TableRowReader(indices, names, sources, offsets, off, scale, levels, types,
        preprocessing.width());
  }

  /**
   * The value of table column {@code i} in {@code row} as a double, NaN when null or NaN (a
   * missing entry).
   */
  static double number(Row row, int index, String name) {
    if (row.isNullAt(index)) {
      return Double.NaN;
    }
    Object o = row.get(index);
    double v = ((Number) o).doubleValue();
    if (Double.isInfinite(v)) {
      throw new IllegalArgumentException("column '" + name + "' must hold finite values or "
          + "null/NaN (missing), got " + o);
    }
    return v;
  }

  /** The level string of a boolean or string cell, null when missing. */
  static String level(Row row, int index) {
    if (row.isNullAt(index)) {
      return null;
    }
    return String.valueOf(row.get(index));
  }

  @Override
  public boolean hasLabels() {
    return false;
  }

  @Override
  public long[] batchShape(int n) {
    return new long[] {n, width};
  }

  @Override
  public void readInput(Row row, float[] into, int offset) {
    for (int i = 0; i < indices.length; i++) {
      int at = offset + offsets[i];
      if (types[i] == ColumnType.NUMERIC) {
        double x = number(row, indices[i], names[i]);
        if (Double.isNaN(x)) {
          into[at] = Float.NaN;
          continue;
        }
        float z = (float) ((x - numericOffset[i]) / numericScale[i]);
        if (!Float.isFinite(z)) {
          throw new IllegalArgumentException("column '" + names[i] + "': value " + x
              + " scales to " + z + ", beyond the float range (fitted offset " + numericOffset[i]
              + ", scale " + numericScale[i] + ")");
        }
        into[at] = z;
        continue;
      }
      String l = level(row, indices[i]);
      int w = types[i] == ColumnType.CATEGORICAL ? levels[i].size() : 1;
      if (l == null) {
        for (int j = 0; j < w; j++) {
          into[at + j] = Float.NaN;
        }
        continue;
      }
      Integer k = levels[i].get(l);
      if (k == null) {
        throw new IllegalArgumentException("column '" + names[i] + "': level \"" + l
            + "\" was not seen when fitting; known levels: " + levels[i].keySet());
      }
      if (types[i] == ColumnType.BINARY) {
        into[at] = k;
      } else {
        for (int j = 0; j < w; j++) {
          into[at + j] = j == k ? 1f : 0f;
        }
      }
    }
  }

  @Override
  public int readLabel(Row row) {
    throw new IllegalStateException("a table model takes no labels");
  }
}
