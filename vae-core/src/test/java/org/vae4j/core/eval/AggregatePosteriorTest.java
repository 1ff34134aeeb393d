package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.Posterior;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.Vae;
import org.vae4j.core.anomaly.AnomalyMetrics;
import org.vae4j.core.train.TrainingOptions;

/**
 * AggregatePosterior against its definition from the model's public encoder: the mean over the
 * training rows of the Gaussian densities of each test row's encoder mean, computed directly (no
 * log-sum-exp) where the densities do not underflow; and a trained model's separation of rows
 * unlike the training rows.
 */
class AggregatePosteriorTest {

  private static final int D = 12;
  private Vae vae;

  @BeforeEach
  void model() {
    vae = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).seed(3).build();
  }

  @AfterEach
  void close() {
    vae.close();
  }

  private static double[] flat(INDArray a) {
    return a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(a.length()).toDoubleVector();
  }

  @Test
  void theScoreIsMinusTheLogOfTheMeanOfTheTrainingPosteriorsDensitiesAtTheEncoderMean() {
    qt().withExamples(15).forAll(longs().between(0, 1000), integers().between(1, 40),
        integers().between(1, 6)).checkAssert((seed, nTrain, nTest) -> {
          INDArray train = ModelEvaluatorTest.uniform(nTrain, seed);
          INDArray test = ModelEvaluatorTest.uniform(nTest, seed + 5000);
          AggregatePosterior q = AggregatePosterior.fit(vae, train, null);
          assertThat(q.size()).isEqualTo(nTrain);
          assertThat(q.latentDim()).isEqualTo(3);
          Posterior pt = vae.encode(train, null);
          double[] mu = flat(pt.mean());
          double[] lv = flat(pt.logVar());
          double[] z = flat(vae.encode(test, null).mean());
          double[] s = q.score(vae, test);
          for (int e = 0; e < nTest; e++) {
            double density = 0;
            for (int n = 0; n < nTrain; n++) {
              double p = 1;
              for (int j = 0; j < 3; j++) {
                double var = Math.exp(lv[n * 3 + j]);
                double diff = z[e * 3 + j] - mu[n * 3 + j];
                p *= Math.exp(-diff * diff / (2 * var)) / Math.sqrt(2 * Math.PI * var);
              }
              density += p / nTrain;
            }
            assertThat(s[e]).isCloseTo(-Math.log(density), within(1e-4));
            assertThat(q.logDensity(new double[] {z[e * 3], z[e * 3 + 1], z[e * 3 + 2]}))
                .isCloseTo(-s[e], within(1e-9));
          }
          assertThat(q.score(vae, test)).isEqualTo(s); // deterministic
        });
  }

  @Test
  void farFromEveryComponentTheLogDensityDoesNotUnderflow() {
    AggregatePosterior q = AggregatePosterior.fit(vae, ModelEvaluatorTest.uniform(10, 1), null);
    double far = q.logDensity(new double[] {400, -400, 400});
    assertThat(far).isFinite().isLessThan(-1e4);
    assertThat(q.logDensity(new double[] {0, 0, 0})).isGreaterThan(far);
  }

  @Test
  void aTrainedModelScoresRowsUnlikeItsTrainingRowsHigher() {
    int n = 400;
    float[] v = new float[n * D];
    java.util.SplittableRandom r = new java.util.SplittableRandom(2);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < D; j++) {
        v[i * D + j] = (float) (j < D / 2 ? 0.8 + 0.2 * r.nextDouble() : 0.2 * r.nextDouble());
      }
    }
    INDArray train = org.nd4j.linalg.factory.Nd4j.create(v, new long[] {n, D}, 'c');
    float[] t = new float[40 * D];
    boolean[] odd = new boolean[40];
    for (int i = 0; i < 40; i++) {
      odd[i] = i >= 20;
      for (int j = 0; j < D; j++) {
        boolean high = odd[i] ? j >= D / 2 : j < D / 2; // anomalies: the other half lit
        t[i * D + j] = (float) (high ? 0.8 + 0.2 * r.nextDouble() : 0.2 * r.nextDouble());
      }
    }
    INDArray test = org.nd4j.linalg.factory.Nd4j.create(t, new long[] {40, D}, 'c');
    try (Vae m = Vae.builder().mlpEncoder(16).inputShape(D).latentDim(2).seed(1).build()) {
      m.fit(train, TrainingOptions.builder().epochs(30).batchSize(32).seed(1).build());
      double[] s = AggregatePosterior.fit(m, train, null).score(m, test);
      assertThat(AnomalyMetrics.rocAuc(s, odd)).isGreaterThan(0.95);
    }
  }

  @Test
  void badArgumentsAreRefused() {
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(8).inputShape(D).latentDim(3).seed(1)
        .build()) {
      assertThatThrownBy(() -> AggregatePosterior.fit(ae, ModelEvaluatorTest.uniform(3, 1), null))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoencoder");
    }
    AggregatePosterior q = AggregatePosterior.fit(vae, ModelEvaluatorTest.uniform(3, 1), null);
    assertThatThrownBy(() -> q.logDensity(new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 values");
    assertThatThrownBy(() -> q.logDensity(new double[] {1, Double.NaN, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("z[1]");
    try (Vae other = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(4).seed(3).build()) {
      assertThatThrownBy(() -> q.score(other, ModelEvaluatorTest.uniform(2, 1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latent dimension");
    }
    assertThatThrownBy(() -> AggregatePosterior.fit(vae,
        org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 0, D),
        null)).isInstanceOf(IllegalArgumentException.class);
  }
}
