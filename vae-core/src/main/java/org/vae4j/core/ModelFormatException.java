package org.vae4j.core;

import java.io.IOException;

/**
 * A model file that cannot be loaded: not a model file, truncated or corrupt, an unknown format
 * version, a config that does not match its parameters, or a model of another kind than asked
 * for. The message names the file.
 */
public class ModelFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  /** With a message naming the file and the problem. */
  public ModelFormatException(String message) {
    super(message);
  }

  /** With a message naming the file and the problem, and its cause. */
  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
