package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code vae4j} command line: train, evaluate and use models, run the tutorials and the quick
 * start. {@code vae4j --help} lists the commands; every command has {@code --help}.
 *
 * <p>Errors: a bad option (an unknown option, a value outside its range, checked while parsing)
 * prints one line on stderr and exits with 2; a failure while running (a bad value, a missing or
 * corrupt file, an output location that cannot be written, checked before any work, even running
 * out of memory) prints one line and exits with 1. No stack traces, unless the environment
 * variable {@code VAE4J_DEBUG} is set.
 */
@Command(
    name = "vae4j",
    mixinStandardHelpOptions = true,
    versionProvider = Vae4jCommand.Version.class,
    description = "Variational autoencoders on Deeplearning4j/ND4J: train, sample, draw.",
    subcommands = {
      QuickstartCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      SampleCommand.class,
      InterpolateCommand.class,
      ManifoldCommand.class,
      FeaturesCommand.class,
      EditCommand.class,
      AnomalyCommand.class,
      SynthesizeCommand.class,
      TutorialCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Vae4jCommand implements Runnable {

  /** Exit code of a run that failed (bad value, file problem, wrong call order). */
  public static final int EXIT_FAILURE = 1;
  /** Exit code of a command line that could not be parsed. */
  public static final int EXIT_USAGE = 2;

  @Spec CommandSpec spec;

  private PrintStream out = System.out;

  /** The root command; use {@link #execute(PrintStream, PrintStream, String...)}. */
  public Vae4jCommand() {}

  /** Without a command: a one-line hint on stderr and the usage exit code. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "a command is required, e.g. 'vae4j quickstart' (see vae4j --help)");
  }

  /** Where commands print their progress. */
  PrintStream out() {
    return out;
  }

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    PrintStream out = new QuietStdout(System.out);
    System.setOut(out);
    System.exit(execute(out, System.err, args));
  }

  /**
   * Standard output without the "Added differentiated op ..." lines that ND4J 1.0.0-M2.1's
   * SameDiff prints with {@code System.out.println} whenever it builds a gradient graph.
   */
  static final class QuietStdout extends PrintStream {
    static final String NOISE = "Added differentiated op ";

    QuietStdout(PrintStream target) {
      super(target, true, StandardCharsets.UTF_8);
    }

    @Override
    public void println(String line) {
      if (line == null || !line.startsWith(NOISE)) {
        super.println(line);
      }
    }
  }

  /**
   * Runs one sample program from its own {@code main}: {@code vae4j <prefix...> <args...>}, then
   * exits the JVM with the exit code.
   */
  public static void runAndExit(String command, String name, String[] args) {
    String[] all = new String[args.length + 2];
    all[0] = command;
    all[1] = name;
    System.arraycopy(args, 0, all, 2, args.length);
    main(all);
  }

  /**
   * Runs the command line with the given output streams and returns the exit code (0 success,
   * {@value #EXIT_FAILURE} failure, {@value #EXIT_USAGE} bad usage); never exits the JVM.
   */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    Vae4jCommand root = new Vae4jCommand();
    root.out = out;
    CommandLine cl = new CommandLine(root);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + oneLine(ex.getMessage())
          + " (see " + c.getCommandSpec().qualifiedName() + " --help)");
      c.getErr().flush();
      return EXIT_USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
      String what = t instanceof IllegalArgumentException || t instanceof IOException
          || t instanceof IllegalStateException
          ? "" : t.getClass().getSimpleName() + ": ";
      String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
      if (t instanceof java.nio.file.NoSuchFileException) {
        message = "no such file: " + message;
      }
      c.getErr().println(c.getCommandSpec().qualifiedName() + ": error: " + what
          + oneLine(message));
      if (System.getenv("VAE4J_DEBUG") != null) {
        t.printStackTrace(c.getErr());
      }
      c.getErr().flush();
      return EXIT_FAILURE;
    });
    try {
      return cl.execute(args);
    } catch (Error e) { // picocli passes errors through; the command line still prints one line
      err.println("vae4j: error: " + e.getClass().getSimpleName() + ": "
          + oneLine(e.getMessage() == null ? "" : e.getMessage())
          + (e instanceof OutOfMemoryError ? " (raise the JVM's memory with -Xmx, or use less data)"
              : ""));
      if (System.getenv("VAE4J_DEBUG") != null) {
        e.printStackTrace(err);
      }
      err.flush();
      return EXIT_FAILURE;
    }
  }

  /** Folds a message onto one line. */
  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  /** The project version, from the jar's filtered resource. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Vae4jCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"vae4j " + p.getProperty("version", "(unknown version)")
          + " on ND4J " + p.getProperty("nd4j", "(unknown)") + ", Java "
          + System.getProperty("java.version")};
    }
  }
}
