package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ComputeThreads} works as the first call of a JVM (issue 23: every task on a Spark
 * executor failed with "ND4J is probably missing dependencies" because it was). Runs in a child
 * JVM: in this one ND4J has long been started by other tests.
 */
class ComputeThreadsFirstCallTest {

  @Test
  void computeThreadsWorksBeforeAnyOtherNd4jCall() throws IOException, InterruptedException {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), FirstCallMain.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("missing dependencies").doesNotContain("Could not initialize");
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).as(text).contains("threads=1");
    // ND4J started through its backend discovery, so vae4j-backend-cpu's hook chose the build.
    assertThat(text).as(text).containsPattern("nativeBuild=linux-x86_64-onednn");
  }
}
