package org.vae4j.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.Vae;
import org.vae4j.core.train.CheckpointFile;
import org.vae4j.core.train.TrainingOptions;

/**
 * Resume and pruning never write or delete outside what the user named: a checkpoint copied from
 * another run's directory is resumed into the copy's directory, and no run deletes checkpoints it
 * did not write. (Before: the resumed run wrote into, and pruned, the directory recorded in the
 * file: the other run lost epoch 1 and had epoch 3 overwritten.)
 */
@Tag("reliability")
class ResumeSafetyTest {

  @TempDir Path tmp;

  static Vae model() {
    return Vae.builder().mlpEncoder(8).inputShape(16).latentDim(2).seed(1).build();
  }

  static INDArray data() {
    return HostileCheckpointsTest.data(8);
  }

  /** Every file of a directory with its bytes. */
  static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        m.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return m;
  }

  static void assertUntouched(Path dir, Map<String, byte[]> before) throws IOException {
    Map<String, byte[]> after = contents(dir);
    assertThat(after.keySet()).as("files of %s", dir).isEqualTo(before.keySet());
    before.forEach((name, bytes) -> assertThat(after.get(name)).as("%s", name).isEqualTo(bytes));
  }

  /** Run A: three epochs, a checkpoint after each, keeping three. */
  private Path runA() throws IOException {
    Path a = tmp.resolve("run-a");
    try (Vae vae = model()) {
      vae.fit(data(), null, TrainingOptions.builder().epochs(3).batchSize(4).seed(2)
          .checkpoints(a, 1, 3).build());
    }
    assertThat(contents(a).keySet()).containsExactly("checkpoint-epoch-00001.zip",
        "checkpoint-epoch-00002.zip", "checkpoint-epoch-00003.zip");
    return a;
  }

  @Test
  void aCopiedCheckpointResumesIntoTheCopysDirectoryAndLeavesTheOtherRunUntouched()
      throws IOException {
    Path a = runA();
    Map<String, byte[]> before = contents(a);
    Path b = Files.createDirectories(tmp.resolve("run-b"));
    Path copy = Files.copy(a.resolve("checkpoint-epoch-00002.zip"), b.resolve("checkpoint-epoch-00002.zip"));
    try (Vae vae = model()) {
      vae.resume(copy, data(), null); // the saved options: epochs 3
    }
    assertUntouched(a, before);
    assertThat(contents(b).keySet()).containsExactly("checkpoint-epoch-00002.zip",
        "checkpoint-epoch-00003.zip");
    assertThat(CheckpointFile.read(b.resolve("checkpoint-epoch-00003.zip")).epoch()).isEqualTo(3);
  }

  @Test
  void changedOptionsFromTheCopyAlsoStayInTheCopysDirectoryAndPruneOnlyTheirOwnFiles()
      throws IOException {
    Path a = runA();
    Map<String, byte[]> before = contents(a);
    Path b = Files.createDirectories(tmp.resolve("run-b"));
    Path copy = Files.copy(a.resolve("checkpoint-epoch-00002.zip"), b.resolve("checkpoint-epoch-00002.zip"));
    CheckpointFile c = CheckpointFile.read(copy);
    assertThat(c.trainingOptions().checkpointDirectory()).isEqualTo(b.toAbsolutePath());
    try (Vae vae = model()) {
      vae.resume(copy, data(), null, c.trainingOptions().toBuilder().epochs(7).build());
    }
    assertUntouched(a, before);
    // this run wrote 3..7 and keeps its newest 3; the copied file is not its own: never pruned
    assertThat(contents(b).keySet()).containsExactly("checkpoint-epoch-00002.zip",
        "checkpoint-epoch-00005.zip", "checkpoint-epoch-00006.zip", "checkpoint-epoch-00007.zip");
  }

  @Test
  void resumingInTheSameDirectoryNeverDeletesTheEarlierRunsCheckpoints() throws IOException {
    Path a = runA();
    Map<String, byte[]> before = contents(a);
    Path last = CheckpointFile.latest(a).orElseThrow();
    try (Vae vae = model()) {
      vae.resume(last, data(), null, CheckpointFile.read(last).trainingOptions().toBuilder()
          .epochs(7).build());
    }
    Map<String, byte[]> after = contents(a);
    before.forEach((name, bytes) -> assertThat(after.get(name)).as("%s", name).isEqualTo(bytes));
    assertThat(after.keySet()).containsExactly("checkpoint-epoch-00001.zip",
        "checkpoint-epoch-00002.zip", "checkpoint-epoch-00003.zip", "checkpoint-epoch-00005.zip",
        "checkpoint-epoch-00006.zip", "checkpoint-epoch-00007.zip");
  }

  @Test
  void aRunPrunesOnlyItsOwnCheckpointsNotOnesThatWereThereBefore() throws IOException {
    Path a = runA();
    Path c = Files.createDirectories(tmp.resolve("run-c"));
    Path foreign = Files.copy(a.resolve("checkpoint-epoch-00003.zip"),
        c.resolve("checkpoint-epoch-00009.zip"));
    byte[] foreignBytes = Files.readAllBytes(foreign);
    try (Vae vae = Vae.builder().mlpEncoder(4).inputShape(16).latentDim(2).seed(9).build()) {
      vae.fit(data(), null, TrainingOptions.builder().epochs(4).batchSize(4)
          .checkpoints(c, 1, 1).build());
    }
    assertThat(contents(c).keySet()).containsExactly("checkpoint-epoch-00004.zip",
        "checkpoint-epoch-00009.zip");
    assertThat(Files.readAllBytes(foreign)).isEqualTo(foreignBytes);
    assertThat(CheckpointFile.read(c.resolve("checkpoint-epoch-00004.zip")).epoch()).isEqualTo(4);
  }

  @Test
  void latestIgnoresNamesWhoseEpochDoesNotFitAndTemporaryFiles() throws IOException {
    Path a = runA();
    Files.writeString(a.resolve("checkpoint-epoch-99999999999999999999.zip"), "not mine");
    Files.writeString(a.resolve(".checkpoint-epoch-00004.zip.123.tmp"), "half written");
    assertThat(CheckpointFile.latest(a)).contains(a.resolve("checkpoint-epoch-00003.zip"));
  }
}
