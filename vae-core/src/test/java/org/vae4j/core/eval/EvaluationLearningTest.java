package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.Vae;
import org.vae4j.core.testing.MnistTestImages;
import org.vae4j.core.train.TrainingOptions;

/**
 * The importance-weighted estimate on a trained model: a small MLP VAE (128 hidden, 4-D latent)
 * trained for 4 epochs of batch 128 (32 steps) on the first 1,000 real MNIST test images and
 * evaluated on the same images. Each image is its own "class", so the per-class metrics are
 * per-example values and standard errors come from 1,000 independent examples. With one seed,
 * IW(k) for a larger k reuses the draws of the smaller k, so differences between k are paired.
 */
@Tag("learning")
class EvaluationLearningTest {

  private static final int N = 1000;

  @Test
  void importanceWeightedEstimateMatchesTheElboAtOneSampleAndRisesWithK() {
    MnistTestImages.Subset s = MnistTestImages.first(N);
    INDArray x = s.images();
    int[] each = new int[N];
    for (int i = 0; i < N; i++) {
      each[i] = i;
    }
    try (Vae vae = Vae.builder().mlpEncoder(128).latentDim(4).seed(2).build()) {
      long t0 = System.nanoTime();
      vae.fit(x, TrainingOptions.builder().epochs(4).batchSize(128).learningRate(3e-3).seed(2).build());
      int[] ks = {1, 4, 16};
      EvaluationReport[] e = new EvaluationReport[ks.length];
      long t1 = System.nanoTime();
      for (int i = 0; i < ks.length; i++) {
        e[i] = ModelEvaluator.builder().importanceSamples(ks[i]).seed(3).build().evaluate(vae, x, each);
      }
      long t2 = System.nanoTime();
      double[][] ll = new double[ks.length][N];
      double[] elbo = new double[N];
      for (int j = 0; j < N; j++) {
        elbo[j] = e[0].perClass().get(j).elboOrThrow();
        for (int i = 0; i < ks.length; i++) {
          ll[i][j] = e[i].perClass().get(j).logLikelihoodOrThrow();
        }
      }
      double elboMean = e[0].overall().elboOrThrow();
      System.out.printf("LEARNING eval: loss %.2f, ELBO %.2f, IW k=1 %.2f, k=4 %.2f, k=16 %.2f "
              + "(training %.1f s, evaluations %.1f s)%n", e[0].overall().loss(), elboMean, mean(ll[0]),
          mean(ll[1]), mean(ll[2]), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
      // Trained: well below the untrained ~545 nats.
      assertThat(elboMean).isGreaterThan(-250);
      // k = 1: equal to the ELBO within Monte-Carlo error.
      double[] d1 = minus(ll[0], elbo);
      assertThat(Math.abs(mean(d1))).isLessThan(4 * standardError(d1));
      // Larger k never falls below the ELBO beyond noise, and rises with k (paired differences).
      for (int i = 1; i < ks.length; i++) {
        double[] vsElbo = minus(ll[i], elbo);
        assertThat(mean(vsElbo)).isGreaterThan(-4 * standardError(vsElbo));
        double[] gain = minus(ll[i], ll[i - 1]);
        assertThat(mean(gain)).isGreaterThan(4 * standardError(gain));
      }
      assertThat(mean(ll[2])).isGreaterThan(elboMean);
    }
  }

  private static double[] minus(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double standardError(double[] v) {
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (v.length - 1) / v.length);
  }
}
