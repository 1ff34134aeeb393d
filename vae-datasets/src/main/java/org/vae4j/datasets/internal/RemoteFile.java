package org.vae4j.datasets.internal;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A dataset file as declared by the library: its name, size in bytes ({@code -1} when unknown)
 * and lower-case hex SHA-256 ({@code null} when unknown).
 *
 * @param name file name, as on the mirrors
 * @param size size in bytes, or -1 when not declared
 * @param sha256 64 lower-case hex digits, or null when not declared
 */
public record RemoteFile(String name, long size, String sha256) {
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
    if (sha256 != null) {
      sha256 = sha256.toLowerCase(Locale.ROOT);
      if (!HEX64.matcher(sha256).matches()) {
        throw new IllegalArgumentException(
            "sha256 must be 64 hex digits, got \"" + sha256 + "\"");
      }
    }
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
