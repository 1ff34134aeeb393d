package org.vae4j.core.internal;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.internal.DiagonalGaussian;

/** Standard normal draws, on the host (for the reparameterization) or as an array (for sampling). */
public final class Noise {

  private Noise() {}

  /** {@code n × dim} standard normal draws from {@code random}, row-major. */
  public static double[] gaussian(SplittableRandom random, long n, int dim) {
    return DiagonalGaussian.standardNormal(random, n, dim);
  }

  /**
   * A {@code [n, dim]} array of standard normal draws from {@code random} in {@code dataType}:
   * the same draws as {@link #gaussian(SplittableRandom, long, int)}, rounded to float first
   * unless the type is double.
   */
  public static INDArray gaussianArray(SplittableRandom random, long n, int dim, DataType dataType) {
    double[] v = gaussian(random, n, dim);
    if (dataType == DataType.DOUBLE) {
      return Nd4j.create(v, new long[] {n, dim}, DataType.DOUBLE);
    }
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return Nd4j.create(f, new long[] {n, dim}, 'c').castTo(dataType);
  }
}
