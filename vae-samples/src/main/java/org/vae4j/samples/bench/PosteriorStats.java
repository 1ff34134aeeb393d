package org.vae4j.samples.bench;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.internal.DiagonalGaussian;

/**
 * How much a trained VAE's posterior uses its latent space, over a data set: the KL divergence
 * KL(q(z|x) || N(0, I)) per example (averaged over the examples), the variance over the examples of
 * each dimension of the posterior mean E_q[z_j], and the number of active units, the dimensions
 * whose posterior-mean variance exceeds {@value #ACTIVE_VARIANCE} (Burda et al. 2015, "Importance
 * Weighted Autoencoders", section 5.2). A collapsed posterior has no active unit: the encoder gives
 * every image the same q(z|x) and the decoder draws one blob.
 *
 * @param klPerExample mean over the examples of the KL summed over latent dimensions, in nats
 * @param meanVariance per latent dimension, the variance over the examples of the posterior mean
 */
public record PosteriorStats(double klPerExample, double[] meanVariance) {

  /** The activity threshold of Burda et al. (2015) on Var_x(E_q[z_j | x]). */
  public static final double ACTIVE_VARIANCE = 0.01;

  /** Copies the array. */
  public PosteriorStats {
    meanVariance = meanVariance.clone();
  }

  /**
   * The statistics of posterior means and log-variances {@code [n, latentDim]}, computed in double
   * on the host.
   *
   * @throws IllegalArgumentException when the shapes differ or have no rows
   */
  public static PosteriorStats of(INDArray mean, INDArray logVar) {
    if (mean.rank() != 2 || !Arrays.equals(mean.shape(), logVar.shape()) || mean.size(0) < 1) {
      throw new IllegalArgumentException("mean and logVar must both be [n >= 1, latentDim], got "
          + Arrays.toString(mean.shape()) + " and " + Arrays.toString(logVar.shape()));
    }
    double[][] m = mean.toDoubleMatrix();
    double[][] lv = logVar.toDoubleMatrix();
    return of(m, lv);
  }

  /** The statistics of posterior means and log-variances given as {@code [n][latentDim]}. */
  static PosteriorStats of(double[][] mean, double[][] logVar) {
    int n = mean.length;
    int d = mean[0].length;
    double kl = 0;
    double[] sum = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double mu = mean[i][j];
        double lv = logVar[i][j];
        kl += DiagonalGaussian.klTerm(mu, lv);
        sum[j] += mu;
      }
    }
    double[] var = new double[d];
    for (int j = 0; j < d; j++) {
      double avg = sum[j] / n;
      double ss = 0;
      for (int i = 0; i < n; i++) {
        double e = mean[i][j] - avg;
        ss += e * e;
      }
      var[j] = ss / n;
    }
    return new PosteriorStats(kl / n, var);
  }

  /** The number of latent dimensions whose posterior-mean variance exceeds the threshold. */
  public int activeUnits() {
    int a = 0;
    for (double v : meanVariance) {
      if (v > ACTIVE_VARIANCE) {
        a++;
      }
    }
    return a;
  }

  /** A copy of the per-dimension variances. */
  @Override
  public double[] meanVariance() {
    return meanVariance.clone();
  }

  /** The variances as {@code [v0,v1,...]} with four significant digits. */
  public String varianceText() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < meanVariance.length; i++) {
      sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4g", meanVariance[i]));
    }
    return sb.append(']').toString();
  }
}
