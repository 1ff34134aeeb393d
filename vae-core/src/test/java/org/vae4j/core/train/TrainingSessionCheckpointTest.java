package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;

/**
 * A session's checkpoints are {@code fit}'s checkpoints: the models resume from them, sessions
 * restore from fit's, and the three ways to reach an epoch give the same parameters bit for bit.
 */
class TrainingSessionCheckpointTest {

  @TempDir Path dir;

  private static INDArray data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * 36];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return Nd4j.create(v, new long[] {n, 1, 6, 6}, 'c');
  }

  private static Vae model() {
    return Vae.builder().mlpEncoder(7).inputShape(1, 6, 6).latentDim(2).seed(4).build();
  }

  private static INDArray rows(INDArray x, int[] idx) {
    return Nd4j.pullRows(x.reshape(x.size(0), 36), 1, idx).reshape(idx.length, 1, 6, 6);
  }

  /** Runs epochs {@code from..to} of fit's order through the session; returns their stats. */
  private static List<EpochStats> stepEpochs(TrainingSession s, INDArray x, int from, int to) {
    int n = (int) x.size(0);
    int batch = s.options().batchSize();
    List<EpochStats> stats = new ArrayList<>();
    for (int epoch = from; epoch <= to; epoch++) {
      int[] order = s.epochOrder(epoch, n);
      LossBreakdown last = null;
      for (int i = 0; i < n; i += batch) {
        last = s.step(rows(x, Arrays.copyOfRange(order, i, Math.min(n, i + batch))), null, epoch);
      }
      stats.add(new EpochStats(epoch, s.steps(), last, null, 1, 0, 0));
    }
    return stats;
  }

  private static TrainingOptions options(TrainingOptions.Builder b) {
    return b.epochs(3).batchSize(8).seed(11).build();
  }

  @Test
  void aModelResumesFromASessionCheckpointAsFromItsOwn() throws IOException {
    for (TrainingOptions.Builder b : List.of(TrainingOptions.builder(),
        TrainingOptions.builder().sgd())) {
      INDArray x = data(30, 1);
      TrainingOptions options = options(b);
      try (Vae straight = model(); Vae stepped = model(); Vae resumed = model()) {
        straight.fit(x, options);
        TrainingSession session = TrainingSession.of(stepped, options);
        List<EpochStats> two = stepEpochs(session, x, 1, 2);
        Path sub = Files.createDirectories(dir.resolve(options.optimizer().name()));
        Path file = session.writeCheckpoint(sub, 2, new TrainingHistory(two, null));
        assertThat(file.getFileName()).hasToString("checkpoint-epoch-00002.zip");

        CheckpointFile read = CheckpointFile.read(file);
        assertThat(read.epoch()).isEqualTo(2);
        assertThat(read.step()).isEqualTo(session.steps());
        assertThat(read.modelConfig()).isEqualTo(stepped.config());
        TrainingHistory history = resumed.resume(file, x, null);
        assertThat(history.epochs()).hasSize(3);

        float[] expected = TrainingSession.of(straight, options).parameters();
        assertThat(TrainingSession.of(resumed, options).parameters())
            .as(options.optimizer().name()).containsExactly(expected);
      }
    }
  }

  @Test
  void aSessionRestoresFitsCheckpointAndContinuesBitForBit() throws IOException {
    INDArray x = data(30, 2);
    TrainingOptions options = options(TrainingOptions.builder());
    try (Vae straight = model(); Vae interrupted = model(); Vae continued = model()) {
      straight.fit(x, options);
      interrupted.fit(x, options.toBuilder().epochs(2).checkpoints(dir, 1, 5).build());
      CheckpointFile checkpoint = CheckpointFile.read(CheckpointFile.latest(dir).orElseThrow());
      assertThat(checkpoint.epoch()).isEqualTo(2);

      TrainingSession session = TrainingSession.of(continued, options);
      session.restore(checkpoint);
      assertThat(session.steps()).isEqualTo(checkpoint.step());
      assertThat(session.parameters())
          .containsExactly(TrainingSession.of(interrupted, options).parameters());
      stepEpochs(session, x, 3, 3);
      assertThat(session.parameters())
          .containsExactly(TrainingSession.of(straight, options).parameters());
    }
  }

  @Test
  void pruningDeletesOnlyTheSessionsOwnOlderCheckpoints() throws IOException {
    INDArray x = data(16, 3);
    TrainingOptions options = TrainingOptions.builder().batchSize(8).seed(1)
        .checkpoints(dir, 1, 2).build();
    Path foreign = Files.writeString(dir.resolve("checkpoint-epoch-00001.zip"), "someone else's");
    Path notes = Files.writeString(dir.resolve("notes.txt"), "keep me");
    try (Vae vae = model()) {
      TrainingSession session = TrainingSession.of(vae, options);
      List<EpochStats> stats = new ArrayList<>(stepEpochs(session, x, 1, 1));
      for (int epoch = 2; epoch <= 5; epoch++) {
        stats.addAll(stepEpochs(session, x, epoch, epoch));
        session.writeCheckpoint(dir, epoch, new TrainingHistory(stats, null));
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
          "checkpoint-epoch-00001.zip", "checkpoint-epoch-00004.zip",
          "checkpoint-epoch-00005.zip", "notes.txt");
    }
    assertThat(Files.readString(foreign)).isEqualTo("someone else's");
    assertThat(Files.readString(notes)).isEqualTo("keep me");
  }

  @Test
  void aCheckpointOfAnotherModelOrOptimizerIsRefusedByName() throws IOException {
    INDArray x = data(16, 4);
    TrainingOptions adam = TrainingOptions.builder().epochs(1).batchSize(8).seed(1)
        .checkpoints(dir, 1, 1).build();
    try (Vae vae = model();
        Vae wider = Vae.builder().mlpEncoder(9).inputShape(1, 6, 6).latentDim(2).build()) {
      vae.fit(x, adam);
      CheckpointFile checkpoint = CheckpointFile.read(CheckpointFile.latest(dir).orElseThrow());
      assertThatThrownBy(() -> TrainingSession.of(wider, adam).restore(checkpoint))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(checkpoint.file().toString()).hasMessageContaining("must hold this model");
      TrainingSession sgd = TrainingSession.of(vae, adam.toBuilder().sgd().build());
      float[] before = sgd.parameters();
      assertThatThrownBy(() -> sgd.restore(checkpoint))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("optimizer state must have 0 values");
      assertThat(sgd.parameters()).containsExactly(before);
      TrainingSession session = TrainingSession.of(vae, adam);
      assertThatThrownBy(() -> session.writeCheckpoint(dir, 2, TrainingHistory.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("history must hold 2 epochs (one per completed epoch), got 0");
    }
  }
}
