package org.vae4j.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vae4j.api.internal.Seeds;

/**
 * A procedural dataset of handwritten-looking digits 0–9 that needs no files: each digit is a set
 * of strokes (polylines and arcs) which is randomly slanted, rotated, scaled, shifted and warped,
 * then drawn with a random pen width by an anti-aliased rasteriser. Labels are balanced (counts
 * differ by at most one) and shuffled. Everything is a function of the seed.
 *
 * <pre>{@code
 * ImageDataset digits = SyntheticDigits.generate(10_000, 42);   // 28×28, labels 0–9
 * }</pre>
 */
public final class SyntheticDigits {
  /** The default image side, as MNIST. */
  public static final int DEFAULT_SIZE = 28;
  /** Number of classes (the digits 0–9). */
  public static final int NUM_CLASSES = 10;

  private static final double[][][] TEMPLATES = buildTemplates();

  private SyntheticDigits() {}

  /** {@code count} 28×28 digits; see {@link #generate(int, long, int)}. */
  public static ImageDataset generate(int count, long seed) {
    return generate(count, seed, DEFAULT_SIZE);
  }

  /**
   * {@code count} digits of {@code size × size} pixels, one channel, values in [0, 1].
   *
   * @throws IllegalArgumentException when count is less than 1, size is outside [8, 256], or the
   *     images would not fit in one array
   */
  public static ImageDataset generate(int count, long seed, int size) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    if (size < 8 || size > 256) {
      throw new IllegalArgumentException("size must be in [8, 256], got " + size);
    }
    long total = (long) count * size * size;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("count * size * size must fit in one array, got "
          + total);
    }
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % NUM_CLASSES;
    }
    SplittableRandom master = new SplittableRandom(seed);
    Seeds.shuffle(master, labels);
    float[] pixels = new float[(int) total];
    long base = master.nextLong();
    for (int i = 0; i < count; i++) {
      SplittableRandom random = new SplittableRandom(Seeds.mix(base, i));
      render(labels[i], random, size, pixels, i * size * size);
    }
    return ImageDataset.fromPixels(pixels, new long[] {1, size, size}, labels, NUM_CLASSES);
  }

  private static void render(int digit, SplittableRandom r, int size, float[] out, int offset) {
    double slant = uniform(r, -0.1, 0.4);
    double angle = uniform(r, -0.15, 0.15);
    double sx = uniform(r, 0.8, 1.05);
    double sy = uniform(r, 0.85, 1.05);
    double ox = uniform(r, -0.06, 0.06);
    double oy = uniform(r, -0.05, 0.05);
    double wx = uniform(r, -0.035, 0.035);
    double wy = uniform(r, -0.035, 0.035);
    double px = uniform(r, 0, 2 * Math.PI);
    double py = uniform(r, 0, 2 * Math.PI);
    double halfWidth = uniform(r, 0.85, 1.75) * size / DEFAULT_SIZE;
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double box = 0.9 * size;
    for (double[] stroke : TEMPLATES[digit]) {
      int n = stroke.length / 2;
      double[] xs = new double[n];
      double[] ys = new double[n];
      for (int k = 0; k < n; k++) {
        double x = stroke[2 * k];
        double y = stroke[2 * k + 1];
        // smooth warp and jitter in template space
        double x1 = x + wx * Math.sin(2 * Math.PI * y + px) + 0.004 * r.nextGaussian();
        double y1 = y + wy * Math.sin(2 * Math.PI * x + py) + 0.004 * r.nextGaussian();
        // centre, slant, scale, rotate, shift
        double cx = (x1 - 0.5) + slant * (0.5 - y1);
        double cy = y1 - 0.5;
        cx *= sx;
        cy *= sy;
        double rx = cos * cx - sin * cy + ox;
        double ry = sin * cx + cos * cy + oy;
        xs[k] = size / 2.0 + rx * box;
        ys[k] = size / 2.0 + ry * box;
      }
      for (int k = 0; k + 1 < n; k++) {
        drawSegment(xs[k], ys[k], xs[k + 1], ys[k + 1], halfWidth, size, out, offset);
      }
    }
  }

  /** Max-composites an anti-aliased thick segment: coverage = clamp(w + 0.5 - distance, 0, 1). */
  private static void drawSegment(double ax, double ay, double bx, double by, double w, int size,
      float[] out, int offset) {
    double reach = w + 1;
    int x0 = Math.max(0, (int) Math.floor(Math.min(ax, bx) - reach));
    int x1 = Math.min(size - 1, (int) Math.ceil(Math.max(ax, bx) + reach));
    int y0 = Math.max(0, (int) Math.floor(Math.min(ay, by) - reach));
    int y1 = Math.min(size - 1, (int) Math.ceil(Math.max(ay, by) + reach));
    double dx = bx - ax;
    double dy = by - ay;
    double len2 = dx * dx + dy * dy;
    for (int y = y0; y <= y1; y++) {
      double cy = y + 0.5;
      for (int x = x0; x <= x1; x++) {
        double cx = x + 0.5;
        double t = len2 == 0 ? 0 : ((cx - ax) * dx + (cy - ay) * dy) / len2;
        t = Math.max(0, Math.min(1, t));
        double ex = cx - (ax + t * dx);
        double ey = cy - (ay + t * dy);
        double coverage = w + 0.5 - Math.sqrt(ex * ex + ey * ey);
        if (coverage > 0) {
          int index = offset + y * size + x;
          float v = (float) Math.min(1, coverage);
          if (v > out[index]) {
            out[index] = v;
          }
        }
      }
    }
  }

  private static double uniform(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  // ---- stroke templates, unit square, y pointing down ----

  private static double[][][] buildTemplates() {
    double[][][] t = new double[NUM_CLASSES][][];
    t[0] = strokes(arc(0.5, 0.5, 0.24, 0.36, -90, 280));
    t[1] = strokes(line(0.36, 0.26, 0.53, 0.12, 0.53, 0.88));
    t[2] = strokes(join(arc(0.5, 0.34, 0.23, 0.2, 190, 385), line(0.24, 0.86, 0.8, 0.86)));
    t[3] = strokes(arc(0.49, 0.31, 0.21, 0.18, 200, 450), arc(0.49, 0.67, 0.24, 0.2, 270, 520));
    t[4] = strokes(line(0.62, 0.88, 0.62, 0.12, 0.2, 0.64, 0.82, 0.64));
    t[5] = strokes(join(line(0.74, 0.13, 0.36, 0.13, 0.33, 0.47),
        arc(0.5, 0.65, 0.23, 0.21, 225, 510)));
    t[6] = strokes(join(line(0.67, 0.12, 0.5, 0.24, 0.38, 0.4, 0.31, 0.6),
        arc(0.5, 0.67, 0.19, 0.19, 180, 540)));
    t[7] = strokes(line(0.22, 0.14, 0.78, 0.14, 0.44, 0.88));
    t[8] = strokes(arc(0.5, 0.3, 0.17, 0.17, 0, 360), arc(0.5, 0.67, 0.21, 0.2, 0, 360));
    t[9] = strokes(arc(0.5, 0.33, 0.2, 0.19, 0, 360), line(0.7, 0.33, 0.67, 0.6, 0.6, 0.88));
    return t;
  }

  private static double[][] strokes(double[]... strokes) {
    return strokes;
  }

  private static double[] line(double... points) {
    return points;
  }

  /** Points along an elliptical arc from {@code fromDeg} to {@code toDeg} (clockwise on screen). */
  private static double[] arc(double cx, double cy, double rx, double ry, double fromDeg,
      double toDeg) {
    int n = Math.max(6, (int) Math.ceil(Math.abs(toDeg - fromDeg) / 12));
    double[] points = new double[2 * (n + 1)];
    for (int k = 0; k <= n; k++) {
      double a = Math.toRadians(fromDeg + (toDeg - fromDeg) * k / n);
      points[2 * k] = cx + rx * Math.cos(a);
      points[2 * k + 1] = cy + ry * Math.sin(a);
    }
    return points;
  }

  private static double[] join(double[]... parts) {
    List<Double> all = new ArrayList<>();
    for (double[] part : parts) {
      for (double v : part) {
        all.add(v);
      }
    }
    double[] out = new double[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i);
    }
    return out;
  }
}
