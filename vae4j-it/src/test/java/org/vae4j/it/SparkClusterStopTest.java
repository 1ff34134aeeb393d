package org.vae4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every process a {@link SparkCluster} starts is stopped by PID: on close after a failure, and by its shutdown hook. */
@Tag("cluster")
class SparkClusterStopTest {

  @Test
  void closeStopsEveryProcessAlsoWhenTheTestFails(@TempDir Path dir) {
    List<ProcessHandle> started = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (SparkCluster cluster = SparkCluster.create(dir, ItPaths.sparkJars()).start(1, 1, "512m")) {
        started.addAll(cluster.processes());
        assertThat(started).allSatisfy(p -> assertThat(p.isAlive()).isTrue());
        throw new IllegalStateException("a failing test");
      }
    }).hasMessage("a failing test");
    assertThat(started).as("Master and Worker").hasSize(2)
        .allSatisfy(p -> assertThat(p.isAlive()).as("process %d", p.pid()).isFalse());
  }

  @Test
  void theShutdownHookStopsTheClusterWhenTheJvmExitsWithoutClosingIt(@TempDir Path dir)
      throws Exception {
    Path pids = dir.resolve("pids.txt");
    Path log = dir.resolve("child.log");
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dscala.binary.version=" + ItPaths.required("scala.binary.version"),
        "-cp", System.getProperty("java.class.path"), ClusterHookMain.class.getName(),
        dir.resolve("cluster").toString(), ItPaths.sparkJars().toString(), pids.toString());
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    try {
      assertThat(child.waitFor(300, TimeUnit.SECONDS)).as("child finished").isTrue();
    } finally {
      child.descendants().forEach(ProcessHandle::destroyForcibly);
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as(Files.readString(log, StandardCharsets.ISO_8859_1))
        .isEqualTo(3);
    List<ProcessHandle> left = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(pids);
      assertThat(lines).as("Master and Worker PIDs").hasSize(2);
      for (String line : lines) {
        ProcessHandle.of(Long.parseLong(line.trim())).filter(ProcessHandle::isAlive)
            .ifPresent(left::add);
      }
      assertThat(left).as("processes alive after the child JVM exited").isEmpty();
    } finally {
      left.forEach(ProcessHandle::destroyForcibly);   // so that a failure leaves nothing running
    }
  }
}
