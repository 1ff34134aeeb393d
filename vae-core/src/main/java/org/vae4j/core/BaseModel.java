package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.api.ImageData;
import org.vae4j.api.Posterior;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.internal.InputChecks;
import org.vae4j.core.internal.ModelCodec;
import org.vae4j.core.internal.ModelInternals;
import org.vae4j.core.internal.Network;
import org.vae4j.core.internal.Noise;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.core.train.internal.TrainingLoop;

/**
 * The one implementation of the model contract ({@link Vae4jModel}) on top of its {@link
 * Network}: the configuration, the shapes, the input checks, training and resuming, saving and
 * loading, encoding and decoding, and the native-memory lifecycle. The condition (class label) is
 * an optional part of the input: every body here takes one-hot labels, or null for a model whose
 * config has no classes. {@link AbstractLatentModel} (Vae, Autoencoder) and {@link ConditionalVae}
 * only add the public calls of their vocabulary on top.
 */
abstract sealed class BaseModel implements Vae4jModel permits AbstractLatentModel, ConditionalVae {

  static {
    ModelInternals.register(model -> {
      if (!(model instanceof BaseModel m)) {
        throw new IllegalArgumentException("model must be a vae4j model, got " + model.getClass().getName());
      }
      return m.network;
    });
  }

  final Network network;
  final InputChecks checks;
  private final SplittableRandom samplingRandom;

  BaseModel(Network network) {
    this.network = network;
    this.checks = new InputChecks(network.config(), network.dataType());
    this.samplingRandom = new SplittableRandom(network.config().seed() ^ 0x5DEECE66DL);
  }

  /** {@code n} draws from N(0, I) by the model's own generator (successive calls continue its stream). */
  INDArray priorDraws(int n) {
    synchronized (network) {
      network.ensureOpen();
      return Noise.gaussianArray(samplingRandom, n, latentDim(), network.dataType());
    }
  }

  static Network newNetwork(ModelConfig config) {
    return new Network(config, DataType.FLOAT);
  }

  /**
   * The posterior means of a checked batch ({@code y}: one-hot labels or null), checked finite:
   * every model call that encodes goes through here.
   */
  INDArray means(INDArray x, INDArray y) {
    return checks.finiteResult("the posterior mean", network.encodeMean(x, y), "x", x);
  }

  /** The posterior {@code [mean, logVar]} of a checked batch, checked finite. */
  INDArray[] posterior(INDArray x, INDArray y) {
    INDArray[] p = network.encode(x, y);
    checks.finiteResult("the posterior mean", p[0], "x", x);
    if (p[1] != null) {
      checks.finiteResult("the posterior log-variance", p[1], "x", x);
    }
    return p;
  }

  /** The decoded values of checked latent vectors, checked finite: every call that decodes goes through here. */
  INDArray decoded(INDArray z, INDArray y) {
    return checks.finiteResult("the decoded output", network.decode(z, y), "z", z);
  }

  /** Checks a count of examples to generate (at most {@value InputChecks#MAX_RESULT_VALUES} values in all). */
  void checkCount(String arg, long n) {
    InputChecks.count(arg, n, network.config().inputSize());
  }

  /** The model's immutable configuration. */
  @Override
  public ModelConfig config() {
    return network.config();
  }

  /** Width of the latent space. */
  @Override
  public int latentDim() {
    return network.config().latentDim();
  }

  /** Shape of one example, {@code [C, H, W]} or {@code [D]}; a copy. */
  @Override
  public long[] dataShape() {
    return network.config().inputShape();
  }

  /** Writes format version, config and parameters to one file, atomically. */
  @Override
  public void save(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    synchronized (network) {
      network.ensureOpen();
      ModelCodec.save(network, file);
    }
  }

  /** True after {@link #close()}. */
  @Override
  public boolean isClosed() {
    return network.isClosed();
  }

  /** Releases all native memory the model holds (parameters and work arrays); idempotent. Later calls throw {@link IllegalStateException}. */
  @Override
  public void close() {
    network.close();
  }

  /** The network, for the trainer and tests in this module. */
  Network network() {
    return network;
  }

  /** The number of classes of the condition, 0 for a model without one. */
  int classCount() {
    return network.config().numClasses();
  }

  /** The number of classes of the condition (the class label input); 0 for a model without one. */
  @Override
  public int numClasses() {
    return classCount();
  }

  /**
   * The posterior of a batch {@code [n, dataShape...]}; {@code labels}: one class index per
   * example for a conditional model, null for any other. An autoencoder's is a point mass.
   */
  @Override
  public Posterior encode(INDArray x, int[] labels) {
    INDArray cx = checks.data("x", x, false);
    INDArray[] p = posterior(cx, condition("labels", labels, cx.size(0)));
    return p[1] == null ? Posterior.pointMass(p[0]) : new Posterior(p[0], p[1]);
  }

  /** The posterior means {@code [n, latentDim]} of a batch; labels as {@link #encode(INDArray, int[])}. */
  @Override
  public INDArray encodeMean(INDArray x, int[] labels) {
    INDArray cx = checks.data("x", x, false);
    return means(cx, condition("labels", labels, cx.size(0)));
  }

  /**
   * Decodes {@code z} {@code [n, latentDim]} into {@code [n, dataShape...]} (the mean of p(x|z):
   * probabilities for BCE, values for a Gaussian); labels as {@link #encode(INDArray, int[])}.
   */
  @Override
  public INDArray decode(INDArray z, int[] labels) {
    INDArray cz = checks.latent("z", z);
    return decoded(cz, condition("labels", labels, cz.size(0)));
  }

  /**
   * The reconstruction loss {@code -log p(x|z)} (up to the likelihood's constant, as training
   * uses it) of each example of {@code x} decoded from the matching row of {@code z}, as {@code
   * [n]}; labels as {@link #encode(INDArray, int[])}.
   */
  @Override
  public INDArray reconstructionLoss(INDArray x, INDArray z, int[] labels) {
    INDArray cx = checks.data("x", x, false);
    INDArray cz = checks.latent("z", z);
    return network.reconstructionLoss(cx, cz, condition("labels", labels, cx.size(0)));
  }

  /** {@code decode(encodeMean(x, labels), labels)}; labels as {@link #encode(INDArray, int[])}. */
  @Override
  public INDArray reconstruct(INDArray x, int[] labels) {
    INDArray cx = checks.data("x", x, false);
    INDArray y = condition("labels", labels, cx.size(0));
    try (INDArray z = means(cx, y)) {
      return decoded(z, y);
    }
  }

  /**
   * The condition input of {@code n} examples: their one-hot labels for a conditional model (which
   * needs them), null for any other (which refuses labels).
   */
  INDArray condition(String arg, int[] labels, long n) {
    if (conditional()) {
      return checks.oneHot(arg, labels, n);
    }
    if (labels != null) {
      throw new IllegalArgumentException(arg + " must be null for a " + network.config().kind()
          + " (it has no class input), got " + labels.length + " labels");
    }
    return null;
  }

  /** True when the model's input includes a class label (the condition). */
  boolean conditional() {
    return classCount() > 0;
  }

  /** Checks a batch holding exactly one example ({@code [1, dataShape...]} or {@code [dataShape...]}). */
  INDArray single(String arg, INDArray x) {
    INDArray b = checks.data(arg, x, true);
    if (b.size(0) != 1) {
      throw new IllegalArgumentException(
          arg + " must be a single example (n = 1), got n = " + b.size(0));
    }
    return b;
  }

  /**
   * The one training body: checks the data (and the labels of a conditional model; labels must be
   * null otherwise) and runs the training loop under the model's lock.
   */
  TrainingHistory train(INDArray data, int[] labels, INDArray validation, int[] validationLabels,
      TrainingOptions training, List<TrainingListener> listeners) {
    Objects.requireNonNull(training, "training");
    INDArray x = checks.data("data", data, false);
    INDArray y = condition("labels", labels, x.size(0));
    INDArray v = validation == null ? null : checks.data("validation", validation, false);
    INDArray vy = v == null ? null : condition("validationLabels", validationLabels, v.size(0));
    synchronized (network) {
      network.ensureOpen();
      return TrainingLoop.start(network, training, listeners).fit(x, y, v, vy);
    }
  }

  /** The one resuming body: as {@link #train}, continuing the run saved in {@code checkpoint}. */
  TrainingHistory resumeFrom(Path checkpoint, INDArray data, int[] labels, INDArray validation,
      int[] validationLabels, TrainingOptions training, List<TrainingListener> listeners)
      throws IOException {
    INDArray x = checks.data("data", data, false);
    INDArray y = condition("labels", labels, x.size(0));
    INDArray v = validation == null ? null : checks.data("validation", validation, false);
    INDArray vy = v == null ? null : condition("validationLabels", validationLabels, v.size(0));
    synchronized (network) {
      network.ensureOpen();
      return TrainingLoop.resume(network, checkpoint, training, listeners).fit(x, y, v, vy);
    }
  }


  /**
   * Trains on the images of {@code data}: a conditional model needs their labels ({@code
   * numClasses} must match), any other ignores them.
   */
  @Override
  public TrainingHistory fit(ImageData data, TrainingOptions training, TrainingListener... listeners) {
    return fit(data, null, training, listeners);
  }

  /**
   * Trains on the images of {@code data}, validating after each epoch on those of {@code
   * validation} (or null for none); labels as {@link #fit(ImageData, TrainingOptions,
   * TrainingListener...)}.
   */
  @Override
  public TrainingHistory fit(ImageData data, ImageData validation, TrainingOptions training,
      TrainingListener... listeners) {
    checkImages("data", data);
    checkImages("validation", validation);
    return train(LatentPaths.imagesFor(data, network.config()), labelsOf(data),
        validation == null ? null : LatentPaths.imagesFor(validation, network.config()),
        labelsOf(validation), training, List.of(listeners));
  }

  /**
   * Trains over a DataSetIterator in the iterator's order: its features, and for a conditional
   * model its one-hot labels {@code [b, numClasses]} (ignored otherwise).
   */
  @Override
  public TrainingHistory fit(DataSetIterator data, TrainingOptions training,
      TrainingListener... listeners) {
    Objects.requireNonNull(training, "training");
    synchronized (network) {
      network.ensureOpen();
      return TrainingLoop.start(network, training, List.of(listeners)).fit(data, null, null);
    }
  }

  /**
   * Continues the run saved in {@code checkpoint} on images (validation: images, or null) with
   * {@code training} (null = the checkpoint's options) and listeners; labels as {@link
   * #fit(ImageData, TrainingOptions, TrainingListener...)}. With the same data this gives exactly
   * the weights and losses of an uninterrupted run (see docs/training.md).
   *
   * @throws IOException when the checkpoint cannot be read (ModelFormatException naming the file)
   * @throws IllegalArgumentException when the checkpoint holds another model config
   */
  @Override
  public TrainingHistory resume(Path checkpoint, ImageData data, ImageData validation,
      TrainingOptions training, TrainingListener... listeners) throws IOException {
    checkImages("data", data);
    checkImages("validation", validation);
    return resumeFrom(checkpoint, LatentPaths.imagesFor(data, network.config()), labelsOf(data),
        validation == null ? null : LatentPaths.imagesFor(validation, network.config()),
        labelsOf(validation), training, List.of(listeners));
  }

  /** As {@link #resume(Path, ImageData, ImageData, TrainingOptions, TrainingListener...)} with the checkpoint's options. */
  @Override
  public TrainingHistory resume(Path checkpoint, ImageData data, ImageData validation)
      throws IOException {
    return resume(checkpoint, data, validation, null);
  }

  /** {@code data} (null only for validation) checked: labelled, with our class count, when the model is conditional. */
  private void checkImages(String arg, ImageData data) {
    if (data == null) {
      if (arg.equals("data")) {
        throw new NullPointerException("data");
      }
      return;
    }
    if (!conditional()) {
      return;
    }
    if (!data.hasLabels()) {
      throw new IllegalArgumentException(arg + " must have labels for a conditional VAE, got none");
    }
    if (data.numClasses() != classCount()) {
      throw new IllegalArgumentException(
          arg + ".numClasses must be " + classCount() + ", got " + data.numClasses());
    }
  }

  private int[] labelsOf(ImageData data) {
    return data == null || !conditional() ? null : data.labels();
  }

  /** The network of a model file, refused unless it holds a model of {@code kind}. */
  static Network loadNetwork(Path file, ModelConfig.Kind kind) throws IOException {
    Objects.requireNonNull(file, "file");
    ModelConfig c = ModelCodec.readConfig(file);
    if (c.kind() != kind) {
      throw new ModelFormatException(file + ": holds a model of kind " + c.kind() + ", expected "
          + kind + " (use " + loaderFor(c.kind()) + ".load or Vae4jModel.load for it)");
    }
    return ModelCodec.load(file);
  }

  private static String loaderFor(ModelConfig.Kind kind) {
    return switch (kind) {
      case AUTOENCODER -> "Autoencoder";
      case VAE -> "Vae";
      case CONDITIONAL_VAE -> "ConditionalVae";
    };
  }
}
