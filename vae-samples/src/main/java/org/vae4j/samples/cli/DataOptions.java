package org.vae4j.samples.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.vae4j.samples.DataSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The images a command reads. */
final class DataOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--data", paramLabel = "SOURCE", defaultValue = "mnist",
      description = "mnist | fashion-mnist | kmnist | synthetic | DIR (default ${DEFAULT-VALUE}).")
  String data;

  @Option(names = "--images", paramLabel = "DIR",
      description = "Read the picture files (PNG, JPEG, BMP, GIF) of DIR instead of --data, at "
          + "the model's image size and channels; labels from its sub-folders if it has any.")
  Path images;

  int limit;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "Use only N images (a seeded random subset); 0 = all (default "
          + "${DEFAULT-VALUE}).")
  void limit(int v) {
    limit = Checks.atLeast(spec, "--limit", v, 0);
  }

  @Option(names = "--data-seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the subset and of synthetic digits (default ${DEFAULT-VALUE}).")
  long seed;

  /** The data, read for the model saved in {@code modelFile} (its image shape, for --images). */
  DataSource.Resolved resolve(Path modelFile) throws IOException {
    if (images == null) {
      return DataSource.resolve(data, limit, seed);
    }
    if (spec.commandLine().getParseResult().hasMatchedOption("--data")) {
      throw new ParameterException(spec.commandLine(), "--images and --data name two data "
          + "sources, give one (--data DIR reads MNIST-layout IDX files, --images DIR picture "
          + "files)");
    }
    long[] shape = ModelArgument.readConfig(modelFile).inputShape();
    return ImageFolders.resolve(ImageFolders.scanFor("--images", images, shape), limit, seed);
  }
}
