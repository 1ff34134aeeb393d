package org.vae4j.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.LatentEncoder;

/**
 * A scatter plot of latent means coloured by class label, with a legend (an XChart scatter, one
 * series per label). A 2-D latent is drawn as is; a wider one is projected on its first two
 * principal components (PCA of the points' covariance), and the title says so with the share of
 * variance each axis explains. {@link #dimensions(int, int)} plots two chosen dimensions instead.
 *
 * <pre>{@code
 * LatentScatter.encode(encoder, test.images(), test.labels()).writePng(Path.of("latent.png"));
 * LatentScatter.of(means, labels).classNames("T-shirt", "Trouser", ...).size(900, 700).render();
 * }</pre>
 */
public final class LatentScatter {

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf)
  };

  private final double[][] points;
  private final int[] labels;
  private String[] classNames;
  private int width = 800;
  private int height = 600;
  private int markerSize = 4;
  private int dimX = -1;
  private int dimY = -1;
  private String title;

  private LatentScatter(double[][] points, int[] labels) {
    this.points = points;
    this.labels = labels;
  }

  /**
   * A scatter of {@code means} ({@code [n, latentDim]}, latentDim at least 2, finite) coloured by
   * {@code labels} (one non-negative label per row, or null for one unlabelled series).
   */
  public static LatentScatter of(INDArray means, int[] labels) {
    Objects.requireNonNull(means, "means");
    if (means.rank() != 2 || means.size(0) < 1 || means.size(1) < 2) {
      throw new IllegalArgumentException(
          "means must be [n, latentDim] with n >= 1 and latentDim >= 2, got "
              + Arrays.toString(means.shape()));
    }
    double[][] pts = means.castTo(DataType.DOUBLE).toDoubleMatrix();
    for (int i = 0; i < pts.length; i++) {
      for (int d = 0; d < pts[i].length; d++) {
        if (!Double.isFinite(pts[i][d])) {
          throw new IllegalArgumentException(
              "means must be finite, got " + pts[i][d] + " at [" + i + ", " + d + "]");
        }
      }
    }
    if (labels != null) {
      if (labels.length != pts.length) {
        throw new IllegalArgumentException(
            "labels must have one label per row of means (" + pts.length + "), got " + labels.length);
      }
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0) {
          throw new IllegalArgumentException("labels must be >= 0, got " + labels[i] + " at index " + i);
        }
      }
    }
    return new LatentScatter(pts, labels == null ? null : labels.clone());
  }

  /** Encodes {@code x} to its posterior means (in batches of 1,000) and scatters them. */
  public static LatentScatter encode(LatentEncoder encoder, INDArray x, int[] labels) {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(x, "x");
    if (x.rank() < 1 || x.size(0) < 1) {
      throw new IllegalArgumentException("x must be a non-empty batch, got shape " + Arrays.toString(x.shape()));
    }
    long n = x.size(0);
    INDArray[] parts = new INDArray[(int) ((n + 999) / 1000)];
    for (int i = 0; i < parts.length; i++) {
      long from = i * 1000L;
      long to = Math.min(n, from + 1000);
      parts[i] = encoder.encodeMean(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)));
    }
    INDArray means = parts.length == 1 ? parts[0] : org.nd4j.linalg.factory.Nd4j.concat(0, parts);
    return of(means, labels);
  }

  /** Legend names, one per label value {@code 0..k-1} (default: the label number). */
  public LatentScatter classNames(String... names) {
    Objects.requireNonNull(names, "names");
    int max = labels == null ? -1 : Arrays.stream(labels).max().orElse(-1);
    if (names.length <= max) {
      throw new IllegalArgumentException(
          "classNames must name every label up to " + max + " (" + (max + 1) + " names), got " + names.length);
    }
    if (Arrays.stream(names).anyMatch(Objects::isNull) || Arrays.stream(names).distinct().count() != names.length) {
      throw new IllegalArgumentException(
          "classNames must be distinct and not null, got " + Arrays.toString(names));
    }
    this.classNames = names.clone();
    return this;
  }

  /** Chart size in pixels, each 100 to 8,000 (default 800 × 600). */
  public LatentScatter size(int width, int height) {
    Charts.checkSize(width, height);
    this.width = width;
    this.height = height;
    return this;
  }

  /** Marker diameter in pixels, 1 to 50 (default 4). */
  public LatentScatter markerSize(int size) {
    this.markerSize = Decoding.checkCount("markerSize", size, 50);
    return this;
  }

  /** Plots these two latent dimensions directly instead of a PCA projection. */
  public LatentScatter dimensions(int x, int y) {
    Decoding.checkDimension("x dimension", x, points[0].length);
    Decoding.checkDimension("y dimension", y, points[0].length);
    if (x == y) {
      throw new IllegalArgumentException("dimensions must differ, got x=" + x + ", y=" + y);
    }
    this.dimX = x;
    this.dimY = y;
    return this;
  }

  /** The chart title (default says what is plotted and how). */
  public LatentScatter title(String title) {
    this.title = Objects.requireNonNull(title, "title");
    return this;
  }

  /** The colour of a label's series: a ten-colour palette, then evenly spread hues. */
  static Color colourOf(int label) {
    if (label < PALETTE.length) {
      return PALETTE[label];
    }
    float hue = (float) ((label * 0.618033988749895) % 1.0);
    return Color.getHSBColor(hue, 0.75f, 0.8f);
  }

  /** The 2-D coordinates that are plotted, one row per point. */
  double[][] projected() {
    int dim = points[0].length;
    if (dimX >= 0) {
      return Arrays.stream(points).map(p -> new double[] {p[dimX], p[dimY]}).toArray(double[][]::new);
    }
    if (dim == 2) {
      return points;
    }
    return Pca.fit(points).project(points, 2);
  }

  /** The XChart chart, before rendering. */
  XYChart chart() {
    int dim = points[0].length;
    String xTitle;
    String yTitle;
    String defaultTitle;
    double[][] xy = projected();
    if (dimX >= 0) {
      xTitle = "z" + dimX;
      yTitle = "z" + dimY;
      defaultTitle = "Latent means, dimensions z" + dimX + " and z" + dimY + " of " + dim;
    } else if (dim == 2) {
      xTitle = "z0";
      yTitle = "z1";
      defaultTitle = "Latent means";
    } else {
      Pca.Result pca = Pca.fit(points);
      xTitle = String.format(Locale.ROOT, "PC1 (%.1f%% of variance)", 100 * pca.explained(0));
      yTitle = String.format(Locale.ROOT, "PC2 (%.1f%% of variance)", 100 * pca.explained(1));
      defaultTitle = "Latent means, PCA projection of " + dim + " dimensions";
    }
    XYChart chart = Charts.xyChart(width, height, title != null ? title : defaultTitle, xTitle,
        yTitle, XYSeries.XYSeriesRenderStyle.Scatter, markerSize);
    TreeSet<Integer> distinct = new TreeSet<>();
    if (labels == null) {
      distinct.add(0);
    } else {
      Arrays.stream(labels).forEach(distinct::add);
    }
    for (int label : distinct) {
      int count = 0;
      for (int i = 0; i < xy.length; i++) {
        if (labels == null || labels[i] == label) {
          count++;
        }
      }
      double[] xs = new double[count];
      double[] ys = new double[count];
      int j = 0;
      for (int i = 0; i < xy.length; i++) {
        if (labels == null || labels[i] == label) {
          xs[j] = xy[i][0];
          ys[j] = xy[i][1];
          j++;
        }
      }
      String name = labels == null ? "all" : classNames != null ? classNames[label] : Integer.toString(label);
      XYSeries series = chart.addSeries(name, xs, ys);
      series.setMarker(SeriesMarkers.CIRCLE);
      series.setMarkerColor(colourOf(label));
    }
    return chart;
  }

  /** Draws the scatter plot. */
  public BufferedImage render() {
    return BitmapEncoder.getBufferedImage(chart());
  }

  /** Draws the scatter plot and writes it as a PNG, atomically. */
  public void writePng(Path file) throws IOException {
    ImageFiles.writePng(render(), file);
  }
}
