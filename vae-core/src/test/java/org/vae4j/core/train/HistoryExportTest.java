package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;

/** The history of a real run, exported to JSON and CSV. */
class HistoryExportTest {

  @Test
  void aRealRunsHistoryRoundTripsThroughJsonAndWritesCsv(@TempDir Path dir) throws IOException {
    TrainingHistory h;
    try (Vae vae = Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(2).build()) {
      h = vae.fit(TrainerTest.data(12, 1, 4, 4), TrainerTest.data(4, 1, 4, 4),
          TrainingOptions.builder().epochs(3).batchSize(5).build());
    }
    assertThat(h.epochs()).hasSize(3);
    for (EpochStats e : h.epochs()) {
      assertThat(e.validation()).isNotNull();
      assertThat(e.seconds()).isPositive();
      assertThat(e.imagesPerSecond()).isCloseTo(12 / e.seconds(), org.assertj.core.data.Percentage.withPercentage(1e-6));
    }
    h.writeJson(dir.resolve("h.json"));
    h.writeCsv(dir.resolve("h.csv"));
    assertThat(TrainingHistory.fromJson(Files.readString(dir.resolve("h.json")))).isEqualTo(h);
    List<String> lines = Files.readAllLines(dir.resolve("h.csv"));
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("epoch,steps,train_loss,train_reconstruction,train_kl,val_loss");
    String[] second = lines.get(2).split(",");
    assertThat(second).hasSize(12);
    assertThat(second[0]).isEqualTo("2");
    assertThat(second[1]).isEqualTo("6"); // 3 batches per epoch
    assertThat(Double.parseDouble(second[2])).isCloseTo(h.epochs().get(1).train().total(),
        org.assertj.core.data.Percentage.withPercentage(1e-3));
    assertThat(Double.parseDouble(second[5])).isCloseTo(h.epochs().get(1).validation().total(),
        org.assertj.core.data.Percentage.withPercentage(1e-3));
  }

  @Test
  void validationLossIsDeterministicForTheSameWeights() {
    // two runs, same seed: identical validation; a different validation set gives another value
    TrainingOptions c = TrainingOptions.builder().epochs(1).batchSize(6).seed(8).build();
    try (Vae a = Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(2).build();
        Vae b = Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(2).build();
        Vae d = Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(2).build()) {
      var va = a.fit(TrainerTest.data(12, 1, 4, 4), TrainerTest.data(7, 1, 4, 4), c).last().orElseThrow().validation();
      var vb = b.fit(TrainerTest.data(12, 1, 4, 4), TrainerTest.data(7, 1, 4, 4), c).last().orElseThrow().validation();
      var vd = d.fit(TrainerTest.data(12, 1, 4, 4), TrainerTest.data(9, 1, 4, 4), c).last().orElseThrow().validation();
      assertThat(vb).isEqualTo(va);
      assertThat(vd).isNotEqualTo(va);
    }
  }
}
