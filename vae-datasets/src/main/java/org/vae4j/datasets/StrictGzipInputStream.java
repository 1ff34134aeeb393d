package org.vae4j.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * A gzip decoder that, unlike {@link java.util.zip.GZIPInputStream}, rejects bytes after the last
 * member that are not another gzip member: such trailing garbage throws {@link ZipException}
 * instead of being silently ignored. Concatenated members are read as one stream; each member's
 * CRC-32 and length are checked.
 */
final class StrictGzipInputStream extends InputStream {
  private static final int BUFFER = 1 << 16;

  private final PushbackInputStream in;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] buffer = new byte[BUFFER];
  private int lastInput;
  private long memberBytes;
  private boolean eof;

  StrictGzipInputStream(InputStream in) throws IOException {
    this.in = new PushbackInputStream(in, BUFFER);
    readHeader();
  }

  private void readHeader() throws IOException {
    int id1 = readByte();
    int id2 = readByte();
    if (id1 != 0x1f || id2 != 0x8b) {
      throw new ZipException(String.format("not a gzip member: bytes %02x %02x", id1, id2));
    }
    int method = readByte();
    if (method != 8) {
      throw new ZipException("unsupported gzip compression method " + method);
    }
    int flags = readByte();
    skip(6);
    if ((flags & 4) != 0) {
      skip(readByte() | (readByte() << 8));
    }
    if ((flags & 8) != 0) {
      while (readByte() != 0) {
        // file name
      }
    }
    if ((flags & 16) != 0) {
      while (readByte() != 0) {
        // comment
      }
    }
    if ((flags & 2) != 0) {
      skip(2);
    }
    inflater.reset();
    crc.reset();
    memberBytes = 0;
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("unexpected end of gzip stream");
    }
    return b;
  }

  private void skip(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      readByte();
    }
  }

  private long readIntLe() throws IOException {
    return readByte() | (readByte() << 8) | (readByte() << 16) | ((long) readByte() << 24);
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
    while (!eof) {
      if (inflater.finished()) {
        finishMember();
        continue;
      }
      if (inflater.needsInput()) {
        lastInput = in.read(buffer, 0, BUFFER);
        if (lastInput < 0) {
          throw new EOFException("unexpected end of gzip stream");
        }
        inflater.setInput(buffer, 0, lastInput);
      }
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new ZipException("invalid deflate data: " + e.getMessage());
      }
      if (n > 0) {
        crc.update(b, off, n);
        memberBytes += n;
        return n;
      }
      if (inflater.needsDictionary()) {
        throw new ZipException("deflate stream needs a preset dictionary");
      }
    }
    return -1;
  }

  private void finishMember() throws IOException {
    int remaining = inflater.getRemaining();
    if (remaining > 0) {
      in.unread(buffer, lastInput - remaining, remaining);
    }
    long storedCrc = readIntLe();
    long storedSize = readIntLe();
    if (storedCrc != crc.getValue()) {
      throw new ZipException(String.format("gzip CRC-32 mismatch: stored %08x, computed %08x",
          storedCrc, crc.getValue()));
    }
    if (storedSize != (memberBytes & 0xFFFFFFFFL)) {
      throw new ZipException("gzip length mismatch: stored " + storedSize + ", decompressed "
          + memberBytes);
    }
    int next = in.read();
    if (next < 0) {
      eof = true;
      return;
    }
    int second = in.read();
    if (next == 0x1f && second == 0x8b) {
      in.unread(second);
      in.unread(next);
      readHeader();
      return;
    }
    long extra = 1 + (second < 0 ? 0 : 1);
    while (in.read() >= 0) {
      extra++;
    }
    throw new ZipException("trailing garbage: " + extra + " bytes after the end of the gzip stream");
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }
}
