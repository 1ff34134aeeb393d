package org.vae4j.core.train.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.train.TrainingOptions;

/**
 * Checkpoints of a {@link org.vae4j.core.train.TrainingSession}: written in the format and with
 * the pruning of {@code fit}'s checkpoints, and put back into a session's state.
 */
public final class SessionCheckpoints {

  private final TrainingState state;
  private final TrainingOptions options;
  private CheckpointWriter writer;
  private Path writerDirectory;

  /** Checkpoints of the session with {@code state}, trained with {@code options}. */
  public SessionCheckpoints(TrainingState state, TrainingOptions options) {
    this.state = Objects.requireNonNull(state, "state");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Writes the state after {@code epoch} completed epochs, with {@code history}, into {@code
   * directory} as {@code checkpoint-epoch-NNNNN.zip}, then deletes the oldest checkpoints written
   * here into the same directory beyond the options' {@code checkpointKeep}.
   */
  public Path write(Path directory, int epoch, TrainingHistory history) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(history, "history");
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
    if (history.epochs().size() != epoch) {
      throw new IllegalArgumentException("history must hold " + epoch + " epochs (one per completed"
          + " epoch), got " + history.epochs().size());
    }
    if (writer == null || !writerDirectory.equals(directory)) {
      writer = new CheckpointWriter(directory, options.checkpointKeep());
      writerDirectory = directory;
    }
    INDArray optimizer = Nd4j.createFromArray(state.optimizerState()).reshape(1, -1);
    try {
      CheckpointCodec.Contents c = new CheckpointCodec.Contents(state.network().config(),
          CheckpointCodec.withDirectory(options, directory), epoch, state.step(),
          new TrainingHistory(history.epochs(), null), 0, 0, 0, state.parameters(), optimizer,
          Map.of(), state.state(), Map.of());
      return writer.write(epoch, c);
    } finally {
      optimizer.close();
    }
  }

  /**
   * Puts the parameters, batch-norm statistics, optimiser state and step counter of checkpoint {@code file} (read as
   * {@code c}) into {@code state}.
   *
   * @throws IllegalArgumentException naming the file when it holds another model or optimiser
   */
  public static void restore(TrainingState state, Path file, CheckpointCodec.Contents c) {
    String what = "checkpoint " + file;
    if (!c.modelConfig().equals(state.network().config())) {
      throw new IllegalArgumentException(what + " must hold this model, " + state.network().config()
          .toJson() + ", got " + c.modelConfig().toJson());
    }
    float[] flat = state.flatten(what, c.parameters());
    float[] netState = state.flattenState(what, c.state());
    float[] optimizer = HostVector.copy(c.optimizer());
    state.setOptimizer(what, optimizer, c.step(), c.epoch());
    state.setParameterVector(flat);
    state.setStateVector(netState);
  }
}
