package org.vae4j.datasets;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A table file that cannot be read: malformed, beyond a limit of {@link CsvOptions}, or a value
 * that does not fit its column's type. The message starts with the file, then the line (1-based,
 * where a record begins) and the column when the problem has them.
 */
public class TableFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;
  private final String column;

  /** A problem with {@code file} as a whole ({@code line} 0, no column). */
  public TableFormatException(Path file, String problem) {
    this(file, 0, null, problem, null);
  }

  /**
   * A problem at {@code line} (1-based; 0 for none) and {@code column} ({@code null} for none);
   * the message is {@code file: line L, column "c": problem}.
   */
  public TableFormatException(Path file, long line, String column, String problem,
      Throwable cause) {
    super(file + ": " + (line > 0 ? "line " + line + ", " : "")
        + (column != null ? "column \"" + column + "\": " : "") + problem, cause);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The 1-based line where the offending record begins, or 0 when the problem has no line. */
  public long line() {
    return line;
  }

  /** The offending column's name, or {@code null} when the problem is not about one column. */
  public String column() {
    return column;
  }
}
