package org.vae4j.core.eval;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.internal.ArrayRows;

/**
 * A latent-space anomaly score: the aggregate posterior of a variational model's training rows,
 * {@code q(z) = (1/N) Σ_n N(z; μ_n, diag σ_n²)} (the mixture of their encoder posteriors), and the
 * score of an example {@code −log q(μ(x))}, the negative log-density of its encoder mean under
 * that mixture. An example whose code falls where no training example's posterior has mass scores
 * high, however likely its pixels are; the score does not look at the reconstruction at all.
 *
 * <p>Exact (a log-sum-exp over all {@code N} components, {@code O(N · d)} per example, no
 * sampling) and deterministic. It holds {@code 2 N d} doubles (the training means and
 * log-variances); {@link #fit} takes at most {@value #MAX_ROWS} rows. It is not saved with the
 * model; fit it again from the training rows.
 *
 * <pre>{@code
 * AggregatePosterior q = AggregatePosterior.fit(vae, trainingRows, null);
 * double[] scores = q.score(vae, testRows, null); // higher is more anomalous
 * }</pre>
 */
public final class AggregatePosterior {

  /** The most training rows {@link #fit} takes. */
  public static final int MAX_ROWS = 1_000_000;

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final int n;
  private final int d;
  private final double[] means;
  private final double[] precisions;
  private final double[] logNorms;

  private AggregatePosterior(double[] means, double[] logVars, int n, int d) {
    this.n = n;
    this.d = d;
    this.means = means;
    this.precisions = new double[n * d];
    this.logNorms = new double[n];
    for (int i = 0; i < n; i++) {
      double c = -0.5 * d * LOG_2PI;
      for (int j = 0; j < d; j++) {
        double lv = logVars[i * d + j];
        precisions[i * d + j] = Math.exp(-lv);
        c -= 0.5 * lv;
      }
      logNorms[i] = c;
    }
  }

  /**
   * The aggregate posterior of {@code rows} (the training rows) under {@code model}; {@code
   * labels} only for a conditional VAE (else null, or ignored after a check of their count and
   * sign).
   *
   * @throws IllegalArgumentException when the model is an autoencoder (no posterior), there are
   *     no rows or more than {@value #MAX_ROWS}, or the rows do not fit the model
   */
  public static AggregatePosterior fit(Vae4jModel model, INDArray rows, int[] labels) {
    Objects.requireNonNull(rows, "rows");
    Encoded e = encode(model, rows, labels, "rows");
    if (e.n < 1 || e.n > MAX_ROWS) {
      throw new IllegalArgumentException("rows must hold 1 to " + MAX_ROWS + " examples, got "
          + e.n);
    }
    return new AggregatePosterior(e.means, e.logVars, e.n, e.d);
  }

  /** The number of components (training rows). */
  public int size() {
    return n;
  }

  /** The latent dimension. */
  public int latentDim() {
    return d;
  }

  /**
   * {@code log q(z)} of one latent point.
   *
   * @throws IllegalArgumentException when {@code z} does not have {@link #latentDim()} finite values
   */
  public double logDensity(double[] z) {
    Objects.requireNonNull(z, "z");
    if (z.length != d) {
      throw new IllegalArgumentException("z must have " + d + " values, got " + z.length);
    }
    for (int j = 0; j < d; j++) {
      if (!Double.isFinite(z[j])) {
        throw new IllegalArgumentException("z[" + j + "] must be finite, got " + z[j]);
      }
    }
    return logDensity(z, 0);
  }

  private double logDensity(double[] z, int off) {
    double max = Double.NEGATIVE_INFINITY;
    double[] terms = new double[n];
    for (int i = 0; i < n; i++) {
      double q = 0;
      int b = i * d;
      for (int j = 0; j < d; j++) {
        double diff = z[off + j] - means[b + j];
        q += diff * diff * precisions[b + j];
      }
      double t = logNorms[i] - 0.5 * q;
      terms[i] = t;
      if (t > max) {
        max = t;
      }
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.exp(terms[i] - max);
    }
    return max + Math.log(sum / n);
  }

  /**
   * {@code −log q(μ(x))} of every row of {@code data}, {@code μ(x)} its encoder mean under {@code
   * model} (the model this was fitted with); higher is more anomalous.
   *
   * @throws IllegalArgumentException when the model's latent dimension is not this one's, or the
   *     data do not fit the model
   */
  public double[] score(Vae4jModel model, INDArray data, int[] labels) {
    Objects.requireNonNull(data, "data");
    Encoded e = encode(model, data, labels, "data");
    if (e.d != d) {
      throw new IllegalArgumentException("the model's latent dimension is " + e.d
          + ", this aggregate posterior's " + d + ": score with the model it was fitted with");
    }
    double[] out = new double[e.n];
    for (int i = 0; i < e.n; i++) {
      out[i] = -logDensity(e.means, i * d);
    }
    return out;
  }

  /** {@link #score(Vae4jModel, INDArray, int[])} under a model without classes. */
  public double[] score(Vae4jModel model, INDArray data) {
    return score(model, data, null);
  }

  private record Encoded(double[] means, double[] logVars, int n, int d) {}

  private static Encoded encode(Vae4jModel modelIn, INDArray data, int[] labelsIn, String arg) {
    ScoringView model = ScoringView.of(modelIn);
    if (model.isClosed()) {
      throw new IllegalStateException("model is closed");
    }
    ModelConfig c = model.config();
    if (!c.isVariational()) {
      throw new IllegalArgumentException("an aggregate posterior needs a posterior density q(z|x),"
          + " but the model is an autoencoder (a point code)");
    }
    INDArray x = Inputs.data(arg, data, c);
    try {
      int n = Math.toIntExact(x.size(0));
      int[] labels = Inputs.condition("labels", labelsIn, n, c);
      int d = c.latentDim();
      double[] means = new double[Math.multiplyExact(n, d)];
      double[] logVars = new double[n * d];
      int batch = ModelEvaluator.DEFAULT_MAX_BATCH_ROWS;
      for (int from = 0; from < n; from += batch) {
        int to = Math.min(n, from + batch);
        int[] l = labels == null ? null : java.util.Arrays.copyOfRange(labels, from, to);
        INDArray[] enc = model.encode(ArrayRows.rows(x, from, to), l);
        double[] mu = Inputs.drain(enc[0]);
        System.arraycopy(mu, 0, means, from * d, mu.length);
        double[] lv = Inputs.drain(enc[1]);
        System.arraycopy(lv, 0, logVars, from * d, lv.length);
      }
      return new Encoded(means, logVars, n, d);
    } finally {
      if (x != data) {
        x.close();
      }
    }
  }
}
