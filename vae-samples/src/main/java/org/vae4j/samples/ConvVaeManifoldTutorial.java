package org.vae4j.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.viz.LossCurves;
import org.vae4j.viz.ManifoldRenderer;

/**
 * Tutorial 2: the Keras convolutional VAE — a 2-D latent trained on train and test together (the
 * 70,000-digit setup), then a 30×30 grid of decoded points over [−2, 2]². When only one split is
 * available (for example the MNIST test set alone) it trains on that and says so. The dense
 * layer after the convolutions is 128 wide rather than Keras's 16 (see {@code
 * Samples.CONV_DENSE_UNITS}), which keeps both latent dimensions in use in short runs.
 *
 * <p>Writes {@code history.json}, {@code history.csv} (the loss log), {@code loss.png} and {@code
 * manifold.png}. Run: {@code vae4j tutorial conv-vae-manifold --data mnist} (30 epochs by default).
 */
public final class ConvVaeManifoldTutorial {

  /** The name of this program on the command line. */
  public static final String NAME = "conv-vae-manifold";

  /** Side of the manifold grid. */
  public static final int GRID = 30;

  private ConvVaeManifoldTutorial() {}

  /** 30 epochs, 2-D latent, MNIST train+test, batch 128, seed 42. */
  public static SampleSettings defaults() {
    return new SampleSettings(30, 2, "mnist", Path.of("vae4j-output", NAME), 42, 0, 128, 1);
  }

  /** Runs the program from the command line. */
  public static void main(String[] args) {
    org.vae4j.samples.cli.Vae4jCommand.runAndExit("tutorial", NAME, args);
  }

  /** Trains and draws; logs to {@code log}. */
  public static SampleResult run(SampleSettings s, PrintStream log) throws IOException {
    SampleRun run = new SampleRun("Tutorial 2: convolutional VAE, " + s.latentDim()
        + "-D latent, all available digits", s.out(), log);
    ImageDataset data = run.data(s).data();
    run.info("training on all " + data.size() + " images (no held-out set, as in the Keras "
        + "tutorial)");
    try (Vae vae = Vae.builder().convEncoder().denseUnits(Samples.CONV_DENSE_UNITS)
        .latentDim(s.latentDim()).bceLoss().beta(1.0).seed(s.seed()).build()) {
      TrainingHistory history = vae.fit(data, SampleRun.training(s), run.progress("vae"));
      run.history("vae", history, "history.json");
      history.writeCsv(run.file("history.csv"));
      run.wrote(run.file("history.csv"));
      LossCurves.of(history).withParts(true).title("Convolutional VAE")
          .writePng(run.file("loss.png"));
      run.wrote(run.file("loss.png"));
      if (s.latentDim() > 2) {
        run.info("the manifold shows latent dimensions 0 and 1, the others held at 0");
      }
      if (s.latentDim() >= 2) {
        ManifoldRenderer.of(vae).size(GRID).linear(-2, 2).scale(1)
            .title(GRID + "×" + GRID + " decoded latent points over [−2, 2]²")
            .writePng(run.file("manifold.png"));
        run.wrote(run.file("manifold.png"));
      } else {
        run.info("manifold.png skipped: a 2-D grid needs a latent of at least 2 dimensions");
      }
    }
    return run.finish();
  }
}
