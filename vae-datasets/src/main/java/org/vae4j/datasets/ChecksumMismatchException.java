package org.vae4j.datasets;

import java.io.IOException;

/**
 * A downloaded or cached file whose size or SHA-256 differs from the declared one. The message
 * names the file, the expected and the actual value.
 */
public class ChecksumMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final String expected;
  private final String actual;

  /**
   * Creates the exception.
   *
   * @param fileName the file's name
   * @param source where the bytes came from (a URL or a cache path)
   * @param what what was compared, for example {@code "SHA-256"} or {@code "size"}
   * @param expected the declared value
   * @param actual the value found
   */
  public ChecksumMismatchException(String fileName, String source, String what, String expected,
      String actual) {
    super(fileName + " from " + source + ": " + what + " mismatch, expected " + expected
        + ", got " + actual);
    this.fileName = fileName;
    this.expected = expected;
    this.actual = actual;
  }

  /** The file's name. */
  public String fileName() {
    return fileName;
  }

  /** The declared value. */
  public String expected() {
    return expected;
  }

  /** The value found. */
  public String actual() {
    return actual;
  }
}
