package org.vae4j.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.vae4j.api.ConditionalDecoder;
import org.vae4j.api.LatentDecoder;

/**
 * Samples from the prior (at most 10,000 images in one picture, see {@code docs/visualisation.md}
 * for the limits): decodes draws z ~ N(0, I) made by a {@link java.util.SplittableRandom} seeded
 * with the given seed, row by row: the same seed gives the same picture, and the draws a vae4j
 * model's {@code sample(n, seed)} decodes (its {@code sampleOfClass(label, n, seed)} for a per-class
 * row), either as a plain grid or, for a {@link
 * ConditionalDecoder}, one row per class. In the per-class grid every column uses the same z for
 * all classes, so a column shows one "style" across the classes.
 *
 * <pre>{@code
 * SampleGrid.prior(decoder, 64, 42L).columns(8).writePng(Path.of("samples.png"));
 * SampleGrid.perClass(cvae, 10, 42L).classNames("0", "1", ...).writePng(Path.of("classes.png"));
 * }</pre>
 */
public final class SampleGrid {

  private final LatentDecoder decoder;
  private final ConditionalDecoder conditional;
  private final int count;
  private final long seed;
  private int columns;
  private int scale = 2;
  private int spacing = 2;
  private String[] classNames;

  private SampleGrid(LatentDecoder decoder, ConditionalDecoder conditional, int count, long seed) {
    this.decoder = decoder;
    this.conditional = conditional;
    this.count = count;
    this.seed = seed;
  }

  /** {@code count} (1 to 10,000) prior samples of {@code decoder}, drawn with {@code seed}. */
  public static SampleGrid prior(LatentDecoder decoder, int count, long seed) {
    Decoding.latentDim(decoder, decoder == null ? 0 : decoder.latentDim());
    return new SampleGrid(decoder, null, Decoding.checkCount("count", count, 10_000), seed);
  }

  /**
   * {@code perClass} (1 to 100) prior samples for every class of {@code decoder}, one row per
   * class, drawn with {@code seed}.
   */
  public static SampleGrid perClass(ConditionalDecoder decoder, int perClass, long seed) {
    Decoding.latentDim(decoder, decoder == null ? 0 : decoder.latentDim());
    if (decoder.numClasses() < 1) {
      throw new IllegalArgumentException("decoder.numClasses() must be >= 1, got " + decoder.numClasses());
    }
    return new SampleGrid(null, decoder, Decoding.checkCount("perClass", perClass, 100), seed);
  }

  /** Images per row of a prior grid (default: the square root of the count, rounded up). */
  public SampleGrid columns(int columns) {
    this.columns = Decoding.checkCount("columns", columns, 4096);
    return this;
  }

  /** Row labels of a per-class grid, one per class (default the class indices). */
  public SampleGrid classNames(String... names) {
    Objects.requireNonNull(names, "names");
    if (conditional == null) {
      throw new IllegalStateException("classNames apply to a per-class grid, not to a prior grid");
    }
    if (names.length != conditional.numClasses()) {
      throw new IllegalArgumentException(
          "classNames must have numClasses = " + conditional.numClasses() + " names, got " + names.length);
    }
    this.classNames = names.clone();
    return this;
  }

  /** Nearest-neighbour upscale factor, 1 to 64 (default 2). */
  public SampleGrid scale(int scale) {
    this.scale = Pixels.checkScale(scale);
    return this;
  }

  /** Pixels between tiles, 0 to 64 (default 2). */
  public SampleGrid spacing(int spacing) {
    this.spacing = Canvas.checkSpacing(spacing);
    return this;
  }

  /** Decodes the samples and draws them. */
  public BufferedImage render() {
    if (conditional == null) {
      Decoding.checkPicture(decoder.latentDim(), decoder.dataShape(), count,
          columns > 0 ? columns : (long) Math.ceil(Math.sqrt(count)), scale, spacing);
      double[][] z = Decoding.priorDraws(count, decoder.latentDim(), seed);
      BufferedImage[] tiles = Pixels.upscaleAll(Decoding.decode(decoder, z), scale);
      int cols = columns > 0 ? columns : (int) Math.ceil(Math.sqrt(count));
      return Canvas.compose(Canvas.rowsOf(tiles, cols), spacing, Canvas.SPACING, null, null, null).image();
    }
    int classes = conditional.numClasses();
    Decoding.checkPicture(conditional.latentDim(), conditional.dataShape(),
        (long) classes * count, count, scale, spacing);
    double[][] draws = Decoding.priorDraws(count, conditional.latentDim(), seed);
    double[][] z = new double[classes * count][];
    int[] labels = new int[classes * count];
    String[] rowLabels = new String[classes];
    for (int k = 0; k < classes; k++) {
      rowLabels[k] = classNames != null ? classNames[k] : Integer.toString(k);
      for (int j = 0; j < count; j++) {
        z[k * count + j] = draws[j];
        labels[k * count + j] = k;
      }
    }
    BufferedImage[] tiles = Pixels.upscaleAll(Decoding.decode(conditional, z, labels), scale);
    return Canvas.compose(Canvas.rowsOf(tiles, count), spacing, Canvas.SPACING, rowLabels, null, null).image();
  }

  /** Decodes the samples and writes them as a PNG, atomically. */
  public void writePng(Path file) throws IOException {
    ImageFiles.writePng(render(), file);
  }
}
