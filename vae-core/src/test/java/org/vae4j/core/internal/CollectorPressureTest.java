package org.vae4j.core.internal;

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
 * No use-after-free under collector pressure: many short trainings, checkpoints, resumes,
 * evaluations and inference calls in a child JVM whose collector runs all the time (a 2 MB young
 * generation and {@code System.gc()} from another thread every few milliseconds), the conditions
 * under which the earlier engine crashed in ND4J (a native buffer freed by the collector while an
 * operation still used it). The child must finish every step and exit normally.
 */
class CollectorPressureTest {

  @Test
  void hundredsOfStepsUnderConstantCollectionRunWithoutACrash(@TempDir Path dir)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmn2m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CollectorPressureMain.class.getName());
    cmd.add(dir.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("child finished").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("steps=").contains("collections=").contains("done");
    long steps = Long.parseLong(text.replaceAll("(?s).*steps=(\\d+).*", "$1"));
    assertThat(steps).as(text).isGreaterThanOrEqualTo(300);
  }
}
