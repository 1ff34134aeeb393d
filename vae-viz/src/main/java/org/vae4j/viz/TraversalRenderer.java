package org.vae4j.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.LatentDecoder;

/**
 * Latent traversals (at most 10,000 images in one picture: pick {@link #dimensions} of a wide
 * latent): one row per latent dimension, varying that dimension over a range while the
 * others stay at 0 or at a base vector. Rows are labelled {@code z0, z1, ...}, columns with the
 * values. A dimension the decoder ignores gives a row of identical images. The title says how many
 * dimensions are drawn and what the others were held at.
 *
 * <pre>{@code
 * TraversalRenderer.of(decoder).range(-3, 3).steps(9).writePng(Path.of("traversal.png"));
 * TraversalRenderer.of(decoder).base(encoder.encodeMean(x)).dimensions(0, 3).render();
 * }</pre>
 */
public final class TraversalRenderer {

  private final LatentDecoder decoder;
  private double lo = -3;
  private double hi = 3;
  private int steps = 9;
  private double[] base;
  private int[] dimensions;
  private int scale = 2;
  private int spacing = 2;
  private String title;

  private TraversalRenderer(LatentDecoder decoder) {
    this.decoder = decoder;
  }

  /** Traversals of every latent dimension of {@code decoder}. */
  public static TraversalRenderer of(LatentDecoder decoder) {
    Decoding.latentDim(decoder, decoder == null ? 0 : decoder.latentDim());
    return new TraversalRenderer(decoder);
  }

  /** The range each dimension moves over, both ends included (default [-3, 3]). */
  public TraversalRenderer range(double lo, double hi) {
    Decoding.checkRange(lo, hi);
    this.lo = lo;
    this.hi = hi;
    return this;
  }

  /** Images per row, 2 to 100 (default 9). */
  public TraversalRenderer steps(int steps) {
    if (steps < 2 || steps > 100) {
      throw new IllegalArgumentException("steps must be in [2, 100], got " + steps);
    }
    this.steps = steps;
    return this;
  }

  /**
   * The latent vector the traversals start from (default all zeros); the picture says what the
   * dimensions not traversed in a row were held at.
   */
  public TraversalRenderer base(double... base) {
    this.base = Decoding.base(base, decoder.latentDim());
    return this;
  }

  /**
   * {@link #base(double...)} from an array {@code [latentDim]} or {@code [1, latentDim]}, e.g. the
   * posterior mean of one image: {@code base(vae.encodeMean(x))}.
   */
  public TraversalRenderer base(INDArray base) {
    this.base = Decoding.vector(base, "base", decoder.latentDim());
    return this;
  }

  /**
   * The first line above the grid (default: how many dimensions are traversed over which range);
   * a second line always says what the other dimensions were held at.
   */
  public TraversalRenderer title(String title) {
    this.title = Objects.requireNonNull(title, "title");
    return this;
  }

  /** The dimensions to traverse, one row each, in this order (default all). */
  public TraversalRenderer dimensions(int... dimensions) {
    Objects.requireNonNull(dimensions, "dimensions");
    if (dimensions.length == 0) {
      throw new IllegalArgumentException("dimensions must not be empty, got 0 dimensions");
    }
    for (int d : dimensions) {
      Decoding.checkDimension("dimension", d, decoder.latentDim());
    }
    this.dimensions = dimensions.clone();
    return this;
  }

  /** Nearest-neighbour upscale factor, 1 to 64 (default 2). */
  public TraversalRenderer scale(int scale) {
    this.scale = Pixels.checkScale(scale);
    return this;
  }

  /** Pixels between tiles, 0 to 64 (default 2). */
  public TraversalRenderer spacing(int spacing) {
    this.spacing = Canvas.checkSpacing(spacing);
    return this;
  }

  /** The values each dimension takes, left to right. */
  public double[] values() {
    return Decoding.linspace(lo, hi, steps);
  }

  /** Decodes the traversals and draws them, one labelled row per dimension. */
  public BufferedImage render() {
    return composed().image();
  }

  /** The picture and where its grid starts. */
  Canvas.Composed composed() {
    int[] dims = dimensions != null ? dimensions : IntStream.range(0, decoder.latentDim()).toArray();
    Decoding.checkPicture(decoder.latentDim(), decoder.dataShape(),
        (long) dims.length * steps, steps, scale, spacing);
    double[] start = base != null ? base : new double[decoder.latentDim()];
    double[] values = values();
    double[][] z = new double[dims.length * steps][];
    String[] rowLabels = new String[dims.length];
    for (int r = 0; r < dims.length; r++) {
      rowLabels[r] = "z" + dims[r];
      for (int c = 0; c < steps; c++) {
        double[] v = start.clone();
        v[dims[r]] = values[c];
        z[r * steps + c] = v;
      }
    }
    BufferedImage[] tiles = Pixels.upscaleAll(Decoding.decode(decoder, z), scale);
    String[] columnLabels = ManifoldRenderer.ticks(values);
    return Canvas.compose(Canvas.rowsOf(tiles, steps), spacing, Canvas.SPACING, rowLabels,
        columnLabels, caption(dims));
  }

  /**
   * The text above the grid, e.g. {@code "3 of 10 latent dimensions, each over [-3.00, 3.00]\n
   * the others held at 0 in each row"}.
   */
  String caption(int[] dims) {
    int dim = decoder.latentDim();
    String range = "[" + Decoding.tick(lo) + ", " + Decoding.tick(hi) + "]";
    if (dim == 1) {
      return title != null ? title : "the latent dimension over " + range;
    }
    String first = title != null ? title
        : (dims.length == dim ? "all " + dim : dims.length + " of " + dim)
            + " latent dimensions, each over " + range;
    return first + "\nthe others held at " + Decoding.heldValues(base, new int[0]) + " in each row";
  }

  /** Decodes the traversals and writes them as a PNG, atomically. */
  public void writePng(Path file) throws IOException {
    ImageFiles.writePng(render(), file);
  }
}
