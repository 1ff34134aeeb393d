package org.vae4j.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.LatentDecoder;

/**
 * The learned manifold: decodes an n×n grid of latent points over two latent dimensions and draws
 * the images in place, with the latent coordinates as tick labels (x under the columns, y left of
 * the rows; y grows upwards).
 *
 * <pre>{@code
 * ManifoldRenderer.of(decoder).size(20).gaussianQuantiles().writePng(Path.of("manifold.png"));
 * ManifoldRenderer.of(decoder).size(15).linear(-3, 3).dimensions(0, 4).base(zMean).render();
 * }</pre>
 *
 * <p>The coordinates are either evenly spaced over a range ({@link #linear(double, double)},
 * default [-2, 2]) or the standard normal quantiles of evenly spaced probabilities from 0.05 to
 * 0.95 ({@link #gaussianQuantiles()}), which spaces the grid by prior mass. For a latent wider
 * than 2 the other dimensions are held at 0 or at {@link #base(double...)}, and a second line of
 * the title says which and at what: a 10-D manifold is never silently a slice through 0.
 */
public final class ManifoldRenderer {

  private final LatentDecoder decoder;
  private int size = 15;
  private double lo = -2;
  private double hi = 2;
  private boolean gaussian;
  /** The smallest tail probability a Gaussian grid may reach (see {@link #gaussianQuantiles(double, double)}). */
  static final double MIN_PROBABILITY = 1e-6;
  /** Only its quantile function is used: no random generator (commons-math3 would seed one). */
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private double pLo = 0.05;
  private double pHi = 0.95;
  private int dimX = 0;
  private int dimY = 1;
  private double[] base;
  private int scale = 2;
  private int spacing = 0;
  private String title;

  private ManifoldRenderer(LatentDecoder decoder) {
    this.decoder = decoder;
  }

  /** A manifold of {@code decoder}, whose latent must be at least 2 wide. */
  public static ManifoldRenderer of(LatentDecoder decoder) {
    Objects.requireNonNull(decoder, "decoder");
    if (decoder.latentDim() < 2) {
      throw new IllegalArgumentException(
          "decoder.latentDim() must be >= 2 for a manifold grid, got " + decoder.latentDim());
    }
    return new ManifoldRenderer(decoder);
  }

  /** Images per side, 1 to 100 (default 15). */
  public ManifoldRenderer size(int n) {
    this.size = Decoding.checkCount("size", n, 100);
    return this;
  }

  /** Evenly spaced coordinates from {@code lo} to {@code hi}, both included (the default, [-2, 2]). */
  public ManifoldRenderer linear(double lo, double hi) {
    Decoding.checkRange(lo, hi);
    this.lo = lo;
    this.hi = hi;
    this.gaussian = false;
    return this;
  }

  /** Coordinates at the normal quantiles of probabilities evenly spaced from 0.05 to 0.95. */
  public ManifoldRenderer gaussianQuantiles() {
    return gaussianQuantiles(0.05, 0.95);
  }

  /**
   * Coordinates at the normal quantiles of probabilities evenly spaced from {@code pLo} to {@code
   * pHi}, with {@code 1e-6 <= pLo < pHi <= 1 - 1e-6} (a grid from 1e-6 already reaches 4.75
   * standard deviations; the quantiles are commons-math3's, exact to about 1e-11 there).
   */
  public ManifoldRenderer gaussianQuantiles(double pLo, double pHi) {
    if (!(pLo >= MIN_PROBABILITY && pHi <= 1 - MIN_PROBABILITY && pLo < pHi)) {
      throw new IllegalArgumentException("probabilities must satisfy 1e-6 <= pLo < pHi <= 1 - 1e-6, got pLo="
          + pLo + ", pHi=" + pHi);
    }
    this.pLo = pLo;
    this.pHi = pHi;
    this.gaussian = true;
    return this;
  }

  /** The two latent dimensions on the x and y axes (default 0 and 1). */
  public ManifoldRenderer dimensions(int x, int y) {
    Decoding.checkDimension("x dimension", x, decoder.latentDim());
    Decoding.checkDimension("y dimension", y, decoder.latentDim());
    if (x == y) {
      throw new IllegalArgumentException("dimensions must differ, got x=" + x + ", y=" + y);
    }
    this.dimX = x;
    this.dimY = y;
    return this;
  }

  /**
   * The latent vector whose other dimensions are held fixed (default all zeros); the picture says
   * what they were held at.
   */
  public ManifoldRenderer base(double... base) {
    this.base = Decoding.base(base, decoder.latentDim());
    return this;
  }

  /**
   * {@link #base(double...)} from an array {@code [latentDim]} or {@code [1, latentDim]}, e.g. one
   * posterior mean: {@code base(vae.encodeMean(x))} for a single image {@code x}.
   */
  public ManifoldRenderer base(INDArray base) {
    this.base = Decoding.vector(base, "base", decoder.latentDim());
    return this;
  }

  /** Nearest-neighbour upscale factor, 1 to 64 (default 2). */
  public ManifoldRenderer scale(int scale) {
    this.scale = Pixels.checkScale(scale);
    return this;
  }

  /** Pixels between tiles, 0 to 64 (default 0: a seamless manifold). */
  public ManifoldRenderer spacing(int spacing) {
    this.spacing = Canvas.checkSpacing(spacing);
    return this;
  }

  /**
   * The title above the grid (default {@code "z0 (x) vs z1 (y)"}, naming the two dimensions). For a
   * latent wider than 2 a second line always says what the other dimensions were held at.
   */
  public ManifoldRenderer title(String title) {
    this.title = Objects.requireNonNull(title, "title");
    return this;
  }

  /** The latent coordinates of the columns, left to right (increasing). */
  public double[] xValues() {
    return coordinates();
  }

  /** The latent coordinates of the rows, top to bottom (decreasing: y grows upwards). */
  public double[] yValues() {
    double[] c = coordinates();
    double[] out = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      out[i] = c[c.length - 1 - i];
    }
    return out;
  }

  private double[] coordinates() {
    if (!gaussian) {
      return Decoding.linspace(lo, hi, size);
    }
    double[] p = Decoding.linspace(pLo, pHi, size);
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = STANDARD_NORMAL.inverseCumulativeProbability(p[i]);
    }
    return out;
  }

  /** Decodes the grid and draws it with tick labels. */
  public BufferedImage render() {
    return composed().image();
  }

  /** The picture and where its grid starts. */
  Canvas.Composed composed() {
    double[] xs = xValues();
    double[] ys = yValues();
    Decoding.checkPicture(decoder.latentDim(), decoder.dataShape(), (long) size * size, size,
        scale, spacing);
    double[] start = base != null ? base : new double[decoder.latentDim()];
    double[][] z = new double[size * size][];
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < size; c++) {
        double[] v = start.clone();
        v[dimX] = xs[c];
        v[dimY] = ys[r];
        z[r * size + c] = v;
      }
    }
    BufferedImage[] tiles = Pixels.upscaleAll(Decoding.decode(decoder, z), scale);
    return Canvas.compose(Canvas.rowsOf(tiles, size), spacing, Canvas.SPACING, ticks(ys), ticks(xs),
        caption());
  }

  /**
   * The text above the grid: the title, and for a latent wider than 2 a line naming the other
   * dimensions and what they were held at, e.g. {@code "z0 (x) vs z1 (y)\nthe other 8 of 10
   * dimensions held at 0"}.
   */
  String caption() {
    String first = title != null ? title : "z" + dimX + " (x) vs z" + dimY + " (y)";
    int dim = decoder.latentDim();
    if (dim == 2) {
      return first;
    }
    return first + "\nthe other " + (dim - 2) + " of " + dim + " dimensions held at "
        + Decoding.heldValues(base, new int[] {dimX, dimY});
  }

  /** Decodes the grid and writes it as a PNG, atomically. */
  public void writePng(Path file) throws IOException {
    ImageFiles.writePng(render(), file);
  }

  static String[] ticks(double[] values) {
    String[] out = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Decoding.tick(values[i]);
    }
    return out;
  }
}
