package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.LatentModel;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.ModelBuilder;
import org.vae4j.core.Vae;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.samples.DataSource;
import org.vae4j.viz.ImageGrid;
import org.vae4j.viz.LatentScatter;
import org.vae4j.viz.LossCurves;
import org.vae4j.viz.ManifoldRenderer;
import org.vae4j.viz.SampleGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vae4j train}: build a model from options, train it, save it with its pictures. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Train an autoencoder, VAE or conditional VAE and save the model "
        + "(model.zip), its history (history.json) and pictures into --out.")
final class TrainCommand implements Callable<Integer> {

  enum Kind { ae, vae, cvae }

  enum Encoder { mlp, conv }

  enum Loss { bce, mse }

  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "KIND", defaultValue = "vae",
      description = "ae | vae | cvae (default ${DEFAULT-VALUE}).")
  Kind kind;

  @Option(names = "--encoder", paramLabel = "KIND", defaultValue = "mlp",
      description = "mlp | conv (default ${DEFAULT-VALUE}).")
  Encoder encoder;

  @Option(names = "--hidden", paramLabel = "SIZES", split = ",", defaultValue = "512,256",
      description = "Hidden layer sizes of the MLP encoder (default ${DEFAULT-VALUE}).")
  int[] hidden;

  @Option(names = "--channels", paramLabel = "SIZES", split = ",", defaultValue = "32,64",
      description = "Output channels of the conv encoder's stride-2 convolutions "
          + "(default ${DEFAULT-VALUE}).")
  int[] channels;

  @Option(names = "--dense-units", paramLabel = "N", defaultValue = "16",
      description = "Width of the dense layer after the conv stack (default ${DEFAULT-VALUE}).")
  int denseUnits;

  @Option(names = "--latent-dim", paramLabel = "N", defaultValue = "2",
      description = "Width of the latent space (default ${DEFAULT-VALUE}).")
  int latentDim;

  @Option(names = "--loss", paramLabel = "KIND", defaultValue = "bce",
      description = "bce | mse reconstruction loss (default ${DEFAULT-VALUE}).")
  Loss loss;

  @Option(names = "--beta", paramLabel = "B", defaultValue = "1",
      description = "KL weight of a VAE or conditional VAE (default ${DEFAULT-VALUE}).")
  double beta;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "10",
      description = "Passes over the data (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128",
      description = "Examples per step (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--learning-rate", paramLabel = "LR", defaultValue = "0.001",
      description = "Adam step size (default ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of initialisation, shuffling, noise and data subset "
          + "(default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data", paramLabel = "SOURCE", defaultValue = "mnist",
      description = "mnist | fashion-mnist | kmnist | synthetic | DIR (default ${DEFAULT-VALUE}).")
  String data;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "Use only N images; 0 = all (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "vae4j-output/train",
      description = "Output directory (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    check();
    PrintStream log = Checks.root(spec).out();
    DataSource.Resolved resolved = DataSource.resolve(data, limit, seed);
    ImageDataset images = resolved.data();
    log.println("data: " + resolved.description());
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new java.nio.file.NotDirectoryException(out + " (--out must be a directory)");
    }
    Files.createDirectories(out);
    TrainingConfig training = TrainingConfig.builder().epochs(epochs).batchSize(batchSize)
        .learningRate(learningRate).seed(seed).build();
    INDArray x = images.images().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0,
        Math.min(10, images.size()))).dup();
    if (kind == Kind.cvae) {
      try (ConditionalVae model = configure(ConditionalVae.builder()
          .numClasses(images.numClasses()).beta(beta)).build()) {
        log.println("model: conditional VAE, " + describe());
        TrainingHistory history = model.fit(images, training);
        report(log, history);
        Path file = out.resolve("model.zip");
        model.save(file);
        wrote(log, file);
        int[] y = java.util.Arrays.copyOf(images.labels(), (int) x.size(0));
        ImageGrid.comparison(x, model.reconstruct(x, y)).columns(10)
            .writePng(wrote(log, out.resolve("reconstructions.png")));
        SampleGrid.perClass(model, 10, seed).writePng(wrote(log, out.resolve("samples.png")));
      }
    } else {
      try (LatentModel model = kind == Kind.ae
          ? configure(Autoencoder.builder()).build()
          : configure(Vae.builder().beta(beta)).build()) {
        log.println("model: " + (kind == Kind.ae ? "autoencoder" : "VAE") + ", " + describe());
        TrainingHistory history = kind == Kind.ae
            ? ((Autoencoder) model).fit(images, training)
            : ((Vae) model).fit(images, training);
        report(log, history);
        Path file = out.resolve("model.zip");
        model.save(file);
        wrote(log, file);
        ImageGrid.comparison(x, model.reconstruct(x)).columns(10)
            .writePng(wrote(log, out.resolve("reconstructions.png")));
        SampleGrid.prior(model, 64, seed).columns(8).writePng(wrote(log, out.resolve(
            "samples.png")));
        if (latentDim >= 2) {
          ManifoldRenderer.of(model).size(20).linear(-2, 2)
              .writePng(wrote(log, out.resolve("manifold.png")));
          ImageDataset shown = images.size() > 2000 ? images.subset(0, 2000) : images;
          LatentScatter.encode(model, shown.images(), shown.labels())
              .writePng(wrote(log, out.resolve("latent-scatter.png")));
        }
      }
    }
    return 0;
  }

  private void report(PrintStream log, TrainingHistory history) throws IOException {
    for (EpochStats e : history.epochs()) {
      log.println(String.format(Locale.ROOT,
          "epoch %d: loss %.3f (reconstruction %.3f, KL %.3f), %.1f s", e.epoch(),
          e.train().total(), e.train().reconstruction(), e.train().kl(), e.seconds()));
    }
    history.writeJson(wrote(log, out.resolve("history.json")));
    LossCurves.of(history).withParts(kind != Kind.ae)
        .writePng(wrote(log, out.resolve("loss.png")));
  }

  private static Path wrote(PrintStream log, Path file) {
    log.println("  wrote " + file.toAbsolutePath().normalize());
    return file;
  }

  private <B extends ModelBuilder<B>> B configure(B b) {
    b = encoder == Encoder.conv ? b.convEncoder(channels).denseUnits(denseUnits)
        : b.mlpEncoder(hidden);
    b = loss == Loss.mse ? b.mseLoss() : b.bceLoss();
    return b.latentDim(latentDim).seed(seed);
  }

  private String describe() {
    return (encoder == Encoder.conv ? "conv encoder " + java.util.Arrays.toString(channels)
        + " dense " + denseUnits
        : "MLP encoder " + java.util.Arrays.toString(hidden)) + ", latent " + latentDim + ", "
        + loss + (kind == Kind.ae ? "" : ", beta " + beta);
  }

  private void check() {
    Checks.atLeast(spec, "--latent-dim", latentDim, 1);
    Checks.atLeast(spec, "--dense-units", denseUnits, 1);
    Checks.atLeast(spec, "--epochs", epochs, 1);
    Checks.atLeast(spec, "--batch-size", batchSize, 1);
    Checks.atLeast(spec, "--limit", limit, 0);
    Checks.nonNegative(spec, "--beta", beta);
    Checks.positive(spec, "--learning-rate", learningRate);
    for (int h : hidden) {
      Checks.atLeast(spec, "--hidden", h, 1);
    }
    for (int c : channels) {
      Checks.atLeast(spec, "--channels", c, 1);
    }
    if (kind == Kind.ae && beta != 1) {
      throw new ParameterException(spec.commandLine(),
          "--beta applies to vae and cvae, got --beta " + beta + " with --model ae");
    }
  }
}
