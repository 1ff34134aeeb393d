package org.vae4j.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.Vae;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.viz.InterpolationRenderer;
import org.vae4j.viz.LatentScatter;
import org.vae4j.viz.ManifoldRenderer;

/**
 * Tutorial 4: an MLP autoencoder and an MLP VAE of the same shape, side by side. Both are trained
 * on the same 90% of the data with the same seed; then for each: the held-out latent means by
 * class, a grid decoded over the <em>same</em> latent range (the autoencoder's grid shows where its
 * code space has holes; the VAE's is smooth), and the straight-line interpolation from a "1" to a
 * "0" as a strip and an animated GIF.
 *
 * <p>Writes {@code ae-*.png}, {@code vae-*.png}, {@code ae-interpolation.gif}, {@code
 * vae-interpolation.gif}, {@code ae-history.json} and {@code history.json} (the VAE's). Run:
 * {@code vae4j tutorial ae-vs-vae --data mnist --epochs 10}.
 */
public final class AutoencoderVsVaeTutorial {

  /** The name of this program on the command line. */
  public static final String NAME = "ae-vs-vae";

  /** Hidden layers of both models. */
  static final int[] HIDDEN = {512, 256};

  private AutoencoderVsVaeTutorial() {}

  /** 10 epochs, 2-D latent, MNIST, batch 128, seed 42. */
  public static SampleSettings defaults() {
    return new SampleSettings(10, 2, "mnist", Path.of("vae4j-output", NAME), 42, 0, 128, 1);
  }

  /** Runs the program from the command line. */
  public static void main(String[] args) {
    org.vae4j.samples.cli.Vae4jCommand.runAndExit("tutorial", NAME, args);
  }

  /** Trains both models and draws them side by side; logs to {@code log}. */
  public static SampleResult run(SampleSettings s, PrintStream log) throws IOException {
    SampleRun run = new SampleRun("Tutorial 4: MLP autoencoder vs MLP VAE, " + s.latentDim()
        + "-D latent", s.out(), log);
    ImageDataset.Split split = run.data(s).data().split(0.9, s.seed());
    ImageDataset train = split.first();
    ImageDataset heldOut = split.second();
    run.info("training both on " + train.size() + " images, " + heldOut.size() + " held out");
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(HIDDEN).latentDim(s.latentDim())
            .bceLoss().seed(s.seed()).build();
        Vae vae = Vae.builder().mlpEncoder(HIDDEN).latentDim(s.latentDim()).bceLoss()
            .beta(1.0).seed(s.seed()).build()) {
      TrainingHistory aeHistory = ae.fit(train, heldOut, SampleRun.training(s),
          run.progress("autoencoder"));
      run.history("autoencoder", aeHistory, "ae-history.json");
      TrainingHistory vaeHistory = vae.fit(train, heldOut, SampleRun.training(s),
          run.progress("vae"));
      run.history("vae", vaeHistory, "history.json");

      run.number("autoencoder held-out reconstruction BCE per image",
          Metrics.bcePerImage(heldOut.images(), Metrics.reconstructAll(ae, heldOut.images())));
      run.number("vae held-out reconstruction BCE per image (at the posterior mean)",
          Metrics.bcePerImage(heldOut.images(), Metrics.reconstructAll(vae, heldOut.images())));

      INDArray aeMeans = ae.encodeMean(heldOut.images());
      INDArray vaeMeans = vae.encodeMean(heldOut.images());
      if (s.latentDim() >= 2) {
        LatentScatter.of(aeMeans, heldOut.labels()).title("Autoencoder: held-out codes")
            .writePng(run.file("ae-latent-scatter.png"));
        run.wrote(run.file("ae-latent-scatter.png"));
        LatentScatter.of(vaeMeans, heldOut.labels()).title("VAE: held-out latent means")
            .writePng(run.file("vae-latent-scatter.png"));
        run.wrote(run.file("vae-latent-scatter.png"));
        double r = Samples.commonRange(aeMeans, vaeMeans);
        run.number("common grid range r (grids over [-r, r]^2)", r);
        String range = String.format(Locale.ROOT, "[%.1f, %.1f]²", -r, r);
        ManifoldRenderer.of(ae).size(15).linear(-r, r).title("Autoencoder decoded over " + range)
            .writePng(run.file("ae-grid.png"));
        run.wrote(run.file("ae-grid.png"));
        ManifoldRenderer.of(vae).size(15).linear(-r, r).title("VAE decoded over " + range)
            .writePng(run.file("vae-grid.png"));
        run.wrote(run.file("vae-grid.png"));
      } else {
        run.info("scatters and grids skipped: they need a latent of at least 2 dimensions");
      }

      int one = Samples.firstWithLabel(heldOut, 1);
      int zero = Samples.firstWithLabel(heldOut, 0);
      if (one < 0 || zero < 0) {
        run.info("interpolation skipped: the held-out images hold no "
            + (one < 0 ? "\"1\"" : "\"0\""));
      } else {
        INDArray x1 = Samples.image(heldOut, one);
        INDArray x0 = Samples.image(heldOut, zero);
        interpolation(run, "ae", InterpolationRenderer.of(ae.interpolate(x1, x0, 12)));
        interpolation(run, "vae", InterpolationRenderer.of(vae.interpolate(x1, x0, 12)));
      }
    }
    return run.finish();
  }

  private static void interpolation(SampleRun run, String prefix, InterpolationRenderer r)
      throws IOException {
    r.scale(3).frameDelayMillis(120);
    r.writeStripPng(run.file(prefix + "-interpolation.png"));
    run.wrote(run.file(prefix + "-interpolation.png"));
    r.writeGif(run.file(prefix + "-interpolation.gif"));
    run.wrote(run.file(prefix + "-interpolation.gif"));
  }
}
