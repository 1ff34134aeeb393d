package org.vae4j.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.train.TrainingOptions;

/** The bookkeeping every sample shares: output directory, log lines, files and numbers. */
final class SampleRun {

  private final String title;
  private final Path out;
  private final PrintStream log;
  private final List<Path> files = new ArrayList<>();
  private final Map<String, Double> numbers = new LinkedHashMap<>();
  private String data = "";
  private final long startNanos = System.nanoTime();

  SampleRun(String title, Path out, PrintStream log) throws IOException {
    this.title = Objects.requireNonNull(title, "title");
    this.out = Objects.requireNonNull(out, "out").toAbsolutePath().normalize();
    this.log = Objects.requireNonNull(log, "log");
    if (Files.exists(this.out) && !Files.isDirectory(this.out)) {
      throw new java.nio.file.NotDirectoryException(
          this.out + " (the output directory must be a directory, got a file)");
    }
    Files.createDirectories(this.out);
    log.println(title);
  }

  /** Resolves the settings' data source and logs which data is used. */
  DataSource.Resolved data(SampleSettings s) throws IOException {
    return data(DataSource.resolve(s.data(), s.limit(), s.seed()));
  }

  /** Logs which data is used. */
  DataSource.Resolved data(DataSource.Resolved resolved) {
    this.data = resolved.description();
    log.println("data: " + data);
    return resolved;
  }

  Path file(String name) {
    return out.resolve(name);
  }

  /** Records and logs a written file. */
  Path wrote(Path file) {
    files.add(file);
    log.println("  wrote " + file);
    return file;
  }

  /** Logs and records a number. */
  void number(String name, double value) {
    numbers.put(name, value);
    log.println(String.format(Locale.ROOT, "%s: %.4f", name, value));
  }

  void info(String line) {
    log.println(line);
  }

  /** A listener that prints each epoch as it ends, prefixed with {@code label}. */
  TrainingListener progress(String label) {
    return new EpochPrinter(log, label);
  }

  /** Records the final losses of a history and writes it as JSON. */
  Path history(String label, TrainingHistory history, String fileName) throws IOException {
    history.last().ifPresent(e -> {
      number(label + " final train loss", e.train().total());
      e.validationLoss().ifPresent(v -> number(label + " final validation loss", v.total()));
    });
    Path file = file(fileName);
    history.writeJson(file);
    return wrote(file);
  }

  static TrainingOptions training(SampleSettings s) {
    return TrainingOptions.builder().epochs(s.epochs()).batchSize(s.batchSize()).seed(s.seed())
        .build();
  }

  SampleResult finish() {
    log.println(String.format(Locale.ROOT, "%s: done in %.1f s; %d files in %s", title,
        (System.nanoTime() - startNanos) / 1e9, files.size(), out));
    return new SampleResult(out, files, data, numbers);
  }
}
