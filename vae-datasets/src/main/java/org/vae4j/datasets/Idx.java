package org.vae4j.datasets;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.vae4j.api.io.AtomicFiles;

/**
 * Reads and writes IDX files (the MNIST file format): a magic number {@code 00 00 type ndims}, then
 * {@code ndims} big-endian 32-bit sizes, then the elements, big-endian, row-major. Files may be
 * gzip-compressed; compression is detected from the content (bytes {@code 1f 8b}), never from the
 * file name.
 *
 * <p>Reading is strict: an empty file, a wrong or unknown magic number, dimensions whose product
 * overflows or exceeds the file, truncated data, trailing bytes and corrupt gzip streams all throw
 * {@link IdxFormatException} naming the file, and so do bytes after the end of a gzip stream
 * that are not another gzip member. Nothing is padded or cut.
 */
public final class Idx {
  private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private Idx() {}

  /**
   * Reads a whole IDX file, plain or gzip-compressed.
   *
   * @throws NoSuchFileException when the file does not exist
   * @throws IdxFormatException when the content is not a valid IDX file
   */
  public static IdxArray read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    long fileSize = Files.size(file);
    if (fileSize == 0) {
      throw new IdxFormatException(file, "file is empty, expected an IDX header");
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      boolean gzip = b0 == 0x1f && b1 == 0x8b;
      if (gzip) {
        try (InputStream in = new BufferedInputStream(new StrictGzipInputStream(raw), 1 << 16)) {
          return parse(file, in, -1);
        } catch (ZipException | EOFException e) {
          throw new IdxFormatException(file, "corrupt gzip stream (" + e.getMessage() + ")", e);
        }
      }
      return parse(file, raw, fileSize);
    }
  }

  /**
   * Parses an IDX stream. {@code size} is the byte count of the stream when known (plain files),
   * or -1 (gzip), in which case truncation is found while reading.
   */
  private static IdxArray parse(Path file, InputStream in, long size) throws IOException {
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4) {
      throw new IdxFormatException(file,
          "truncated header: expected 4 magic bytes, got " + magic.length);
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new IdxFormatException(file, String.format(
          "wrong magic number 0x%02x%02x%02x%02x: IDX files start with 00 00",
          magic[0], magic[1], magic[2], magic[3]));
    }
    IdxType type = IdxType.fromCode(magic[2] & 0xFF);
    if (type == null) {
      throw new IdxFormatException(file, String.format(
          "unknown element type 0x%02x in the magic number, expected one of 08, 09, 0b, 0c, 0d, 0e",
          magic[2] & 0xFF));
    }
    int ndims = magic[3] & 0xFF;
    if (ndims == 0) {
      throw new IdxFormatException(file, "dimension count must be at least 1, got 0");
    }
    byte[] header = in.readNBytes(4 * ndims);
    if (header.length < 4 * ndims) {
      throw new IdxFormatException(file, "truncated header: " + ndims + " dimensions need "
          + 4 * ndims + " bytes of sizes, got " + header.length);
    }
    int[] dims = new int[ndims];
    long elements = 1;
    boolean overflow = false;
    for (int i = 0; i < ndims; i++) {
      long d = ((header[4 * i] & 0xFFL) << 24) | ((header[4 * i + 1] & 0xFFL) << 16)
          | ((header[4 * i + 2] & 0xFFL) << 8) | (header[4 * i + 3] & 0xFFL);
      if (d > Integer.MAX_VALUE) {
        overflow = true;
      }
      dims[i] = (int) Math.min(d, Integer.MAX_VALUE);
      if (!overflow) {
        elements *= d;
        overflow = elements > MAX_ELEMENTS;
      }
    }
    String dimText = Arrays.toString(dims);
    if (overflow) {
      throw new IdxFormatException(file,
          "header dimensions " + dimText + " overflow: their product exceeds " + MAX_ELEMENTS);
    }
    long dataBytes = elements * type.bytes();
    if (dataBytes > MAX_ELEMENTS) {
      throw new IdxFormatException(file, "header dimensions " + dimText + " of " + type
          + " need " + dataBytes + " bytes, more than one array can hold");
    }
    long headerBytes = 4L + 4L * ndims;
    if (size >= 0 && headerBytes + dataBytes > size) {
      throw new IdxFormatException(file, "truncated data: header dimensions " + dimText + " of "
          + type + " need " + dataBytes + " bytes of data, the file holds "
          + (size - headerBytes));
    }
    byte[] data = in.readNBytes((int) dataBytes);
    if (data.length < dataBytes) {
      throw new IdxFormatException(file, "truncated data: header dimensions " + dimText + " of "
          + type + " need " + dataBytes + " bytes of data, got " + data.length);
    }
    byte[] rest = in.readNBytes(1 << 12);
    if (rest.length > 0) {
      long extra = rest.length;
      while (in.read() != -1) {
        extra++;
      }
      throw new IdxFormatException(file, "trailing garbage: " + extra
          + " bytes after the " + dataBytes + " bytes of data declared by " + dimText);
    }
    return IdxArray.wrap(type, dims, (int) elements, data);
  }

  /**
   * Writes {@code array} to {@code file} atomically (temporary file + rename), gzip-compressed when
   * {@code gzip} is true. Parent directories are created.
   */
  public static void write(Path file, IdxArray array, boolean gzip) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(array, "array");
    AtomicFiles.write(file, out -> {
      if (gzip) {
        GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16);
        writeTo(z, array);
        z.finish();
      } else {
        writeTo(out, array);
      }
    });
  }

  /** Writes the IDX encoding of {@code array} to a stream, which is flushed but not closed. */
  public static void writeTo(OutputStream out, IdxArray array) throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
    int[] dims = array.dims();
    buffered.write(new byte[] {0, 0, (byte) array.type().code(), (byte) dims.length});
    for (int d : dims) {
      buffered.write(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
    }
    buffered.write(array.rawData());
    buffered.flush();
  }
}
