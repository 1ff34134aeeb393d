package org.vae4j.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of images as a grid, or originals over their reconstructions.
 *
 * <pre>{@code
 * ImageGrid.of(batch).columns(8).scale(2).writePng(Path.of("batch.png"));
 * ImageGrid.comparison(x, model.reconstruct(x)).columns(10).writePng(Path.of("recon.png"));
 * ImageGrid.of(batch).columns(4).rowLabels("a", "b").columnLabels("1", "2", "3", "4").render();
 * }</pre>
 *
 * <p>A batch is {@code [n, C, H, W]} (C = 1 or 3), {@code [n, H, W]}, or {@code [n, D]} with D a
 * perfect square or an explicit {@link #imageShape(long...)}. Values must be finite (NaN and
 * infinity are rejected) and are clipped to [0, 1]. A comparison draws each set of {@code columns}
 * images as two labelled rows: the originals, then their reconstructions. A plain grid takes row
 * labels (left of the rows), column labels (under the columns) and a title.
 *
 * <p>Instances are mutable builders; rendering does not change them.
 */
public final class ImageGrid {

  private final INDArray images;
  private final INDArray reconstructions;
  private long[] imageShape;
  private int columns;
  private int spacing = 2;
  private int scale = 2;
  private Color background = Canvas.SPACING;
  private String originalLabel = "original";
  private String reconstructionLabel = "reconstruction";
  private String[] rowLabels;
  private String[] columnLabels;
  private String title;

  private ImageGrid(INDArray images, INDArray reconstructions) {
    this.images = images;
    this.reconstructions = reconstructions;
  }

  /** A grid of the images in {@code batch}, row by row. */
  public static ImageGrid of(INDArray batch) {
    return new ImageGrid(Objects.requireNonNull(batch, "batch"), null);
  }

  /**
   * Originals over reconstructions: both batches must have the same shape; image {@code i} of one
   * is drawn directly above image {@code i} of the other.
   */
  public static ImageGrid comparison(INDArray originals, INDArray reconstructions) {
    Objects.requireNonNull(originals, "originals");
    Objects.requireNonNull(reconstructions, "reconstructions");
    if (!Arrays.equals(originals.shape(), reconstructions.shape())) {
      throw new IllegalArgumentException(
          "reconstructions must have the shape of originals " + Arrays.toString(originals.shape())
              + ", got " + Arrays.toString(reconstructions.shape()));
    }
    return new ImageGrid(originals, reconstructions);
  }

  /** The shape of one image ({@code [C, H, W]}, {@code [H, W]} or {@code [D]}), when the batch is flat. */
  public ImageGrid imageShape(long... shape) {
    Pixels.imageShape(shape, "imageShape");
    this.imageShape = shape.clone();
    return this;
  }

  /** Images per row (default: all images up to 10 per row). */
  public ImageGrid columns(int columns) {
    this.columns = Decoding.checkCount("columns", columns, 4096);
    return this;
  }

  /** Pixels between tiles and around the grid, 0 to 64 (default 2). */
  public ImageGrid spacing(int spacing) {
    this.spacing = Canvas.checkSpacing(spacing);
    return this;
  }

  /** Nearest-neighbour upscale factor, 1 to 64 (default 2). */
  public ImageGrid scale(int scale) {
    this.scale = Pixels.checkScale(scale);
    return this;
  }

  /** Colour of the spacing between tiles (default mid-gray, visible next to both dark and light images). */
  public ImageGrid background(Color background) {
    this.background = Objects.requireNonNull(background, "background");
    return this;
  }

  /** Row labels of a comparison (default "original" and "reconstruction"). */
  public ImageGrid labels(String original, String reconstruction) {
    this.originalLabel = Objects.requireNonNull(original, "original");
    this.reconstructionLabel = Objects.requireNonNull(reconstruction, "reconstruction");
    return this;
  }

  /**
   * Labels left of the rows of a grid made by {@link #of}, one per row (checked when drawing: a
   * batch of n images in c columns has ceil(n / c) rows). A comparison labels its rows with {@link
   * #labels(String, String)} instead.
   *
   * @throws IllegalStateException on a comparison
   */
  public ImageGrid rowLabels(String... labels) {
    if (reconstructions != null) {
      throw new IllegalStateException("rowLabels apply to a grid made by ImageGrid.of; a comparison "
          + "labels its rows with labels(original, reconstruction)");
    }
    this.rowLabels = checkedLabels(labels, "rowLabels");
    return this;
  }

  /** Labels under the columns, one per column (checked when drawing). */
  public ImageGrid columnLabels(String... labels) {
    this.columnLabels = checkedLabels(labels, "columnLabels");
    return this;
  }

  /** A title above the grid (default none). */
  public ImageGrid title(String title) {
    this.title = Objects.requireNonNull(title, "title");
    return this;
  }

  private static String[] checkedLabels(String[] labels, String name) {
    Objects.requireNonNull(labels, name);
    for (int i = 0; i < labels.length; i++) {
      Objects.requireNonNull(labels[i], name + "[" + i + "]");
    }
    return labels.clone();
  }

  private static void checkCount(String[] labels, String name, int expected, String what) {
    if (labels != null && labels.length != expected) {
      throw new IllegalArgumentException(name + " must have one label per " + what + " ("
          + expected + "), got " + labels.length);
    }
  }

  /** Draws the grid. */
  public BufferedImage render() {
    Pixels.ImageShape shape = Pixels.shapeOfBatch(images, imageShape, "batch");
    checkSize(shape);
    String name = reconstructions == null ? "batch" : "originals";
    BufferedImage[] tiles = Pixels.upscaleAll(Pixels.tiles(images, shape, name), scale);
    int cols = columns > 0 ? columns : Math.min(tiles.length, 10);
    checkCount(columnLabels, "columnLabels", cols, "column");
    if (reconstructions == null) {
      int rows = (tiles.length + cols - 1) / cols;
      checkCount(rowLabels, "rowLabels", rows, "row");
      return Canvas.compose(Canvas.rowsOf(tiles, cols), spacing, background, rowLabels,
          columnLabels, title).image();
    }
    BufferedImage[] recon =
        Pixels.upscaleAll(Pixels.tiles(reconstructions, shape, "reconstructions"), scale);
    int sets = (tiles.length + cols - 1) / cols;
    BufferedImage[][] cells = new BufferedImage[2 * sets][cols];
    String[] labels = new String[2 * sets];
    for (int i = 0; i < tiles.length; i++) {
      cells[2 * (i / cols)][i % cols] = tiles[i];
      cells[2 * (i / cols) + 1][i % cols] = recon[i];
    }
    for (int s = 0; s < sets; s++) {
      labels[2 * s] = originalLabel;
      labels[2 * s + 1] = reconstructionLabel;
    }
    return Canvas.compose(cells, spacing, background, labels, columnLabels, title).image();
  }

  /** The picture's size within the limits, checked before any pixel is converted. */
  private void checkSize(Pixels.ImageShape shape) {
    long n = images.rank() > 0 ? images.size(0) : 0;
    long cols = columns > 0 ? columns : Math.min(n, 10);
    long sets = cols > 0 ? (n + cols - 1) / cols : 0;
    Canvas.checkGrid(reconstructions == null ? n : 2 * sets * cols, cols, shape, scale, spacing);
  }

  /** Draws the grid and writes it as a PNG, atomically. */
  public void writePng(Path file) throws IOException {
    ImageFiles.writePng(render(), file);
  }
}
