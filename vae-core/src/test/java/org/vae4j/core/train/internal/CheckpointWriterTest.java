package org.vae4j.core.train.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.Vae;
import org.vae4j.core.train.TrainingOptions;

/** One run's checkpoints: written, pruned among themselves only; stale temporary files removed. */
class CheckpointWriterTest {

  @TempDir Path dir;

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void removesOnlyTheTemporaryFilesOfCheckpointWrites() throws IOException {
    for (String name : List.of(".checkpoint-epoch-00003.zip.123456.tmp",
        ".checkpoint-epoch-7.zip.x.tmp", ".model.zip.99.tmp", "checkpoint-epoch-00001.zip",
        "notes.tmp", ".checkpoint-epoch-00003.zip.part")) {
      Files.writeString(dir.resolve(name), name);
    }
    Files.createDirectory(dir.resolve(".checkpoint-epoch-00004.zip.1.tmp"));
    List<Path> removed = CheckpointWriter.removeStaleTemporaryFiles(dir);
    assertThat(removed).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
        ".checkpoint-epoch-00003.zip.123456.tmp", ".checkpoint-epoch-7.zip.x.tmp");
    assertThat(names(dir)).containsExactly(".checkpoint-epoch-00003.zip.part",
        ".checkpoint-epoch-00004.zip.1.tmp", ".model.zip.99.tmp", "checkpoint-epoch-00001.zip",
        "notes.tmp");
    assertThat(CheckpointWriter.removeStaleTemporaryFiles(dir.resolve("missing"))).isEmpty();
  }

  @Test
  void keepsTheNewestOfItsOwnFilesAndNothingElse() throws IOException {
    Path foreign = Files.writeString(dir.resolve("checkpoint-epoch-00002.zip"), "another run");
    Files.writeString(dir.resolve(".checkpoint-epoch-00009.zip.1.tmp"), "killed");
    CheckpointCodec.Contents contents;
    try (Vae vae = Vae.builder().mlpEncoder(4).inputShape(6).latentDim(2).build()) {
      Path run = dir.resolve("run");
      vae.fit(org.nd4j.linalg.factory.Nd4j.rand(4, 6), null,
          TrainingOptions.builder().epochs(1).checkpoints(run).build());
      contents = CheckpointCodec.read(run.resolve(CheckpointCodec.fileName(1)));
    }
    CheckpointWriter w = new CheckpointWriter(dir, 2);
    for (int epoch = 1; epoch <= 4; epoch++) {
      w.write(epoch, contents);
    }
    assertThat(w.written()).extracting(p -> p.getFileName().toString())
        .containsExactly("checkpoint-epoch-00003.zip", "checkpoint-epoch-00004.zip");
    // the foreign epoch 2 was replaced by this run's own epoch 2, which it then pruned
    assertThat(names(dir)).containsExactly("checkpoint-epoch-00003.zip",
        "checkpoint-epoch-00004.zip", "run");
    assertThat(foreign).doesNotExist();
    assertThatThrownBy(() -> new CheckpointWriter(dir, 0))
        .hasMessage("keep must be >= 1, got 0");
  }
}
