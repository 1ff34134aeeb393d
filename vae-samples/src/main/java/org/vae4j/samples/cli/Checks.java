package org.vae4j.samples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Option checks. The range checks run while picocli parses (the options are setter methods that
 * call them), so a bad value is a usage error naming the option, the range and the value before
 * any command does anything: {@code --steps must be in [2, 100], got 100000000}. The output checks
 * run first thing in a command, before any data is read or any model trained.
 */
final class Checks {

  /** The most epochs (also of warm-up, patience and checkpoint intervals) an option accepts. */
  static final int MAX_EPOCHS = 100_000;
  /** The largest batch size an option accepts. */
  static final int MAX_BATCH_SIZE = 65_536;

  private Checks() {}

  static int atLeast(CommandSpec spec, String option, int value, int min) {
    if (value < min) {
      throw new ParameterException(spec.commandLine(),
          option + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  static int inRange(CommandSpec spec, String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ParameterException(spec.commandLine(),
          option + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  static double nonNegative(CommandSpec spec, String option, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new ParameterException(spec.commandLine(),
          option + " must be finite and >= 0, got " + value);
    }
    return value;
  }

  static double positive(CommandSpec spec, String option, double value) {
    if (!Double.isFinite(value) || value <= 0) {
      throw new ParameterException(spec.commandLine(),
          option + " must be finite and > 0, got " + value);
    }
    return value;
  }

  /** A value in {@code (0, max]}. */
  static double positiveAtMost(CommandSpec spec, String option, double value, double max) {
    if (!(value > 0 && value <= max)) {
      throw new ParameterException(spec.commandLine(),
          option + " must be in (0, " + max + "], got " + value);
    }
    return value;
  }

  /** Every size in {@code [min, max]}, at most {@code maxCount} of them, at least one. */
  static int[] sizes(CommandSpec spec, String option, int[] values, int min, int max,
      int maxCount) {
    if (values.length < 1 || values.length > maxCount) {
      throw new ParameterException(spec.commandLine(), option + " must list 1 to " + maxCount
          + " sizes, got " + values.length);
    }
    for (int v : values) {
      inRange(spec, option, v, min, max);
    }
    return values.clone();
  }

  /**
   * Checks, before any work, that {@code dir} can take the command's output: not an existing
   * file, created when missing, and writable (a probe file is created in it and deleted).
   *
   * @throws IOException naming the option and the directory when it cannot
   */
  static Path outputDirectory(String option, Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new IOException(option + " must be a directory, got " + abs + " (a file)");
    }
    try {
      Files.createDirectories(abs);
      Path probe = Files.createTempFile(abs, ".vae4j-write-check-", ".tmp");
      Files.delete(probe);
    } catch (IOException | UnsupportedOperationException e) {
      throw new IOException(option + " must be a writable directory, got " + abs + " ("
          + reason(e) + ")", e);
    }
    return dir;
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + " is a file";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    return e instanceof java.nio.file.NoSuchFileException ? "no file can be created there"
        : String.valueOf(e.getMessage());
  }

  /**
   * Checks, before any work, that {@code file} can be written: not a directory, in a directory
   * that {@link #outputDirectory} accepts.
   */
  static Path outputFile(String option, Path file) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      throw new IOException(option + " must be a file, got " + abs + " (a directory)");
    }
    outputDirectory(option, abs.getParent());
    return file;
  }

  static Vae4jCommand root(CommandSpec spec) {
    return (Vae4jCommand) spec.root().userObject();
  }
}
