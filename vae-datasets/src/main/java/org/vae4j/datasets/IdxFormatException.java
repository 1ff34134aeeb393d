package org.vae4j.datasets;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a valid IDX file, or whose content breaks a dataset's rules. */
public class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** Creates an exception for {@code file}; the message is prefixed with the file name. */
  public IdxFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** Creates an exception for {@code file} with the low-level cause. */
  public IdxFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }
}
