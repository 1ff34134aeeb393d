package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.Posterior;
import org.vae4j.core.train.TrainingOptions;

/** The model API on tiny shapes: shapes, boundary checks, lifecycle, sampling and editing. */
class ModelApiTest {

  static Vae tinyVae() {
    return Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(2).seed(1).build();
  }

  static INDArray data(int n, long... shape) {
    long[] full = new long[shape.length + 1];
    full[0] = n;
    System.arraycopy(shape, 0, full, 1, shape.length);
    long len = 1;
    for (long d : full) {
      len *= d;
    }
    java.util.SplittableRandom r = new java.util.SplittableRandom(5 + len);
    float[] v = new float[(int) len];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return Nd4j.create(v, full, 'c');
  }

  @Test
  void vaeEncodesToAPosteriorOfTheLatentWidth() {
    try (Vae vae = tinyVae()) {
      Posterior p = vae.encode(data(3, 1, 4, 4));
      assertThat(p.mean().shape()).containsExactly(3, 2);
      assertThat(p.logVar().shape()).containsExactly(3, 2);
      assertThat(p.isPointMass()).isFalse();
      assertThat(vae.encodeMean(data(3, 1, 4, 4))).isEqualTo(p.mean());
    }
  }

  @Test
  void autoencoderEncodesToAPointMass() {
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(8).inputShape(16).latentDim(3).build()) {
      Posterior p = ae.encode(data(2, 16));
      assertThat(p.isPointMass()).isTrue();
      assertThat(p.mean().shape()).containsExactly(2, 3);
      assertThat(ae.reconstruct(data(2, 16)).shape()).containsExactly(2, 16);
    }
  }

  @Test
  void decodeOfABceModelGivesProbabilities() {
    try (Vae vae = tinyVae()) {
      INDArray out = vae.decode(Nd4j.randn(DataType.FLOAT, 6, 2).muli(5));
      assertThat(out.shape()).containsExactly(6, 1, 4, 4);
      assertThat(out.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
      assertThat(out.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
    }
  }

  @Test
  void wrongInputShapeNamesArgumentExpectedAndActual() {
    try (Vae vae = tinyVae()) {
      assertThatThrownBy(() -> vae.encode(data(2, 1, 5, 4)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("x must have shape [n, 1, 4, 4] with n >= 1, got [2, 1, 5, 4]"
              + "; for images of this shape, build the model with inputShape(1, 5, 4)");
    }
  }

  @Test
  void nonFiniteInputIsRejected() {
    try (Vae vae = tinyVae()) {
      INDArray x = data(2, 1, 4, 4);
      x.putScalar(new long[] {1, 0, 2, 2}, Float.NaN);
      assertThatThrownBy(() -> vae.reconstruct(x))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("x must hold only finite values");
      INDArray z = Nd4j.zeros(DataType.FLOAT, 1, 2).putScalar(0, Float.POSITIVE_INFINITY);
      assertThatThrownBy(() -> vae.decode(z)).hasMessageContaining("z must hold only finite values");
    }
  }

  @Test
  void latentOfTheWrongWidthIsRejected() {
    try (Vae vae = tinyVae()) {
      assertThatThrownBy(() -> vae.decode(Nd4j.zeros(DataType.FLOAT, 4, 3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("z must have shape [n, 2] with n >= 1, got [4, 3]");
    }
  }

  @Test
  void labelsOutOfRangeOrOfTheWrongCountAreRejected() {
    try (ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(8).inputShape(6).numClasses(3).build()) {
      INDArray z = Nd4j.zeros(DataType.FLOAT, 2, 2);
      assertThatThrownBy(() -> cvae.decode(z, new int[] {0, 3}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("labels[1] must be in [0, 3), got 3");
      assertThatThrownBy(() -> cvae.decode(z, new int[] {0}))
          .hasMessage("labels must have one label per example (2), got 1");
      assertThatThrownBy(() -> cvae.sampleOfClass(-1, 2)).hasMessage("label[0] must be in [0, 3), got -1");
    }
  }

  @Test
  void oneHotAndIndexLabelsGiveTheSameResult() {
    try (ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(8).inputShape(6).numClasses(3).build()) {
      INDArray x = data(3, 6);
      int[] labels = {2, 0, 1};
      INDArray oneHot = Nd4j.zeros(DataType.FLOAT, 3, 3);
      for (int i = 0; i < 3; i++) {
        oneHot.putScalar(i, labels[i], 1);
      }
      assertThat(cvae.encodeMean(x, oneHot)).isEqualTo(cvae.encodeMean(x, labels));
      INDArray z = cvae.encodeMean(x, labels);
      assertThat(cvae.decode(z, oneHot)).isEqualTo(cvae.decode(z, labels));
      assertThat(cvae.reconstruct(x, labels)).isEqualTo(cvae.decode(z, labels));
      assertThat(cvae.sampleOfClass(1, 4, 7L).shape()).containsExactly(4, 6);
      // the label matters
      assertThat(cvae.decode(z, new int[] {0, 0, 0})).isNotEqualTo(cvae.decode(z, new int[] {1, 1, 1}));
    }
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseThrows() {
    Vae vae = tinyVae();
    vae.close();
    vae.close();
    assertThat(vae.isClosed()).isTrue();
    assertThatThrownBy(() -> vae.encode(data(1, 1, 4, 4))).isInstanceOf(IllegalStateException.class)
        .hasMessage("model is closed");
    assertThatThrownBy(() -> vae.decode(Nd4j.zeros(DataType.FLOAT, 1, 2))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> vae.sample(2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> vae.sample(2, 3L)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> vae.save(java.nio.file.Path.of("/tmp/never.vae"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> vae.fit(data(2, 1, 4, 4), TrainingOptions.builder().epochs(1).build()))
        .isInstanceOf(IllegalStateException.class);
    ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(4).inputShape(6).numClasses(2).build();
    cvae.close();
    cvae.close();
    assertThatThrownBy(() -> cvae.sampleOfClass(0, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void parametersChangeAfterATrainingStepAndNotAfterInference() {
    try (Vae vae = tinyVae()) {
      Map<String, INDArray> before = snapshot(vae);
      INDArray x = data(8, 1, 4, 4);
      vae.encode(x);
      vae.reconstruct(x);
      vae.sample(3);
      vae.interpolate(x.get(NDArrayIndex.interval(0, 1)), x.get(NDArrayIndex.interval(1, 2)), 3);
      assertThat(snapshot(vae)).isEqualTo(before);
      vae.fit(x, TrainingOptions.builder().epochs(1).batchSize(8).build());
      Map<String, INDArray> after = snapshot(vae);
      for (String name : before.keySet()) {
        assertThat(after.get(name)).as(name).isNotEqualTo(before.get(name));
      }
    }
  }

  private static Map<String, INDArray> snapshot(AbstractLatentModel m) {
    Map<String, INDArray> copy = new java.util.LinkedHashMap<>();
    m.network().parameters().valuesByName().forEach((k, v) -> copy.put(k, v.dup()));
    return copy;
  }

  @Test
  void seededSamplesAreReproducibleAndSeedsDiffer() {
    try (Vae vae = tinyVae()) {
      assertThat(vae.sample(5, 42L)).isEqualTo(vae.sample(5, 42L));
      assertThat(vae.sample(5, 42L)).isNotEqualTo(vae.sample(5, 43L));
      assertThat(vae.sample(5).shape()).containsExactly(5, 1, 4, 4);
      assertThatThrownBy(() -> vae.sample(0)).hasMessageStartingWith("n must be in [1, ").hasMessageEndingWith("got 0");
    }
    try (Vae a = tinyVae(); Vae b = tinyVae()) {
      // the model's own generator is seeded from the config
      assertThat(a.sample(4)).isEqualTo(b.sample(4));
    }
  }

  @Test
  void interpolationEndsAtTheReconstructionsOfBothExamples() {
    try (Vae vae = tinyVae()) {
      INDArray x = data(2, 1, 4, 4);
      INDArray x1 = x.get(NDArrayIndex.interval(0, 1));
      INDArray x2 = x.get(NDArrayIndex.point(1));
      for (Interpolation path : Interpolation.values()) {
        INDArray line = vae.interpolate(x1, x2, 5, path);
        assertThat(line.shape()).containsExactly(5, 1, 4, 4);
        INDArray rec = vae.reconstruct(x);
        assertThat(line.get(NDArrayIndex.point(0)).equalsWithEps(rec.get(NDArrayIndex.point(0)), 1e-5)).isTrue();
        assertThat(line.get(NDArrayIndex.point(4)).equalsWithEps(rec.get(NDArrayIndex.point(1)), 1e-5)).isTrue();
      }
      assertThatThrownBy(() -> vae.interpolate(x1, x1, 1)).hasMessage("steps must be in [2, 10000], got 1");
      assertThatThrownBy(() -> vae.interpolate(x, x1, 3)).hasMessage("x1 must be a single example (n = 1), got n = 2");
    }
  }

  @Test
  void sphericalPathKeepsTheNormBetweenTheEnds() {
    double[] a = {3, 0};
    double[] b = {0, 3};
    double[] mid = LatentPaths.slerp(a, b, 0.5);
    assertThat(Math.hypot(mid[0], mid[1])).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-12));
    double[] lin = LatentPaths.lerp(a, b, 0.5);
    assertThat(Math.hypot(lin[0], lin[1])).isLessThan(2.2);
  }

  @Test
  void attributeVectorIsTheDifferenceOfMeansAndZeroStrengthEditIsAReconstruction() {
    try (Vae vae = tinyVae()) {
      INDArray with = data(4, 1, 4, 4);
      INDArray without = with.mul(0.5);
      INDArray v = vae.attributeVector(with, without);
      assertThat(v.shape()).containsExactly(1, 2);
      INDArray expected = vae.encodeMean(with).mean(true, 0).sub(vae.encodeMean(without).mean(true, 0));
      assertThat(v.equalsWithEps(expected, 1e-6)).isTrue();
      assertThat(vae.edit(with, v, 0.0)).isEqualTo(vae.reconstruct(with));
      INDArray edited = vae.edit(with, v.reshape(2), 2.0);
      INDArray z = vae.encodeMean(with).addRowVector(v.mul(2.0));
      assertThat(edited.equalsWithEps(vae.decode(z), 1e-6)).isTrue();
      assertThatThrownBy(() -> vae.edit(with, Nd4j.zeros(DataType.FLOAT, 3), 1.0))
          .hasMessage("vector must have shape [2] or [1, 2], got [3]");
    }
  }

  @Test
  void largeBatchesAreChunkedWithTheSameResultAsSmallOnes() {
    try (Vae vae = Vae.builder().mlpEncoder(4).inputShape(3).latentDim(2).build()) {
      INDArray x = data(1030, 3);
      INDArray all = vae.encodeMean(x);
      INDArray first = vae.encodeMean(x.get(NDArrayIndex.interval(0, 1024), NDArrayIndex.all()));
      INDArray rest = vae.encodeMean(x.get(NDArrayIndex.interval(1024, 1030), NDArrayIndex.all()));
      assertThat(all).isEqualTo(Nd4j.concat(0, first, rest));
      assertThat(vae.decode(all).shape()).containsExactly(1030, 3);
    }
  }

  @Test
  void concurrentInferenceGivesTheSameResultsAsSequentialCalls() throws Exception {
    try (Vae vae = tinyVae()) {
      List<INDArray> inputs = new ArrayList<>();
      List<INDArray> expected = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 1, 4, 4);
        inputs.add(x);
        expected.add(vae.reconstruct(x));
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<INDArray>> futures = new ArrayList<>();
        for (int rep = 0; rep < 3; rep++) {
          for (INDArray x : inputs) {
            futures.add(pool.submit(() -> vae.reconstruct(x)));
          }
        }
        for (int i = 0; i < futures.size(); i++) {
          assertThat(futures.get(i).get()).isEqualTo(expected.get(i % inputs.size()));
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void convModelsHandleSizesNotDivisibleByTwo() {
    try (Vae vae = Vae.builder().convEncoder(2, 3).denseUnits(4).inputShape(2, 5, 7).latentDim(1).build()) {
      INDArray x = data(3, 2, 5, 7);
      assertThat(vae.reconstruct(x).shape()).containsExactly(3, 2, 5, 7);
      assertThat(vae.encode(x).mean().shape()).containsExactly(3, 1);
    }
  }

  @Test
  void defaultConvVaeHasThePeerArchitecture() {
    try (Vae vae = Vae.builder().convEncoder().latentDim(2).build()) {
      Map<String, INDArray> p = vae.network().parameters().valuesByName();
      Map<String, long[]> expected = new java.util.LinkedHashMap<>();
      expected.put("enc_conv0_W", new long[] {3, 3, 1, 32});
      expected.put("enc_conv1_W", new long[] {3, 3, 32, 64});
      expected.put("enc_dense_W", new long[] {64 * 7 * 7, 16});
      expected.put("enc_mean_W", new long[] {16, 2});
      expected.put("enc_logVar_W", new long[] {16, 2});
      expected.put("dec_dense_W", new long[] {2, 64 * 7 * 7});
      expected.put("dec_deconv0_W", new long[] {3, 3, 64, 64});
      expected.put("dec_deconv1_W", new long[] {3, 3, 32, 64});
      expected.put("dec_out_W", new long[] {3, 3, 32, 1});
      expected.forEach((name, shape) -> assertThat(p.get(name).shape()).as(name).containsExactly(shape));
      // The PyTorch model's parameter count: 320 + 18,496 + 50,192 + 68 + 9,408 + 36,928 + 18,464 + 289.
      assertThat(vae.network().parameters().total()).isEqualTo(134_165L);
      // Weights before a ReLU are U(-sqrt(6/fanIn), sqrt(6/fanIn)) (InitializationTest), biases 0.
      assertThat(p.get("enc_dense_W").amaxNumber().doubleValue()).isLessThanOrEqualTo(Math.sqrt(6 / 3136.0));
      assertThat(p.get("enc_conv0_W").amaxNumber().doubleValue()).isGreaterThan(0.6).isLessThanOrEqualTo(Math.sqrt(6 / 9.0));
      assertThat(p.get("dec_out_b").amaxNumber().doubleValue()).isZero();
    }
  }
}
