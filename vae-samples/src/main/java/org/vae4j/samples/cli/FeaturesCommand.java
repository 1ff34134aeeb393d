package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vae4j.core.eval.LatentFeatures;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.samples.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vae4j features}: latent means of images as CSV, for another classifier. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = "Write the latent means of the images as CSV (vae-core's LatentFeatures "
        + "layout): a header 'z0,z1,...,label', then one line per image.")
final class FeaturesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ModelOptions model;
  @Mixin DataOptions data;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "features.csv",
      description = "CSV file to write (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Checks.outputFile("--out", out);
    PrintStream log = Checks.root(spec).out();
    DataSource.Resolved resolved = data.resolve(model.file);
    ImageDataset images = resolved.data();
    try (ModelArgument m = ModelArgument.load(model.file)) {
      log.println("model: " + m.describe());
      log.println("data: " + resolved.description());
      // vae-core's own feature export: one CSV layout (z0..z{d-1},label) for every model kind.
      LatentFeatures f = m.isConditional()
          ? LatentFeatures.encode(m.conditional(), images)
          : LatentFeatures.encode(m.plain("features"), images, LatentFeatures.DEFAULT_BATCH_SIZE);
      f.writeCsv(out);
      log.println("wrote " + f.size() + " rows of " + f.latentDim() + " features to "
          + out.toAbsolutePath().normalize());
    }
    return 0;
  }
}
