package org.vae4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line ships exactly one SLF4J binding (slf4j-simple, a runtime dependency of
 * vae-samples, configured by simplelogger.properties): a real command in a fresh JVM prints no
 * "SLF4J(W)" warning (none for a missing provider, none for several) and vae4j's INFO lines do
 * appear, so logging is not silently dropped.
 */
class LoggingBindingTest {

  @Test
  void aTrainingRunPrintsNoSlf4jWarningsAndLogsThroughTheBinding(@TempDir Path dir)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Vae4jCommand.class.getName());
    cmd.addAll(List.of("train", "--hidden", "16", "--epochs", "1", "--data", "synthetic",
        "--limit", "200", "--out", dir.resolve("run").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Process p = pb.start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String output = new String(bytes, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).as(output).doesNotContain("SLF4J");
    // logged by vae-core through SLF4J at INFO: reaches the console only through a binding
    assertThat(output).as(output).contains("vae4j runs on ND4J backend CPU");
  }
}
