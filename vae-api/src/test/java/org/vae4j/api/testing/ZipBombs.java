package org.vae4j.api.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds zip files at test time (in a temporary directory, never committed) whose entries inflate
 * to far more than the file holds: each entry is some real bytes followed by a run of zeros. The
 * deflate stream is written by hand in a few milliseconds: one full-flushed deflate block of 1 MiB
 * of zeros references nothing before it, so the same bytes repeated inflate to 1 MiB each (2 GiB
 * from about 2 MB of file). The central directory either declares the true inflated size or lies
 * (declares only the real bytes), as a hostile file would. Shared through vae-api's test jar by
 * the reliability tests of vae-core and vae-samples.
 */
public final class ZipBombs {

  private static final int MIB = 1 << 20;

  /**
   * One entry.
   *
   * @param name entry name
   * @param prefix the real bytes at the start
   * @param zeroMib how many MiB of zeros follow
   * @param honestSize declare the true inflated size (else only the prefix's length)
   */
  public record Entry(String name, byte[] prefix, int zeroMib, boolean honestSize) {
    public static Entry plain(String name, byte[] content) {
      return new Entry(name, content, 0, true);
    }

    public static Entry plain(String name, String content) {
      return plain(name, content.getBytes(StandardCharsets.UTF_8));
    }
  }

  private ZipBombs() {}

  /** Writes {@code entries} as a zip file to {@code file}; returns the file. */
  public static Path write(Path file, List<Entry> entries) throws IOException {
    byte[] zeroBlock = flushedBlock(new byte[MIB]);
    byte[] end = finalBlock();
    List<long[]> central = new ArrayList<>();
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      long offset = 0;
      for (Entry e : entries) {
        byte[] head = flushedBlock(e.prefix());
        CRC32 crc = new CRC32();
        crc.update(e.prefix());
        byte[] zeros = new byte[MIB];
        for (int i = 0; i < e.zeroMib(); i++) {
          crc.update(zeros);
        }
        long compressed = head.length + (long) zeroBlock.length * e.zeroMib() + end.length;
        long inflated = e.prefix().length + (long) MIB * e.zeroMib();
        long declared = e.honestSize() ? inflated : e.prefix().length;
        byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
        byte[] local = header(0x04034b50, false, name, crc.getValue(), compressed, declared, 0);
        out.write(local);
        out.write(head);
        for (int i = 0; i < e.zeroMib(); i++) {
          out.write(zeroBlock);
        }
        out.write(end);
        central.add(new long[] {offset, crc.getValue(), compressed, declared});
        offset += local.length + compressed;
      }
      long cdStart = offset;
      long cdSize = 0;
      for (int i = 0; i < entries.size(); i++) {
        long[] c = central.get(i);
        byte[] name = entries.get(i).name().getBytes(StandardCharsets.UTF_8);
        byte[] h = header(0x02014b50, true, name, c[1], c[2], c[3], c[0]);
        out.write(h);
        cdSize += h.length;
      }
      ByteBuffer eocd = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
      eocd.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
          .putShort((short) entries.size()).putShort((short) entries.size())
          .putInt((int) cdSize).putInt((int) cdStart).putShort((short) 0);
      out.write(eocd.array());
    }
    return file;
  }

  private static byte[] header(int signature, boolean central, byte[] name, long crc,
      long compressed, long inflated, long offset) {
    ByteBuffer b = ByteBuffer.allocate((central ? 46 : 30) + name.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(signature);
    if (central) {
      b.putShort((short) 20);
    }
    b.putShort((short) 20).putShort((short) 0).putShort((short) 8)
        .putShort((short) 0).putShort((short) 0x21)
        .putInt((int) crc).putInt((int) compressed).putInt((int) inflated)
        .putShort((short) name.length).putShort((short) 0);
    if (central) {
      b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offset);
    }
    b.put(name);
    return b.array();
  }

  /** Raw deflate of {@code data} ending with a full flush: self-contained, not final. */
  private static byte[] flushedBlock(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      d.setInput(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      int n;
      do {
        n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
        out.write(buf, 0, n);
      } while (n == buf.length);
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  /** An empty final deflate block. */
  private static byte[] finalBlock() {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      d.finish();
      byte[] buf = new byte[64];
      int n = d.deflate(buf);
      return java.util.Arrays.copyOf(buf, n);
    } finally {
      d.end();
    }
  }
}
