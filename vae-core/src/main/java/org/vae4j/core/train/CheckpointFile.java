package org.vae4j.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.train.internal.CheckpointCodec;

/**
 * What a checkpoint file holds, for choosing what to resume: the model and training configs, the
 * completed epochs and steps and the history so far. Checkpoints are written by a run whose
 * {@link TrainingOptions#checkpointDirectory()} is set, one file per checkpointed epoch named
 * {@code checkpoint-epoch-NNNNN.zip}; resume with the model's {@code resume} method, on a model
 * built from {@link #modelConfig()}. A resumed run writes its checkpoints into the directory of
 * the options it is given, by default the directory the checkpoint file is in, and prunes only
 * the files it wrote itself:
 *
 * <pre>{@code
 * Path last = CheckpointFile.latest(dir).orElseThrow();
 * try (Vae vae = Vae.fromConfig(CheckpointFile.read(last).modelConfig())) {
 *   TrainingHistory history = vae.resume(last, images, validation);
 * }
 * }</pre>
 */
public final class CheckpointFile {

  private final Path file;
  private final CheckpointCodec.Contents contents;

  private CheckpointFile(Path file, CheckpointCodec.Contents contents) {
    this.file = file;
    this.contents = contents;
  }

  /**
   * Reads a checkpoint.
   *
   * @throws java.nio.file.NoSuchFileException when it does not exist
   * @throws org.vae4j.core.ModelFormatException naming the file when it is not a readable
   *     checkpoint
   */
  public static CheckpointFile read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return new CheckpointFile(file, CheckpointCodec.read(file));
  }

  /** The checkpoint of the highest epoch in {@code directory}, or empty when there is none. */
  public static Optional<Path> latest(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    return CheckpointCodec.latest(directory);
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  /** The config of the model being trained. */
  public ModelConfig modelConfig() {
    return contents.modelConfig();
  }

  /**
   * The training config in force when the checkpoint was written, with its {@link
   * TrainingOptions#checkpointDirectory()} set to the directory this file is in: what {@code
   * resume} uses when given no options, and a safe start for changed ones ({@code
   * trainingOptions().toBuilder().epochs(50).build()}). The directory recorded in the file (where
   * the run that wrote it put its checkpoints, perhaps on another machine or another run's) is
   * never written to unless you name it.
   */
  public TrainingOptions trainingOptions() {
    return CheckpointCodec.resumeOptions(file, contents, null);
  }

  /** Completed epochs. */
  public int epoch() {
    return contents.epoch();
  }

  /** Optimisation steps taken. */
  public long step() {
    return contents.step();
  }

  /** What the file holds, for {@link TrainingSession#restore}. */
  CheckpointCodec.Contents contents() {
    return contents;
  }

  /** The history up to and including {@link #epoch()}. */
  public TrainingHistory history() {
    return contents.history();
  }
}
