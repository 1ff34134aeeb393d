package org.vae4j.core.likelihood;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.ModelEvaluator;
import org.vae4j.core.train.TrainingOptions;

/**
 * The Gaussian with learned variance learns both the mean and the noise level: on data with a 2-D
 * structure, {@code x = A u + noise} with noise of standard deviation 0.1 on four values and 0.5 on
 * four others, its ELBO ends above the exact log-likelihood of the best model without a latent
 * space (independent Gaussians with each value's own mean and variance), which only a model that
 * uses its code for the means and learns small variances can reach, and far above the ELBO of the
 * same VAE with the fixed-variance MSE likelihood.
 */
@Tag("learning")
class LearnedVarianceLearningTest {

  private static final int N = 1000;
  private static final int D = 8;

  private static double[] data() {
    SplittableRandom r = new SplittableRandom(11);
    double[][] a = new double[D][2];
    for (double[] row : a) {
      row[0] = r.nextDouble(-1, 1);
      row[1] = r.nextDouble(-1, 1);
    }
    double[] x = new double[N * D];
    for (int i = 0; i < N; i++) {
      double u0 = r.nextGaussian();
      double u1 = r.nextGaussian();
      for (int j = 0; j < D; j++) {
        double sigma = j < D / 2 ? 0.1 : 0.5;
        x[i * D + j] = a[j][0] * u0 + a[j][1] * u1 + sigma * r.nextGaussian();
      }
    }
    return x;
  }

  /** The mean log-likelihood of independent Gaussians fitted to each value (maximum likelihood). */
  private static double independentGaussians(double[] x) {
    double total = 0;
    for (int j = 0; j < D; j++) {
      double mean = 0;
      for (int i = 0; i < N; i++) {
        mean += x[i * D + j] / N;
      }
      double var = 0;
      for (int i = 0; i < N; i++) {
        var += (x[i * D + j] - mean) * (x[i * D + j] - mean) / N;
      }
      total += -0.5 * (Math.log(2 * Math.PI * var) + 1);
    }
    return total;
  }

  private static double elboAfterTraining(ModelConfig.LossKind loss, INDArray x) {
    try (Vae vae = Vae.builder().mlpEncoder(32).inputShape(D).latentDim(2).loss(loss).seed(3)
        .build()) {
      vae.fit(x, TrainingOptions.builder().epochs(40).batchSize(50).learningRate(3e-3).seed(1)
          .build());
      return ModelEvaluator.builder().seed(5).build().evaluate(vae, x).overall().elboOrThrow();
    }
  }

  @Test
  void learnsMeansAndNoiseLevelsBeyondTheBestModelWithoutALatentSpace() {
    double[] values = data();
    INDArray x = Nd4j.create(values, new long[] {N, D}, DataType.FLOAT);
    double baseline = independentGaussians(values);
    double learned = elboAfterTraining(ModelConfig.LossKind.LEARNED_VARIANCE_GAUSSIAN, x);
    double fixed = elboAfterTraining(ModelConfig.LossKind.MSE, x);
    System.out.printf("LEARNING learned-variance Gaussian: ELBO %.2f, MSE model ELBO %.2f,"
        + " independent Gaussians %.2f nats per example%n", learned, fixed, baseline);
    assertThat(learned).isGreaterThan(baseline + 2.0);
    assertThat(learned).isGreaterThan(fixed + 2.0);
  }
}
