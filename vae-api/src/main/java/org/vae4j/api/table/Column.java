package org.vae4j.api.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One column of a {@link Table}: a name, a {@link ColumnType}, its entries and which of them are
 * missing. Immutable; every factory copies its arrays.
 *
 * <p>A numeric column holds finite doubles; a binary or categorical column holds codes into its
 * list of levels (strings). A missing entry has no value: {@link #number(int)} is NaN, {@link
 * #code(int)} is -1 and {@link #level(int)} is {@code null} there.
 */
public final class Column {
  /** The longest column name or level accepted, in chars. */
  public static final int MAX_NAME_LENGTH = 65_536;

  private final String name;
  private final ColumnType type;
  private final double[] numbers;
  private final int[] codes;
  private final List<String> levels;
  private final boolean[] missing;
  private final int missingCount;

  private Column(String name, ColumnType type, double[] numbers, int[] codes, List<String> levels,
      boolean[] missing) {
    this.name = name;
    this.type = type;
    this.numbers = numbers;
    this.codes = codes;
    this.levels = levels;
    this.missing = missing;
    int m = 0;
    for (boolean b : missing) {
      m += b ? 1 : 0;
    }
    this.missingCount = m;
  }

  /**
   * A numeric column; NaN marks a missing entry.
   *
   * @throws IllegalArgumentException when the name is empty or too long, or a value is infinite
   */
  public static Column numeric(String name, double[] values) {
    Objects.requireNonNull(values, "values");
    boolean[] missing = new boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      missing[i] = Double.isNaN(values[i]);
    }
    return numeric(name, values, missing);
  }

  /**
   * A numeric column with an explicit mask: {@code missing[i]} marks entry {@code i} missing (its
   * value is then ignored). Every other value must be finite.
   */
  public static Column numeric(String name, double[] values, boolean[] missing) {
    checkName(name, "name");
    Objects.requireNonNull(values, "values");
    checkMaskLength(values.length, missing);
    double[] v = new double[values.length];
    for (int i = 0; i < v.length; i++) {
      if (missing[i]) {
        v[i] = Double.NaN;
      } else if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("column " + name + ": values[" + i
            + "] must be finite (or marked missing), got " + values[i]);
      } else {
        v[i] = values[i];
      }
    }
    return new Column(name, ColumnType.NUMERIC, v, null, List.of(), missing.clone());
  }

  /**
   * A categorical column of codes into {@code levels}; {@code missing[i]} marks entry {@code i}
   * missing (its code is then ignored). Levels must be distinct; a column with no level has only
   * missing entries.
   */
  public static Column categorical(String name, List<String> levels, int[] codes,
      boolean[] missing) {
    return coded(ColumnType.CATEGORICAL, name, levels, codes, missing);
  }

  /** A binary column: as {@link #categorical}, with exactly two levels (code 0 and code 1). */
  public static Column binary(String name, List<String> levels, int[] codes, boolean[] missing) {
    return coded(ColumnType.BINARY, name, levels, codes, missing);
  }

  /**
   * A categorical column from its values, {@code null} marking a missing entry; the levels are the
   * distinct values in their natural (String) order.
   */
  public static Column categoricalOf(String name, String... values) {
    return ofValues(ColumnType.CATEGORICAL, name, values);
  }

  /**
   * A binary column from its values, {@code null} marking a missing entry; the levels are the two
   * distinct values in their natural order.
   *
   * @throws IllegalArgumentException when the values do not have exactly two distinct levels
   */
  public static Column binaryOf(String name, String... values) {
    return ofValues(ColumnType.BINARY, name, values);
  }

  private static Column ofValues(ColumnType type, String name, String[] values) {
    Objects.requireNonNull(values, "values");
    TreeSet<String> distinct = new TreeSet<>();
    for (String v : values) {
      if (v != null) {
        distinct.add(v);
      }
    }
    List<String> levels = new ArrayList<>(distinct);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < levels.size(); i++) {
      index.put(levels.get(i), i);
    }
    int[] codes = new int[values.length];
    boolean[] missing = new boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      missing[i] = values[i] == null;
      codes[i] = missing[i] ? -1 : index.get(values[i]);
    }
    return coded(type, name, levels, codes, missing);
  }

  private static Column coded(ColumnType type, String name, List<String> levels, int[] codes,
      boolean[] missing) {
    checkName(name, "name");
    Objects.requireNonNull(levels, "levels");
    Objects.requireNonNull(codes, "codes");
    checkMaskLength(codes.length, missing);
    List<String> lv = List.copyOf(levels);
    checkLevels(name, type, lv);
    int[] c = new int[codes.length];
    for (int i = 0; i < c.length; i++) {
      if (missing[i]) {
        c[i] = -1;
      } else if (codes[i] < 0 || codes[i] >= lv.size()) {
        throw new IllegalArgumentException("column " + name + ": codes[" + i + "] must be in [0, "
            + lv.size() + "), got " + codes[i]);
      } else {
        c[i] = codes[i];
      }
    }
    return new Column(name, type, null, c, lv, missing.clone());
  }

  static void checkLevels(String name, ColumnType type, List<String> levels) {
    checkLevels(name, type, levels, 0);
  }

  /** Checks levels; a categorical column needs at least {@code minCategorical} of them. */
  static void checkLevels(String name, ColumnType type, List<String> levels, int minCategorical) {
    if (type == ColumnType.BINARY && levels.size() != 2) {
      throw new IllegalArgumentException("column " + name
          + ": a binary column must have exactly 2 levels, got " + levels.size() + " " + preview(levels));
    }
    if (type == ColumnType.CATEGORICAL && levels.size() < minCategorical) {
      throw new IllegalArgumentException("column " + name
          + ": a categorical column must have at least " + minCategorical + " level, got "
          + levels.size());
    }
    if (levels.size() > TablePreprocessing.MAX_WIDTH) {
      throw new IllegalArgumentException("column " + name + ": levels must be at most "
          + TablePreprocessing.MAX_WIDTH + ", got " + levels.size());
    }
    if (new java.util.HashSet<>(levels).size() != levels.size()) {
      throw new IllegalArgumentException("column " + name + ": levels must be distinct, got "
          + preview(levels));
    }
    for (String l : levels) {
      if (l.length() > MAX_NAME_LENGTH) {
        throw new IllegalArgumentException("column " + name + ": a level must be at most "
            + MAX_NAME_LENGTH + " chars, got " + l.length());
      }
    }
  }

  static String preview(List<String> levels) {
    return levels.size() <= 10 ? levels.toString()
        : levels.subList(0, 10).toString().replace("]", ", ... (" + levels.size() + " in all)]");
  }

  static void checkName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(what + " must have 1 to " + MAX_NAME_LENGTH
          + " chars, got " + name.length());
    }
  }

  private static void checkMaskLength(int n, boolean[] missing) {
    Objects.requireNonNull(missing, "missing");
    if (missing.length != n) {
      throw new IllegalArgumentException(
          "missing.length must equal the number of entries " + n + ", got " + missing.length);
    }
  }

  /** The column's name. */
  public String name() {
    return name;
  }

  /** The column's type. */
  public ColumnType type() {
    return type;
  }

  /** Number of entries (rows). */
  public int size() {
    return missing.length;
  }

  /** Whether entry {@code row} is missing. */
  public boolean isMissing(int row) {
    return missing[Objects.checkIndex(row, missing.length)];
  }

  /** Number of missing entries. */
  public int missingCount() {
    return missingCount;
  }

  /** The levels of a binary or categorical column (empty for a numeric one); unmodifiable. */
  public List<String> levels() {
    return levels;
  }

  /**
   * The value of a numeric column at {@code row}, NaN when missing.
   *
   * @throws IllegalStateException when the column is not numeric
   */
  public double number(int row) {
    if (type != ColumnType.NUMERIC) {
      throw new IllegalStateException("column " + name + " is " + type + ", not NUMERIC");
    }
    return numbers[Objects.checkIndex(row, numbers.length)];
  }

  /**
   * The level code of a binary or categorical column at {@code row}, -1 when missing.
   *
   * @throws IllegalStateException when the column is numeric
   */
  public int code(int row) {
    if (type == ColumnType.NUMERIC) {
      throw new IllegalStateException("column " + name + " is NUMERIC and has no level codes");
    }
    return codes[Objects.checkIndex(row, codes.length)];
  }

  /** The level at {@code row} of a binary or categorical column, {@code null} when missing. */
  public String level(int row) {
    int c = code(row);
    return c < 0 ? null : levels.get(c);
  }

  /** The numbers of a numeric column (NaN where missing); a copy. */
  public double[] numbers() {
    if (type != ColumnType.NUMERIC) {
      throw new IllegalStateException("column " + name + " is " + type + ", not NUMERIC");
    }
    return numbers.clone();
  }

  /** The missing mask; a copy. */
  public boolean[] missingMask() {
    return missing.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Column c && name.equals(c.name) && type == c.type
        && Arrays.equals(numbers, c.numbers) && Arrays.equals(codes, c.codes)
        && levels.equals(c.levels) && Arrays.equals(missing, c.missing);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, Arrays.hashCode(numbers), Arrays.hashCode(codes), levels,
        Arrays.hashCode(missing));
  }

  @Override
  public String toString() {
    return "Column[" + name + ", " + type + ", " + size() + " entries, " + missingCount
        + " missing" + (levels.isEmpty() ? "" : ", levels " + preview(levels)) + "]";
  }
}
