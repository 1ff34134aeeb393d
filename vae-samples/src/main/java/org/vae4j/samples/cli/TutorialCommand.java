package org.vae4j.samples.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.vae4j.core.ModelConfig;
import org.vae4j.samples.AutoencoderVsVaeTutorial;
import org.vae4j.samples.BetaAndConditionalVaeTutorial;
import org.vae4j.samples.ConceptVectorTutorial;
import org.vae4j.samples.ConvAutoencoderTutorial;
import org.vae4j.samples.ConvVaeManifoldTutorial;
import org.vae4j.samples.MlpVaeTutorial;
import org.vae4j.samples.SampleSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vae4j tutorial <name>}: the classic VAE tutorials, one subcommand each. */
@Command(
    name = "tutorial",
    mixinStandardHelpOptions = true,
    description = "Run one of the classic tutorials; each writes pictures and history.json.",
    subcommands = {
      TutorialCommand.ConvAutoencoder.class,
      TutorialCommand.ConvVaeManifold.class,
      TutorialCommand.MlpVae.class,
      TutorialCommand.AeVsVae.class,
      TutorialCommand.BetaAndConditional.class,
      TutorialCommand.ConceptVector.class
    })
final class TutorialCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a tutorial name is required: "
        + String.join(", ", spec.subcommands().keySet()));
  }

  /** What the tutorial subcommands share: the options and the call. */
  abstract static class Program implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin SampleOptions options;

    abstract SampleSettings defaults();

    abstract void run(SampleSettings settings) throws IOException;

    @Override
    public Integer call() throws IOException {
      SampleSettings settings = options.apply(defaults());
      Checks.outputDirectory("--out", settings.out());
      run(settings);
      return 0;
    }

    java.io.PrintStream out() {
      return Checks.root(spec).out();
    }
  }

  @Command(name = ConvAutoencoderTutorial.NAME, mixinStandardHelpOptions = true,
      description = "1. Convolutional autoencoder, 2-D code: reconstructions and code scatter.")
  static final class ConvAutoencoder extends Program {
    @Override
    SampleSettings defaults() {
      return ConvAutoencoderTutorial.defaults();
    }

    @Override
    void run(SampleSettings s) throws IOException {
      ConvAutoencoderTutorial.run(s, out());
    }
  }

  @Command(name = ConvVaeManifoldTutorial.NAME, mixinStandardHelpOptions = true,
      description = "2. Convolutional VAE, 2-D latent, train+test: loss log and 30x30 manifold.")
  static final class ConvVaeManifold extends Program {
    @Override
    SampleSettings defaults() {
      return ConvVaeManifoldTutorial.defaults();
    }

    @Override
    void run(SampleSettings s) throws IOException {
      ConvVaeManifoldTutorial.run(s, out());
    }
  }

  @Command(name = MlpVaeTutorial.NAME, mixinStandardHelpOptions = true,
      description = "3. MLP VAE 784-256-2 with BCE: curves, scatter, manifold, classifier.")
  static final class MlpVae extends Program {
    @Override
    SampleSettings defaults() {
      return MlpVaeTutorial.defaults();
    }

    @Override
    void run(SampleSettings s) throws IOException {
      MlpVaeTutorial.run(s, out());
    }
  }

  @Command(name = AutoencoderVsVaeTutorial.NAME, mixinStandardHelpOptions = true,
      description = "4. MLP autoencoder vs MLP VAE: scatters, grids, interpolation 1 -> 0.")
  static final class AeVsVae extends Program {
    @Override
    SampleSettings defaults() {
      return AutoencoderVsVaeTutorial.defaults();
    }

    @Override
    void run(SampleSettings s) throws IOException {
      AutoencoderVsVaeTutorial.run(s, out());
    }
  }

  @Command(name = BetaAndConditionalVaeTutorial.NAME, mixinStandardHelpOptions = true,
      description = "5. beta-VAE traversals, and a conditional VAE drawing each digit on demand.")
  static final class BetaAndConditional extends Program {
    Double beta;

    @Option(names = "--beta", paramLabel = "B", description = "KL weight of the beta-VAE.")
    void beta(double v) {
      beta = Checks.nonNegative(spec, "--beta", v);
    }

    int warmupEpochs;

    @Option(names = "--warmup-epochs", paramLabel = "N", defaultValue = "0",
        description = "Raise the beta-VAE's KL weight from 0 to beta over N epochs, 0 to 100000 "
            + "(default ${DEFAULT-VALUE}).")
    void warmupEpochs(int v) {
      warmupEpochs = Checks.inRange(spec, "--warmup-epochs", v, 0, Checks.MAX_EPOCHS);
    }

    @Override
    SampleSettings defaults() {
      SampleSettings d = BetaAndConditionalVaeTutorial.defaults();
      return beta == null ? d : d.withBeta(beta);
    }

    @Override
    void run(SampleSettings s) throws IOException {
      BetaAndConditionalVaeTutorial.run(s, warmupEpochs, out());
    }
  }

  @Command(name = ConceptVectorTutorial.NAME, mixinStandardHelpOptions = true,
      description = "6. Concept vectors: thick vs thin strokes, and class A vs class B, "
          + "applied to edit digits.")
  static final class ConceptVector extends Program {
    int fromClass;

    @Option(names = "--from-class", paramLabel = "A", defaultValue = "1",
        description = "Class the class vector starts from (default ${DEFAULT-VALUE}).")
    void fromClass(int v) {
      fromClass = Checks.inRange(spec, "--from-class", v, 0, ModelConfig.MAX_CLASSES - 1);
    }

    int toClass;

    @Option(names = "--to-class", paramLabel = "B", defaultValue = "7",
        description = "Class the class vector points to (default ${DEFAULT-VALUE}).")
    void toClass(int v) {
      toClass = Checks.inRange(spec, "--to-class", v, 0, ModelConfig.MAX_CLASSES - 1);
    }

    @Override
    SampleSettings defaults() {
      return ConceptVectorTutorial.defaults();
    }

    @Override
    void run(SampleSettings s) throws IOException {
      if (fromClass == toClass) {
        throw new ParameterException(spec.commandLine(),
            "--to-class must differ from --from-class, got " + toClass + " for both");
      }
      ConceptVectorTutorial.run(s, fromClass, toClass, out());
    }
  }
}
