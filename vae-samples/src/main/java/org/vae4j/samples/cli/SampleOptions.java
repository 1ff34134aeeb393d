package org.vae4j.samples.cli;

import java.nio.file.Path;
import org.vae4j.samples.SampleSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every sample program takes; unset options keep the program's defaults. */
final class SampleOptions {

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data.")
  Integer epochs;

  @Option(names = "--latent-dim", paramLabel = "N", description = "Width of the latent space.")
  Integer latentDim;

  @Option(names = "--data", paramLabel = "SOURCE",
      description = "mnist | fashion-mnist | kmnist (download cache), synthetic, or a directory "
          + "of MNIST-layout IDX files.")
  String data;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of model, training and pictures.")
  Long seed;

  @Option(names = "--limit", paramLabel = "N",
      description = "Use only N images (a seeded random subset); 0 = all.")
  Integer limit;

  @Option(names = "--batch-size", paramLabel = "N", description = "Examples per training step.")
  Integer batchSize;

  /** The program's defaults overridden by the options that were given. */
  SampleSettings apply(SampleSettings d) {
    SampleSettings s = d;
    if (epochs != null) {
      s = s.withEpochs(atLeast("--epochs", epochs, 1));
    }
    if (latentDim != null) {
      s = s.withLatentDim(atLeast("--latent-dim", latentDim, 1));
    }
    if (data != null) {
      if (data.isBlank()) {
        throw new ParameterException(spec.commandLine(), "--data must not be blank");
      }
      s = s.withData(data);
    }
    if (out != null) {
      s = s.withOut(out);
    }
    if (seed != null) {
      s = s.withSeed(seed);
    }
    if (limit != null) {
      s = s.withLimit(atLeast("--limit", limit, 0));
    }
    if (batchSize != null) {
      s = s.withBatchSize(atLeast("--batch-size", batchSize, 1));
    }
    return s;
  }

  int atLeast(String option, int value, int min) {
    return Checks.atLeast(spec, option, value, min);
  }
}
