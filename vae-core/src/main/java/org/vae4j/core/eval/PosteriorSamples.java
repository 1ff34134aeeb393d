package org.vae4j.core.eval;

import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.internal.DiagonalGaussian;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.internal.ArrayRows;
import org.vae4j.core.likelihood.Likelihood;

/**
 * The sampling loop shared by the evaluator's importance-weighted log-likelihood and the anomaly
 * scorer: {@code k} latent samples {@code z ~ q(z | x)} of every example, each example's from its
 * own generator (so the samples do not depend on the batching), decoded in batches of at most
 * {@code maxBatchRows} rows, and {@code log p(x | z)} of each handed to a visitor.
 */
final class PosteriorSamples {

  private PosteriorSamples() {}

  /**
   * The standard-normal noise ({@code latentDim} values, rounded to float, per example) of the
   * single-sample ELBO of examples {@code from .. to}, each from its own generator.
   */
  static double[] noise(int from, int to, int d, IntFunction<SplittableRandom> generators) {
    double[] noise = new double[Math.multiplyExact(to - from, d)];
    for (int i = 0; i < to - from; i++) {
      SplittableRandom g = generators.apply(from + i);
      for (int j = 0; j < d; j++) {
        noise[i * d + j] = (float) g.nextGaussian();
      }
    }
    return noise;
  }

  /** Receives one sample of one example. */
  interface Visitor {
    /**
     * @param example the example's row in {@code x}
     * @param z the latent sample (owned by the loop: copy to keep)
     * @param logPxz {@code log p(x | z)} with every constant
     * @param perValue {@code log p(x_j | z)} of every data value at {@code perValue[offset ..
     *     offset + width)}, or null when not asked for
     */
    void visit(int example, double[] z, double logPxz, double[] perValue, int offset);
  }

  /**
   * Visits {@code k} samples of each example. {@code logVars} null means a point posterior at
   * {@code means} (an autoencoder's code): the samples are then all the mean.
   */
  static void visit(ScoringView model, INDArray x, int[] labels, double[] means, double[] logVars,
      int k, int maxBatchRows, IntFunction<SplittableRandom> generators, boolean perValue,
      Visitor visitor) {
    ModelConfig c = model.config();
    Likelihood likelihood = c.likelihood();
    int n = Math.toIntExact(x.size(0));
    int d = c.latentDim();
    long dataWidth = c.inputSize();
    int w = Math.toIntExact(dataWidth);
    long[] dataShape = c.inputShape();
    int inputsPerBatch = Math.max(1, Math.min(n, maxBatchRows / k));
    int samplesPerBatch = Math.max(1, Math.min(k, maxBatchRows / inputsPerBatch));
    double[] zd = new double[d];
    for (int from = 0; from < n; from += inputsPerBatch) {
      int to = Math.min(n, from + inputsPerBatch);
      int nc = to - from;
      float[] xs = Inputs.flatFloats(ArrayRows.rows(x, from, to));
      SplittableRandom[] gens = new SplittableRandom[nc];
      for (int i = 0; i < nc; i++) {
        gens[i] = generators.apply(from + i);
      }
      for (int s0 = 0; s0 < k; s0 += samplesPerBatch) {
        int kk = Math.min(samplesPerBatch, k - s0);
        int m = nc * kk;
        float[] xr = new float[Math.multiplyExact(m, w)];
        float[] zs = new float[m * d];
        double[][] zRows = new double[m][];
        int[] lr = labels == null ? null : new int[m];
        for (int i = 0; i < nc; i++) {
          int e = from + i;
          for (int j = 0; j < kk; j++) {
            int row = i * kk + j;
            System.arraycopy(xs, i * w, xr, row * w, w);
            if (lr != null) {
              lr[row] = labels[e];
            }
            double[] z = new double[d];
            for (int q = 0; q < d; q++) {
              double mq = means[e * d + q];
              z[q] = logVars == null ? mq
                  : DiagonalGaussian.sample(mq, logVars[e * d + q], gens[i].nextGaussian());
              zs[row * d + q] = (float) z[q];
            }
            zRows[row] = z;
          }
        }
        long[] shape = new long[dataShape.length + 1];
        shape[0] = m;
        System.arraycopy(dataShape, 0, shape, 1, dataShape.length);
        double[] recon = null;
        double[] values = null;
        int[] rowLabels = c.numClasses() > 0 ? lr : null;
        try (INDArray xBatch = Nd4j.create(xr, shape, 'c');
            INDArray zBatch = Nd4j.create(zs, new long[] {m, d}, 'c')) {
          if (perValue) {
            values = model.logProbabilityPerValue(xBatch, zBatch, rowLabels);
          } else {
            recon = Inputs.drain(model.reconstructionLoss(xBatch, zBatch, rowLabels));
          }
        }
        for (int i = 0; i < nc; i++) {
          for (int j = 0; j < kk; j++) {
            int row = i * kk + j;
            System.arraycopy(zRows[row], 0, zd, 0, d);
            double logPxz;
            if (perValue) {
              logPxz = 0;
              for (int v = row * w; v < (row + 1) * w; v++) {
                logPxz += values[v];
              }
            } else {
              logPxz = likelihood.logProbability(recon[row], dataWidth);
            }
            visitor.visit(from + i, zd, logPxz, values, row * w);
          }
        }
      }
    }
  }

  /**
   * The importance-weighted estimate of {@code log p(x)} of every example with {@code k} samples:
   * the log-mean-exp of {@code log p(x|z) + log p(z) - log q(z|x)}.
   */
  static double[] importanceWeighted(ScoringView model, INDArray x, int[] labels, double[] means,
      double[] logVars, int k, int maxBatchRows, IntFunction<SplittableRandom> generators) {
    int n = Math.toIntExact(x.size(0));
    int d = model.config().latentDim();
    LogDensity.LogMeanExp[] acc = new LogDensity.LogMeanExp[n];
    for (int i = 0; i < n; i++) {
      acc[i] = new LogDensity.LogMeanExp();
    }
    double[] mu = new double[d];
    double[] lv = new double[d];
    visit(model, x, labels, means, logVars, k, maxBatchRows, generators, false,
        (e, z, logPxz, values, offset) -> {
          System.arraycopy(means, e * d, mu, 0, d);
          System.arraycopy(logVars, e * d, lv, 0, d);
          acc[e].add(logPxz + DiagonalGaussian.logStandardNormal(z)
              - DiagonalGaussian.logDensity(z, mu, lv));
        });
    double[] result = new double[n];
    for (int i = 0; i < n; i++) {
      result[i] = acc[i].value();
    }
    return result;
  }
}
