package org.vae4j.samples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The saved model a command works on. */
final class ModelOptions {
  @Option(names = {"-m", "--model"}, paramLabel = "FILE", required = true,
      description = "A model file written by 'vae4j train' (or any vae4j model's save).")
  Path file;
}
