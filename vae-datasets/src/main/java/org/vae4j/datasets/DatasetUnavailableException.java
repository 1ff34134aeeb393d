package org.vae4j.datasets;

import java.io.IOException;

/**
 * Dataset files that are neither present nor downloadable. The message says which file names are
 * expected and in which directory to place them by hand.
 */
public class DatasetUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message for the user. */
  public DatasetUnavailableException(String message) {
    super(message);
  }

  /** Creates the exception with a message for the user and the underlying failure. */
  public DatasetUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
