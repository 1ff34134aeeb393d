package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.internal.DiagonalGaussian;

/**
 * The posterior heads, the reparameterization and the KL: {@code mean = f Wm + bm} and, for a
 * variational model, {@code logVar = f Wl + bl} on the encoder's features {@code f}; {@code z =
 * mean + exp(logVar / 2) eps} ({@code z = mean} for an autoencoder); {@code KL = -0.5 sum(1 +
 * logVar - mean² - exp(logVar))} per example; the decoder's input {@code [z | labels]}. The
 * reparameterization and the KL ({@code n × latentDim} values) are computed on the host in double.
 *
 * <p>Backward, for the loss {@code L = mean(recon) + beta mean(KL)} over {@code n} examples, from
 * {@code dz} (the decoder's input gradient): {@code dmean = dz + beta mean / n} and {@code
 * dlogVar = dz eps exp(logVar / 2) / 2 + beta (exp(logVar) - 1) / (2 n)}; then through the two
 * dense heads to the features.
 */
public final class LatentHead {

  private final long features;
  private final int latent;
  private final int classes;
  private final boolean variational;
  private final Param meanW;
  private final Param meanB;
  private final Param logVarW;
  private final Param logVarB;
  private final Workspace.Slot mean;
  private final Workspace.Slot logVar;
  private final Workspace.Slot z;
  private final Workspace.Slot decoderInput;
  private final Workspace.Slot decoderInputGradient;
  private final Workspace.Slot meanGradient;
  private final Workspace.Slot logVarGradient;
  private long n;
  private double[] m;
  private double[] eps;
  private double[] std;

  /** Declares {@code enc_mean_W/b} and, for a variational model, {@code enc_logVar_W/b}. */
  public LatentHead(long features, int latent, int classes, boolean variational, Parameters params,
      Workspace workspace) {
    this.features = features;
    this.latent = latent;
    this.classes = classes;
    this.variational = variational;
    this.meanW = params.add("enc_mean_W", new long[] {features, latent}, features, false);
    this.meanB = params.add("enc_mean_b", new long[] {latent}, 0, false);
    this.logVarW = variational ? params.add("enc_logVar_W", new long[] {features, latent}, features, false) : null;
    this.logVarB = variational ? params.add("enc_logVar_b", new long[] {latent}, 0, false) : null;
    this.mean = workspace.forward(latent);
    this.logVar = variational ? workspace.forward(latent) : null;
    this.z = classes > 0 ? workspace.forward(latent) : null;
    this.decoderInput = workspace.forward(latent + classes);
    this.decoderInputGradient = workspace.backward(latent + classes);
    this.meanGradient = workspace.backward(latent);
    this.logVarGradient = variational ? workspace.backward(latent) : null;
  }

  /** The width of the encoder's features. */
  public long features() {
    return features;
  }

  /** Computes the posterior means (and log-variances) of a batch of features {@code [n, features]}. */
  public void encode(BatchContext batch, INDArray f) {
    long rows = batch.n();
    dense(f, meanW, meanB, mean.rows(rows));
    if (variational) {
      dense(f, logVarW, logVarB, logVar.rows(rows));
    }
  }

  private static void dense(INDArray f, Param w, Param b, INDArray out) {
    Kernels.gemm(f, w.value(), out, false, false, 0.0);
    Kernels.addRow(out, b.value());
  }

  /** The means of the latest {@link #encode}. */
  public INDArray mean(long rows) {
    return mean.rows(rows);
  }

  /** The log-variances of the latest {@link #encode} (variational models). */
  public INDArray logVar(long rows) {
    return logVar.rows(rows);
  }

  /**
   * One batch's posterior draws, on the host: each example's KL, the KL's terms per dimension and
   * the posterior means ({@code n × latentDim} each, row-major; KL zeros for an autoencoder).
   *
   * @param kl the KL of each example
   * @param klTerms {@code -0.5 (1 + logVar - mean² - exp(logVar))} of each example and dimension
   * @param means the posterior means (the code of an autoencoder)
   */
  public record Sample(double[] kl, double[] klTerms, double[] means) {}

  /**
   * After {@link #encode}: draws {@code z} with noise {@code noise} ({@code n × latentDim} values,
   * row-major; ignored by an autoencoder), writes the decoder's input and returns the batch's KL
   * and posterior means.
   */
  public Sample sample(BatchContext batch, double[] noise) {
    n = batch.n();
    m = HostValues.read(mean.rows(n));
    double[] kl = new double[Math.toIntExact(n)];
    double[] terms = new double[m.length];
    double[] zs = m.clone();
    if (variational) {
      if (noise == null || noise.length != m.length) {
        throw new IllegalArgumentException("noise must have " + m.length + " values, got "
            + (noise == null ? "none" : noise.length));
      }
      double[] lv = HostValues.read(logVar.rows(n));
      eps = noise;
      std = new double[lv.length];
      for (int r = 0; r < n; r++) {
        double sum = 0;
        for (int c = 0; c < latent; c++) {
          int k = r * latent + c;
          std[k] = DiagonalGaussian.std(lv[k]);
          zs[k] = DiagonalGaussian.sample(m[k], lv[k], eps[k]);
          terms[k] = DiagonalGaussian.klTerm(m[k], lv[k]);
          sum += terms[k];
        }
        kl[r] = sum;
      }
    }
    writeLatent(batch, zs);
    return new Sample(kl, terms, m.clone());
  }

  /** Writes the decoder's input {@code [z | labels]} for given latent vectors {@code z} {@code [n, latentDim]}. */
  public void setLatent(BatchContext batch, INDArray zIn) {
    long rows = batch.n();
    INDArray target = classes > 0 ? z.rows(rows) : decoderInput.rows(rows);
    Kernels.assign(target, zIn);
    if (classes > 0) {
      joinLabels(batch);
    }
  }

  private void writeLatent(BatchContext batch, double[] values) {
    long rows = batch.n();
    HostValues.write(classes > 0 ? z.rows(rows) : decoderInput.rows(rows), values);
    if (classes > 0) {
      joinLabels(batch);
    }
  }

  private void joinLabels(BatchContext batch) {
    INDArray d = decoderInput.rows(batch.n());
    Kernels.assign(d.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent)), z.rows(batch.n()));
    Kernels.assign(d.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, latent + classes)), batch.labels());
  }

  /** The decoder's input {@code [z | labels]} written by {@link #sample} or {@link #setLatent}. */
  public INDArray decoderInput(long rows) {
    return decoderInput.rows(rows);
  }

  /** Where the decoder's backward pass writes dL/d[z | labels]. */
  public INDArray decoderInputGradient(long rows) {
    return decoderInputGradient.rows(rows);
  }

  /**
   * The heads' backward pass after {@link #sample} and the decoder's backward pass: the heads'
   * parameter gradients, and dL/dfeatures into {@code featureGradient} unless it is null.
   */
  public void backward(BatchContext batch, INDArray f, INDArray featureGradient, double beta) {
    if (batch.n() != n) {
      throw new IllegalStateException("backward for " + batch.n() + " rows after a forward of " + n);
    }
    double[] dIn = HostValues.read(decoderInputGradient.rows(n));
    int width = latent + classes;
    double[] dMean = new double[m.length];
    double[] dLogVar = variational ? new double[m.length] : null;
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < latent; c++) {
        int k = r * latent + c;
        double dz = dIn[r * width + c];
        if (variational) {
          dMean[k] = dz + beta * m[k] / n;
          dLogVar[k] = 0.5 * dz * eps[k] * std[k] + beta * 0.5 * (std[k] * std[k] - 1) / n;
        } else {
          dMean[k] = dz;
        }
      }
    }
    INDArray gm = meanGradient.rows(n);
    HostValues.write(gm, dMean);
    denseBackward(f, gm, meanW, meanB, featureGradient, 0.0);
    if (variational) {
      INDArray gl = logVarGradient.rows(n);
      HostValues.write(gl, dLogVar);
      denseBackward(f, gl, logVarW, logVarB, featureGradient, 1.0);
    }
  }

  private static void denseBackward(INDArray f, INDArray d, Param w, Param b, INDArray fGrad,
      double accumulate) {
    Kernels.gemm(f, d, w.gradient(), true, false, 0.0);
    Kernels.columnSums(d, b.gradient());
    if (fGrad != null) {
      Kernels.gemm(d, w.value(), fGrad, false, true, accumulate);
    }
  }
}
