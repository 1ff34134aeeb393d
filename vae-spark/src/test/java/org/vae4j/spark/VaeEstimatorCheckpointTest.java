package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.ml.param.ParamMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;
import org.vae4j.core.train.CheckpointFile;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.core.train.TrainingSession;
import org.vae4j.spark.SparkTests.Storage;

/**
 * The driver's checkpoints: written at the ends of epochs as {@code fit} writes them, pruned as
 * {@code fit} prunes, resumable by a single-node {@code resume} and by the estimator itself.
 */
@Tag("spark")
class VaeEstimatorCheckpointTest {

  private static final int WIDTH = 20;

  @TempDir Path dir;

  private static Vae model() {
    return Vae.builder().mlpEncoder(6).inputShape(WIDTH).latentDim(2).seed(2).build();
  }

  private static TrainingOptions options() {
    return TrainingOptions.builder().epochs(3).batchSize(8).seed(5).build();
  }

  private static String[] files(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void checkpointsAreWrittenPrunedAndResumedByTheSingleNodeTrainer() throws IOException {
    float[][] x = SparkTests.examples(30, WIDTH, 4);
    Path checkpoints = Files.createDirectories(dir.resolve("run"));
    Path foreign = Files.writeString(checkpoints.resolve("checkpoint-epoch-00007.zip"), "not ours");
    Path notes = Files.writeString(checkpoints.resolve("notes.txt"), "keep me");
    try (Vae vae = model()) {
      VaeModel model = new VaeEstimator().setModelConfig(vae.config())
          .setTrainingOptions(options().toBuilder().checkpoints(checkpoints, 1, 2).build())
          .setInputCol("x").setLocalSteps(2)
          .fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 1));
      // epochs 1, 2 and 3 were written; the run keeps its newest two and deletes nothing else
      assertThat(files(checkpoints)).containsExactly("checkpoint-epoch-00002.zip",
          "checkpoint-epoch-00003.zip", "checkpoint-epoch-00007.zip", "notes.txt");
      assertThat(Files.readString(foreign)).isEqualTo("not ours");
      assertThat(Files.readString(notes)).isEqualTo("keep me");

      CheckpointFile two = CheckpointFile.read(checkpoints.resolve("checkpoint-epoch-00002.zip"));
      TrainingHistory history = model.trainingSummary().orElseThrow().history();
      assertThat(two.epoch()).isEqualTo(2);
      assertThat(two.step()).isEqualTo(history.epochs().get(1).steps());
      assertThat(two.history().epochs()).isEqualTo(history.epochs().subList(0, 2));
      assertThat(two.modelConfig()).isEqualTo(vae.config());
      assertThat(two.trainingOptions().checkpointDirectory()).isEqualTo(checkpoints);

      // a single-node resume of epoch 2 runs epoch 3 exactly as the distributed run did
      try (Vae resumed = model()) {
        TrainingHistory h = resumed.resume(two.file(), SparkTests.batch(x, WIDTH), null);
        assertThat(h.epochs()).hasSize(3);
        assertThat(h.epochs().get(2).train()).isEqualTo(history.epochs().get(2).train());
        assertThat(TrainingSession.of(resumed, options()).parameters())
            .containsExactly(VaeEstimatorTrainingTest.parameters(model));
      }
    }
  }

  @Test
  void theEstimatorResumesFromItsOwnCheckpointAndFromFits() throws IOException {
    float[][] x = SparkTests.examples(40, WIDTH, 6);
    Path checkpoints = Files.createDirectories(dir.resolve("fit"));
    try (Vae straight = model(); Vae interrupted = model()) {
      // two partitions: 20 rows each
      VaeEstimator estimator = new VaeEstimator().setModelConfig(straight.config())
          .setTrainingOptions(options()).setInputCol("x").setLocalSteps(2);
      VaeModel whole = estimator.fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 2));

      Path distributed = Files.createDirectories(dir.resolve("distributed"));
      estimator.copy(new ParamMap()).setEpochs(2)
          .setCheckpointDir(distributed.toString())
          .fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 2));
      VaeModel continued = estimator.copy(new ParamMap())
          .setResumeFrom(distributed.resolve("checkpoint-epoch-00002.zip").toString())
          .fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 2));
      assertThat(VaeEstimatorTrainingTest.parameters(continued))
          .containsExactly(VaeEstimatorTrainingTest.parameters(whole));
      VaeTrainingSummary summary = continued.trainingSummary().orElseThrow();
      assertThat(summary.history().epochs()).hasSize(3);
      assertThat(summary.history().epochs().get(2).train())
          .isEqualTo(whole.trainingSummary().orElseThrow().history().epochs().get(2).train());
      assertThat(summary.rounds()).allSatisfy(r -> assertThat(r.epoch()).isEqualTo(3));

      // fit's own checkpoint of epoch 1, continued on one partition, is fit's epochs 2 and 3
      straight.fit(SparkTests.batch(x, WIDTH), options());
      interrupted.fit(SparkTests.batch(x, WIDTH),
          options().toBuilder().epochs(1).checkpoints(checkpoints).build());
      VaeModel fromFit = estimator.copy(new ParamMap())
          .setResumeFrom(checkpoints.resolve("checkpoint-epoch-00001.zip").toString())
          .fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 1));
      assertThat(VaeEstimatorTrainingTest.parameters(fromFit))
          .containsExactly(TrainingSession.of(straight, options()).parameters());
    }
  }

  @Test
  void aMissingOrForeignCheckpointIsRefusedByName() throws IOException {
    float[][] x = SparkTests.examples(10, WIDTH, 8);
    Path missing = dir.resolve("nothing.zip");
    try (Vae vae = model()) {
      VaeEstimator estimator = new VaeEstimator().setModelConfig(vae.config()).setInputCol("x")
          .setEpochs(1).setResumeFrom(missing.toString());
      assertThatThrownBy(() -> estimator.fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 1)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("resumeFrom: cannot read checkpoint " + missing)
          .hasCauseInstanceOf(NoSuchFileException.class);

      Path other = Files.createDirectories(dir.resolve("other"));
      try (Vae wider = Vae.builder().mlpEncoder(9).inputShape(WIDTH).latentDim(2).build()) {
        wider.fit(SparkTests.batch(x, WIDTH), options().toBuilder().epochs(1)
            .checkpoints(other).build());
      }
      Path file = other.resolve("checkpoint-epoch-00001.zip");
      assertThatThrownBy(() -> estimator.setResumeFrom(file.toString())
          .fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("checkpoint " + file + " must hold this model");
    }
  }
}
