package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vae4j.viz.ManifoldRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vae4j manifold}: decode a grid over two latent dimensions. */
@Command(
    name = "manifold",
    mixinStandardHelpOptions = true,
    description = "Decode an N x N grid over latent dimensions 0 and 1 of a saved model (others "
        + "held at 0) into a PNG: evenly over [-R, R], or on Gaussian quantiles.")
final class ManifoldCommand implements Callable<Integer> {

  /** The largest --range: far beyond where a N(0, I) prior puts any mass. */
  static final double MAX_RANGE = 1000;

  @Spec CommandSpec spec;
  @Mixin ModelOptions model;

  int size;

  @Option(names = "--size", paramLabel = "N", defaultValue = "20",
      description = "Images per side, 1 to 100 (default ${DEFAULT-VALUE}).")
  void size(int v) {
    size = Checks.inRange(spec, "--size", v, 1, 100);
  }

  double range;

  @Option(names = "--range", paramLabel = "R", defaultValue = "2",
      description = "Grid over [-R, R] in both dimensions, R in (0, 1000] (default "
          + "${DEFAULT-VALUE}).")
  void range(double v) {
    range = Checks.positiveAtMost(spec, "--range", v, MAX_RANGE);
  }

  @Option(names = "--quantiles",
      description = "Space the grid by the standard normal quantiles of 0.05 ... 0.95 instead.")
  boolean quantiles;

  Integer label;

  @Option(names = "--label", paramLabel = "K",
      description = "Conditional VAE only: the class to decode (default 0).")
  void label(int v) {
    label = Checks.atLeast(spec, "--label", v, 0);
  }

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "manifold.png",
      description = "PNG file to write (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Checks.outputFile("--out", out);
    PrintStream log = Checks.root(spec).out();
    try (ModelArgument m = ModelArgument.load(model.file)) {
      log.println("model: " + m.describe());
      ManifoldRenderer r = ManifoldRenderer.of(m.decoder(label)).size(size);
      r = quantiles ? r.gaussianQuantiles() : r.linear(-range, range);
      r.writePng(out);
      log.println("wrote " + out.toAbsolutePath().normalize());
    }
    return 0;
  }
}
