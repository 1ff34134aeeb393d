package org.vae4j.datasets.internal;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A dataset file as declared by the library: its name, size in bytes ({@code -1} when unknown),
 * lower-case hex SHA-256 ({@code null} when unknown) and the most bytes a download may bring
 * ({@code maxSize}): the size when it is declared, else a declared upper bound. Every file has
 * one; a download is cut off there.
 *
 * @param name file name, as on the mirrors
 * @param size size in bytes, or -1 when not declared
 * @param sha256 64 lower-case hex digits, or null when not declared
 * @param maxSize the most bytes accepted: {@code size} when declared, else at least 1
 */
public record RemoteFile(String name, long size, String sha256, long maxSize) {
  /**
   * The bound of a file declared with neither size nor bound of its own: 64 MiB, above every file
   * of the MNIST family (the largest, the training images, is 47 MB uncompressed).
   */
  public static final long DEFAULT_MAX_SIZE = 64L << 20;

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** Validates the declaration. */
  public RemoteFile {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.contains("/") || name.contains("\\")) {
      throw new IllegalArgumentException("name must be a plain file name, got \"" + name + "\"");
    }
    if (size < -1) {
      throw new IllegalArgumentException("size must be >= 0 or -1 (unknown), got " + size);
    }
    if (size >= 0 && maxSize != size) {
      throw new IllegalArgumentException(
          "maxSize must equal the declared size " + size + ", got " + maxSize);
    }
    if (maxSize < 1 && size < 0) {
      throw new IllegalArgumentException("maxSize must be >= 1, got " + maxSize);
    }
    if (sha256 != null) {
      sha256 = sha256.toLowerCase(Locale.ROOT);
      if (!HEX64.matcher(sha256).matches()) {
        throw new IllegalArgumentException(
            "sha256 must be 64 hex digits, got \"" + sha256 + "\"");
      }
    }
  }

  /**
   * A file of declared {@code size} (its bound), or of unknown size ({@code -1}) bounded by
   * {@link #DEFAULT_MAX_SIZE}.
   */
  public RemoteFile(String name, long size, String sha256) {
    this(name, size, sha256, size >= 0 ? size : DEFAULT_MAX_SIZE);
  }

  /** A file of unknown size that may bring at most {@code maxSize} bytes. */
  public static RemoteFile bounded(String name, long maxSize, String sha256) {
    return new RemoteFile(name, -1, sha256, maxSize);
  }

  /** True when a size is declared. */
  public boolean hasSize() {
    return size >= 0;
  }

  /** True when a SHA-256 is declared. */
  public boolean hasSha256() {
    return sha256 != null;
  }
}
