package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every tutorial in a tiny configuration: synthetic digits, a few images, one epoch. */
class TutorialsTest {

  @TempDir Path tmp;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private SampleSettings tiny(SampleSettings defaults, int limit) {
    return defaults.withData("synthetic").withLimit(limit).withEpochs(1).withOut(tmp)
        .withBatchSize(32);
  }

  private String log() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void convAutoencoderWritesReconstructionsScatterLossAndHistory() throws IOException {
    SampleResult r = ConvAutoencoderTutorial.run(tiny(ConvAutoencoderTutorial.defaults(), 64), log);
    Pictures.history(tmp.resolve("history.json"), 1);
    BufferedImage rec = Pictures.png(tmp.resolve("reconstructions.png"), 10 * 56, 2 * 56);
    assertThat(rec.getWidth()).isGreaterThan(rec.getHeight());
    Pictures.png(tmp.resolve("latent-scatter.png"), 400, 300);
    Pictures.png(tmp.resolve("loss.png"), 300, 200);
    assertThat(r.files()).contains(tmp.resolve("reconstructions.png"));
    assertThat(r.data()).contains("SyntheticDigits");
    assertThat(log()).contains("data: SyntheticDigits").contains("wrote " + tmp);
    assertThat(r.numbers().get("held-out reconstruction BCE per image")).isFinite().isPositive();
  }

  @Test
  void convVaeManifoldDrawsAThirtyByThirtyGridOfDecodedImages() throws IOException {
    SampleResult r = ConvVaeManifoldTutorial.run(tiny(ConvVaeManifoldTutorial.defaults(), 64),
        log);
    Pictures.history(tmp.resolve("history.json"), 1);
    assertThat(tmp.resolve("history.csv")).content().startsWith("epoch,");
    BufferedImage m = Pictures.png(tmp.resolve("manifold.png"), 30 * 28, 30 * 28);
    assertThat(m.getWidth()).isLessThan(30 * 28 + 200);
    Pictures.png(tmp.resolve("loss.png"), 300, 200);
    assertThat(log()).contains("training on all 64 images");
    assertThat(r.files()).hasSize(4);
  }

  @Test
  void mlpVaeWritesCurvesScatterManifoldAndComparesClassifiers() throws IOException {
    SampleResult r = MlpVaeTutorial.run(tiny(MlpVaeTutorial.defaults(), 100), log);
    assertThat(Pictures.history(tmp.resolve("history.json"), 1).epochs().get(0).validation())
        .as("validation loss of the epoch").isNotNull();
    assertThat(log()).contains("vae epoch 1: loss").contains("validation");
    Pictures.png(tmp.resolve("loss.png"), 300, 200);
    Pictures.png(tmp.resolve("latent-scatter.png"), 400, 300);
    Pictures.png(tmp.resolve("manifold.png"), 20 * 28, 20 * 28);
    assertThat(r.numbers()).containsKeys(
        "logistic regression accuracy on 2-D latent means",
        "logistic regression accuracy on 784 raw pixels");
    for (double v : r.numbers().values()) {
      assertThat(v).isFinite();
    }
  }

  @Test
  void autoencoderVsVaeDrawsBothModelsAndAnimatesAOneIntoAZero() throws IOException {
    SampleResult r = AutoencoderVsVaeTutorial.run(tiny(AutoencoderVsVaeTutorial.defaults(), 200),
        log);
    Pictures.history(tmp.resolve("history.json"), 1);
    Pictures.history(tmp.resolve("ae-history.json"), 1);
    for (String m : new String[] {"ae", "vae"}) {
      Pictures.png(tmp.resolve(m + "-latent-scatter.png"), 400, 300);
      Pictures.png(tmp.resolve(m + "-grid.png"), 15 * 28, 15 * 28);
      BufferedImage strip = Pictures.png(tmp.resolve(m + "-interpolation.png"), 12 * 28 * 3,
          28 * 3);
      assertThat(strip.getHeight()).isLessThan(28 * 3 + 20);
      assertThat(Pictures.gif(tmp.resolve(m + "-interpolation.gif"), 12)).isEqualTo(22);
    }
    assertThat(r.numbers().get("common grid range r (grids over [-r, r]^2)"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void betaAndConditionalVaeWriteTraversalSamplesAndOneRowPerClass() throws IOException {
    SampleSettings s = tiny(BetaAndConditionalVaeTutorial.defaults(), 100).withLatentDim(3)
        .withBeta(4).withEpochs(2);
    SampleResult r = BetaAndConditionalVaeTutorial.run(s, 2, log);
    Pictures.history(tmp.resolve("cvae-history.json"), 2);
    // A 2-epoch KL warm-up: weight 0 in epoch 1, beta * 1/2 in epoch 2.
    var epochs = Pictures.history(tmp.resolve("history.json"), 2).epochs();
    assertThat(epochs.get(0).beta()).isEqualTo(0.0);
    assertThat(epochs.get(1).beta()).isEqualTo(2.0);
    Pictures.png(tmp.resolve("beta-traversal.png"), 9 * 28, 3 * 28);
    Pictures.png(tmp.resolve("beta-samples.png"), 8 * 28, 8 * 28);
    BufferedImage perClass = Pictures.png(tmp.resolve("cvae-per-class.png"), 10 * 28, 10 * 28);
    assertThat(perClass.getHeight()).isGreaterThanOrEqualTo(10 * 56);
    long byKl = 0;
    for (int d = 0; d < 3; d++) {
      double kl = r.numbers().get("held-out KL of z" + d);
      assertThat(kl).isFinite().isGreaterThanOrEqualTo(0);
      byKl += kl > 0.1 ? 1 : 0;
    }
    // Both counts of active dimensions are reported; the KL one agrees with the KL printed above.
    assertThat(r.numbers().get("active dimensions (held-out KL > 0.1 nats)")).isEqualTo((double) byKl);
    assertThat(r.numbers().get("active dimensions (held-out posterior-mean variance > 0.01)"))
        .isBetween(0.0, 3.0);
  }

  @Test
  void conceptVectorEditsDigitsAlongInkAndClassDirections() throws IOException {
    SampleResult r = ConceptVectorTutorial.run(tiny(ConceptVectorTutorial.defaults(), 200), 1, 7,
        log);
    Pictures.history(tmp.resolve("history.json"), 1);
    BufferedImage ink = Pictures.png(tmp.resolve("concept-ink.png"), 8 * 28, 8 * 28);
    assertThat(ink.getWidth()).isGreaterThanOrEqualTo(8 * 56);   // original + 7 strengths
    assertThat(r.numbers().get("ink vector length")).isPositive();
    assertThat(log()).contains("concept-class.png");
  }

  @Test
  void conceptVectorRejectsTheSameClassTwice() {
    assertThatThrownBy(() -> ConceptVectorTutorial.run(
        tiny(ConceptVectorTutorial.defaults(), 64), 3, 3, log))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 and 3");
  }

  @Test
  void quickstartWritesEveryPictureAndSavesTheModel() throws IOException {
    SampleSettings s = Quickstart.defaults().withLimit(80).withEpochs(1).withOut(tmp)
        .withBatchSize(32);
    SampleResult r = Quickstart.run(s, log);
    Pictures.history(tmp.resolve("history.json"), 1);
    Pictures.png(tmp.resolve("manifold.png"), 20 * 28, 20 * 28);
    Pictures.png(tmp.resolve("latent-scatter.png"), 400, 300);
    Pictures.png(tmp.resolve("reconstructions.png"), 10 * 28, 2 * 28);
    Pictures.png(tmp.resolve("loss.png"), 300, 200);
    Pictures.png(tmp.resolve("samples.png"), 8 * 28, 8 * 28);
    Pictures.gif(tmp.resolve("interpolation.gif"), 12);
    assertThat(tmp.resolve("model.zip")).isRegularFile();
    assertThat(log()).contains("Pictures are in " + tmp).contains("data: ");
    assertThat(r.files()).hasSize(9);
  }

  @Test
  void anOutputPathThatIsAFileIsAClearError() throws IOException {
    Path file = java.nio.file.Files.writeString(tmp.resolve("plain.txt"), "x");
    assertThatThrownBy(() -> ConvAutoencoderTutorial.run(
        tiny(ConvAutoencoderTutorial.defaults(), 64).withOut(file), log))
        .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
  }
}
