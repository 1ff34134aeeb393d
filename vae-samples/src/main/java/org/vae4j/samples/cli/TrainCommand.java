package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.LatentModel;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.ModelBuilder;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.train.CheckpointFile;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.samples.DataSource;
import org.vae4j.samples.EpochPrinter;
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

  int[] hidden;

  @Option(names = "--hidden", paramLabel = "SIZES", split = ",", defaultValue = "512,256",
      description = "Hidden layer sizes of the MLP encoder, 1 to 100 sizes of 1 to 1048576 "
          + "(default ${DEFAULT-VALUE}).")
  void hidden(int[] v) {
    hidden = Checks.sizes(spec, "--hidden", v, 1, ModelConfig.MAX_WIDTH,
        ModelConfig.MAX_LAYERS);
  }

  int[] channels;

  @Option(names = "--channels", paramLabel = "SIZES", split = ",", defaultValue = "32,64",
      description = "Output channels of the conv encoder's stride-2 convolutions, 1 to 100 sizes "
          + "of 1 to 1048576 (default ${DEFAULT-VALUE}).")
  void channels(int[] v) {
    channels = Checks.sizes(spec, "--channels", v, 1, ModelConfig.MAX_WIDTH,
        ModelConfig.MAX_LAYERS);
  }

  int denseUnits;

  @Option(names = "--dense-units", paramLabel = "N", defaultValue = "16",
      description = "Width of the dense layer after the conv stack, 1 to 1048576 "
          + "(default ${DEFAULT-VALUE}).")
  void denseUnits(int v) {
    denseUnits = Checks.inRange(spec, "--dense-units", v, 1, ModelConfig.MAX_WIDTH);
  }

  int latentDim;

  @Option(names = "--latent-dim", paramLabel = "N", defaultValue = "2",
      description = "Width of the latent space, 1 to 65536 (default ${DEFAULT-VALUE}).")
  void latentDim(int v) {
    latentDim = Checks.inRange(spec, "--latent-dim", v, 1, ModelConfig.MAX_LATENT_DIM);
  }

  @Option(names = "--loss", paramLabel = "KIND", defaultValue = "bce",
      description = "bce | mse reconstruction loss (default ${DEFAULT-VALUE}).")
  Loss loss;

  double beta;

  @Option(names = "--beta", paramLabel = "B", defaultValue = "1",
      description = "KL weight of a VAE or conditional VAE (default ${DEFAULT-VALUE}).")
  void beta(double v) {
    beta = Checks.nonNegative(spec, "--beta", v);
  }

  int epochs;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "10",
      description = "Passes over the data, 1 to 100000 (default ${DEFAULT-VALUE}).")
  void epochs(int v) {
    epochs = Checks.inRange(spec, "--epochs", v, 1, Checks.MAX_EPOCHS);
  }

  int batchSize;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128",
      description = "Examples per step, 1 to 65536 (default ${DEFAULT-VALUE}).")
  void batchSize(int v) {
    batchSize = Checks.inRange(spec, "--batch-size", v, 1, Checks.MAX_BATCH_SIZE);
  }

  double learningRate;

  @Option(names = "--learning-rate", paramLabel = "LR", defaultValue = "0.001",
      description = "Adam step size, in (0, 1] (default ${DEFAULT-VALUE}).")
  void learningRate(double v) {
    learningRate = Checks.positiveAtMost(spec, "--learning-rate", v, 1);
  }

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of initialisation, shuffling, noise and data subset "
          + "(default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data", paramLabel = "SOURCE", defaultValue = "mnist",
      description = "mnist | fashion-mnist | kmnist | synthetic | DIR (default ${DEFAULT-VALUE}).")
  String data;

  int limit;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "Use only N images; 0 = all (default ${DEFAULT-VALUE}).")
  void limit(int v) {
    limit = Checks.atLeast(spec, "--limit", v, 0);
  }

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "vae4j-output/train",
      description = "Output directory (default ${DEFAULT-VALUE}).")
  Path out;

  double validationFraction;

  @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.1",
      description = "Share of the images held out for validation, in [0, 1); 0 = none "
          + "(default ${DEFAULT-VALUE}).")
  void validationFraction(double v) {
    if (!(v >= 0 && v < 1)) {
      throw new ParameterException(spec.commandLine(),
          "--validation-fraction must be in [0, 1), got " + v);
    }
    validationFraction = v;
  }

  int warmupEpochs;

  @Option(names = "--warmup-epochs", paramLabel = "N", defaultValue = "0",
      description = "KL warm-up: the KL weight rises linearly from 0 to beta over N epochs, 0 to "
          + "100000 (default ${DEFAULT-VALUE}).")
  void warmupEpochs(int v) {
    warmupEpochs = Checks.inRange(spec, "--warmup-epochs", v, 0, Checks.MAX_EPOCHS);
  }

  int patience;

  @Option(names = "--early-stopping", paramLabel = "PATIENCE", defaultValue = "0",
      description = "Stop after PATIENCE epochs without improvement of the validation loss "
          + "(training loss without validation) and keep the best weights; 0 = off, at most "
          + "100000 (default ${DEFAULT-VALUE}).")
  void patience(int v) {
    patience = Checks.inRange(spec, "--early-stopping", v, 0, Checks.MAX_EPOCHS);
  }

  double clipNorm;

  @Option(names = "--clip-norm", paramLabel = "X", defaultValue = "0",
      description = "Clip the global gradient norm to X; 0 = off (default ${DEFAULT-VALUE}).")
  void clipNorm(double v) {
    clipNorm = Checks.nonNegative(spec, "--clip-norm", v);
  }

  @Option(names = "--checkpoint-dir", paramLabel = "DIR",
      description = "Write a checkpoint into DIR every --checkpoint-every epochs (keeps 3).")
  Path checkpointDir;

  int checkpointEvery;

  @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "1",
      description = "Epochs between checkpoints, 1 to 100000 (default ${DEFAULT-VALUE}).")
  void checkpointEvery(int v) {
    checkpointEvery = Checks.inRange(spec, "--checkpoint-every", v, 1,
        Checks.MAX_EPOCHS);
  }

  @Option(names = "--resume", paramLabel = "FILE|DIR",
      description = "Continue the run of a checkpoint file (or the newest in a directory) with "
          + "its model and training settings; --epochs, if given, sets the last epoch. Its "
          + "checkpoints go on into the directory of that file (or --checkpoint-dir). Use the "
          + "same --data, --limit, --seed and --validation-fraction as the interrupted run.")
  Path resume;

  @Override
  public Integer call() throws IOException {
    check();
    Checks.outputDirectory("--out", out);
    if (checkpointDir != null) {
      Checks.outputDirectory("--checkpoint-dir", checkpointDir);
    }
    PrintStream log = Checks.root(spec).out();
    CheckpointFile checkpoint = null;
    if (resume != null) {
      Path file = Files.isDirectory(resume) ? CheckpointFile.latest(resume).orElseThrow(
          () -> new java.nio.file.NoSuchFileException(resume + " (no checkpoint in directory)"))
          : resume;
      checkpoint = CheckpointFile.read(file);
      log.println("resuming " + file.toAbsolutePath().normalize() + " after epoch "
          + checkpoint.epoch());
    }
    TrainingOptions training = checkpoint != null ? resumedConfig(checkpoint) : trainingOptions();
    DataSource.Resolved resolved = DataSource.resolve(data, limit, seed);
    log.println("data: " + resolved.description());
    ImageDataset images = resolved.data();
    ImageDataset validation = null;
    if (validationFraction > 0) {
      ImageDataset.Split split = images.split(1 - validationFraction, seed);
      images = split.first();
      validation = split.second();
      log.println("training on " + images.size() + " images, validating on " + validation.size());
    }
    ImageDataset shown = validation != null ? validation : images;
    INDArray x = shown.images().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0,
        Math.min(10, shown.size()))).dup();
    EpochPrinter progress = new EpochPrinter(log, "train");
    try (Vae4jModel model = checkpoint != null
        ? Vae4jModel.fromConfig(checkpoint.modelConfig()) : newModel(images.numClasses())) {
      ModelConfig mc = model.config();
      log.println("model: " + describe(mc));
      TrainingHistory history = checkpoint == null
          ? model.fit(images, validation, training, progress)
          : model.resume(checkpoint.file(), images, validation, training, progress);
      report(log, history, mc.isVariational());
      model.save(wrote(log, out.resolve("model.zip")));
      if (model instanceof ConditionalVae cvae) {
        int[] y = java.util.Arrays.copyOf(shown.labels(), (int) x.size(0));
        ImageGrid.comparison(x, cvae.reconstruct(x, y)).columns(10)
            .writePng(wrote(log, out.resolve("reconstructions.png")));
        SampleGrid.perClass(cvae, 10, seed).writePng(wrote(log, out.resolve("samples.png")));
      } else if (model instanceof LatentModel latent) {
        ImageGrid.comparison(x, latent.reconstruct(x)).columns(10)
            .writePng(wrote(log, out.resolve("reconstructions.png")));
        SampleGrid.prior(latent, 64, seed).columns(8).writePng(wrote(log, out.resolve(
            "samples.png")));
        if (mc.latentDim() >= 2) {
          ManifoldRenderer.of(latent).size(20).linear(-2, 2)
              .writePng(wrote(log, out.resolve("manifold.png")));
          ImageDataset scatter = shown.size() > 2000 ? shown.subset(0, 2000) : shown;
          LatentScatter.encode(latent, scatter.images(), scatter.labels())
              .writePng(wrote(log, out.resolve("latent-scatter.png")));
        }
      }
    }
    return 0;
  }

  private TrainingOptions trainingOptions() {
    TrainingOptions.Builder b = TrainingOptions.builder().epochs(epochs).batchSize(batchSize)
        .learningRate(learningRate).seed(seed).klWarmupEpochs(warmupEpochs)
        .clipGradientNorm(clipNorm);
    if (patience > 0) {
      b.earlyStopping(patience, 0, true);
    }
    if (checkpointDir != null) {
      b.checkpoints(checkpointDir, checkpointEvery, 3);
    }
    return b.build();
  }

  /** The checkpoint's settings, with --epochs and --checkpoint-dir when given. */
  private TrainingOptions resumedConfig(CheckpointFile c) {
    TrainingOptions.Builder b = c.trainingOptions().toBuilder();
    if (spec.commandLine().getParseResult().hasMatchedOption("--epochs")) {
      if (epochs <= c.epoch()) {
        throw new IllegalArgumentException("--epochs must be above the checkpoint's epoch "
            + c.epoch() + " to resume, got " + epochs);
      }
      b.epochs(epochs);
    }
    if (checkpointDir != null) {
      b.checkpoints(checkpointDir, checkpointEvery, 3);
    }
    return b.build();
  }

  private void report(PrintStream log, TrainingHistory history, boolean parts)
      throws IOException {
    history.writeJson(wrote(log, out.resolve("history.json")));
    LossCurves.of(history).withParts(parts).writePng(wrote(log, out.resolve("loss.png")));
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

  /** The model the options name (the user's choice of class; every later call is the one contract's). */
  private Vae4jModel newModel(int numClasses) {
    return kind == Kind.cvae
        ? configure(ConditionalVae.builder().numClasses(numClasses).beta(beta)).build()
        : kind == Kind.ae ? configure(Autoencoder.builder()).build()
        : configure(Vae.builder().beta(beta)).build();
  }

  private static String describe(ModelConfig c) {
    String kind = c.numClasses() > 0 ? "conditional VAE" : c.isVariational() ? "VAE" : "autoencoder";
    return kind + ", " + (c.encoder() == ModelConfig.EncoderKind.CONV
        ? "conv encoder " + java.util.Arrays.toString(c.channels()) + " dense " + c.denseUnits()
        : "MLP encoder " + java.util.Arrays.toString(c.hidden())) + ", latent " + c.latentDim()
        + ", " + c.loss() + (!c.isVariational() ? "" : ", beta "
        + c.beta());
  }

  /** The cross-option checks (each option's own range is checked while parsing). */
  private void check() {
    if (kind == Kind.ae && beta != 1) {
      throw new ParameterException(spec.commandLine(),
          "--beta applies to vae and cvae, got --beta " + beta + " with --model ae");
    }
  }
}
