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
import org.vae4j.datasets.ImageFolder;
import org.vae4j.datasets.ImageFolderIterator;
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

  int[] convChannels;

  @Option(names = "--conv-channels", paramLabel = "SIZES", split = ",", defaultValue = "32,64",
      description = "Output channels of the conv encoder's stride-2 convolutions, 1 to 100 sizes "
          + "of 1 to 1048576 (default ${DEFAULT-VALUE}).")
  void convChannels(int[] v) {
    convChannels = Checks.sizes(spec, "--conv-channels", v, 1, ModelConfig.MAX_WIDTH,
        ModelConfig.MAX_LAYERS);
  }

  int denseUnits;

  @Option(names = "--dense-units", paramLabel = "N", defaultValue = "16",
      description = "Width of the dense layer after the conv stack, 1 to 1048576 "
          + "(default ${DEFAULT-VALUE}).")
  void denseUnits(int v) {
    denseUnits = Checks.inRange(spec, "--dense-units", v, 1, ModelConfig.MAX_WIDTH);
  }

  int convKernel;

  @Option(names = "--conv-kernel", paramLabel = "K", defaultValue = "3",
      description = "Kernel size of the conv encoder's convolutions (and the decoder's transposed "
          + "ones), 1 to 15, padding (K - 1) / 2 (default ${DEFAULT-VALUE}; 4 with --conv-stride 2 "
          + "is the PyTorch model zoos' k4 s2 p1).")
  void convKernel(int v) {
    convKernel = Checks.inRange(spec, "--conv-kernel", v, 1, ModelConfig.LayerOptions.MAX_KERNEL);
  }

  int convStride;

  @Option(names = "--conv-stride", paramLabel = "S", defaultValue = "2",
      description = "Stride of the conv encoder's convolutions, 1 to --conv-kernel "
          + "(default ${DEFAULT-VALUE}).")
  void convStride(int v) {
    convStride = Checks.inRange(spec, "--conv-stride", v, 1, ModelConfig.LayerOptions.MAX_KERNEL);
  }

  Double leakyRelu;

  @Option(names = "--leaky-relu", paramLabel = "ALPHA",
      description = "LeakyReLU max(x, ALPHA x) after every hidden layer instead of ReLU, ALPHA in "
          + "(0, 1), e.g. 0.2 (default: ReLU).")
  void leakyRelu(double v) {
    if (!(v > 0 && v < 1)) {
      throw new ParameterException(spec.commandLine(), "--leaky-relu must be in (0, 1), got " + v);
    }
    leakyRelu = v;
  }

  @Option(names = "--batch-norm",
      description = "Batch normalisation in every conv block (--encoder conv only): conv, batch "
          + "norm, activation, as the PyTorch 64x64 model zoos; the running statistics are saved "
          + "in model.zip and in checkpoints (default: off).")
  boolean batchNorm;

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

  @Option(names = "--images", paramLabel = "DIR",
      description = "Train on the picture files (PNG, JPEG, BMP, GIF) of DIR instead of --data, "
          + "decoded batch by batch while training (the folder need not fit in memory); labels "
          + "from its sub-folders if it has any. Without validation and --resume.")
  Path images;

  int size;

  @Option(names = "--size", paramLabel = "N", defaultValue = "64",
      description = "With --images: every image is scaled and centre-cropped to N x N, 1 to 4096 "
          + "(default ${DEFAULT-VALUE}).")
  void size(int v) {
    size = Checks.inRange(spec, "--size", v, 1, 4096);
  }

  int imageChannels;

  @Option(names = "--channels", paramLabel = "C", defaultValue = "3",
      description = "With --images: 3 (RGB) or 1 (grey) image channels (default "
          + "${DEFAULT-VALUE}). The conv encoder's widths are --conv-channels.")
  void imageChannels(String v) {
    if (!v.equals("1") && !v.equals("3")) {
      throw new ParameterException(spec.commandLine(), "--channels is the number of image "
          + "channels, 1 (grey) or 3 (RGB), got " + v + " (the conv encoder's widths are "
          + "--conv-channels)");
    }
    imageChannels = Integer.parseInt(v);
  }

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
    EpochPrinter progress = new EpochPrinter(log, "train");
    if (images != null) {
      return trainFromFolder(log, training, progress);
    }
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
    try (Vae4jModel model = checkpoint != null
        ? Vae4jModel.fromConfig(checkpoint.modelConfig())
        : newModel(images.numClasses(), null)) {
      ModelConfig mc = model.config();
      log.println("model: " + describe(mc));
      TrainingHistory history = checkpoint == null
          ? model.fit(images, validation, training, progress)
          : model.resume(checkpoint.file(), images, validation, training, progress);
      report(log, history, mc.isVariational());
      model.save(wrote(log, out.resolve("model.zip")));
      pictures(log, model, shown);
    }
    return 0;
  }

  /** The images pictured after training from a folder (decoded once, after the seeded shuffle). */
  static final int FOLDER_PICTURE_IMAGES = 500;

  /** --images: trains from the folder's lazy iterator; only the batches ahead are in memory. */
  private int trainFromFolder(PrintStream log, TrainingOptions training, EpochPrinter progress)
      throws IOException {
    ImageFolder folder = ImageFolders.scan("--images", images, imageChannels, size, size);
    log.println("data: " + ImageFolders.describe(folder));
    if (kind == Kind.cvae && !folder.hasLabels()) {
      throw new IllegalArgumentException("--model cvae needs labels: put the images of each class "
          + "into a sub-folder of --images " + images + ", got a folder without sub-folders");
    }
    try (Vae4jModel model = newModel(folder.numClasses(), folder.imageShape());
        ImageFolderIterator batches = folder.iterator(batchSize, seed)) {
      ModelConfig mc = model.config();
      log.println("model: " + describe(mc));
      TrainingHistory history = model.fit(batches, training, progress);
      report(log, history, mc.isVariational());
      model.save(wrote(log, out.resolve("model.zip")));
      pictures(log, model, ImageFolders.take(folder, FOLDER_PICTURE_IMAGES, seed + 1));
    }
    return 0;
  }

  /** Reconstructions, samples and (latent 2 or more) the manifold and latent scatter. */
  private void pictures(PrintStream log, Vae4jModel model, ImageDataset shown) throws IOException {
    ModelConfig mc = model.config();
    INDArray x = shown.images().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0,
        Math.min(10, shown.size()))).dup();
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
        LatentScatter.encode(latent, scatter.images(),
                scatter.hasLabels() ? scatter.labels() : null)
            .writePng(wrote(log, out.resolve("latent-scatter.png")));
      }
    }
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

  private <B extends ModelBuilder<B>> B configure(B b, long[] imageShape) {
    if (imageShape != null) {
      b = b.inputShape(imageShape);
    }
    b = encoder == Encoder.conv
        ? b.convEncoder(convChannels).denseUnits(denseUnits).convKernel(convKernel)
            .convStride(convStride)
        : b.mlpEncoder(hidden);
    if (leakyRelu != null) {
      b = b.leakyRelu(leakyRelu);
    }
    if (batchNorm) {
      b = b.batchNorm(true);
    }
    b = loss == Loss.mse ? b.mseLoss() : b.bceLoss();
    return b.latentDim(latentDim).seed(seed);
  }

  /** The model the options name (the user's choice of class; every later call is the one contract's). */
  private Vae4jModel newModel(int numClasses, long[] imageShape) {
    return kind == Kind.cvae
        ? configure(ConditionalVae.builder().numClasses(numClasses).beta(beta), imageShape).build()
        : kind == Kind.ae ? configure(Autoencoder.builder(), imageShape).build()
        : configure(Vae.builder().beta(beta), imageShape).build();
  }

  private static String describe(ModelConfig c) {
    String kind = c.numClasses() > 0 ? "conditional VAE" : c.isVariational() ? "VAE" : "autoencoder";
    return kind + ", " + (c.encoder() == ModelConfig.EncoderKind.CONV
        ? "conv encoder " + java.util.Arrays.toString(c.channels()) + " kernel " + c.convKernel()
            + " stride " + c.convStride() + " dense " + c.denseUnits()
        : "MLP encoder " + java.util.Arrays.toString(c.hidden()))
        + (c.leakyReluAlpha() > 0 ? ", LeakyReLU " + c.leakyReluAlpha() : "")
        + (c.batchNorm() ? ", batch norm" : "")
        + ", latent " + c.latentDim()
        + ", " + c.loss() + (!c.isVariational() ? "" : ", beta "
        + c.beta());
  }

  /** The cross-option checks (each option's own range is checked while parsing). */
  private void check() {
    if (kind == Kind.ae && beta != 1) {
      throw new ParameterException(spec.commandLine(),
          "--beta applies to vae and cvae, got --beta " + beta + " with --model ae");
    }
    picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    if (encoder != Encoder.conv) {
      for (String o : new String[] {"--conv-kernel", "--conv-stride", "--batch-norm"}) {
        if (parsed.hasMatchedOption(o)) {
          throw new ParameterException(spec.commandLine(),
              o + " applies to --encoder conv, got it with --encoder " + encoder);
        }
      }
    }
    if (encoder == Encoder.conv && convStride > convKernel) {
      throw new ParameterException(spec.commandLine(), "--conv-stride must be at most "
          + "--conv-kernel (" + convKernel + "), got " + convStride);
    }
    if (images == null) {
      for (String o : new String[] {"--size", "--channels"}) {
        if (parsed.hasMatchedOption(o)) {
          throw new ParameterException(spec.commandLine(), o + " applies to --images DIR"
              + (o.equals("--channels") ? " (the conv encoder's widths are --conv-channels)" : ""));
        }
      }
      return;
    }
    if (parsed.hasMatchedOption("--data")) {
      throw new ParameterException(spec.commandLine(), "--images and --data name two data "
          + "sources, give one (--data DIR reads MNIST-layout IDX files, --images DIR picture "
          + "files)");
    }
    if (parsed.hasMatchedOption("--limit")) {
      throw new ParameterException(spec.commandLine(), "--limit applies to --data; with --images "
          + "every image of the folder trains");
    }
    if (resume != null) {
      throw new ParameterException(spec.commandLine(), "--resume is not available with --images");
    }
    if (parsed.hasMatchedOption("--validation-fraction") && validationFraction > 0) {
      throw new ParameterException(spec.commandLine(), "--validation-fraction is not available "
          + "with --images (it trains from the folder's stream without validation); use "
          + "'vae4j evaluate --images DIR' on a held-out folder");
    }
  }
}
