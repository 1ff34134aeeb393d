package org.vae4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuietStdoutTest {

  @Test
  void dropsSameDiffsGradientChatterAndKeepsEverythingElse() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream quiet = new Vae4jCommand.QuietStdout(new PrintStream(bytes, true,
        StandardCharsets.UTF_8));
    quiet.println("Added differentiated op conv2d_1");
    quiet.println("epoch 1: loss 200");
    quiet.println("Added differentiated operations are fine in other words");
    quiet.println((String) null);
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactly("epoch 1: loss 200",
            "Added differentiated operations are fine in other words", "null");
  }
}
