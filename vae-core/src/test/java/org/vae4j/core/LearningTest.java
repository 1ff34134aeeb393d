package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.internal.InputChecks;
import org.vae4j.core.internal.Network;
import org.vae4j.core.internal.Noise;
import org.vae4j.core.testing.MnistTestImages;
import org.vae4j.core.train.TrainingOptions;

/**
 * Learning on 2,000 real MNIST test images with fixed seeds. Bounds, measured on the same images:
 * the loss of the untrained model (about 545 nats: every pixel near probability 0.5), and the BCE
 * of predicting the mean image for every example (about 196 nats; what a VAE whose posterior
 * collapsed to the prior achieves, so a lower ELBO proves that the 2-D code carries information
 * about each image). The MLP models must end below both after 3 epochs (96 steps). The conv VAE,
 * whose 16-unit bottleneck learns more slowly, gets 2 epochs (64 steps; about 27 s per epoch on
 * this 2-core machine under load) and must end below 0.6 times its untrained loss; measured it
 * reaches about 207 after 3 epochs and passes the mean image later.
 */
@Tag("learning")
class LearningTest {

  private static final int N = 2000;
  private static INDArray images;
  private static int[] labels;
  private static double meanImageBce;

  @BeforeAll
  static void load() {
    MnistTestImages.Subset s = MnistTestImages.first(N);
    images = s.images();
    labels = s.labels();
    INDArray flat = images.reshape(N, -1);
    double[] p = flat.mean(0).castTo(DataType.DOUBLE).data().asDouble();
    float[] x = flat.dup().data().asFloat();
    double total = 0;
    int d = p.length;
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < d; j++) {
        double q = Math.min(Math.max(p[j], 1e-7), 1 - 1e-7);
        double v = x[i * d + j];
        total -= v * Math.log(q) + (1 - v) * Math.log(1 - q);
      }
    }
    meanImageBce = total / N;
  }

  /** Loss per example on all N images, with noise from a fixed seed (the ELBO estimate). */
  private static double evaluate(Network network, INDArray y) {
    double[] eps = network.config().isVariational()
        ? Noise.gaussian(new SplittableRandom(99), N, network.config().latentDim()) : null;
    return network.loss(images, y, eps, network.config().beta()).total();
  }

  private static void report(String name, double untrained, TrainingHistory h, double after) {
    double seconds = h.epochs().stream().mapToDouble(e -> e.seconds()).sum();
    System.out.printf("LEARNING %s: untrained %.1f, mean image %.1f, epochs %s, after %.1f, %.2f s/epoch%n",
        name, untrained, meanImageBce, java.util.Arrays.toString(h.trainLosses()), after,
        seconds / h.epochs().size());
  }

  private static TrainingOptions training(int epochs) {
    return TrainingOptions.builder().epochs(epochs).batchSize(64).learningRate(2e-3).seed(1).build();
  }

  @Test
  void mlpVaeLearnsBelowTheMeanImage() {
    try (Vae vae = Vae.builder().mlpEncoder(256).latentDim(2).seed(1).build()) {
      double untrained = evaluate(vae.network(), null);
      TrainingHistory h = vae.fit(images, training(3));
      double after = evaluate(vae.network(), null);
      report("mlp vae", untrained, h, after);
      assertThat(after).isLessThan(0.5 * untrained).isLessThan(meanImageBce);
    }
  }

  @Test
  void mlpAutoencoderLearnsBelowTheMeanImage() {
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(256).latentDim(2).seed(1).build()) {
      double untrained = evaluate(ae.network(), null);
      TrainingHistory h = ae.fit(images, training(3));
      double after = evaluate(ae.network(), null);
      report("mlp ae", untrained, h, after);
      assertThat(after).isLessThan(0.5 * untrained).isLessThan(meanImageBce);
    }
  }

  @Test
  void mlpConditionalVaeLearnsBelowTheMeanImage() {
    try (ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(256).latentDim(2).numClasses(10).seed(1).build()) {
      INDArray y = new InputChecks(cvae.config(), DataType.FLOAT).oneHot("labels", labels, N);
      double untrained = evaluate(cvae.network(), y);
      TrainingHistory h = cvae.fit(images, labels, training(3));
      double after = evaluate(cvae.network(), y);
      report("mlp cvae", untrained, h, after);
      assertThat(after).isLessThan(0.5 * untrained).isLessThan(meanImageBce);
    }
  }

  @Test
  void convVaeLearnsWellBelowItsUntrainedLoss() {
    try (Vae vae = Vae.builder().convEncoder().latentDim(2).seed(1).build()) {
      double untrained = evaluate(vae.network(), null);
      TrainingHistory h = vae.fit(images, training(2));
      double after = evaluate(vae.network(), null);
      report("conv vae", untrained, h, after);
      assertThat(after).isLessThan(0.6 * untrained);
      double[] losses = h.trainLosses();
      assertThat(losses[1]).isLessThan(losses[0]);
    }
  }
}
