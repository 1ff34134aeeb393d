package org.vae4j.viz;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.ConditionalDecoder;
import org.vae4j.api.LatentDecoder;
import org.vae4j.api.internal.DiagonalGaussian;

/** Shared checks and calls for renderers that decode latent vectors into tiles. */
final class Decoding {

  private Decoding() {}

  /** Decodes the rows of {@code z} and converts the result into tiles. */
  static BufferedImage[] decode(LatentDecoder decoder, double[][] z) {
    Pixels.ImageShape shape = Pixels.imageShape(decoder.dataShape(), "decoder.dataShape()");
    return Pixels.tiles(decodeArray(decoder, z), shape, "decoded images");
  }

  /** Decodes the rows of {@code z}, checking that the decoder returned one example per row. */
  static INDArray decodeArray(LatentDecoder decoder, double[][] z) {
    return checkOutput(decoder.decode(latents(z)), z.length, decoder.dataShape());
  }

  /** Decodes the rows of {@code z}, each with its class label, and converts the result into tiles. */
  static BufferedImage[] decode(ConditionalDecoder decoder, double[][] z, int[] labels) {
    Pixels.ImageShape shape = Pixels.imageShape(decoder.dataShape(), "decoder.dataShape()");
    INDArray out = decoder.decode(latents(z), labels);
    return Pixels.tiles(checkOutput(out, z.length, decoder.dataShape()), shape, "decoded images");
  }

  /** {@code z} as a float array {@code [n, latentDim]}. */
  static INDArray latents(double[][] z) {
    return Nd4j.createFromArray(z).castTo(DataType.FLOAT);
  }

  private static INDArray checkOutput(INDArray out, int n, long[] dataShape) {
    long per = Arrays.stream(dataShape).reduce(1, (a, b) -> a * b);
    if (out == null || out.rank() < 2 || out.size(0) != n || out.length() != n * per) {
      throw new IllegalArgumentException(
          "decoder must return [" + n + ", " + Arrays.toString(dataShape).replaceAll("[\\[\\]]", "")
              + "], got " + (out == null ? "null" : Arrays.toString(out.shape())));
    }
    return out;
  }

  /** Checks that a latent dimension index is within {@code [0, latentDim)}. */
  static int checkDimension(String name, int dim, int latentDim) {
    if (dim < 0 || dim >= latentDim) {
      throw new IllegalArgumentException(
          name + " must be in [0, " + latentDim + ") for latentDim " + latentDim + ", got " + dim);
    }
    return dim;
  }

  /** The base latent vector: zeros when {@code base} is null, else a checked copy. */
  static double[] base(double[] base, int latentDim) {
    if (base == null) {
      return new double[latentDim];
    }
    if (base.length != latentDim) {
      throw new IllegalArgumentException(
          "base must have length latentDim = " + latentDim + ", got " + base.length);
    }
    for (int i = 0; i < base.length; i++) {
      if (!Double.isFinite(base[i])) {
        throw new IllegalArgumentException("base must be finite, got " + base[i] + " at index " + i);
      }
    }
    return base.clone();
  }

  /**
   * A latent vector given as an array {@code [latentDim]} or {@code [1, latentDim]} (for example
   * one row of {@code encodeMean}), as a checked copy.
   */
  static double[] vector(INDArray v, String name, int latentDim) {
    Objects.requireNonNull(v, name);
    boolean row = v.rank() == 2 && v.size(0) == 1;
    if (!(v.rank() == 1 || row) || v.length() != latentDim) {
      throw new IllegalArgumentException(name + " must have shape [" + latentDim + "] or [1, "
          + latentDim + "], got " + Arrays.toString(v.shape()));
    }
    double[] out = v.castTo(DataType.DOUBLE).reshape(latentDim).toDoubleVector();
    for (int i = 0; i < out.length; i++) {
      if (!Double.isFinite(out[i])) {
        throw new IllegalArgumentException(name + " must be finite, got " + out[i] + " at index " + i);
      }
    }
    return out;
  }

  /** At most this many values of a base vector are written into a picture. */
  static final int MAX_LISTED = 6;

  /**
   * What a renderer held fixed, for the picture: {@code "0"} when every dimension outside {@code
   * varied} is 0 in {@code base} (or base is null), else {@code "the base z2=0.31, z3=-1.20, ..."}
   * listing up to {@value #MAX_LISTED} values and how many more there are.
   */
  static String heldValues(double[] base, int[] varied) {
    List<String> values = new ArrayList<>();
    boolean allZero = true;
    int dims = base == null ? 0 : base.length;
    for (int d = 0; d < dims; d++) {
      final int dim = d;
      if (Arrays.stream(varied).anyMatch(v -> v == dim)) {
        continue;
      }
      allZero &= base[d] == 0;
      values.add("z" + d + "=" + tick(base[d]));
    }
    if (allZero) {
      return "0";
    }
    StringBuilder sb = new StringBuilder("the base ");
    sb.append(String.join(", ", values.subList(0, Math.min(MAX_LISTED, values.size()))));
    if (values.size() > MAX_LISTED) {
      sb.append(", ... (").append(values.size() - MAX_LISTED).append(" more)");
    }
    return sb.toString();
  }

  /** A coordinate with two decimals and no negative zero, e.g. {@code -1.64}. */
  static String tick(double value) {
    String s = String.format(Locale.ROOT, "%.2f", value);
    return s.equals("-0.00") ? "0.00" : s;
  }

  /** Checks a latent range: finite with {@code lo < hi}. */
  static void checkRange(double lo, double hi) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
      throw new IllegalArgumentException("range must be finite with lo < hi, got [" + lo + ", " + hi + "]");
    }
  }

  /** {@code n} evenly spaced values from {@code lo} to {@code hi}, both included (the middle for n = 1). */
  static double[] linspace(double lo, double hi, int n) {
    double[] out = new double[n];
    if (n == 1) {
      out[0] = (lo + hi) / 2;
      return out;
    }
    for (int i = 0; i < n; i++) {
      out[i] = i == n - 1 ? hi : lo + (hi - lo) * i / (n - 1);
    }
    return out;
  }

  /**
   * {@code n} draws from N(0, I) of width {@code dim} with {@code seed}: the draws a model's {@code
   * sample(n, seed)} decodes ({@link DiagonalGaussian#standardNormal}).
   */
  static double[][] priorDraws(int n, int dim, long seed) {
    double[] v = DiagonalGaussian.standardNormal(new SplittableRandom(seed), n, dim);
    double[][] z = new double[n][];
    for (int i = 0; i < n; i++) {
      z[i] = Arrays.copyOfRange(v, i * dim, (i + 1) * dim);
    }
    return z;
  }

  /** The most images one renderer decodes for one picture. */
  static final int MAX_TILES = 10_000;

  /** The most latent values one renderer builds for one picture (images × latent width). */
  static final long MAX_LATENT_VALUES = 1L << 24;

  /**
   * Checks, before anything is allocated, that a picture of {@code tiles} decoded images of
   * a decoder of {@code latentDim} and {@code dataShape} (upscaled by {@code scale}, {@code columns} per row) stays within {@link
   * #MAX_TILES} images, {@link #MAX_LATENT_VALUES} latent values and {@link Canvas#MAX_PIXELS}
   * pixels; all in {@code long}.
   */
  static void checkPicture(int latentDim, long[] dataShape, long tiles, long columns, int scale,
      int spacing) {
    if (tiles < 1 || tiles > MAX_TILES) {
      throw new IllegalArgumentException(
          "images in one picture must be in [1, " + MAX_TILES + "], got " + tiles);
    }
    long values = tiles * (long) latentDim;
    if (values > MAX_LATENT_VALUES) {
      throw new IllegalArgumentException("latent values of one picture (images x latentDim) must "
          + "be at most " + MAX_LATENT_VALUES + ", got " + tiles + " x " + latentDim);
    }
    Pixels.ImageShape shape = Pixels.imageShape(dataShape, "decoder.dataShape()");
    Canvas.checkGrid(tiles, columns, shape, scale, spacing);
  }

  /** Checks a positive count with an upper bound. */
  static int checkCount(String name, int value, int max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(name + " must be in [1, " + max + "], got " + value);
    }
    return value;
  }

  /** Checks that a decoder or encoder is present and reports a positive latent width. */
  static int latentDim(Object owner, int latentDim) {
    Objects.requireNonNull(owner, "decoder");
    if (latentDim < 1) {
      throw new IllegalArgumentException("latentDim must be >= 1, got " + latentDim);
    }
    return latentDim;
  }
}
