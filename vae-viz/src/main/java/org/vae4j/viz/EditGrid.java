package org.vae4j.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.ConditionalDecoder;
import org.vae4j.api.ConditionalEncoder;
import org.vae4j.api.LatentDecoder;
import org.vae4j.api.LatentEncoder;

/**
 * Latent edits at several strengths, labelled: each row decodes {@code base + s * direction} for
 * every strength {@code s} (the columns, labelled with the strengths under the grid). Rows are
 * either several examples moved along one direction (an attribute vector such as "thicker
 * strokes") or one example moved along several named directions.
 *
 * <pre>{@code
 * // rows = examples: five digits, each made thicker and thinner
 * EditGrid.of(vae).examples(vae, x, thick).strengths(-2, -1, 0, 1, 2).writePng(Path.of("edits.png"));
 * // rows = edits: one digit along two directions
 * INDArray z = vae.encodeMean(x1);
 * EditGrid.of(vae).row("thicker", z, thick).row("slanted", z, slant).render();
 * // a conditional VAE: each example's style, drawn as a 7
 * EditGrid.of(cvae, 7).examples(cvae, x, labels, direction).writePng(Path.of("cvae-edits.png"));
 * }</pre>
 *
 * <p>Vectors are arrays {@code [latentDim]} or {@code [1, latentDim]}; the direction is used as
 * given (not normalised), so strength 1 adds exactly one direction. Everything is decoded through
 * the vae-api interfaces: any {@link LatentDecoder}, or a {@link ConditionalDecoder} with a fixed
 * class. Instances are mutable builders; rendering does not change them.
 */
public final class EditGrid {

  /** Most rows and most strengths one grid draws. */
  static final int MAX = 100;

  private record Row(String label, double[] base, double[] direction) {}

  private final int latentDim;
  private final Function<double[][], BufferedImage[]> decoder;
  private final List<Row> rows = new ArrayList<>();
  private double[] strengths = {-2, -1, 0, 1, 2};
  private int scale = 2;
  private int spacing = 2;
  private String title = "columns: strength along the edit direction";

  private EditGrid(int latentDim, Function<double[][], BufferedImage[]> decoder) {
    this.latentDim = latentDim;
    this.decoder = decoder;
  }

  /** Edits decoded by {@code decoder}. */
  public static EditGrid of(LatentDecoder decoder) {
    int dim = Decoding.latentDim(decoder, decoder == null ? 0 : decoder.latentDim());
    return new EditGrid(dim, z -> Decoding.decode(decoder, z));
  }

  /** Edits decoded by {@code decoder} as class {@code label} (every tile the same class). */
  public static EditGrid of(ConditionalDecoder decoder, int label) {
    int dim = Decoding.latentDim(decoder, decoder == null ? 0 : decoder.latentDim());
    if (label < 0 || label >= decoder.numClasses()) {
      throw new IllegalArgumentException(
          "label must be in [0, " + decoder.numClasses() + "), got " + label);
    }
    return new EditGrid(dim, z -> {
      int[] labels = new int[z.length];
      Arrays.fill(labels, label);
      return Decoding.decode(decoder, z, labels);
    });
  }

  /** Adds one row: {@code base + s * direction} for every strength, labelled {@code label}. */
  public EditGrid row(String label, INDArray base, INDArray direction) {
    Objects.requireNonNull(label, "label");
    double[] b = Decoding.vector(base, "base", latentDim);
    double[] d = Decoding.vector(direction, "direction", latentDim);
    addRows(List.of(new Row(label, b, d)));
    return this;
  }

  /**
   * Adds one row per example of {@code x} ({@code [n, dataShape...]}), each starting at the
   * example's posterior mean and moved along {@code direction}; labelled {@code "example 0"},
   * {@code "example 1"}, ...
   */
  public EditGrid examples(LatentEncoder encoder, INDArray x, INDArray direction) {
    Objects.requireNonNull(encoder, "encoder");
    checkExamples(encoder.latentDim(), x);
    double[] d = Decoding.vector(direction, "direction", latentDim);
    INDArray means = encoder.encodeMean(x);
    List<Row> added = new ArrayList<>();
    for (int i = 0; i < x.size(0); i++) {
      double[] b = Decoding.vector(means.get(NDArrayIndex.point(i), NDArrayIndex.all()),
          "encodeMean(x) row " + i, latentDim);
      added.add(new Row("example " + i, b, d));
    }
    addRows(added);
    return this;
  }

  /**
   * Adds one row per example of {@code x} ({@code [n, dataShape...]}) under a conditional encoder
   * (a {@code ConditionalVae}), each starting at the posterior mean of the example given its own
   * label and moved along {@code direction}; labelled {@code "example 0 (label 3)"}, ... Decode
   * with the same model, {@code EditGrid.of(cvae, label)}: the rows then keep each example's style
   * and show it as class {@code label}.
   */
  public EditGrid examples(ConditionalEncoder encoder, INDArray x, int[] labels, INDArray direction) {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(labels, "labels");
    checkExamples(encoder.latentDim(), x);
    if (labels.length != x.size(0)) {
      throw new IllegalArgumentException("labels must have one label per example of x ("
          + x.size(0) + "), got " + labels.length);
    }
    double[] d = Decoding.vector(direction, "direction", latentDim);
    INDArray means = encoder.encodeMean(x, labels);
    List<Row> added = new ArrayList<>();
    for (int i = 0; i < x.size(0); i++) {
      double[] b = Decoding.vector(means.get(NDArrayIndex.point(i), NDArrayIndex.all()),
          "encodeMean(x, labels) row " + i, latentDim);
      added.add(new Row("example " + i + " (label " + labels[i] + ")", b, d));
    }
    addRows(added);
    return this;
  }

  private void checkExamples(int encoderLatentDim, INDArray x) {
    Objects.requireNonNull(x, "x");
    if (encoderLatentDim != latentDim) {
      throw new IllegalArgumentException("encoder.latentDim() must equal the decoder's latentDim = "
          + latentDim + ", got " + encoderLatentDim);
    }
    if (x.rank() < 2 || x.size(0) < 1 || x.size(0) > MAX) {
      throw new IllegalArgumentException("x must be a batch [n, ...] with 1 <= n <= " + MAX
          + ", got shape " + Arrays.toString(x.shape()));
    }
  }

  /**
   * Adds one row per direction, all starting at {@code base}, labelled with the directions' names
   * in the map's iteration order (use a {@link java.util.LinkedHashMap} to choose the order).
   */
  public EditGrid edits(INDArray base, Map<String, INDArray> directions) {
    Objects.requireNonNull(directions, "directions");
    if (directions.isEmpty()) {
      throw new IllegalArgumentException("directions must name at least 1 direction, got none");
    }
    double[] b = Decoding.vector(base, "base", latentDim);
    List<Row> added = new ArrayList<>();
    for (Map.Entry<String, INDArray> e : directions.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "direction name");
      added.add(new Row(name, b, Decoding.vector(e.getValue(), "direction " + name, latentDim)));
    }
    addRows(added);
    return this;
  }

  private void addRows(List<Row> added) {
    if (rows.size() + added.size() > MAX) {
      throw new IllegalArgumentException("rows must be at most " + MAX + ", got "
          + (rows.size() + added.size()));
    }
    rows.addAll(added);
  }

  /** The strengths, one column each, left to right: 1 to 100 finite values (default -2 to 2). */
  public EditGrid strengths(double... strengths) {
    Objects.requireNonNull(strengths, "strengths");
    if (strengths.length < 1 || strengths.length > MAX) {
      throw new IllegalArgumentException(
          "strengths must hold 1 to " + MAX + " values, got " + strengths.length);
    }
    for (int i = 0; i < strengths.length; i++) {
      if (!Double.isFinite(strengths[i])) {
        throw new IllegalArgumentException(
            "strengths must be finite, got " + strengths[i] + " at index " + i);
      }
    }
    this.strengths = strengths.clone();
    return this;
  }

  /** The title above the grid (default says that the columns are strengths). */
  public EditGrid title(String title) {
    this.title = Objects.requireNonNull(title, "title");
    return this;
  }

  /** Nearest-neighbour upscale factor, 1 to 64 (default 2). */
  public EditGrid scale(int scale) {
    this.scale = Pixels.checkScale(scale);
    return this;
  }

  /** Pixels between tiles, 0 to 64 (default 2). */
  public EditGrid spacing(int spacing) {
    this.spacing = Canvas.checkSpacing(spacing);
    return this;
  }

  /** The strength labels under the columns: {@code -2}, {@code 0}, {@code +1}, {@code +0.50}. */
  static String[] strengthLabels(double[] strengths) {
    String[] out = new String[strengths.length];
    for (int i = 0; i < strengths.length; i++) {
      double s = strengths[i];
      if (s == 0) {
        out[i] = "0";
      } else if (s == Math.rint(s) && Math.abs(s) < 1e9) {
        out[i] = String.format(Locale.ROOT, "%+d", (long) s);
      } else {
        out[i] = String.format(Locale.ROOT, "%+.2f", s);
      }
    }
    return out;
  }

  /** Decodes every edit and draws the labelled grid. */
  public BufferedImage render() {
    return composed().image();
  }

  /** The picture and where its grid starts. */
  Canvas.Composed composed() {
    if (rows.isEmpty()) {
      throw new IllegalStateException(
          "an edit grid needs rows: call row, examples or edits before drawing");
    }
    int cols = strengths.length;
    double[][] z = new double[rows.size() * cols][];
    String[] rowLabels = new String[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      rowLabels[r] = row.label();
      for (int c = 0; c < cols; c++) {
        double[] v = new double[latentDim];
        for (int d = 0; d < latentDim; d++) {
          v[d] = row.base()[d] + strengths[c] * row.direction()[d];
        }
        z[r * cols + c] = v;
      }
    }
    BufferedImage[] tiles = Pixels.upscaleAll(decoder.apply(z), scale);
    return Canvas.compose(Canvas.rowsOf(tiles, cols), spacing, Canvas.SPACING, rowLabels,
        strengthLabels(strengths), title);
  }

  /** Decodes every edit and writes the grid as a PNG, atomically. */
  public void writePng(Path file) throws IOException {
    ImageFiles.writePng(render(), file);
  }
}
