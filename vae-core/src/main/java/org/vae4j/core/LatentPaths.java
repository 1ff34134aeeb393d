package org.vae4j.core;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.ImageData;

/** Latent-space helpers shared by the models: interpolation paths and argument checks. */
final class LatentPaths {

  private LatentPaths() {}

  /** {@code steps} latent points from {@code a} to {@code b} (both {@code [1, L]}), ends included. */
  static INDArray between(INDArray a, INDArray b, int steps, Interpolation path) {
    if (steps < 2) {
      throw new IllegalArgumentException("steps must be >= 2, got " + steps);
    }
    double[] va = a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
    double[] vb = b.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
    int dim = va.length;
    double[] out = new double[steps * dim];
    for (int s = 0; s < steps; s++) {
      double t = s / (double) (steps - 1);
      double[] p = path == Interpolation.SPHERICAL ? slerp(va, vb, t) : lerp(va, vb, t);
      System.arraycopy(p, 0, out, s * dim, dim);
    }
    return Nd4j.create(out, new long[] {steps, dim}, org.nd4j.linalg.api.buffer.DataType.DOUBLE)
        .castTo(a.dataType());
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
