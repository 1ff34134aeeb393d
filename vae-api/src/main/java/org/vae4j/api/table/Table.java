package org.vae4j.api.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable table: feature columns of one length and an optional label (target) column of the
 * same length, kept apart from the features so that a {@link TablePreprocessing} never encodes it.
 * Column names are distinct (the label's too).
 */
public final class Table {
  /** The most feature columns a table may have. */
  public static final int MAX_COLUMNS = 100_000;

  private final List<Column> columns;
  private final Column label;
  private final int rows;
  private final Map<String, Integer> index;

  private Table(List<Column> columns, Column label) {
    this.columns = columns;
    this.label = label;
    this.rows = columns.isEmpty() ? (label == null ? 0 : label.size()) : columns.get(0).size();
    this.index = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i).name(), i);
    }
  }

  /** A table of feature columns and no label. */
  public static Table of(List<Column> columns) {
    return of(columns, null);
  }

  /**
   * A table of feature columns and a label column ({@code null} for none).
   *
   * @throws IllegalArgumentException when there are no columns or too many, lengths differ, or
   *     names repeat
   */
  public static Table of(List<Column> columns, Column label) {
    Objects.requireNonNull(columns, "columns");
    List<Column> cols = List.copyOf(columns);
    if (cols.isEmpty() || cols.size() > MAX_COLUMNS) {
      throw new IllegalArgumentException(
          "columns must hold 1 to " + MAX_COLUMNS + " columns, got " + cols.size());
    }
    int n = cols.get(0).size();
    Map<String, Integer> seen = new HashMap<>();
    List<Column> all = new ArrayList<>(cols);
    if (label != null) {
      all.add(label);
    }
    for (int i = 0; i < all.size(); i++) {
      Column c = all.get(i);
      if (c.size() != n) {
        throw new IllegalArgumentException("column " + c.name() + " must have " + n
            + " entries like column " + cols.get(0).name() + ", got " + c.size());
      }
      Integer before = seen.put(c.name(), i);
      if (before != null) {
        throw new IllegalArgumentException("column names must be distinct, got " + c.name()
            + " twice (columns " + before + " and " + i + ")");
      }
    }
    return new Table(cols, label);
  }

  /** Number of rows. */
  public int rowCount() {
    return rows;
  }

  /** Number of feature columns (the label not counted). */
  public int columnCount() {
    return columns.size();
  }

  /** The feature columns, in order; unmodifiable. */
  public List<Column> columns() {
    return columns;
  }

  /** Feature column {@code i}. */
  public Column column(int i) {
    return columns.get(Objects.checkIndex(i, columns.size()));
  }

  /**
   * The feature column called {@code name}.
   *
   * @throws IllegalArgumentException naming the columns there are, when there is none
   */
  public Column column(String name) {
    return columns.get(columnIndex(name));
  }

  /** The index of the feature column called {@code name}. */
  public int columnIndex(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException("no column " + name + ", the table has "
          + Column.preview(columnNames()));
    }
    return i;
  }

  /** Whether a feature column is called {@code name}. */
  public boolean hasColumn(String name) {
    return index.containsKey(name);
  }

  /** The feature columns' names, in order. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>(columns.size());
    for (Column c : columns) {
      names.add(c.name());
    }
    return names;
  }

  /** The label column, if the table has one. */
  public Optional<Column> label() {
    return Optional.ofNullable(label);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Table t && columns.equals(t.columns) && Objects.equals(label, t.label);
  }

  @Override
  public int hashCode() {
    return Objects.hash(columns, label);
  }

  @Override
  public String toString() {
    return "Table[" + rows + " rows, columns " + Column.preview(columnNames())
        + (label == null ? "" : ", label " + label.name()) + "]";
  }
}
