package org.vae4j.samples.cli;

import java.nio.file.Path;
import org.vae4j.core.ModelConfig;
import org.vae4j.samples.SampleSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every sample program takes; unset options keep the program's defaults. */
final class SampleOptions {

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  Integer epochs;

  @Option(names = "--epochs", paramLabel = "N",
      description = "Passes over the training data, 1 to 100000.")
  void epochs(int v) {
    epochs = Checks.inRange(spec, "--epochs", v, 1, Checks.MAX_EPOCHS);
  }

  Integer latentDim;

  @Option(names = "--latent-dim", paramLabel = "N",
      description = "Width of the latent space, 1 to 65536.")
  void latentDim(int v) {
    latentDim = Checks.inRange(spec, "--latent-dim", v, 1,
        ModelConfig.MAX_LATENT_DIM);
  }

  @Option(names = "--data", paramLabel = "SOURCE",
      description = "mnist | fashion-mnist | kmnist (download cache), synthetic, or a directory "
          + "of MNIST-layout IDX files.")
  String data;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of model, training and pictures.")
  Long seed;

  Integer limit;

  @Option(names = "--limit", paramLabel = "N",
      description = "Use only N images (a seeded random subset); 0 = all.")
  void limit(int v) {
    limit = Checks.atLeast(spec, "--limit", v, 0);
  }

  Integer batchSize;

  @Option(names = "--batch-size", paramLabel = "N",
      description = "Examples per training step, 1 to 65536.")
  void batchSize(int v) {
    batchSize = Checks.inRange(spec, "--batch-size", v, 1, Checks.MAX_BATCH_SIZE);
  }

  /** The program's defaults overridden by the options that were given. */
  SampleSettings apply(SampleSettings d) {
    SampleSettings s = d;
    if (epochs != null) {
      s = s.withEpochs(epochs);
    }
    if (latentDim != null) {
      s = s.withLatentDim(latentDim);
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
      s = s.withLimit(limit);
    }
    if (batchSize != null) {
      s = s.withBatchSize(batchSize);
    }
    return s;
  }
}
