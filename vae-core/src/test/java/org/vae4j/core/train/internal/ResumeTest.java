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
    }
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
