package org.vae4j.samples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vae4j.samples.bench.Benchmark;
import org.vae4j.samples.bench.BenchmarkOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vae4j bench}: the training and inference benchmark of {@link Benchmark}. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Time training epochs and encodeMean throughput of the seed models (conv, mlp) "
        + "on the MNIST test set (batch 128, Adam 1e-3); the first epoch is the warm-up.")
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", defaultValue = "all",
      description = "conv | mlp | all (default ${DEFAULT-VALUE}).")
  String model;

  Integer epochs;

  @Option(names = "--epochs", paramLabel = "N",
      description = "Epochs per model, 2 to 1000 (default: conv 5, mlp 11).")
  void epochs(int v) {
    epochs = Checks.inRange(spec, "--epochs", v, 2, 1000);
  }

  int limit;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "10000",
      description = "Train on the first N test images, 1 to 10000 (default ${DEFAULT-VALUE}).")
  void limit(int v) {
    limit = Checks.inRange(spec, "--limit", v, 1, 10_000);
  }

  int encodeRepeats;

  @Option(names = "--encode-repeats", paramLabel = "N", defaultValue = "5",
      description = "encodeMean passes for the inference throughput, 1 to 1000 (default "
          + "${DEFAULT-VALUE}).")
  void encodeRepeats(int v) {
    encodeRepeats = Checks.inRange(spec, "--encode-repeats", v, 1, 1000);
  }

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the model and of the training run (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--mnist", paramLabel = "DIR", required = true,
      description = "Directory with the MNIST test files (t10k-*).")
  Path mnist;

  @Override
  public Integer call() throws IOException {
    List<String> models = switch (model) {
      case "all" -> BenchmarkOptions.MNIST_MODELS;
      case "conv", "mlp" -> List.of(model);
      default -> throw new ParameterException(spec.commandLine(),
          "MODEL must be conv, mlp or all, got " + model);
    };
    for (String m : models) {
      BenchmarkOptions d = BenchmarkOptions.defaults(m, mnist);
      Benchmark.run(new BenchmarkOptions(List.of(m), epochs != null ? epochs : d.epochs(), mnist,
          limit, encodeRepeats, seed), Checks.root(spec).out());
    }
    return 0;
  }
}
