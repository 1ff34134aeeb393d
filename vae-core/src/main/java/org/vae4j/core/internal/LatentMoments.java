package org.vae4j.core.internal;

import org.vae4j.api.training.LatentUsage;
import org.vae4j.core.internal.nn.LatentHead;

/**
 * Running sums over examples of each latent dimension's posterior mean, squared mean and KL term:
 * what a {@link LatentUsage} is computed from. Not thread-safe.
 */
public final class LatentMoments {

  private final int dims;
  private final double[] sum;
  private final double[] sumSquares;
  private final double[] kl;
  private long count;

  public LatentMoments(int dims) {
    this.dims = dims;
    this.sum = new double[dims];
    this.sumSquares = new double[dims];
    this.kl = new double[dims];
  }

  /** Adds every example of a batch's sample. */
  public void add(LatentHead.Sample s) {
    add(s.means(), s.klTerms());
  }

  /** Adds examples given as row-major {@code [n, dims]} means and KL terms. */
  public void add(double[] means, double[] klTerms) {
    int n = means.length / dims;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < dims; j++) {
        double m = means[i * dims + j];
        sum[j] += m;
        sumSquares[j] += m * m;
        kl[j] += klTerms[i * dims + j];
      }
    }
    count += n;
  }

  /** Examples added so far. */
  public long count() {
    return count;
  }

  /** The usage over the examples added (mean KL per dimension, variance of the means). */
  public LatentUsage usage() {
    if (count == 0) {
      throw new IllegalStateException("no examples added");
    }
    double[] k = new double[dims];
    double[] v = new double[dims];
    for (int j = 0; j < dims; j++) {
      double mean = sum[j] / count;
      k[j] = kl[j] / count;
      v[j] = Math.max(0, sumSquares[j] / count - mean * mean);
    }
    return new LatentUsage(k, v);
  }
}
