package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vae4j.viz.SampleGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vae4j sample}: decode draws from the prior into a PNG grid. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Decode draws from the prior N(0, I) of a saved model into a PNG grid; for a "
        + "conditional VAE one row per class (or only --label K).")
final class SampleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ModelOptions model;

  int count;

  @Option(names = "--count", paramLabel = "N", defaultValue = "64",
      description = "Number of samples, 1 to 10000 (per class for a conditional VAE, where at "
          + "most 20 are drawn; default ${DEFAULT-VALUE}).")
  void count(int v) {
    count = Checks.inRange(spec, "--count", v, 1, 10_000);
  }

  Integer label;

  @Option(names = "--label", paramLabel = "K",
      description = "Conditional VAE only: draw only class K.")
  void label(int v) {
    label = Checks.atLeast(spec, "--label", v, 0);
  }

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the draws (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "samples.png",
      description = "PNG file to write (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Checks.outputFile("--out", out);
    PrintStream log = Checks.root(spec).out();
    try (ModelArgument m = ModelArgument.load(model.file)) {
      log.println("model: " + m.describe());
      SampleGrid grid = m.isConditional() && label == null
          ? SampleGrid.perClass(m.conditional(), Math.min(count, 20), seed)
          : SampleGrid.prior(m.decoder(label), count, seed)
              .columns((int) Math.ceil(Math.sqrt(count)));
      grid.writePng(out);
      log.println("wrote " + out.toAbsolutePath().normalize());
    }
    return 0;
  }
}
