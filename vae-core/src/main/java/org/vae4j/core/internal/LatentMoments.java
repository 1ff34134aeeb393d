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

  /**
   * The running sums as one vector of {@code 3 × dims + 1} values: the sums of the means, of the
   * squared means and of the KL terms (each {@code dims} values), then the example count. {@link
   * #addSums} adds such a vector, so that moments gathered in several places (partitions of a
   * cluster) combine into those of all their examples.
   */
  public double[] sums() {
    double[] out = new double[3 * dims + 1];
    System.arraycopy(sum, 0, out, 0, dims);
    System.arraycopy(sumSquares, 0, out, dims, dims);
    System.arraycopy(kl, 0, out, 2 * dims, dims);
    out[3 * dims] = count;
    return out;
  }

  /**
   * Adds the examples summed in {@code sums} (a {@link #sums()} vector).
   *
   * @throws IllegalArgumentException when {@code sums} is not {@code 3 × dims + 1} values with a
   *     whole, non-negative count
   */
  public void addSums(double[] sums) {
    if (sums.length != 3 * dims + 1) {
      throw new IllegalArgumentException("latent sums must hold " + (3 * dims + 1) + " values (3 × "
          + dims + " dimensions + the count), got " + sums.length);
    }
    double n = sums[3 * dims];
    if (!(n >= 0) || n != Math.rint(n)) {
      throw new IllegalArgumentException("latent sums' count must be a whole number >= 0, got " + n);
    }
    for (int j = 0; j < dims; j++) {
      sum[j] += sums[j];
      sumSquares[j] += sums[dims + j];
      kl[j] += sums[2 * dims + j];
    }
    count += (long) n;
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
