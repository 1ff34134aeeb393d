package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.LinearProbe;
import org.vae4j.core.eval.LogisticClassifier;
import org.vae4j.core.eval.ModelEvaluator;
import org.vae4j.core.train.TrainingOptions;

/**
 * A model's native memory is owned and bounded, with the test JVM's default heap settings and no
 * help from the garbage collector: ND4J's count of live native bytes (its allocation statistics)
 * barely moves between the first and the tenth round of training, validation, evaluation and
 * inference on one model, and {@code close()} gives back everything the network held.
 */
class NativeMemoryTest {

  /** ND4J's count of native bytes allocated and not yet freed (CPU backend). */
  private static long liveNativeBytes() {
    return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().getDeviceCounter(0);
  }

  private static INDArray images(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * 144];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(3) == 0 ? (float) r.nextDouble() : 0f;
    }
    return Nd4j.create(v, new long[] {n, 1, 12, 12}, 'c');
  }

  @Test
  void roundsOfTrainingAndEvaluationKeepNativeMemoryFlatAndCloseFreesIt() {
    assumeTrue(Nd4j.getEnvironment().isCPU(), "the counter read here is the CPU backend's");
    INDArray train = images(700, 1);
    INDArray validation = images(150, 2);
    Vae vae = Vae.builder().convEncoder(8, 16).denseUnits(32).inputShape(1, 12, 12).latentDim(3).build();
    Network network = ModelInternals.network(vae);
    long[] afterRound = new long[11];
    for (int round = 1; round <= 10; round++) {
      // batches of 64 and a last batch of 60: two sizes every epoch
      vae.fit(train, validation, TrainingOptions.builder().epochs(1).batchSize(64).seed(round).build());
      ModelEvaluator.builder().importanceSamples(4).maxBatchRows(200).build().evaluate(vae, validation);
      try (INDArray z = vae.encodeMean(validation); INDArray decoded = vae.decode(z)) {
        assertThat(decoded.size(0)).isEqualTo(150);
      }
      afterRound[round] = liveNativeBytes();
    }
    long held = network.nativeBytes();
    assertThat(held).as("parameters and work arrays").isPositive();
    long growth = afterRound[10] - afterRound[1];
    assertThat(growth).as("native bytes gained from round 1 to round 10 (%s)",
        java.util.Arrays.toString(afterRound)).isLessThan(2L << 20);

    long beforeClose = liveNativeBytes();
    vae.close();
    assertThat(beforeClose - liveNativeBytes()).as("bytes freed by close(), of %s held", held)
        .isGreaterThanOrEqualTo(held);
  }

  /**
   * The linear probe: {@code LogisticClassifier.fit} on raw pixels once took a process from 0.53 to
   * 2.6 GB resident and {@code LinearProbe.compare} to 4.5 GB, all of it native arrays waiting for
   * the collector. Every round of fit, predict, score and compare now leaves ND4J's live native
   * byte count where it was (the returned probabilities are the caller's and closed here).
   */
  @Test
  void roundsOfLinearProbesLeaveNoNativeMemoryBehind() {
    assumeTrue(Nd4j.getEnvironment().isCPU(), "the counter read here is the CPU backend's");
    INDArray train = images(600, 3);
    INDArray test = images(200, 4);
    int[] trainLabels = new int[600];
    int[] testLabels = new int[200];
    for (int i = 0; i < 600; i++) {
      trainLabels[i] = (int) (train.getDouble(i, 0, 6, 6) * 10) % 4;
    }
    for (int i = 0; i < 200; i++) {
      testLabels[i] = (int) (test.getDouble(i, 0, 6, 6) * 10) % 4;
    }
    try (Vae vae = Vae.builder().mlpEncoder(32).inputShape(1, 12, 12).latentDim(3).seed(1).build()) {
      long[] afterRound = new long[6];
      for (int round = 0; round < 6; round++) {
        LogisticClassifier c = LogisticClassifier.fit(train, trainLabels, 4, LogisticClassifier.Config.defaults());
        assertThat(c.score(test, testLabels).count()).isEqualTo(200);
        assertThat(c.predict(test)).hasSize(200);
        try (INDArray p = c.probabilities(test)) {
          assertThat(p.size(0)).isEqualTo(200);
        }
        LinearProbe.Comparison cmp = LinearProbe.compare(vae, train, trainLabels, test, testLabels, 4,
            LogisticClassifier.Config.defaults());
        assertThat(cmp.pixels().count()).isEqualTo(200);
        afterRound[round] = liveNativeBytes();
      }
      // Round 0 may grow the model's inference workspace once; later rounds must add nothing.
      long growth = afterRound[5] - afterRound[1];
      assertThat(growth).as("native bytes gained from round 1 to round 5 (%s)",
          java.util.Arrays.toString(afterRound)).isLessThan(64L << 10);
    }
  }

  @Test
  void aBiggerBatchGrowsTheWorkspaceOnceAndSmallerOnesReuseIt() {
    try (ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(16).inputShape(20).latentDim(2)
        .numClasses(3).build()) {
      Network network = ModelInternals.network(cvae);
      INDArray x = Nd4j.rand(DataType.FLOAT, 90, 20);
      int[] labels = new int[90];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = i % 3;
      }
      cvae.fit(x, labels, TrainingOptions.builder().epochs(1).batchSize(90).build());
      long big = network.nativeBytes();
      cvae.fit(x, labels, TrainingOptions.builder().epochs(2).batchSize(7).build());
      assertThat(network.nativeBytes()).as("batches of 7 fit in the workspace of 90").isEqualTo(big);
    }
  }
}
