package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelConfig.EncoderKind;
import org.vae4j.core.ModelConfig.Kind;
import org.vae4j.core.ModelConfig.LossKind;

/**
 * The float network (inference, evaluation and training paths) against a plain-Java double forward
 * pass of a small MLP model using the same parameters.
 */
class ReferenceForwardTest {

  @ParameterizedTest
  @EnumSource(Kind.class)
  void networkOutputsAndLossesMatchThePlainJavaReference(Kind kind) {
    // one decoder output per value: the losses the plain-Java reference knows
    for (LossKind lossKind : new LossKind[] {LossKind.BCE, LossKind.MSE}) {
      ModelConfig config = new ModelConfig(kind, EncoderKind.MLP, new int[] {7, 5}, null, 0,
          new long[] {2, 3, 4}, 3, lossKind, kind == Kind.AUTOENCODER ? 0 : 0.5, 17,
          kind == Kind.CONDITIONAL_VAE ? 4 : 0);
      try (Network engine = new Network(config, DataType.FLOAT)) {
        int n = 5;
        int d = 24;
        SplittableRandom r = new SplittableRandom(3);
        double[][] xs = new double[n][d];
        double[][] eps = new double[n][3];
        double[][] oneHot = kind == Kind.CONDITIONAL_VAE ? new double[n][4] : null;
        int[] labels = {0, 3, 1, 2, 3};
        float[] flat = new float[n * d];
        float[] epsFlat = new float[n * 3];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < d; j++) {
            flat[i * d + j] = (float) r.nextDouble();
            xs[i][j] = flat[i * d + j];
          }
          for (int j = 0; j < 3; j++) {
            epsFlat[i * 3 + j] = (float) r.nextGaussian();
            eps[i][j] = epsFlat[i * 3 + j];
          }
          if (oneHot != null) {
            oneHot[i][labels[i]] = 1;
          }
        }
        INDArray x = Nd4j.create(flat, new long[] {n, 2, 3, 4}, 'c');
        double[] e = new double[epsFlat.length];
        for (int i = 0; i < e.length; i++) {
          e[i] = epsFlat[i];
        }
        INDArray y = oneHot == null ? null
            : new InputChecks(config, DataType.FLOAT).oneHot("labels", labels, n);
        ReferenceMlp ref = new ReferenceMlp(config, engine.parameters().valuesByName());

        INDArray[] post = engine.encode(x, y);
        INDArray decoded = engine.decode(post[0], y).reshape(n, d);
        for (int i = 0; i < n; i++) {
          double[][] q = ref.encode(xs[i], oneHot == null ? null : oneHot[i]);
          for (int j = 0; j < 3; j++) {
            assertThat(post[0].getDouble(i, j)).isCloseTo(q[0][j], within(1e-5));
            if (config.isVariational()) {
              assertThat(post[1].getDouble(i, j)).isCloseTo(q[1][j], within(1e-5));
            }
          }
          double[] out = ref.decodeRaw(q[0], oneHot == null ? null : oneHot[i]);
          for (int j = 0; j < d; j++) {
            double expected = lossKind == LossKind.BCE ? MathReference.sigmoid(out[j]) : out[j];
            assertThat(decoded.getDouble(i, j)).isCloseTo(expected, within(1e-5));
          }
        }
        double[] expectedLoss = ref.loss(xs, oneHot, eps, config.beta());
        Network.Loss viaOutput = engine.loss(x, y, e, config.beta());
        Network.Loss viaGradients = engine.lossAndGradient(x, y, e, config.beta());
        for (Network.Loss l : new Network.Loss[] {viaOutput, viaGradients}) {
          assertThat(l.total()).isCloseTo(expectedLoss[0], within(1e-5 * expectedLoss[0]));
          assertThat(l.reconstruction()).isCloseTo(expectedLoss[1], within(1e-5 * expectedLoss[1]));
          assertThat(l.kl()).isCloseTo(expectedLoss[2], within(1e-5 * Math.max(1, expectedLoss[2])));
        }
        if (config.isVariational()) {
          assertThat(expectedLoss[2]).isGreaterThan(0.0);
        }
      }
    }
  }
}
