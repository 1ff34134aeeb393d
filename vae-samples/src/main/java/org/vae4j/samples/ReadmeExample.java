package org.vae4j.samples;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.SyntheticDigits;
import org.vae4j.viz.ManifoldRenderer;

/**
 * The "ten lines" of the README, compiled: the code between the {@code readme:start} and {@code
 * readme:end} markers is what README.md shows (a test checks that they agree). Writes {@code
 * manifold.png} and {@code vae.zip} into the current directory.
 */
public final class ReadmeExample {

  private ReadmeExample() {}

  /** Runs the README example. */
  public static void main(String[] args) throws IOException {
    // readme:start
    try (Vae vae = Vae.builder().convEncoder().latentDim(2).bceLoss().beta(1.0).build()) {
      ImageDataset digits = SyntheticDigits.generate(10_000, 7);  // or Mnist.fromDirectory(dir).test()
      TrainingHistory history = vae.fit(digits, TrainingOptions.builder().epochs(5).build());
      INDArray features = vae.encodeMean(digits.images());       // [n, 2]: latent means
      INDArray samples = vae.sample(16);                         // [16, 1, 28, 28] probabilities
      ManifoldRenderer.of(vae).size(20).linear(-2, 2).writePng(Path.of("manifold.png"));
      vae.save(Path.of("vae.zip"));
    }
    // readme:end
  }
}
