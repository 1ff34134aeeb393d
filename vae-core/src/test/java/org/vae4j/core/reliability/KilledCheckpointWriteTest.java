package org.vae4j.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.Vae;
import org.vae4j.core.train.CheckpointFile;

/**
 * kill -9 while a checkpoint is being written, in a child JVM: every checkpoint under its real
 * name still loads, and the next run in that directory deletes the temporary file the killed write
 * left (before: nothing ever cleaned it) while leaving every checkpoint it did not write as it was.
 */
@Tag("reliability")
class KilledCheckpointWriteTest {

  @TempDir Path tmp;

  private static List<Path> temporaryFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  private static List<Path> checkpoints(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("checkpoint-epoch-\\d+\\.zip"))
          .sorted().toList();
    }
  }

  /** Starts the training child and kills it (SIGKILL) while a checkpoint temp file exists. */
  private boolean killDuringAWrite(Path dir, int attempt) throws Exception {
    Process child = ChildJvm.start(HostileInputProbe.class, tmp.resolve("child" + attempt + ".log"),
        "train-checkpoints", dir.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline && child.isAlive()) {
        if (Files.isDirectory(dir) && checkpoints(dir).size() >= 1 && !temporaryFiles(dir).isEmpty()) {
          child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
          break;
        }
        Thread.sleep(2);
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    return !temporaryFiles(dir).isEmpty();
  }

  @Test
  void aKilledWriteLeavesLoadableCheckpointsAndTheNextRunCleansItsTemporaryFile()
      throws Exception {
    assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "SIGKILL needs Unix");
    Path dir = tmp.resolve("run");
    boolean caught = false;
    int attempts = 0;
    long t0 = System.nanoTime();
    while (attempts < 5 && !caught) {
      caught = killDuringAWrite(dir, attempts++);
    }
    assertThat(caught).as("a kill landed during a checkpoint write (temporary file left)").isTrue();
    System.out.printf("killed during a checkpoint write after %d attempt(s), %.1f s%n", attempts,
        (System.nanoTime() - t0) / 1e9);
    List<Path> stale = temporaryFiles(dir);
    List<Path> before = checkpoints(dir);
    assertThat(before).isNotEmpty();
    Map<String, byte[]> bytes = ResumeSafetyTest.contents(dir);
    for (Path p : before) {
      assertThat(CheckpointFile.read(p).epoch()).isPositive(); // every real name holds a whole file
    }
    Path last = CheckpointFile.latest(dir).orElseThrow();
    CheckpointFile c = CheckpointFile.read(last);
    try (Vae vae = HostileInputProbe.model()) {
      vae.resume(last, HostileInputProbe.data(), null,
          c.trainingOptions().toBuilder().epochs(c.epoch() + 1).build());
    }
    for (Path p : stale) {
      assertThat(p).as("stale temporary file").doesNotExist();
    }
    assertThat(temporaryFiles(dir)).isEmpty();
    for (Path p : before) {
      assertThat(Files.readAllBytes(p)).as("%s", p).isEqualTo(bytes.get(p.getFileName().toString()));
    }
    Path next = dir.resolve(String.format("checkpoint-epoch-%05d.zip", c.epoch() + 1));
    assertThat(CheckpointFile.read(next).epoch()).isEqualTo(c.epoch() + 1);
  }
}
