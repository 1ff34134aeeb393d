package org.vae4j.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.viz.ImageGrid;
import org.vae4j.viz.InterpolationRenderer;
import org.vae4j.viz.LatentScatter;
import org.vae4j.viz.LossCurves;
import org.vae4j.viz.ManifoldRenderer;

/**
 * The quick start ({@code vae4j quickstart}): a small convolutional VAE with a 2-D latent, trained
 * for 5 epochs on 6,000 images (a minute or two on two cores; see docs/getting-started.md for the
 * measurements), and its pictures. It never touches the network by default: with
 * {@code data = "auto"} it uses MNIST files found offline (see {@link
 * DataSource#offlineMnistOrSynthetic(int, int, long)}) and otherwise {@code SyntheticDigits}; any
 * other data source is resolved by {@link DataSource#resolve(String, int, long)}.
 *
 * <p>Writes {@code manifold.png}, {@code latent-scatter.png}, {@code reconstructions.png}, {@code
 * interpolation.gif}, {@code interpolation.png}, {@code loss.png}, {@code samples.png}, {@code
 * history.json} and the model, {@code model.zip}.
 */
public final class Quickstart {

  /** The data source that means "MNIST if found offline, else synthetic digits". */
  public static final String AUTO = "auto";
  /** Images used by default (MNIST subset or synthetic digits), sized for about a minute. */
  public static final int DEFAULT_IMAGES = 6_000;

  private Quickstart() {}

  /** Auto data, 6,000 images, 5 epochs, 2-D latent, batch 32, into vae4j-output/quickstart. */
  public static SampleSettings defaults() {
    return new SampleSettings(5, 2, AUTO, Path.of("vae4j-output", "quickstart"), 42,
        DEFAULT_IMAGES, 32, 1);
  }

  /** Runs the quick start from the command line. */
  public static void main(String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = "quickstart";
    System.arraycopy(args, 0, all, 1, args.length);
    org.vae4j.samples.cli.Vae4jCommand.main(all);
  }

  /** Trains and draws; logs to {@code log}. */
  public static SampleResult run(SampleSettings s, PrintStream log) throws IOException {
    SampleRun run = new SampleRun("vae4j quickstart: a convolutional VAE with a " + s.latentDim()
        + "-D latent", s.out(), log);
    DataSource.Resolved resolved = AUTO.equalsIgnoreCase(s.data().trim())
        ? DataSource.offlineMnistOrSynthetic(s.limit(), DEFAULT_IMAGES, s.seed())
        : DataSource.resolve(s.data(), s.limit(), s.seed());
    ImageDataset.Split split = run.data(resolved).data().split(0.9, s.seed());
    ImageDataset train = split.first();
    ImageDataset heldOut = split.second();
    run.info(String.format(Locale.ROOT, "training on %d images for %d epochs, %d held out for "
        + "the pictures", train.size(), s.epochs(), heldOut.size()));
    try (Vae vae = Vae.builder().convEncoder().denseUnits(Samples.CONV_DENSE_UNITS)
        .latentDim(s.latentDim()).bceLoss().beta(1.0).seed(s.seed()).build()) {
      TrainingHistory history = vae.fit(train, heldOut, SampleRun.training(s),
          run.progress("vae"));
      run.history("vae", history, "history.json");
      vae.save(run.file("model.zip"));
      run.wrote(run.file("model.zip"));
      LossCurves.of(history).withParts(true).title("Quick start: convolutional VAE")
          .writePng(run.file("loss.png"));
      run.wrote(run.file("loss.png"));
      INDArray x = Samples.first(heldOut, 10);
      ImageGrid.comparison(x, vae.reconstruct(x)).columns(10)
          .writePng(run.file("reconstructions.png"));
      run.wrote(run.file("reconstructions.png"));
      run.number("held-out reconstruction BCE per image (at the posterior mean)",
          Metrics.bcePerImage(heldOut.images(), Metrics.reconstructAll(vae, heldOut.images())));
      if (s.latentDim() >= 2) {
        ManifoldRenderer.of(vae).size(20).linear(-2, 2).title("Decoded latent grid over [−2, 2]²")
            .writePng(run.file("manifold.png"));
        run.wrote(run.file("manifold.png"));
        LatentScatter.encode(vae, heldOut.images(), heldOut.labels())
            .title("Latent means of " + heldOut.size() + " held-out digits")
            .writePng(run.file("latent-scatter.png"));
        run.wrote(run.file("latent-scatter.png"));
      }
      org.vae4j.viz.SampleGrid.prior(vae, 64, s.seed()).columns(8)
          .writePng(run.file("samples.png"));
      run.wrote(run.file("samples.png"));
      int a = heldOut.size() > 1 ? pair(heldOut)[0] : 0;
      int b = heldOut.size() > 1 ? pair(heldOut)[1] : 0;
      if (a != b) {
        InterpolationRenderer interp = InterpolationRenderer.of(
            vae.interpolate(Samples.image(heldOut, a), Samples.image(heldOut, b), 12))
            .scale(3).frameDelayMillis(120);
        interp.writeGif(run.file("interpolation.gif"));
        run.wrote(run.file("interpolation.gif"));
        interp.writeStripPng(run.file("interpolation.png"));
        run.wrote(run.file("interpolation.png"));
      }
    }
    SampleResult result = run.finish();
    log.println("Pictures are in " + result.out() + " (data: " + result.data() + ")");
    return result;
  }

  /** Two held-out images to interpolate between: a "1" and a "0" when there are, else 0 and 1. */
  static int[] pair(ImageDataset data) {
    int one = Samples.firstWithLabel(data, 1);
    int zero = Samples.firstWithLabel(data, 0);
    return one >= 0 && zero >= 0 ? new int[] {one, zero} : new int[] {0, 1};
  }
}
