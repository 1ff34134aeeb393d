package org.vae4j.samples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Option checks that fail as usage errors naming the option and the value. */
final class Checks {

  private Checks() {}

  static int atLeast(CommandSpec spec, String option, int value, int min) {
    if (value < min) {
      throw new ParameterException(spec.commandLine(),
          option + " must be >= " + min + ", got " + value);
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

  static Vae4jCommand root(CommandSpec spec) {
    return (Vae4jCommand) spec.root().userObject();
  }
}
