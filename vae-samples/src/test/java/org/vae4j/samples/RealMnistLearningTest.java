package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MLP VAE tutorial on 3,000 real MNIST test digits learns, and its numbers make sense. */
@Tag("learning")
class RealMnistLearningTest {

  @TempDir Path tmp;

  @Test
  void theMlpVaeTutorialLearnsRealDigitsAndItsLatentMeansCarryTheClass() throws IOException {
    Path dir = Pictures.mnistDir();
    Assumptions.assumeTrue(Files.isDirectory(dir), "MNIST test set not present at " + dir);
    SampleSettings s = MlpVaeTutorial.defaults().withData(dir.toString()).withLimit(3000)
        .withEpochs(5).withOut(tmp);
    SampleResult r = MlpVaeTutorial.run(s, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));
    assertThat(r.data()).contains("MNIST").contains("3,000");
    double[] losses = Pictures.history(tmp.resolve("history.json"), 5).trainLosses();
    // 784 ln 2 = 543 nats is a model that knows nothing; measured here: 369 after one epoch of
    // 2,700 digits, 202 after five.
    assertThat(losses[0]).isLessThan(543);
    assertThat(losses[4]).isLessThan(losses[0]).isLessThan(215);
    // Chance is 0.1; measured 0.45 (2-D latent means) and 0.89 (raw pixels).
    assertThat(r.numbers().get("logistic regression accuracy on 2-D latent means"))
        .isGreaterThan(0.3);
    assertThat(r.numbers().get("logistic regression accuracy on 784 raw pixels"))
        .isGreaterThan(0.8);
  }
}
