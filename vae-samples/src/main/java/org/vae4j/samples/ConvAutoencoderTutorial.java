package org.vae4j.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Autoencoder;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.viz.ImageGrid;
import org.vae4j.viz.LatentScatter;
import org.vae4j.viz.LossCurves;

/**
 * Tutorial 1: a convolutional autoencoder with a 2-D code. Trains on 90% of the data, then shows
 * originals over reconstructions of held-out digits and the held-out codes coloured by digit —
 * with the gaps and the uneven spread that a plain autoencoder leaves in its code space.
 *
 * <p>Writes {@code reconstructions.png}, {@code latent-scatter.png}, {@code loss.png} and {@code
 * history.json}. Run: {@code vae4j tutorial conv-autoencoder --data mnist --epochs 10}.
 */
public final class ConvAutoencoderTutorial {

  /** The name of this program on the command line. */
  public static final String NAME = "conv-autoencoder";

  private ConvAutoencoderTutorial() {}

  /** 10 epochs, 2-D code, MNIST, batch 128, seed 42, into {@code vae4j-output/conv-autoencoder}. */
  public static SampleSettings defaults() {
    return new SampleSettings(10, 2, "mnist", Path.of("vae4j-output", NAME), 42, 0, 128, 0);
  }

  /** Runs the program from the command line: {@code vae4j tutorial conv-autoencoder [options]}. */
  public static void main(String[] args) {
    org.vae4j.samples.cli.Vae4jCommand.runAndExit("tutorial", NAME, args);
  }

  /** Trains and draws; logs to {@code log}. */
  public static SampleResult run(SampleSettings s, PrintStream log) throws IOException {
    SampleRun run = new SampleRun("Tutorial 1: convolutional autoencoder, " + s.latentDim()
        + "-D code", s.out(), log);
    ImageDataset.Split split = run.data(s).data().split(0.9, s.seed());
    ImageDataset train = split.first();
    ImageDataset heldOut = split.second();
    run.info("training on " + train.size() + " images, " + heldOut.size() + " held out");
    try (Autoencoder ae = Autoencoder.builder().convEncoder()
        .denseUnits(Samples.CONV_DENSE_UNITS).latentDim(s.latentDim()).bceLoss().seed(s.seed())
        .build()) {
      TrainingHistory history = ae.fit(train, heldOut, SampleRun.training(s),
          run.progress("autoencoder"));
      run.history("autoencoder", history, "history.json");
      LossCurves.of(history).title("Convolutional autoencoder").writePng(run.file("loss.png"));
      run.wrote(run.file("loss.png"));

      INDArray x = Samples.first(heldOut, 10);
      ImageGrid.comparison(x, ae.reconstruct(x)).columns(10).writePng(
          run.file("reconstructions.png"));
      run.wrote(run.file("reconstructions.png"));
      run.number("held-out reconstruction BCE per image",
          Metrics.bcePerImage(heldOut.images(), Metrics.reconstructAll(ae, heldOut.images())));

      if (s.latentDim() >= 2) {
        INDArray codes = ae.encodeMean(heldOut.images());
        LatentScatter.of(codes, heldOut.labels())
            .title("Autoencoder codes of " + heldOut.size() + " held-out digits")
            .writePng(run.file("latent-scatter.png"));
        run.wrote(run.file("latent-scatter.png"));
      } else {
        run.info("latent-scatter.png skipped: a scatter needs a code of at least 2 dimensions");
      }
    }
    return run.finish();
  }
}
