package org.vae4j.viz;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one place where arrays become pixels. A batch {@code [n, C, H, W]} (or {@code [n, H, W]},
 * or {@code [n, D]} with an image shape) becomes {@code n} RGB tiles.
 *
 * <p>Value policy: every value must be finite (NaN and infinity are rejected with an {@link
 * IllegalArgumentException} naming the argument, the example and the position); finite values are
 * clipped to [0, 1] and mapped to {@code round(255 * v)}. Grayscale (C = 1) tiles have equal red,
 * green and blue.
 */
final class Pixels {

  private Pixels() {}

  /** The layout of one image: channels (1 or 3), height and width. */
  record ImageShape(int channels, int height, int width) {

    int size() {
      return channels * height * width;
    }

    long[] toArray() {
      return new long[] {channels, height, width};
    }

    @Override
    public String toString() {
      return "[" + channels + ", " + height + ", " + width + "]";
    }
  }

  /**
   * Interprets a data shape as an image: {@code [C, H, W]} with C in {1, 3}, {@code [H, W]}
   * (grayscale) or {@code [D]} with D a perfect square (a flattened square grayscale image).
   */
  static ImageShape imageShape(long[] dataShape, String argName) {
    Objects.requireNonNull(dataShape, argName);
    for (long d : dataShape) {
      if (d < 1 || d > 1 << 16) {
        throw new IllegalArgumentException(
            argName + " must have sizes in [1, 65536], got " + Arrays.toString(dataShape));
      }
    }
    if (dataShape.length == 2 || dataShape.length == 3) {
      long h = dataShape[dataShape.length - 2];
      long w = dataShape[dataShape.length - 1];
      if (h * w > Canvas.MAX_PIXELS) { // both at most 2^16: no overflow
        throw new IllegalArgumentException(argName + " must have at most " + Canvas.MAX_PIXELS
            + " pixels per image, got " + Arrays.toString(dataShape));
      }
    }
    switch (dataShape.length) {
      case 3 -> {
        if (dataShape[0] != 1 && dataShape[0] != 3) {
          throw new IllegalArgumentException(
              argName + " must have 1 (grayscale) or 3 (RGB) channels in [C, H, W], got "
                  + Arrays.toString(dataShape));
        }
        return new ImageShape((int) dataShape[0], (int) dataShape[1], (int) dataShape[2]);
      }
      case 2 -> {
        return new ImageShape(1, (int) dataShape[0], (int) dataShape[1]);
      }
      case 1 -> {
        long side = Math.round(Math.sqrt(dataShape[0]));
        if (side * side != dataShape[0]) {
          throw new IllegalArgumentException(
              argName + " [D] must have D a perfect square to be drawn as an image (or give [C, H, W]), got "
                  + Arrays.toString(dataShape));
        }
        return new ImageShape(1, (int) side, (int) side);
      }
      default -> throw new IllegalArgumentException(
          argName + " must be [C, H, W], [H, W] or [D], got " + Arrays.toString(dataShape));
    }
  }

  /**
   * The image shape of a batch: given explicitly, or taken from the batch's own shape without the
   * first dimension.
   */
  static ImageShape shapeOfBatch(INDArray batch, long[] explicitShape, String argName) {
    Objects.requireNonNull(batch, argName);
    if (explicitShape != null) {
      return imageShape(explicitShape, "imageShape");
    }
    if (batch.rank() < 2) {
      throw new IllegalArgumentException(
          argName + " must be a batch [n, C, H, W], [n, H, W] or [n, D], got shape "
              + Arrays.toString(batch.shape()));
    }
    return imageShape(Arrays.copyOfRange(batch.shape(), 1, batch.rank()), argName + " image shape");
  }

  /**
   * Converts a batch into tiles. The batch's size past the first dimension must equal {@code
   * shape.size()}; the batch must not be empty.
   */
  static BufferedImage[] tiles(INDArray batch, ImageShape shape, String argName) {
    Objects.requireNonNull(batch, argName);
    if (batch.rank() < 2 || batch.size(0) < 1) {
      throw new IllegalArgumentException(
          argName + " must be a non-empty batch [n, ...], got shape " + Arrays.toString(batch.shape()));
    }
    long n = batch.size(0);
    long per = batch.length() / n;
    if (per != shape.size()) {
      throw new IllegalArgumentException(
          argName + " must hold images of shape " + shape + " (" + shape.size()
              + " values each), got shape " + Arrays.toString(batch.shape()));
    }
    if (n > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException(argName + " has too many images to draw: " + n);
    }
    double[][] rows =
        batch.castTo(DataType.DOUBLE).reshape('c', n, per).toDoubleMatrix();
    BufferedImage[] out = new BufferedImage[(int) n];
    for (int i = 0; i < n; i++) {
      out[i] = tile(rows[i], shape, argName, i);
    }
    return out;
  }

  /** One image from its values in C, H, W order. */
  static BufferedImage tile(double[] values, ImageShape shape, String argName, int index) {
    int h = shape.height();
    int w = shape.width();
    int plane = h * w;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = y * w + x;
        int r = level(values, p, argName, index, shape);
        int g = r;
        int b = r;
        if (shape.channels() == 3) {
          g = level(values, plane + p, argName, index, shape);
          b = level(values, 2 * plane + p, argName, index, shape);
        }
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return img;
  }

  /** The 8-bit level of one value under the clipping policy. */
  static int toLevel(double v) {
    double c = v < 0 ? 0 : (v > 1 ? 1 : v);
    return (int) Math.round(c * 255.0);
  }

  private static int level(double[] values, int i, String argName, int index, ImageShape shape) {
    double v = values[i];
    if (!Double.isFinite(v)) {
      int plane = shape.height() * shape.width();
      int c = i / plane;
      int y = (i % plane) / shape.width();
      int x = i % shape.width();
      throw new IllegalArgumentException(
          argName + " must hold finite pixel values, got " + v + " in image " + index
              + " at [c=" + c + ", y=" + y + ", x=" + x + "]");
    }
    return toLevel(v);
  }

  /** Nearest-neighbour upscale by an integer factor (returns {@code img} itself for 1). */
  static BufferedImage upscale(BufferedImage img, int factor) {
    checkScale(factor);
    if (factor == 1) {
      return img;
    }
    int w = img.getWidth();
    int h = img.getHeight();
    BufferedImage out = new BufferedImage(w * factor, h * factor, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h * factor; y++) {
      for (int x = 0; x < w * factor; x++) {
        out.setRGB(x, y, img.getRGB(x / factor, y / factor));
      }
    }
    return out;
  }

  /** Upscales every tile. */
  static BufferedImage[] upscaleAll(BufferedImage[] tiles, int factor) {
    BufferedImage[] out = new BufferedImage[tiles.length];
    for (int i = 0; i < tiles.length; i++) {
      out[i] = upscale(tiles[i], factor);
    }
    return out;
  }

  /** Checks an upscale factor: 1 to 64. */
  static int checkScale(int factor) {
    if (factor < 1 || factor > 64) {
      throw new IllegalArgumentException("scale must be in [1, 64], got " + factor);
    }
    return factor;
  }
}
