package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;

/** The ready-made listeners. */
class ListenersTest {

  @Test
  void theLogLineShowsTheLossPartsBetaAndSpeed() {
    EpochStats s = new EpochStats(3, 30, new LossBreakdown(120.5, 100.25, 20.25),
        new LossBreakdown(130, 110, 20), 0.5, 2.0, 5000);
    assertThat(TrainingLines.epoch(s, 10)).isEqualTo(
        "epoch 3/10: train 120.5000 (recon 100.2500, kl 20.2500), validation 130.0000 (recon 110.0000, "
            + "kl 20.0000), beta 0.5000, 2.00 s, 5000 images/s");
    EpochStats noVal = new EpochStats(1, 3, new LossBreakdown(1, 1, 0), null, 0, 0.5, 10);
    assertThat(TrainingLines.epoch(noVal, 1)).doesNotContain("validation");
  }

  @Test
  void thePrintingListenerPrintsThePlanEveryEpochAndTheEndWithoutLogging() {
    INDArray x = TrainerTest.data(8, 1, 4, 4);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintingListener printing = new PrintingListener(new PrintStream(bytes, true,
        StandardCharsets.UTF_8));
    TrainingHistory h;
    try (Vae vae = Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(2).build()) {
      h = vae.fit(x, TrainingOptions.builder().epochs(3).batchSize(4).build(), printing);
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).isEqualTo("training epochs 1 to 3 on 8 examples (0 for validation)");
    for (int e = 1; e <= 3; e++) {
      assertThat(lines.get(e)).isEqualTo(TrainingLines.epoch(h.epochs().get(e - 1), 3))
          .startsWith("epoch " + e + "/3: train ");
    }
    assertThat(lines.get(4)).isEqualTo("training ended after 3 epochs");
  }

  @Test
  void thePrintingListenerWritesToTheStandardOutputOfTheMomentByDefault() {
    PrintStream before = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      new PrintingListener().onTrainingEnd(TrainingHistory.empty().stoppedBecause("stopped by a test"));
    } finally {
      System.setOut(before);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("training ended after 0 epochs: stopped by a test" + System.lineSeparator());
  }

  @Test
  void thePrintingListenerRejectsANullStream() {
    assertThatThrownBy(() -> new PrintingListener(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("out");
  }

  @Test
  void theProgressBarDrawsOnlyWhenGivenAConsoleStream() {
    INDArray x = TrainerTest.data(8, 1, 4, 4);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBarListener drawing = new ProgressBarListener(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    ProgressBarListener silent = new ProgressBarListener(null);
    try (Vae vae = Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(2).build()) {
      TrainingHistory h = vae.fit(x, TrainingOptions.builder().epochs(2).batchSize(4).build(),
          drawing, silent, new LoggingListener());
      assertThat(h.epochs()).hasSize(2);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("training").contains("4/4");
    assertThat(drawing.isActive()).isTrue();
    assertThat(silent.isActive()).isFalse();
    // under the test runner no terminal is attached, so the factory's listener is inert
    assertThat(ProgressBarListener.create().isActive()).isEqualTo(System.console() != null);
  }
}
