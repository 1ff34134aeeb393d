package org.vae4j.core.train.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.Vae;
import org.vae4j.core.internal.ModelCodec;
import org.vae4j.core.internal.Network;
import org.vae4j.core.train.TrainingOptions;

/** Resuming from a checkpoint reproduces an uninterrupted run exactly. */
class ResumeTest {

  /** Every parameter of a saved model, compared bit for bit. */
  private static void assertSameParameters(Path a, Path b) throws IOException {
    try (Network ea = ModelCodec.load(a); Network eb = ModelCodec.load(b)) {
      Map<String, INDArray> pa = ea.parameters().valuesByName();
      Map<String, INDArray> pb = eb.parameters().valuesByName();
      assertThat(pb.keySet()).isEqualTo(pa.keySet());
      for (String name : pa.keySet()) {
        float[] va = pa.get(name).dup('c').data().asFloat();
        float[] vb = pb.get(name).dup('c').data().asFloat();
        int[] bitsA = new int[va.length];
        int[] bitsB = new int[vb.length];
        for (int i = 0; i < va.length; i++) {
          bitsA[i] = Float.floatToRawIntBits(va[i]);
          bitsB[i] = Float.floatToRawIntBits(vb[i]);
        }
        assertThat(bitsB).as(name).containsExactly(bitsA);
      }
      // batch norm's running statistics too (none without batch norm)
      Map<String, INDArray> sa = ea.state().valuesByName();
      Map<String, INDArray> sb = eb.state().valuesByName();
      assertThat(sb.keySet()).isEqualTo(sa.keySet());
      for (String name : sa.keySet()) {
        float[] va = sa.get(name).dup('c').data().asFloat();
        float[] vb = sb.get(name).dup('c').data().asFloat();
        for (int i = 0; i < va.length; i++) {
          assertThat(Float.floatToRawIntBits(vb[i])).as("%s[%d]", name, i)
              .isEqualTo(Float.floatToRawIntBits(va[i]));
        }
      }
    }
  }

  /** Small 1×8×8 images for a conv model. */
  static INDArray images(int n, long seed) {
    float[] v = new float[n * 64];
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return org.nd4j.linalg.factory.Nd4j.create(v, new long[] {n, 1, 8, 8}, 'c');
  }

  static Vae bnVae() {
    return Vae.builder().convEncoder(3, 4).convKernel(4).leakyRelu(0.2).batchNorm(true)
        .denseUnits(6).inputShape(1, 8, 8).latentDim(2).seed(4).build();
  }

  @Test
  void aBatchNormModelResumesBitForBitRunningStatisticsAndBestWeightsIncluded(@TempDir Path dir)
      throws IOException {
    INDArray x = images(14, 1);
    INDArray v = images(5, 2);
    // best-weight tracking carries the best epoch's running statistics across the checkpoint
    TrainingOptions four = TrainingOptions.builder().epochs(4).batchSize(4).learningRate(5e-3)
        .seed(11).klWarmupSteps(6).earlyStopping(10, 0.0, true).build();
    Path ckA = dir.resolve("a");
    Path ckB = dir.resolve("b");
    TrainingHistory whole;
    TrainingHistory resumed;
    try (Vae a = bnVae()) {
      whole = a.fit(x, v, four.toBuilder().checkpoints(ckA).build());
      a.save(dir.resolve("a.zip"));
    }
    try (Vae b = bnVae()) {
      b.fit(x, v, four.toBuilder().epochs(2).checkpoints(ckB).build());
    }
    Path checkpoint = ckB.resolve(CheckpointCodec.fileName(2));
    CheckpointCodec.Contents two = CheckpointCodec.read(checkpoint);
    assertThat(two.state().keySet()).containsExactly("enc_bn0_runningMean", "enc_bn0_runningVar",
        "enc_bn1_runningMean", "enc_bn1_runningVar", "dec_bn0_runningMean", "dec_bn0_runningVar",
        "dec_bn1_runningMean", "dec_bn1_runningVar");
    assertThat(two.bestState().keySet()).isEqualTo(two.state().keySet());
    // trained: the running statistics have left their initial 0 and 1
    assertThat(two.state().get("enc_bn0_runningMean").amaxNumber().doubleValue()).isPositive();
    try (Vae c = Vae.fromConfig(two.modelConfig())) {
      resumed = c.resume(checkpoint, x, v, four.toBuilder().checkpoints(ckB).build());
      c.save(dir.resolve("c.zip"));
    }
    assertSameLosses(whole, resumed);
    assertSameParameters(dir.resolve("a.zip"), dir.resolve("c.zip"));
    CheckpointCodec.Contents ca = CheckpointCodec.read(ckA.resolve(CheckpointCodec.fileName(4)));
    CheckpointCodec.Contents cb = CheckpointCodec.read(ckB.resolve(CheckpointCodec.fileName(4)));
    for (String name : ca.state().keySet()) {
      assertThat(cb.state().get(name).data().asFloat()).as(name)
          .containsExactly(ca.state().get(name).data().asFloat());
      assertThat(cb.bestState().get(name).data().asFloat()).as("best " + name)
          .containsExactly(ca.bestState().get(name).data().asFloat());
    }
  }

  @Test
  void resumingWithoutTheRunningStatisticsWouldGiveAnotherModelSoTheComparisonCanFail(
      @TempDir Path dir) throws IOException {
    INDArray x = images(8, 1);
    TrainingOptions o = TrainingOptions.builder().epochs(1).batchSize(4).seed(1).build();
    try (Vae a = bnVae(); Vae b = bnVae()) {
      a.fit(x, o);
      b.fit(x, o);
      a.save(dir.resolve("a.zip"));
      b.save(dir.resolve("b.zip"));
    }
    assertSameParameters(dir.resolve("a.zip"), dir.resolve("b.zip"));
    // the same parameters, one running mean moved: the comparison sees it
    try (Network n = ModelCodec.load(dir.resolve("b.zip"))) {
      INDArray m = n.state().get("dec_bn1_runningMean").value();
      m.putScalar(0, m.getFloat(0) + 1e-3f);
      ModelCodec.save(n, dir.resolve("b.zip"));
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> assertSameParameters(dir.resolve("a.zip"), dir.resolve("b.zip")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("dec_bn1_runningMean");
  }

  /** The losses of two histories (not the timings) are identical. */
  private static void assertSameLosses(TrainingHistory a, TrainingHistory b) {
    assertThat(b.epochs()).hasSameSizeAs(a.epochs());
    for (int i = 0; i < a.epochs().size(); i++) {
      EpochStats x = a.epochs().get(i);
      EpochStats y = b.epochs().get(i);
      assertThat(y.epoch()).isEqualTo(x.epoch());
      assertThat(y.steps()).isEqualTo(x.steps());
      assertThat(y.train()).isEqualTo(x.train());
      assertThat(y.validation()).isEqualTo(x.validation());
      assertThat(y.beta()).isEqualTo(x.beta());
    }
  }

  @Test
  void twoEpochsThenResumingTwoEqualsFourUninterruptedBitForBit(@TempDir Path dir) throws IOException {
    INDArray x = CheckpointTest.data(14);
    INDArray v = CheckpointTest.data(5);
    // warm-up, clipping and best-weight tracking all carry state across the checkpoint
    TrainingOptions four = TrainingOptions.builder().epochs(4).batchSize(4).learningRate(5e-3).seed(11)
        .klWarmupSteps(6).clipGradientNorm(5.0).earlyStopping(10, 0.0, false).build();
    Path ckA = dir.resolve("a");
    Path ckB = dir.resolve("b");
    TrainingHistory whole;
    TrainingHistory resumed;
    try (Vae a = CheckpointTest.vae()) {
      whole = a.fit(x, v, four.toBuilder().checkpoints(ckA).build());
      a.save(dir.resolve("a.zip"));
    }
    try (Vae b = CheckpointTest.vae()) {
      TrainingHistory first = b.fit(x, v, four.toBuilder().epochs(2).checkpoints(ckB).build());
      assertThat(first.epochs()).hasSize(2);
    }
    Path checkpoint = ckB.resolve(CheckpointCodec.fileName(2));
    try (Vae c = Vae.fromConfig(org.vae4j.core.train.CheckpointFile.read(checkpoint).modelConfig())) {
      resumed = c.resume(checkpoint, x, v, four.toBuilder().checkpoints(ckB).build());
      c.save(dir.resolve("c.zip"));
    }
    assertSameLosses(whole, resumed);
    assertThat(resumed.epochs()).hasSize(4);
    assertSameParameters(dir.resolve("a.zip"), dir.resolve("c.zip"));
    // the final checkpoints agree too, optimizer state included
    CheckpointCodec.Contents ca = CheckpointCodec.read(ckA.resolve(CheckpointCodec.fileName(4)));
    CheckpointCodec.Contents cb = CheckpointCodec.read(ckB.resolve(CheckpointCodec.fileName(4)));
    assertThat(cb.optimizer().data().asFloat()).containsExactly(ca.optimizer().data().asFloat());
    assertThat(cb.step()).isEqualTo(ca.step());
    assertThat(cb.bestEpoch()).isEqualTo(ca.bestEpoch());
  }

  @Test
  void aDifferentSeedGivesDifferentWeightsSoTheComparisonCanFail(@TempDir Path dir) throws IOException {
    INDArray x = CheckpointTest.data(8);
    TrainingOptions c = TrainingOptions.builder().epochs(2).batchSize(4).seed(1).build();
    try (Vae a = CheckpointTest.vae(); Vae b = CheckpointTest.vae()) {
      a.fit(x, c);
      b.fit(x, c.toBuilder().seed(2).build());
      a.save(dir.resolve("a.zip"));
      b.save(dir.resolve("b.zip"));
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> assertSameParameters(dir.resolve("a.zip"), dir.resolve("b.zip")))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aConditionalVaeResumesExactlyWithTheCheckpointsOwnConfig(@TempDir Path dir) throws IOException {
    INDArray x = CheckpointTest.data(9);
    int[] labels = {0, 1, 2, 0, 1, 2, 0, 1, 2};
    TrainingOptions three = TrainingOptions.builder().epochs(3).batchSize(4).seed(5).checkpoints(dir).build();
    TrainingHistory whole;
    try (ConditionalVae a = cvae()) {
      whole = a.fit(x, labels, three);
      a.save(dir.resolve("a.zip"));
    }
    // stop after epoch 1 through a listener, then resume with the config saved in the checkpoint
    try (ConditionalVae b = cvae()) {
      TrainingHistory h = b.fit(x, labels, null, null, three, new org.vae4j.api.training.TrainingListener() {
        @Override
        public void onEpochEnd(EpochStats stats, org.vae4j.api.training.TrainingControl control) {
          control.requestStop("pause");
        }
      });
      assertThat(h.stopReason()).isEqualTo("pause");
    }
    try (ConditionalVae c = cvae()) {
      TrainingHistory h = c.resume(dir.resolve(CheckpointCodec.fileName(1)), x, labels, null, null, null);
      c.save(dir.resolve("c.zip"));
      assertSameLosses(whole, h);
      assertThat(h.stopReason()).isNull();
    }
    assertSameParameters(dir.resolve("a.zip"), dir.resolve("c.zip"));
  }

  private static ConditionalVae cvae() {
    return ConditionalVae.builder().mlpEncoder(8).inputShape(1, 4, 4).numClasses(3).latentDim(2).seed(6).build();
  }
}
