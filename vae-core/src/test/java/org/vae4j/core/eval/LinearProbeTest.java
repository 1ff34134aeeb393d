package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.Vae;

class LinearProbeTest {

  /**
   * Two classes told apart by the mean of the first six inputs: linearly separable in pixel space,
   * so the pixel classifier reaches 100 %; both scores are computed on the same test part.
   */
  @Test
  void comparesLatentAndPixelClassifiersOnTheSameSplit() {
    int n = 120;
    SplittableRandom r = new SplittableRandom(1);
    float[] v = new float[n * 12];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      for (int j = 0; j < 12; j++) {
        double base = j < 6 ? (y[i] == 1 ? 0.8 : 0.2) : 0.5;
        v[i * 12 + j] = (float) Math.min(1, Math.max(0, base + 0.1 * r.nextGaussian()));
      }
    }
    INDArray x = Nd4j.create(v, new long[] {n, 12}, 'c');
    DataSplit split = DataSplit.shuffled(n, 90, 2);
    LogisticClassifier.Config config = new LogisticClassifier.Config(1e-4, 0.01);
    try (Vae vae = Vae.builder().mlpEncoder(8).inputShape(12).latentDim(2).seed(4).build()) {
      LinearProbe.Comparison c = LinearProbe.compare(vae, split.trainRows(x), split.trainLabels(y),
          split.testRows(x), split.testLabels(y), 2, config);
      assertThat(c.trainCount()).isEqualTo(90);
      assertThat(c.testCount()).isEqualTo(30);
      assertThat(c.latentDim()).isEqualTo(2);
      assertThat(c.config()).isEqualTo(config);
      assertThat(c.pixels().accuracy()).isEqualTo(1.0);
      assertThat(c.pixels().count()).isEqualTo(30);
      assertThat(c.latent().count()).isEqualTo(30);
      // The latent classifier is the logistic regression on the encoded means.
      LatentFeatures train = LatentFeatures.encode(vae, split.trainRows(x), split.trainLabels(y), 2, 1024);
      LatentFeatures test = LatentFeatures.encode(vae, split.testRows(x), split.testLabels(y), 2, 1024);
      ClassifierScore direct = LogisticClassifier.fit(train.features(), train.labels(), 2, config)
          .score(test.features(), test.labels());
      assertThat(c.latent()).isEqualTo(direct);
    }
  }

  @Test
  void rejectsMismatchedLabels() {
    try (Vae vae = Vae.builder().mlpEncoder(8).inputShape(12).latentDim(2).seed(4).build()) {
      INDArray x = ModelEvaluatorTest.uniform(6, 1);
      assertThatThrownBy(() -> LinearProbe.compare(vae, x, new int[] {0, 1, 0}, x, new int[6], 2,
          LogisticClassifier.Config.defaults()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels").hasMessageContaining("(6)");
      assertThatThrownBy(() -> LinearProbe.compare(vae, x, new int[6], x, new int[6], 2, null))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("config");
    }
  }
}
