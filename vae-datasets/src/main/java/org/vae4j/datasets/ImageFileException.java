package org.vae4j.datasets;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image file of an {@link ImageFolder} that cannot be used: unreadable, corrupt or truncated,
 * of a format other than PNG, JPEG, BMP or GIF, larger than a limit, or outside the folder. The
 * message starts with the file.
 */
public class ImageFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** Creates an exception for {@code file}; the message is prefixed with the file name. */
  public ImageFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** Creates an exception for {@code file} with the low-level cause. */
  public ImageFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }
}
