package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The conditional VAE speaks the same latent-space vocabulary as {@link Vae}: restyle (same style,
 * another class), interpolate (style and class together), attribute vectors and edits. Each is
 * checked against the model's own encode and decode calls.
 */
class ConditionalVaeEditingTest {

  private static INDArray images(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * 16];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return Nd4j.create(v, new long[] {n, 1, 4, 4}, 'c');
  }

  private static ConditionalVae model() {
    return ConditionalVae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(3).numClasses(4)
        .seed(2).build();
  }

  private static void assertClose(INDArray actual, INDArray expected) {
    assertThat(actual.shape()).isEqualTo(expected.shape());
    assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
  }

  @Test
  void restyleDecodesEachExamplesCodeWithAnotherClass() {
    try (ConditionalVae cvae = model()) {
      INDArray x = images(5, 1);
      int[] labels = {0, 1, 2, 3, 0};
      int[] other = {3, 3, 1, 0, 2};
      INDArray z = cvae.encodeMean(x, labels);
      assertClose(cvae.restyle(x, labels, other), cvae.decode(z, other));
      assertClose(cvae.restyle(x, labels, 2), cvae.decode(z, new int[] {2, 2, 2, 2, 2}));
      assertThatThrownBy(() -> cvae.restyle(x, labels, 4))
          .hasMessage("newLabels[0] must be in [0, 4), got 4");
    }
  }

  @Test
  void interpolationMovesTheCodeAndTheClassTogether() {
    try (ConditionalVae cvae = model()) {
      INDArray x = images(2, 3);
      INDArray x1 = x.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
      INDArray x2 = x.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
      INDArray path = cvae.interpolate(x1, 1, x2, 3, 5);
      assertThat(path.shape()).containsExactly(5, 1, 4, 4);
      // the ends are each example decoded from its own code with its own class
      assertClose(path.get(NDArrayIndex.interval(0, 1)), cvae.reconstruct(x1, new int[] {1}));
      assertClose(path.get(NDArrayIndex.interval(4, 5)), cvae.reconstruct(x2, new int[] {3}));
      // the middle is the mean code with half of each class (the decoder takes any class vector)
      INDArray mid = cvae.encodeMean(x1, new int[] {1}).add(cvae.encodeMean(x2, new int[] {3})).div(2);
      INDArray half = Nd4j.create(new float[] {0, 0.5f, 0, 0.5f}, new long[] {1, 4}, 'c');
      INDArray decodedMid = ModelApiAccess.decodeSoft(cvae, mid, half);
      assertClose(path.get(NDArrayIndex.interval(2, 3)), decodedMid);
      assertThatThrownBy(() -> cvae.interpolate(x1, 1, x2, 3, 1))
          .hasMessage("steps must be in [2, 10000], got 1");
      assertThatThrownBy(() -> cvae.interpolate(x1, 1, x2, 9, 3))
          .hasMessage("label2[0] must be in [0, 4), got 9");
    }
  }

  @Test
  void anAttributeVectorIsTheDifferenceOfMeanCodesAndAnEditMovesAlongIt() {
    try (ConditionalVae cvae = model()) {
      INDArray with = images(6, 4);
      INDArray without = images(4, 5);
      int[] lw = {0, 1, 2, 3, 0, 1};
      int[] lo = {2, 2, 3, 3};
      INDArray v = cvae.attributeVector(with, lw, without, lo);
      assertThat(v.shape()).containsExactly(1, 3);
      INDArray expected = cvae.encodeMean(with, lw).mean(true, 0).sub(cvae.encodeMean(without, lo).mean(true, 0));
      assertClose(v, expected);
      INDArray edited = cvae.edit(without, lo, v, 1.5);
      INDArray z = cvae.encodeMean(without, lo).addRowVector(v.mul(1.5));
      assertClose(edited, cvae.decode(z, lo));
      // strength 0 reconstructs
      assertClose(cvae.edit(without, lo, v, 0), cvae.reconstruct(without, lo));
      assertThatThrownBy(() -> cvae.edit(without, lo, v, Double.NaN))
          .hasMessage("strength must be finite, got NaN");
    }
  }

  @Test
  void resumeTakesLabelledImages(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    INDArray x = images(12, 6);
    int[] labels = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3};
    var data = org.vae4j.core.testing.ArrayImages.of(x, labels);
    var options = org.vae4j.core.train.TrainingOptions.builder().epochs(2).batchSize(4).seed(1)
        .checkpoints(dir).build();
    try (ConditionalVae a = model(); ConditionalVae b = model()) {
      a.fit(data, options);
      b.fit(data, options.toBuilder().epochs(1).checkpoints(dir.resolve("b")).build());
      var last = org.vae4j.core.train.CheckpointFile.latest(dir.resolve("b")).orElseThrow();
      b.resume(last, data, null, options.toBuilder().checkpoints(dir.resolve("b")).build());
      assertThat(b.encodeMean(x, labels)).isEqualTo(a.encodeMean(x, labels));
    }
  }
}
