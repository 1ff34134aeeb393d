package org.vae4j.datasets.internal;

/**
 * Resizes and centre-crops planes of pixel values with a separable filter: an area average (each
 * output pixel is the mean of the source area it covers, partial pixels weighted by overlap) when
 * shrinking, bilinear interpolation when enlarging.
 *
 * <p>The image is scaled by {@code max(outH / h, outW / w)}, so that it covers the output, and the
 * centre {@code outH x outW} of the scaled image is kept.
 */
public final class Resampler {

  private Resampler() {}

  /**
   * The weights of one axis: output pixel {@code i} is {@code sum_k weight[i][k] * src[first[i] +
   * k]}.
   */
  record Axis(int[] first, double[][] weight) {}

  /**
   * Weights that map the source interval {@code [start, start + length)} (in source pixels, of a
   * source axis {@code size} long) onto {@code out} output pixels.
   */
  static Axis axis(int size, double start, double length, int out) {
    int[] first = new int[out];
    double[][] weight = new double[out][];
    double step = length / out;
    for (int i = 0; i < out; i++) {
      if (step >= 1) {
        double a = start + i * step;
        double b = a + step;
        int k0 = Math.max(0, (int) Math.floor(a));
        int k1 = Math.min(size, (int) Math.ceil(b));
        double[] w = new double[Math.max(1, k1 - k0)];
        double sum = 0;
        for (int k = k0; k < k1; k++) {
          double overlap = Math.min(b, k + 1) - Math.max(a, k);
          w[k - k0] = Math.max(0, overlap);
          sum += w[k - k0];
        }
        for (int k = 0; k < w.length; k++) {
          w[k] = sum > 0 ? w[k] / sum : 1.0 / w.length;
        }
        first[i] = Math.min(k0, size - 1);
        weight[i] = w;
      } else {
        double c = start + (i + 0.5) * step - 0.5;
        int k0 = (int) Math.floor(c);
        double t = c - k0;
        int lo = Math.max(0, Math.min(size - 1, k0));
        int hi = Math.max(0, Math.min(size - 1, k0 + 1));
        if (lo == hi) {
          first[i] = lo;
          weight[i] = new double[] {1};
        } else {
          first[i] = lo;
          weight[i] = new double[] {1 - t, t};
        }
      }
    }
    return new Axis(first, weight);
  }

  /**
   * The plan for one source size and one output size: which source rows are needed, and the
   * horizontal and vertical passes. The horizontal pass runs one source row at a time, so a large
   * image is never copied whole.
   */
  public static final class Plan {
    private final Axis ax;
    private final Axis ay;
    private final int outH;
    private final int outW;
    private final int rowFrom;
    private final int rowTo;

    /** A plan from {@code h x w} to {@code outH x outW}. */
    public Plan(int h, int w, int outH, int outW) {
      double scale = Math.max((double) outH / h, (double) outW / w);
      double cropH = outH / scale;
      double cropW = outW / scale;
      this.ay = axis(h, (h - cropH) / 2, cropH, outH);
      this.ax = axis(w, (w - cropW) / 2, cropW, outW);
      this.outH = outH;
      this.outW = outW;
      int from = Integer.MAX_VALUE;
      int to = 0;
      for (int i = 0; i < outH; i++) {
        from = Math.min(from, ay.first()[i]);
        to = Math.max(to, ay.first()[i] + ay.weight()[i].length);
      }
      this.rowFrom = from;
      this.rowTo = to;
    }

    /** The first source row needed. */
    public int rowFrom() {
      return rowFrom;
    }

    /** One past the last source row needed. */
    public int rowTo() {
      return rowTo;
    }

    /** Values of the horizontal pass: {@code (rowTo - rowFrom) * outW}. */
    public float[] newRows() {
      return new float[(rowTo - rowFrom) * outW];
    }

    /** The horizontal pass of source row {@code y} (its values in {@code row}) into {@code rows}. */
    public void horizontal(float[] row, int y, float[] rows) {
      int base = (y - rowFrom) * outW;
      for (int x = 0; x < outW; x++) {
        double[] wt = ax.weight()[x];
        int f = ax.first()[x];
        double s = 0;
        for (int k = 0; k < wt.length; k++) {
          s += wt[k] * row[f + k];
        }
        rows[base + x] = (float) s;
      }
    }

    /** The vertical pass over the horizontal pass's {@code rows}, into {@code dst} at offset. */
    public void vertical(float[] rows, float[] dst, int offset) {
      for (int y = 0; y < outH; y++) {
        double[] wt = ay.weight()[y];
        int f = ay.first()[y] - rowFrom;
        for (int x = 0; x < outW; x++) {
          double s = 0;
          for (int k = 0; k < wt.length; k++) {
            s += wt[k] * rows[(f + k) * outW + x];
          }
          dst[offset + y * outW + x] = (float) Math.max(0, Math.min(1, s));
        }
      }
    }
  }

  /**
   * Resizes and centre-crops one plane {@code src} ({@code h x w}, row-major) to {@code outH x
   * outW}, writing into {@code dst} at {@code offset}.
   */
  public static void resizeCrop(float[] src, int h, int w, int outH, int outW, float[] dst,
      int offset) {
    Plan plan = new Plan(h, w, outH, outW);
    float[] rows = plan.newRows();
    float[] row = new float[w];
    for (int y = plan.rowFrom(); y < plan.rowTo(); y++) {
      System.arraycopy(src, y * w, row, 0, w);
      plan.horizontal(row, y, rows);
    }
    plan.vertical(rows, dst, offset);
  }
}
