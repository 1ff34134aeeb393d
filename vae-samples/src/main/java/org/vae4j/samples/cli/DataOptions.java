package org.vae4j.samples.cli;

import java.io.IOException;
import org.vae4j.samples.DataSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The images a command reads. */
final class DataOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--data", paramLabel = "SOURCE", defaultValue = "mnist",
      description = "mnist | fashion-mnist | kmnist | synthetic | DIR (default ${DEFAULT-VALUE}).")
  String data;

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

  DataSource.Resolved resolve() throws IOException {
    return DataSource.resolve(data, limit, seed);
  }
}
