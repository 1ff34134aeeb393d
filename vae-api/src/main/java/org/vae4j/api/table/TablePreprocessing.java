package org.vae4j.api.table;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A preprocessing fitted on a table: each numeric column standardised or min–max scaled, each
 * binary column as one 0/1 value, each categorical column one-hot; missing entries carried as a
 * mask. It turns tables into {@link EncodedTable}s for a model ({@link #transform}), and model
 * outputs back into the user's columns ({@link #inverseTransform(float[], int)}: synthetic rows,
 * imputed values). Immutable, with a JSON form ({@link #toJson()}, {@link #fromJson(String)}) that
 * a model file can carry.
 *
 * <p>Columns are matched by name, so a table may list them in another order; the encoded values
 * follow the preprocessing's order. A binary or categorical column is matched by its levels'
 * strings, so a table read from another file may have other codes (and be typed binary where the
 * fitted one was categorical, or the reverse). <b>A level not seen when fitting is an error</b>
 * naming the column, the row and the value (there is no "other" slot: an unseen category is
 * refused rather than silently encoded as all zeros); a label column is never encoded.
 */
public final class TablePreprocessing {
  /** The version of the JSON form {@link #toJson()} writes. */
  public static final int FORMAT_VERSION = 1;
  /** The most encoded values per row (the same bound as a model's input size). */
  public static final int MAX_WIDTH = 16_777_216;
  /** The longest JSON form {@link #fromJson(String)} reads, in chars. */
  public static final int MAX_JSON_CHARS = 64 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxStringLength(Column.MAX_NAME_LENGTH * 4).maxNestingDepth(16).build())
      .build())
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  /** The JSON form. */
  record Form(int formatVersion, List<ColumnEncoding> columns) {}

  private final List<ColumnEncoding> columns;
  private final int[] offsets;
  private final int width;

  /**
   * A preprocessing of the given column encodings, in encoding order.
   *
   * @throws IllegalArgumentException when there are none, names repeat or the width exceeds
   *     {@link #MAX_WIDTH}
   */
  public TablePreprocessing(List<ColumnEncoding> columns) {
    Objects.requireNonNull(columns, "columns");
    this.columns = List.copyOf(columns);
    if (this.columns.isEmpty() || this.columns.size() > Table.MAX_COLUMNS) {
      throw new IllegalArgumentException("columns must hold 1 to " + Table.MAX_COLUMNS
          + " encodings, got " + this.columns.size());
    }
    this.offsets = new int[this.columns.size() + 1];
    Map<String, Integer> seen = new HashMap<>();
    long w = 0;
    for (int i = 0; i < this.columns.size(); i++) {
      ColumnEncoding c = Objects.requireNonNull(this.columns.get(i), "columns[" + i + "]");
      if (seen.put(c.name(), i) != null) {
        throw new IllegalArgumentException("column names must be distinct, got " + c.name()
            + " twice");
      }
      offsets[i] = (int) w;
      w += c.width();
      if (w > MAX_WIDTH) {
        throw new IllegalArgumentException(
            "encoded width must be at most " + MAX_WIDTH + ", got more at column " + c.name());
      }
    }
    offsets[this.columns.size()] = (int) w;
    this.width = (int) w;
  }

  /** Fits with every numeric column standardised. */
  public static TablePreprocessing fit(Table table) {
    return fit(table, Scaling.STANDARDIZE, Map.of());
  }

  /** Fits with every numeric column scaled by {@code scaling}. */
  public static TablePreprocessing fit(Table table, Scaling scaling) {
    return fit(table, scaling, Map.of());
  }

  /**
   * Fits on the observed entries of {@code table}'s feature columns: numeric columns scaled by
   * {@code perColumn.get(name)} when given, else {@code scaling}; binary and categorical columns
   * keep the table's levels; every column records the fraction of rows in which it is missing
   * ({@link ColumnEncoding#missingRate()}). A column with no observed value gets offset 0 and scale 1, a constant column
   * offset its value and scale 1.
   *
   * @throws IllegalArgumentException when {@code perColumn} names a column that is not a numeric
   *     column of the table, a categorical column has no level, or a column's values are too large to scale in double precision
   */
  public static TablePreprocessing fit(Table table, Scaling scaling, Map<String, Scaling> perColumn) {
    return fit(table, scaling, perColumn, Map.of());
  }

  /**
   * As {@link #fit(Table, Scaling, Map)}, with each numeric column's {@link
   * ColumnEncoding#integer() integer-ness} declared by {@code integerColumns} where it names the
   * column (true: its decoded values are rounded to integers; false: they stay continuous) and
   * otherwise inferred: a numeric column is integer when it has an observed value and every
   * observed value is a whole number of magnitude at most 2^53.
   *
   * @throws IllegalArgumentException as {@link #fit(Table, Scaling, Map)}, and when {@code
   *     integerColumns} names a column that is not a numeric column of the table
   */
  public static TablePreprocessing fit(Table table, Scaling scaling,
      Map<String, Scaling> perColumn, Map<String, Boolean> integerColumns) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(integerColumns, "integerColumns");
    for (Map.Entry<String, Boolean> e : integerColumns.entrySet()) {
      Objects.requireNonNull(e.getValue(), "integer of column " + e.getKey());
      if (!table.hasColumn(e.getKey())
          || table.column(e.getKey()).type() != ColumnType.NUMERIC) {
        throw new IllegalArgumentException("integerColumns names " + e.getKey()
            + ", which is not a numeric column of the table; numeric columns: "
            + numericNames(table));
      }
    }
    Objects.requireNonNull(scaling, "scaling");
    Objects.requireNonNull(perColumn, "perColumn");
    for (Map.Entry<String, Scaling> e : perColumn.entrySet()) {
      Objects.requireNonNull(e.getValue(), "scaling of column " + e.getKey());
      if (!table.hasColumn(e.getKey())
          || table.column(e.getKey()).type() != ColumnType.NUMERIC) {
        throw new IllegalArgumentException("perColumn names " + e.getKey()
            + ", which is not a numeric column of the table; numeric columns: " + numericNames(table));
      }
    }
    List<ColumnEncoding> enc = new ArrayList<>(table.columnCount());
    for (Column c : table.columns()) {
      double missingRate = c.size() == 0 ? 0 : (double) c.missingCount() / c.size();
      if (c.type() == ColumnType.CATEGORICAL && c.levels().isEmpty()) {
        throw new IllegalArgumentException("column " + c.name() + " has no observed value to fit "
            + "its levels on; drop it, or give it its levels");
      }
      if (c.type() != ColumnType.NUMERIC) {
        enc.add(new ColumnEncoding(c.name(), c.type(), Scaling.NONE, 0, 1, c.levels(),
            missingRate));
      } else {
        Scaling s = perColumn.getOrDefault(c.name(), scaling);
        double[] os = fitNumeric(c, s);
        boolean integer = integerColumns.containsKey(c.name()) ? integerColumns.get(c.name())
            : isInteger(c);
        enc.add(new ColumnEncoding(c.name(), ColumnType.NUMERIC, s, os[0], os[1], List.of(),
            missingRate, integer));
      }
    }
    return new TablePreprocessing(enc);
  }

  /** The largest magnitude up to which every whole double is exactly representable: 2^53. */
  public static final double MAX_EXACT_INTEGER = 9007199254740992.0;

  /**
   * Whether a numeric value is a whole number of magnitude at most {@link #MAX_EXACT_INTEGER}:
   * the test {@link #fit(Table, Scaling, Map, Map)} applies to every observed value of a column to
   * infer that it is integer.
   */
  public static boolean isWhole(double v) {
    return v == Math.rint(v) && Math.abs(v) <= MAX_EXACT_INTEGER;
  }

  /** True when the column has an observed value and every observed value {@link #isWhole}. */
  private static boolean isInteger(Column c) {
    boolean any = false;
    for (int r = 0; r < c.size(); r++) {
      if (!c.isMissing(r)) {
        if (!isWhole(c.number(r))) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  private static List<String> numericNames(Table table) {
    List<String> names = new ArrayList<>();
    for (Column c : table.columns()) {
      if (c.type() == ColumnType.NUMERIC) {
        names.add(c.name());
      }
    }
    return names;
  }

  private static double[] fitNumeric(Column c, Scaling s) {
    int n = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < c.size(); r++) {
      if (!c.isMissing(r)) {
        n++;
        min = Math.min(min, c.number(r));
        max = Math.max(max, c.number(r));
      }
    }
    if (n == 0 || s == Scaling.NONE) {
      return new double[] {0, 1};
    }
    if (min == max) {
      // a constant column: exactly 0 after the offset, scale 1
      return new double[] {min, 1};
    }
    double offset;
    double scale;
    if (s == Scaling.MIN_MAX) {
      offset = min;
      scale = max - min;
    } else {
      // the mean of x / n (no overflow), corrected by a second pass over the residuals
      double mean = 0;
      for (int r = 0; r < c.size(); r++) {
        if (!c.isMissing(r)) {
          mean += c.number(r) / n;
        }
      }
      double correction = 0;
      for (int r = 0; r < c.size(); r++) {
        if (!c.isMissing(r)) {
          correction += (c.number(r) - mean) / n;
        }
      }
      offset = mean + correction;
      double ss = 0;
      for (int r = 0; r < c.size(); r++) {
        if (!c.isMissing(r)) {
          double d = (c.number(r) - offset) / Math.sqrt(n);
          ss += d * d;
        }
      }
      scale = Math.sqrt(ss);
    }
    if (!Double.isFinite(offset) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("column " + c.name() + ": values in [" + min + ", " + max
          + "] are too large to scale by " + s + " in double precision");
    }
    if (scale == 0) {
      scale = 1;
    }
    return new double[] {offset, scale};
  }

  /** The column encodings, in encoding order; unmodifiable. */
  public List<ColumnEncoding> columns() {
    return columns;
  }

  /** The number of encoded values per row. */
  public int width() {
    return width;
  }

  /** The first encoded value of column {@code i} (in encoding order). */
  public int offsetOf(int i) {
    return offsets[Objects.checkIndex(i, columns.size())];
  }

  /** The column types by name, in encoding order: pass them to a reader so a file reads alike. */
  public Map<String, ColumnType> columnTypes() {
    Map<String, ColumnType> m = new LinkedHashMap<>();
    for (ColumnEncoding c : columns) {
      m.put(c.name(), c.type());
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * A name per encoded value: the column's name, and for a categorical column {@code name=level}.
   */
  public List<String> encodedNames() {
    List<String> names = new ArrayList<>(width);
    for (ColumnEncoding c : columns) {
      if (c.type() == ColumnType.CATEGORICAL) {
        for (String l : c.levels()) {
          names.add(c.name() + "=" + l);
        }
      } else {
        names.add(c.name());
      }
    }
    return names;
  }

  /**
   * Encodes {@code table}'s feature columns (its label is ignored).
   *
   * @throws IllegalArgumentException when the table's feature columns are not the fitted ones
   *     (by name), a numeric column is not numeric, a level was not seen when fitting, or a value
   *     scales beyond the float range; each message names the column, and the row where one is at
   *     fault (0-based)
   */
  public EncodedTable transform(Table table) {
    Objects.requireNonNull(table, "table");
    checkColumns(table);
    int n = table.rowCount();
    long total = (long) n * width;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("rows × encoded width must fit in an array, got " + n
          + " × " + width);
    }
    float[] values = new float[(int) total];
    float[] mask = new float[(int) total];
    for (int i = 0; i < columns.size(); i++) {
      ColumnEncoding e = columns.get(i);
      Column c = table.column(e.name());
      int o = offsets[i];
      if (e.type() == ColumnType.NUMERIC) {
        if (c.type() != ColumnType.NUMERIC) {
          throw new IllegalArgumentException("column " + e.name() + " must be NUMERIC as when "
              + "fitted, got " + c.type() + " (read the table with the preprocessing's "
              + "columnTypes())");
        }
        for (int r = 0; r < n; r++) {
          if (!c.isMissing(r)) {
            float z = (float) ((c.number(r) - e.offset()) / e.scale());
            if (!Float.isFinite(z)) {
              throw new IllegalArgumentException("column " + e.name() + ", row " + r + ": value "
                  + c.number(r) + " scales to " + z + ", beyond the float range (fitted offset "
                  + e.offset() + ", scale " + e.scale() + ")");
            }
            values[r * width + o] = z;
            mask[r * width + o] = 1f;
          }
        }
      } else {
        if (c.type() == ColumnType.NUMERIC) {
          throw new IllegalArgumentException("column " + e.name() + " must be " + e.type()
              + " as when fitted, got NUMERIC (read the table with the preprocessing's "
              + "columnTypes())");
        }
        int[] map = levelMap(e, c);
        for (int r = 0; r < n; r++) {
          int code = c.code(r);
          if (code < 0) {
            continue;
          }
          int k = map[code];
          if (k < 0) {
            throw new IllegalArgumentException("column " + e.name() + ", row " + r + ": level "
                + quote(c.levels().get(code)) + " was not seen when fitting; known levels: "
                + Column.preview(e.levels()));
          }
          if (e.type() == ColumnType.BINARY) {
            values[r * width + o] = k;
            mask[r * width + o] = 1f;
          } else {
            values[r * width + o + k] = 1f;
            for (int j = 0; j < e.width(); j++) {
              mask[r * width + o + j] = 1f;
            }
          }
        }
      }
    }
    return EncodedTable.wrap(n, width, values, mask);
  }

  private static String quote(String s) {
    return "\"" + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + "\"";
  }

  private static int[] levelMap(ColumnEncoding e, Column c) {
    Map<String, Integer> fitted = new HashMap<>();
    for (int k = 0; k < e.levels().size(); k++) {
      fitted.put(e.levels().get(k), k);
    }
    int[] map = new int[c.levels().size()];
    for (int k = 0; k < map.length; k++) {
      map[k] = fitted.getOrDefault(c.levels().get(k), -1);
    }
    return map;
  }

  private void checkColumns(Table table) {
    List<String> absent = new ArrayList<>();
    for (ColumnEncoding e : columns) {
      if (!table.hasColumn(e.name())) {
        absent.add(e.name());
      }
    }
    if (!absent.isEmpty()) {
      throw new IllegalArgumentException("the table has no column " + Column.preview(absent)
          + " that the preprocessing was fitted on; it has " + Column.preview(table.columnNames()));
    }
    if (table.columnCount() != columns.size()) {
      List<String> extra = new ArrayList<>();
      for (String name : table.columnNames()) {
        if (!columnTypes().containsKey(name)) {
          extra.add(name);
        }
      }
      throw new IllegalArgumentException("the table has columns " + Column.preview(extra)
          + " that the preprocessing was not fitted on (drop them, or make them the label)");
    }
  }

  /**
   * Decodes {@code rows × width} values (row-major) into the fitted columns, with no missing
   * entry: numeric {@code v · scale + offset} (rounded to the nearest integer, ties to even, for an
   * {@link ColumnEncoding#integer() integer} column), binary level 1 where {@code v >= 0.5},
   * categorical the level of the block's largest value (the first on ties). For a model's decoded
   * means, synthetic rows and imputed values.
   *
   * @throws IllegalArgumentException when the length is not {@code rows × width} or a value is
   *     not finite (naming row and encoded column)
   */
  public Table inverseTransform(float[] values, int rows) {
    Objects.requireNonNull(values, "values");
    if (rows < 0 || (long) rows * width != values.length) {
      throw new IllegalArgumentException("values must hold rows × width = " + rows + " × "
          + width + " entries, got " + values.length);
    }
    return decode(values, null, rows);
  }

  /**
   * Decodes an {@link EncodedTable} back into the fitted columns, keeping its mask: an entry is
   * missing where its encoded values are all masked. {@code inverseTransform(transform(t))} equals
   * {@code t}'s feature columns up to float rounding of numeric values.
   */
  public Table inverseTransform(EncodedTable encoded) {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.width() != width) {
      throw new IllegalArgumentException(
          "encoded width must be " + width + ", got " + encoded.width());
    }
    return decode(encoded.values(), encoded.mask(), encoded.rows());
  }

  /**
   * Decodes a {@code [rows, width]} array as {@link #inverseTransform(float[], int)} does.
   *
   * @throws IllegalArgumentException when the shape is not {@code [rows, width]}
   */
  public Table inverseTransform(INDArray values) {
    Objects.requireNonNull(values, "values");
    if (values.rank() != 2 || values.size(1) != width) {
      throw new IllegalArgumentException("values must have shape [rows, " + width + "], got "
          + java.util.Arrays.toString(values.shape()));
    }
    int rows = (int) values.size(0);
    float[] flat = values.castTo(DataType.FLOAT).dup('c').data().asFloat();
    return inverseTransform(flat, rows);
  }

  private Table decode(float[] values, float[] mask, int rows) {
    List<Column> out = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      ColumnEncoding e = columns.get(i);
      int o = offsets[i];
      boolean[] missing = new boolean[rows];
      for (int r = 0; r < rows; r++) {
        boolean all = mask != null;
        for (int j = 0; j < e.width() && all; j++) {
          all = mask[r * width + o + j] == 0f;
        }
        missing[r] = all;
        for (int j = 0; j < e.width() && !all; j++) {
          float v = values[r * width + o + j];
          if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("values must be finite, got " + v + " at row " + r
                + ", encoded column " + (o + j) + " (" + e.name() + ")");
          }
        }
      }
      if (e.type() == ColumnType.NUMERIC) {
        double[] x = new double[rows];
        for (int r = 0; r < rows; r++) {
          x[r] = missing[r] ? 0 : values[r * width + o] * e.scale() + e.offset();
          if (e.integer()) {
            x[r] = Math.rint(x[r]);
          }
          if (!Double.isFinite(x[r])) {
            throw new IllegalArgumentException("column " + e.name() + ", row " + r + ": value "
                + values[r * width + o] + " decodes beyond the double range");
          }
        }
        out.add(Column.numeric(e.name(), x, missing));
      } else {
        int[] codes = new int[rows];
        for (int r = 0; r < rows; r++) {
          if (missing[r]) {
            continue;
          }
          if (e.type() == ColumnType.BINARY) {
            codes[r] = values[r * width + o] >= 0.5f ? 1 : 0;
          } else {
            int best = 0;
            for (int j = 1; j < e.width(); j++) {
              if (values[r * width + o + j] > values[r * width + o + best]) {
                best = j;
              }
            }
            codes[r] = best;
          }
        }
        out.add(e.type() == ColumnType.BINARY
            ? Column.binary(e.name(), e.levels(), codes, missing)
            : Column.categorical(e.name(), e.levels(), codes, missing));
      }
    }
    return Table.of(out);
  }

  /** The JSON form, read back by {@link #fromJson(String)}. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(new Form(FORMAT_VERSION, columns));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise table preprocessing", e);
    }
  }

  /**
   * Reads the JSON form {@link #toJson()} writes, validating every field.
   *
   * @throws IllegalArgumentException starting {@code not a table preprocessing: } naming the
   *     problem (too long, bad JSON, unknown version, an invalid column)
   */
  public static TablePreprocessing fromJson(String json) {
    Objects.requireNonNull(json, "json");
    if (json.length() > MAX_JSON_CHARS) {
      throw new IllegalArgumentException("not a table preprocessing: JSON must be at most "
          + MAX_JSON_CHARS + " chars, got " + json.length());
    }
    Form form;
    try {
      form = JSON.treeToValue(withDefaults(JSON.readTree(json)), Form.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      String msg = cause instanceof JsonProcessingException j ? j.getOriginalMessage()
          : cause.getMessage();
      throw new IllegalArgumentException("not a table preprocessing: " + msg, e);
    }
    if (form == null || form.formatVersion() != FORMAT_VERSION) {
      throw new IllegalArgumentException("not a table preprocessing: formatVersion must be "
          + FORMAT_VERSION + ", got " + (form == null ? "null" : form.formatVersion()));
    }
    try {
      return new TablePreprocessing(form.columns() == null ? List.of() : form.columns());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("not a table preprocessing: " + e.getMessage(), e);
    }
  }

  /**
   * Gives every column object without a {@code missingRate} (JSON written before the field
   * existed, or of a complete column) the default 0, and one without {@code integer} the default
   * false (JSON written before that field existed, or of a continuous column): every other field
   * stays required.
   */
  private static com.fasterxml.jackson.databind.JsonNode withDefaults(
      com.fasterxml.jackson.databind.JsonNode tree) {
    if (tree != null && tree.get("columns") instanceof
        com.fasterxml.jackson.databind.node.ArrayNode cols) {
      for (com.fasterxml.jackson.databind.JsonNode c : cols) {
        if (c instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
          if (!o.has("missingRate")) {
            o.put("missingRate", 0.0);
          }
          if (!o.has("integer")) {
            o.put("integer", false);
          }
        }
      }
    }
    return tree;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TablePreprocessing p && columns.equals(p.columns);
  }

  @Override
  public int hashCode() {
    return columns.hashCode();
  }

  @Override
  public String toString() {
    return "TablePreprocessing[" + columns.size() + " columns, width " + width + "]";
  }
}
