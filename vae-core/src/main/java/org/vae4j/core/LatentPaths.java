package org.vae4j.core;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.ImageData;

/** Latent-space helpers shared by the models: interpolation paths and argument checks. */
final class LatentPaths {

  private LatentPaths() {}

  /** The most points an interpolation decodes. */
  static final int MAX_STEPS = 10_000;

  /** Checks an interpolation's number of points: 2 to {@value #MAX_STEPS}. */
  static void checkSteps(int steps) {
    if (steps < 2 || steps > MAX_STEPS) {
      throw new IllegalArgumentException("steps must be in [2, " + MAX_STEPS + "], got " + steps);
    }
  }

  /** {@code steps} latent points from {@code a} to {@code b} (both {@code [1, L]}), ends included. */
  static INDArray between(INDArray a, INDArray b, int steps, Interpolation path) {
    checkSteps(steps);
    double[] va = values(a);
    double[] vb = values(b);
    int dim = va.length;
    double[] out = new double[steps * dim];
    for (int s = 0; s < steps; s++) {
      double t = s / (double) (steps - 1);
      double[] p = path == Interpolation.SPHERICAL ? slerp(va, vb, t) : lerp(va, vb, t);
      System.arraycopy(p, 0, out, s * dim, dim);
    }
    return array(out, steps, dim, a);
  }

  /** {@code steps} weights from 0 to 1, ends included: the fraction of the way at each point. */
  static double[] fractions(int steps) {
    checkSteps(steps);
    double[] t = new double[steps];
    for (int s = 0; s < steps; s++) {
      t[s] = s / (double) (steps - 1);
    }
    return t;
  }

  static double[] lerp(double[] a, double[] b, double t) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = (1 - t) * a[i] + t * b[i];
    }
    return r;
  }

  /** Slerp of directions with linearly interpolated norm; linear when degenerate. */
  static double[] slerp(double[] a, double[] b, double t) {
    double na = norm(a);
    double nb = norm(b);
    if (na == 0 || nb == 0) {
      return lerp(a, b, t);
    }
    double cos = 0;
    for (int i = 0; i < a.length; i++) {
      cos += a[i] / na * (b[i] / nb);
    }
    cos = Math.max(-1, Math.min(1, cos));
    double omega = Math.acos(cos);
    double sin = Math.sin(omega);
    if (sin < 1e-6) {
      return lerp(a, b, t);
    }
    double wa = Math.sin((1 - t) * omega) / sin;
    double wb = Math.sin(t * omega) / sin;
    double n = (1 - t) * na + t * nb;
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = n * (wa * a[i] / na + wb * b[i] / nb);
    }
    return r;
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  /** The mean over the rows of a {@code [n, L]} array, on the host. */
  static double[] columnMeans(INDArray z) {
    double[] v = values(z);
    int d = (int) z.size(1);
    int n = (int) z.size(0);
    double[] m = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        m[j] += v[i * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      m[j] /= n;
    }
    return m;
  }

  /** {@code a - b} as a {@code [1, L]} array of {@code like}'s type. */
  static INDArray difference(double[] a, double[] b, INDArray like) {
    double[] d = new double[a.length];
    for (int j = 0; j < d.length; j++) {
      d[j] = a[j] - b[j];
    }
    return array(d, 1, d.length, like);
  }

  /** {@code z + strength * v} for every row of {@code z} {@code [n, L]}, as a new array. */
  static INDArray shifted(INDArray z, INDArray v, double strength) {
    double[] zs = values(z);
    double[] vs = values(v);
    int d = vs.length;
    for (int i = 0; i < zs.length; i++) {
      zs[i] += strength * vs[i % d];
    }
    return array(zs, z.size(0), d, z);
  }

  /** The values of {@code a} in row-major order, on the host. */
  static double[] values(INDArray a) {
    if (org.vae4j.core.internal.nn.HostValues.contiguous(a)) {
      return org.vae4j.core.internal.nn.HostValues.read(a);
    }
    try (INDArray c = a.dup('c')) {
      return org.vae4j.core.internal.nn.HostValues.read(c);
    }
  }

  /** A new {@code [rows, cols]} array of {@code like}'s type holding {@code v}. */
  static INDArray array(double[] v, long rows, long cols, INDArray like) {
    if (like.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE) {
      return Nd4j.create(v, new long[] {rows, cols}, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    }
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return Nd4j.create(f, new long[] {rows, cols}, 'c').castTo(like.dataType());
  }

  /** Checks a latent direction {@code [L]} or {@code [1, L]} and returns it as {@code [1, L]}. */
  static INDArray checkVector(String arg, INDArray v, int latentDim) {
    if (v == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    boolean ok = (v.rank() == 1 && v.length() == latentDim)
        || (v.rank() == 2 && v.size(0) == 1 && v.size(1) == latentDim);
    if (!ok) {
      throw new IllegalArgumentException(arg + " must have shape [" + latentDim + "] or [1, "
          + latentDim + "], got " + Arrays.toString(v.shape()));
    }
    if (!v.dataType().isFPType() || v.isNaN().any() || v.isInfinite().any()) {
      throw new IllegalArgumentException(arg + " must hold only finite floating-point values");
    }
    return v.reshape(1, latentDim);
  }

  /**
   * The images of {@code data} shaped for {@code config}: as they are for {@code [C, H, W]}
   * models, flattened for a {@code [D]} model when {@code C * H * W = D}.
   */
  static INDArray imagesFor(ImageData data, ModelConfig config) {
    INDArray images = data.images();
    long[] shape = config.inputShape();
    if (shape.length == 1 && images.rank() > 2 && images.length() / images.size(0) == shape[0]) {
      return images.reshape('c', images.size(0), shape[0]);
    }
    return images;
  }
}
