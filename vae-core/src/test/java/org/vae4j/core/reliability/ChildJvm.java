package org.vae4j.core.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a child JVM (as {@code NativeBuildHookTest} does),
 * with the JVM's defaults: no heap limit beyond what a user would have.
 */
final class ChildJvm {

  private ChildJvm() {}

  /** Starts {@code main} with {@code args}; stdout and stderr go to {@code log}. */
  static Process start(Class<?> main, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Runs {@code main} to its end (at most two minutes) and returns its output lines. */
  static List<String> run(Class<?> main, Path log, String... args)
      throws IOException, InterruptedException {
    Process p = start(main, log, args);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish in 120 s: " + Files.readString(log));
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new AssertionError("child JVM exited with " + p.exitValue() + ": " + lines);
    }
    return lines;
  }

  /** The value of the first line {@code key=value}. */
  static String value(List<String> lines, String key) {
    return lines.stream().filter(l -> l.startsWith(key + "=")).findFirst()
        .map(l -> l.substring(key.length() + 1))
        .orElseThrow(() -> new AssertionError("no " + key + "= in " + lines));
  }
}
