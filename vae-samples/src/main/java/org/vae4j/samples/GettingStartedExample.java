package org.vae4j.samples;

import java.io.IOException;
import java.nio.file.Path;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.SyntheticDigits;
import org.vae4j.viz.LatentScatter;
import org.vae4j.viz.LossCurves;
import org.vae4j.viz.ManifoldRenderer;

/**
 * The first program of {@code docs/getting-started.md}, compiled and tested: the code between the
 * {@code getting-started:start} and {@code getting-started:end} markers is what the page shows.
 */
public final class GettingStartedExample {

  private GettingStartedExample() {}

  /** Writes the pictures into {@code first-vae/} (or the directory given as first argument). */
  public static void main(String[] args) throws IOException {
    run(Path.of(args.length > 0 ? args[0] : "first-vae"));
  }

  /** Trains a small MLP VAE on synthetic digits and writes its pictures into {@code out}. */
  public static double run(Path out) throws IOException {
    // getting-started:start
    ImageDataset digits = SyntheticDigits.generate(2_000, 42); // or Mnist.fromDirectory(dir).test()
    ImageDataset.Split split = digits.split(0.9, 42);           // 1,800 to train, 200 to look at
    ImageDataset train = split.first();
    ImageDataset test = split.second();
    try (Vae vae = Vae.builder().mlpEncoder(256).latentDim(2).bceLoss().seed(42).build()) {
      TrainingHistory history =
          vae.fit(train, TrainingOptions.builder().epochs(5).batchSize(64).seed(42).build());
      double loss = history.last().orElseThrow().train().total();
      System.out.printf("loss per image after 5 epochs: %.1f%n", loss);

      LossCurves.of(history).writePng(out.resolve("loss.png"));
      LatentScatter.encode(vae, test.images(), test.labels()).writePng(out.resolve("latent.png"));
      ManifoldRenderer.of(vae).size(15).gaussianQuantiles().writePng(out.resolve("manifold.png"));
      vae.save(out.resolve("vae.zip"));
      return loss;
    }
    // getting-started:end
  }
}
