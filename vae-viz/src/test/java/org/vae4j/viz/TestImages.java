package org.vae4j.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Helpers to read pictures back and compare pixels. */
final class TestImages {

  private TestImages() {}

  static BufferedImage read(Path file) throws IOException {
    BufferedImage img = ImageIO.read(file.toFile());
    if (img == null) {
      throw new IOException("not an image: " + file);
    }
    return img;
  }

  /** The sub-image at (x, y) of size w × h, as RGB values. */
  static int[] rgb(BufferedImage img, int x, int y, int w, int h) {
    return img.getRGB(x, y, w, h, null, 0, w);
  }

  /** Whether the region equals {@code tile} pixel for pixel (RGB, alpha ignored). */
  static boolean regionEquals(BufferedImage img, int x, int y, BufferedImage tile) {
    int[] a = rgb(img, x, y, tile.getWidth(), tile.getHeight());
    int[] b = rgb(tile, 0, 0, tile.getWidth(), tile.getHeight());
    for (int i = 0; i < a.length; i++) {
      if ((a[i] & 0xFFFFFF) != (b[i] & 0xFFFFFF)) {
        return false;
      }
    }
    return true;
  }

  /** Pixels in a region whose RGB equals {@code rgb} exactly. */
  static int count(BufferedImage img, int x0, int y0, int w, int h, int rgb) {
    int n = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == (rgb & 0xFFFFFF)) {
          n++;
        }
      }
    }
    return n;
  }

  /** Pixels in a region darker than mid-gray on every channel (text on a white margin). */
  static int dark(BufferedImage img, int x0, int y0, int w, int h) {
    int n = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        int c = img.getRGB(x, y);
        if (((c >> 16) & 0xFF) < 128 && ((c >> 8) & 0xFF) < 128 && (c & 0xFF) < 128) {
          n++;
        }
      }
    }
    return n;
  }

  /** Gray level of a pixel (red channel). */
  static int level(BufferedImage img, int x, int y) {
    return (img.getRGB(x, y) >> 16) & 0xFF;
  }

  /** Names of the files in a directory (to check that no temporary file was left). */
  static long fileCount(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }
}
