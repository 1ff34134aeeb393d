package org.vae4j.datasets;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.vae4j.datasets.internal.Resampler;

/**
 * Decodes one image file into {@code C x H x W} floats in [0, 1], with every bound checked before
 * the work it bounds: the file's size before it is read (and while it is read), the image's width
 * and height from its header before its pixels are decoded (at most 4 bytes a pixel are then
 * held while it is resized).
 */
final class ImageDecoding {

  /** The formats read, by ImageIO's format name. */
  static final Set<String> FORMATS = Set.of("png", "jpeg", "jpg", "bmp", "gif");

  private ImageDecoding() {}

  /** The target layout and the limits. */
  record Target(int channels, int height, int width, long maxFileBytes, long maxImagePixels) {
    int size() {
      return channels * height * width;
    }
  }

  /**
   * Decodes {@code file} (opened without following a symbolic link) into {@code dst} at {@code
   * offset}; errors name {@code shown}, the file as the user knows it.
   */
  static void decode(Path file, Path shown, Target t, float[] dst, int offset)
      throws ImageFileException {
    byte[] data = readBounded(file, shown, t.maxFileBytes());
    ImageInputStream iis = new MemoryCacheImageInputStream(new ByteArrayInputStream(data));
    ImageReader reader = readerFor(iis, shown);
    try {
      reader.setInput(iis, true, true);
      int w;
      int h;
      try {
        w = reader.getWidth(0);
        h = reader.getHeight(0);
      } catch (IOException | RuntimeException e) {
        throw new ImageFileException(shown, "has a corrupt " + format(reader) + " header: "
            + e.getMessage(), e);
      }
      long pixels = (long) w * h;
      if (w < 1 || h < 1 || pixels > t.maxImagePixels()) {
        throw new ImageFileException(shown, "is a " + w + " x " + h + " image (" + pixels
            + " pixels), its header says; images must have 1 to maxImagePixels = "
            + t.maxImagePixels() + " pixels (a larger one would take " + pixels * 4
            + " bytes to decode)");
      }
      ImageReadParam param = reader.getDefaultReadParam();
      List<String> warnings = new ArrayList<>();
      reader.addIIOReadWarningListener(new IIOReadWarningListener() {
        @Override
        public void warningOccurred(ImageReader source, String warning) {
          warnings.add(warning);
        }
      });
      BufferedImage img;
      try {
        img = reader.read(0, param);
      } catch (IOException | RuntimeException e) {
        throw new ImageFileException(shown, "is a corrupt, truncated or unsupported "
            + format(reader) + " image: " + e, e);
      }
      if (!warnings.isEmpty()) {
        throw new ImageFileException(shown, "is a corrupt, truncated or unsupported "
            + format(reader) + " image: " + warnings.get(0));
      }
      resample(img, t, dst, offset);
    } finally {
      reader.dispose();
    }
  }

  private static String format(ImageReader reader) {
    try {
      return reader.getFormatName().toUpperCase(Locale.ROOT);
    } catch (IOException e) {
      return "image";
    }
  }

  /** The file's bytes, refusing it once it holds more than {@code max}. */
  static byte[] readBounded(Path file, Path shown, long max) throws ImageFileException {
    try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS); InputStream in = Channels.newInputStream(ch)) {
      long size = ch.size();
      if (size > max) {
        throw new ImageFileException(shown, "has " + size + " bytes, more than maxFileBytes = "
            + max);
      }
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (data.length > max) {
        throw new ImageFileException(shown, "grew past maxFileBytes = " + max
            + " bytes while it was read");
      }
      if (data.length == 0) {
        throw new ImageFileException(shown, "is empty (0 bytes)");
      }
      return data;
    } catch (ImageFileException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageFileException(shown, "cannot be read: " + e, e);
    }
  }

  private static ImageReader readerFor(ImageInputStream iis, Path shown)
      throws ImageFileException {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
    List<String> others = new ArrayList<>();
    while (readers.hasNext()) {
      ImageReader r = readers.next();
      String name = format(r).toLowerCase(Locale.ROOT);
      if (FORMATS.contains(name)) {
        return r;
      }
      others.add(name);
      r.dispose();
    }
    throw new ImageFileException(shown, "is not a PNG, JPEG, BMP or GIF image"
        + (others.isEmpty() ? " (no image reader recognises its content)"
            : " (its content is " + String.join(" or ", others) + ")"));
  }

  /**
   * Resizes, centre-crops and converts {@code img} into {@code dst} at {@code offset}, one source
   * row at a time. Transparency is composited over white; grey from colour is the luma {@code
   * 0.299 R + 0.587 G + 0.114 B}. A grey image's samples are taken as they are stored (not
   * converted through Java's linear grey colour space, which would brighten them).
   */
  static void resample(BufferedImage img, Target t, float[] dst, int offset) {
    int w = img.getWidth();
    int h = img.getHeight();
    int channels = t.channels();
    Resampler.Plan plan = new Resampler.Plan(h, w, t.height(), t.width());
    float[][] rows = new float[channels][];
    float[][] row = new float[channels][w];
    for (int c = 0; c < channels; c++) {
      rows[c] = plan.newRows();
    }
    ColorModel cm = img.getColorModel();
    Raster raster = img.getRaster();
    int bands = raster.getNumBands();
    boolean grey = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && !(cm instanceof IndexColorModel) && (bands == 1 || bands == 2);
    int[] a = new int[w];
    int[] g = new int[w];
    for (int y = plan.rowFrom(); y < plan.rowTo(); y++) {
      if (grey) {
        double max = (1L << cm.getComponentSize(0)) - 1;
        double amax = bands == 2 ? (1L << cm.getComponentSize(1)) - 1 : 1;
        raster.getSamples(0, y, w, 1, 0, g);
        if (bands == 2) {
          raster.getSamples(0, y, w, 1, 1, a);
        }
        for (int x = 0; x < w; x++) {
          double v = g[x] / max;
          if (bands == 2) {
            double alpha = a[x] / amax;
            v = v * alpha + (1 - alpha);
          }
          for (int c = 0; c < channels; c++) {
            row[c][x] = (float) v;
          }
        }
      } else {
        img.getRGB(0, y, w, 1, g, 0, w);
        for (int x = 0; x < w; x++) {
          int p = g[x];
          double alpha = ((p >>> 24) & 0xFF) / 255.0;
          double r = ((p >> 16) & 0xFF) / 255.0 * alpha + (1 - alpha);
          double gr = ((p >> 8) & 0xFF) / 255.0 * alpha + (1 - alpha);
          double b = (p & 0xFF) / 255.0 * alpha + (1 - alpha);
          if (channels == 3) {
            row[0][x] = (float) r;
            row[1][x] = (float) gr;
            row[2][x] = (float) b;
          } else {
            row[0][x] = (float) (0.299 * r + 0.587 * gr + 0.114 * b);
          }
        }
      }
      for (int c = 0; c < channels; c++) {
        plan.horizontal(row[c], y, rows[c]);
      }
    }
    int plane = t.height() * t.width();
    for (int c = 0; c < channels; c++) {
      plan.vertical(rows[c], dst, offset + c * plane);
    }
  }
}
