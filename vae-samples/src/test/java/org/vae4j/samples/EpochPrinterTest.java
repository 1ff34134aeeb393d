package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LossBreakdown;

class EpochPrinterTest {

  private static final EpochStats STATS = new EpochStats(3, 10,
      new LossBreakdown(12.5, 10.25, 2.25), null, 1, 0.5, 4321.4);

  @Test
  void aTableModelsThroughputIsInRowsPerSecond() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    new EpochPrinter(out, "anomaly", EpochPrinter.Examples.ROWS).onEpochEnd(STATS, null);
    new EpochPrinter(out, "train").onEpochEnd(STATS, null);
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "anomaly epoch 3: loss 12.500 (reconstruction 10.250, KL 2.250), 0.5 s, 4321 rows/s",
        "train epoch 3: loss 12.500 (reconstruction 10.250, KL 2.250), 0.5 s, 4321 images/s");
    assertThat(EpochPrinter.describe("x", STATS, EpochPrinter.Examples.IMAGES))
        .isEqualTo(EpochPrinter.describe("x", STATS)).endsWith("4321 images/s");
    assertThatThrownBy(() -> new EpochPrinter(out, "x", null))
        .isInstanceOf(NullPointerException.class).hasMessage("examples");
  }
}
