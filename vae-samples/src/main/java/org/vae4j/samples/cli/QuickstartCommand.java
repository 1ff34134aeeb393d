package org.vae4j.samples.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.vae4j.samples.Quickstart;
import org.vae4j.samples.SampleSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vae4j quickstart}: the README's main job. */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "Train a small convolutional VAE (5 epochs on 6,000 images: a minute or two on two "
          + "cores) and write its pictures (manifold, latent scatter, reconstructions, "
          + "interpolation GIF, loss curves) to ./vae4j-output/quickstart.",
      "Offline by default: --data auto uses MNIST files found in the download cache or in "
          + "$VAE4J_MNIST_DIR, else synthetic digits. --data mnist may download.",
      "Defaults: --data auto --limit 6000 --epochs 5 --latent-dim 2 --batch-size 32 --seed 42."
    })
final class QuickstartCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin SampleOptions options;

  @Override
  public Integer call() throws IOException {
    SampleSettings settings = options.apply(Quickstart.defaults());
    Checks.outputDirectory("--out", settings.out());
    Quickstart.run(settings, Checks.root(spec).out());
    return 0;
  }
}
