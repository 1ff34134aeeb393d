package org.vae4j.datasets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small image files written for tests: solid colours, noise, and hostile ones. */
final class TestImageFiles {

  private TestImageFiles() {}

  /** A {@code w x h} image of one colour {@code 0xRRGGBB}. */
  static BufferedImage solid(int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  /** A grey {@code w x h} image with every sample {@code level}. */
  static BufferedImage grey(int w, int h, int level) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.getRaster().setSample(x, y, 0, level);
      }
    }
    return img;
  }

  /** An RGB image of random pixels (does not compress: a truncated copy loses pixel data). */
  static BufferedImage noise(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    return img;
  }

  static Path write(BufferedImage img, String format, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    if (!ImageIO.write(img, format, file.toFile())) {
      throw new IOException("no writer for " + format);
    }
    return file;
  }

  static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  /**
   * A valid small PNG whose header claims {@code w x h} pixels (the IHDR chunk rewritten with its
   * CRC fixed): a decompression bomb's header.
   */
  static Path bombPng(Path file, int w, int h) throws IOException {
    byte[] png = encode(solid(4, 4, 0x102030), "png");
    ByteBuffer b = ByteBuffer.wrap(png);
    // signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), ... CRC after 13 bytes
    b.putInt(16, w);
    b.putInt(20, h);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    b.putInt(29, (int) crc.getValue());
    Files.createDirectories(file.getParent());
    return Files.write(file, png);
  }

  /** The first {@code fraction} of a noise image's file. */
  static Path truncated(String format, Path file, double fraction) throws IOException {
    byte[] full = encode(noise(48, 48, 9), format);
    byte[] part = java.util.Arrays.copyOf(full, (int) (full.length * fraction));
    Files.createDirectories(file.getParent());
    return Files.write(file, part);
  }
}
