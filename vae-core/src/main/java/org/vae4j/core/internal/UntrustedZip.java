package org.vae4j.core.internal;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.vae4j.core.ModelFormatException;

/**
 * A zip file that may be hostile (a model file or a checkpoint from anywhere), read with a bound
 * on every entry's inflated size: an entry that declares more, or inflates to more while it is
 * read, is refused with a {@link ModelFormatException} naming the file, the entry and the bound,
 * after reading at most the bound plus one byte. Nothing is read with {@code readAllBytes}. The
 * idea is the one of safetensors' header: a reader decides how much it will accept before it
 * reads, not after.
 */
public final class UntrustedZip implements AutoCloseable {

  private final Path file;
  private final ZipFile zip;

  private UntrustedZip(Path file, ZipFile zip) {
    this.file = file;
    this.zip = zip;
  }

  /**
   * Opens {@code file}.
   *
   * @param notAZip the start of the message when the file is not a readable zip, e.g. {@code "not
   *     a vae4j model file"}; the file name and the zip error are added
   * @throws ModelFormatException naming the file when it is not a readable zip
   */
  public static UntrustedZip open(Path file, String notAZip) throws IOException {
    try {
      return new UntrustedZip(file, new ZipFile(file.toFile()));
    } catch (ZipException e) {
      throw new ModelFormatException(
          file + ": " + notAZip + ", or truncated or corrupt (" + e.getMessage() + ")", e);
    }
  }

  /** The file, for messages. */
  public Path file() {
    return file;
  }

  /** True when the zip has an entry {@code name}. */
  public boolean has(String name) {
    return zip.getEntry(name) != null;
  }

  /**
   * The inflated bytes of entry {@code name}, at most {@code maxBytes} of them.
   *
   * @param missing the message (after the file name) when the entry is absent
   * @throws ModelFormatException naming the file and the entry when it is missing, larger than
   *     {@code maxBytes}, truncated or corrupt
   */
  public byte[] bytes(String name, int maxBytes, String missing) throws IOException {
    try (InputStream in = stream(name, maxBytes, missing)) {
      byte[] buffer = new byte[(int) Math.min(maxBytes, Math.max(0, entry(name, missing).getSize()))
          + 1];
      int n = 0;
      while (true) {
        if (n == buffer.length) {
          buffer = java.util.Arrays.copyOf(buffer, (int) Math.min((long) maxBytes + 1, 2L * n + 16));
        }
        int r = in.read(buffer, n, buffer.length - n);
        if (r < 0) {
          return java.util.Arrays.copyOf(buffer, n);
        }
        n += r;
      }
    }
  }

  /** As {@link #bytes}, decoded as UTF-8. */
  public String text(String name, int maxBytes, String missing) throws IOException {
    return new String(bytes(name, maxBytes, missing), StandardCharsets.UTF_8);
  }

  /**
   * A stream over the inflated bytes of entry {@code name} that throws a {@link
   * ModelFormatException} naming the file, the entry and the bound as soon as more than {@code
   * maxBytes} are read, and turns zip errors into one naming the file and the entry. The caller
   * closes it.
   */
  public InputStream stream(String name, long maxBytes, String missing) throws IOException {
    ZipEntry e = entry(name, missing);
    if (e.getSize() > maxBytes) {
      throw tooLarge(name, maxBytes, e.getSize() + " (its declared size)");
    }
    return new Bounded(zip.getInputStream(e), name, maxBytes);
  }

  private ZipEntry entry(String name, String missing) throws ModelFormatException {
    ZipEntry e = zip.getEntry(name);
    if (e == null || e.isDirectory()) {
      throw new ModelFormatException(file + ": " + missing);
    }
    return e;
  }

  private ModelFormatException tooLarge(String name, long maxBytes, String got) {
    return new ModelFormatException(file + ": entry " + name + " must inflate to at most "
        + maxBytes + " bytes, got " + got);
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }

  /** Counts inflated bytes and stops at the bound. */
  private final class Bounded extends FilterInputStream {
    private final String name;
    private final long max;
    private long count;

    Bounded(InputStream in, String name, long max) {
      super(in);
      this.name = name;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      try {
        if (count >= max) {
          if (super.read() < 0) {
            return -1;
          }
          throw tooLarge(name, max, "more while inflating");
        }
        int n = super.read(b, off, (int) Math.min(len, max - count));
        if (n > 0) {
          count += n;
        }
        return n;
      } catch (ZipException | EOFException ex) {
        throw new ModelFormatException(file + ": entry " + name + " is truncated or corrupt ("
            + ex.getMessage() + ")", ex);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      if (n <= 0) {
        return 0;
      }
      int chunk = (int) Math.min(n, 8192);
      return Math.max(0, read(new byte[chunk], 0, chunk));
    }

    @Override
    public int available() {
      return 0;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
