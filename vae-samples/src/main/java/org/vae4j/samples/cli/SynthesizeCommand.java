package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vae4j.api.table.Table;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.TableSynthesis;
import org.vae4j.core.Vae4jModel;
import org.vae4j.datasets.CsvTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vae4j synthesize}: synthetic rows of a table model as CSV. */
@Command(
    name = "synthesize",
    mixinStandardHelpOptions = true,
    description = "Write synthetic rows of a table model (TABLE loss) as CSV in the columns it "
        + "was trained on: every value drawn from the model's likelihood, categories and binary "
        + "levels as their strings, each column missing at its training rate.")
final class SynthesizeCommand implements Callable<Integer> {

  /** The most rows one run writes. */
  static final int MAX_ROWS = 10_000_000;

  @Spec CommandSpec spec;
  @Mixin ModelOptions model;

  int rows;

  @Option(names = "--rows", paramLabel = "N", required = true,
      description = "Number of rows, 1 to 10000000.")
  void rows(int v) {
    rows = Checks.inRange(spec, "--rows", v, 1, MAX_ROWS);
  }

  Integer label;

  @Option(names = "--label", paramLabel = "K",
      description = "Conditional table model only (required there): the class index of the rows.")
  void label(int v) {
    label = Checks.atLeast(spec, "--label", v, 0);
  }

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the draws (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "synthetic.csv",
      description = "CSV file to write (default ${DEFAULT-VALUE}); refused if it exists, "
          + "unless --overwrite.")
  Path out;

  @Option(names = "--overwrite", description = "Replace the --out file if it exists.")
  boolean overwrite;

  @Override
  public Integer call() throws IOException {
    Checks.outputFile("--out", out);
    if (!overwrite && Files.exists(out)) {
      throw new ParameterException(spec.commandLine(), "--out " + out.toAbsolutePath().normalize()
          + " exists: pass --overwrite to replace it");
    }
    ModelConfig config = ModelArgument.readConfig(model.file);
    if (config.tablePreprocessing().isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--model " + model.file
          + " is not a table model (its loss is " + config.loss().name()
          + "): synthesize needs a model trained on a table (TABLE loss)");
    }
    if (config.numClasses() > 0 && label == null) {
      throw new ParameterException(spec.commandLine(), "--model " + model.file
          + " is a conditional model with " + config.numClasses()
          + " classes: give --label K");
    }
    if (config.numClasses() == 0 && label != null) {
      throw new ParameterException(spec.commandLine(), "--label is only for a conditional model; "
          + model.file + " has no classes");
    }
    if (label != null && label >= config.numClasses()) {
      throw new ParameterException(spec.commandLine(), "--label must be in [0, "
          + config.numClasses() + "), got " + label);
    }
    PrintStream log = Checks.root(spec).out();
    try (Vae4jModel m = Vae4jModel.load(model.file)) {
      Table t = label == null ? TableSynthesis.sample(m, rows, seed)
          : TableSynthesis.sample(m, rows, label, seed);
      CsvTables.write(t, out);
      log.println("wrote " + t.rowCount() + " rows of " + t.columnCount() + " columns to "
          + out.toAbsolutePath().normalize());
    }
    return 0;
  }
}
