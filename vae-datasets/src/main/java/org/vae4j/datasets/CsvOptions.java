package org.vae4j.datasets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vae4j.api.table.ColumnType;

/**
 * How {@link CsvTables} reads a CSV file: the format (delimiter, quote, header, missing-value
 * tokens), column types that override inference, the label column, and the limits that bound a
 * hostile file. Immutable; made with {@link #builder()}. The defaults: comma, double quote, a
 * header line, missing tokens {@code ""}, {@code NA} and {@code NaN}, and the limits in the
 * constants below.
 */
public final class CsvOptions {
  /** Default bound on the file size: 256 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 256L * 1024 * 1024;
  /** Default bound on data rows. */
  public static final int DEFAULT_MAX_ROWS = 10_000_000;
  /** Default bound on columns. */
  public static final int DEFAULT_MAX_COLUMNS = 10_000;
  /** Default bound on rows × columns (12 bytes each while reading). */
  public static final long DEFAULT_MAX_CELLS = 20_000_000;
  /** Default bound on one field's length, in chars. */
  public static final int DEFAULT_MAX_FIELD_CHARS = 65_536;
  /** Default bound on one record's length, in chars (all its fields and separators). */
  public static final int DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;
  /** Default bound on the distinct levels of a binary or categorical column. */
  public static final int DEFAULT_MAX_LEVELS = 10_000;

  private final char delimiter;
  private final char quote;
  private final boolean header;
  private final Set<String> missingTokens;
  private final Map<String, ColumnType> types;
  private final String label;
  private final long maxFileBytes;
  private final int maxRows;
  private final int maxColumns;
  private final long maxCells;
  private final int maxFieldChars;
  private final int maxRecordChars;
  private final int maxLevels;

  private CsvOptions(Builder b) {
    this.delimiter = b.delimiter;
    this.quote = b.quote;
    this.header = b.header;
    this.missingTokens = Set.copyOf(b.missingTokens);
    this.types = Map.copyOf(b.types);
    this.label = b.label;
    this.maxFileBytes = b.maxFileBytes;
    this.maxRows = b.maxRows;
    this.maxColumns = b.maxColumns;
    this.maxCells = b.maxCells;
    this.maxFieldChars = b.maxFieldChars;
    this.maxRecordChars = b.maxRecordChars;
    this.maxLevels = b.maxLevels;
  }

  /** The defaults. */
  public static CsvOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The field delimiter. */
  public char delimiter() {
    return delimiter;
  }

  /** The quote character. */
  public char quote() {
    return quote;
  }

  /** Whether the first line holds the column names (otherwise they are column1, column2, ...). */
  public boolean header() {
    return header;
  }

  /** Fields that mean a missing value (compared exactly, after no trimming). */
  public Set<String> missingTokens() {
    return missingTokens;
  }

  /** Column types that override inference, by column name. */
  public Map<String, ColumnType> types() {
    return types;
  }

  /** The label column's name, or {@code null} when the table has none. */
  public String label() {
    return label;
  }

  /** The largest file read, in bytes. */
  public long maxFileBytes() {
    return maxFileBytes;
  }

  /** The most data rows read. */
  public int maxRows() {
    return maxRows;
  }

  /** The most columns read (the label included). */
  public int maxColumns() {
    return maxColumns;
  }

  /** The most cells (data rows × columns) read. */
  public long maxCells() {
    return maxCells;
  }

  /** The longest field read, in chars. */
  public int maxFieldChars() {
    return maxFieldChars;
  }

  /** The longest record read, in chars (checked to within the parser's read-ahead of 8 KiB). */
  public int maxRecordChars() {
    return maxRecordChars;
  }

  /** The most distinct levels of a binary or categorical column. */
  public int maxLevels() {
    return maxLevels;
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.delimiter = delimiter;
    b.quote = quote;
    b.header = header;
    b.missingTokens = missingTokens;
    b.types = new LinkedHashMap<>(types);
    b.label = label;
    b.maxFileBytes = maxFileBytes;
    b.maxRows = maxRows;
    b.maxColumns = maxColumns;
    b.maxCells = maxCells;
    b.maxFieldChars = maxFieldChars;
    b.maxRecordChars = maxRecordChars;
    b.maxLevels = maxLevels;
    return b;
  }

  /** Builds {@link CsvOptions}; each setter checks its value at once. */
  public static final class Builder {
    private char delimiter = ',';
    private char quote = '"';
    private boolean header = true;
    private Set<String> missingTokens = Set.of("", "NA", "NaN");
    private Map<String, ColumnType> types = new LinkedHashMap<>();
    private String label;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private int maxRows = DEFAULT_MAX_ROWS;
    private int maxColumns = DEFAULT_MAX_COLUMNS;
    private long maxCells = DEFAULT_MAX_CELLS;
    private int maxFieldChars = DEFAULT_MAX_FIELD_CHARS;
    private int maxRecordChars = DEFAULT_MAX_RECORD_CHARS;
    private int maxLevels = DEFAULT_MAX_LEVELS;

    private Builder() {}

    /** The field delimiter; not a line break, and not the quote. */
    public Builder delimiter(char delimiter) {
      if (delimiter == '\n' || delimiter == '\r') {
        throw new IllegalArgumentException("delimiter must not be a line break, got "
            + (int) delimiter);
      }
      this.delimiter = delimiter;
      return this;
    }

    /** The quote character; not a line break. */
    public Builder quote(char quote) {
      if (quote == '\n' || quote == '\r') {
        throw new IllegalArgumentException("quote must not be a line break, got " + (int) quote);
      }
      this.quote = quote;
      return this;
    }

    /** Whether the first line holds the column names. */
    public Builder header(boolean header) {
      this.header = header;
      return this;
    }

    /** The fields that mean a missing value, replacing the default {@code "", NA, NaN}. */
    public Builder missingTokens(String... tokens) {
      Objects.requireNonNull(tokens, "tokens");
      this.missingTokens = Set.copyOf(List.of(tokens));
      return this;
    }

    /** Sets the type of column {@code name}, overriding inference. */
    public Builder type(String name, ColumnType type) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      types.put(name, type);
      return this;
    }

    /**
     * Sets the types of several columns, e.g. a preprocessing's {@code columnTypes()}, so that a
     * scoring file reads as the training file did.
     */
    public Builder types(Map<String, ColumnType> types) {
      Objects.requireNonNull(types, "types");
      types.forEach(this::type);
      return this;
    }

    /** The label (target) column, kept apart from the features; {@code null} for none. */
    public Builder label(String name) {
      this.label = name;
      return this;
    }

    /** The largest file read, in bytes; at least 1. */
    public Builder maxFileBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxFileBytes must be >= 1, got " + bytes);
      }
      this.maxFileBytes = bytes;
      return this;
    }

    /** The most data rows; at least 1. */
    public Builder maxRows(int rows) {
      this.maxRows = positive("maxRows", rows);
      return this;
    }

    /** The most columns; in [1, {@value org.vae4j.api.table.Table#MAX_COLUMNS}]. */
    public Builder maxColumns(int columns) {
      if (columns < 1 || columns > org.vae4j.api.table.Table.MAX_COLUMNS) {
        throw new IllegalArgumentException("maxColumns must be in [1, "
            + org.vae4j.api.table.Table.MAX_COLUMNS + "], got " + columns);
      }
      this.maxColumns = columns;
      return this;
    }

    /** The most cells (rows × columns); at least 1. */
    public Builder maxCells(long cells) {
      if (cells < 1) {
        throw new IllegalArgumentException("maxCells must be >= 1, got " + cells);
      }
      this.maxCells = cells;
      return this;
    }

    /** The longest field, in chars; in [1, {@value org.vae4j.api.table.Column#MAX_NAME_LENGTH}]. */
    public Builder maxFieldChars(int chars) {
      if (chars < 1 || chars > org.vae4j.api.table.Column.MAX_NAME_LENGTH) {
        throw new IllegalArgumentException("maxFieldChars must be in [1, "
            + org.vae4j.api.table.Column.MAX_NAME_LENGTH + "], got " + chars);
      }
      this.maxFieldChars = chars;
      return this;
    }

    /** The longest record, in chars; at least 1. */
    public Builder maxRecordChars(int chars) {
      this.maxRecordChars = positive("maxRecordChars", chars);
      return this;
    }

    /** The most distinct levels of a binary or categorical column; at least 2. */
    public Builder maxLevels(int levels) {
      if (levels < 2 || levels > org.vae4j.api.table.TablePreprocessing.MAX_WIDTH) {
        throw new IllegalArgumentException("maxLevels must be in [2, "
            + org.vae4j.api.table.TablePreprocessing.MAX_WIDTH + "], got " + levels);
      }
      this.maxLevels = levels;
      return this;
    }

    private static int positive(String field, int v) {
      if (v < 1) {
        throw new IllegalArgumentException(field + " must be >= 1, got " + v);
      }
      return v;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException when the delimiter equals the quote
     */
    public CsvOptions build() {
      if (delimiter == quote) {
        throw new IllegalArgumentException("delimiter and quote must differ, got " + delimiter
            + " for both");
      }
      return new CsvOptions(this);
    }
  }
}
