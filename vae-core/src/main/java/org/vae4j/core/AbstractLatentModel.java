package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.api.ImageData;
import org.vae4j.api.LatentModel;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.internal.ModelCodec;
import org.vae4j.core.internal.Network;
import org.vae4j.core.internal.Noise;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.core.train.internal.TrainingLoop;

/**
 * What {@link Vae} and {@link Autoencoder} share: every operation is written once here on top of
 * the network. Thread safety: each call into the network is synchronized on it, so
 * concurrent inference calls from several threads are safe (they run one at a time) and give the
 * same results as sequential calls; {@code fit} holds the lock for the whole run.
 */
abstract class AbstractLatentModel extends BaseModel implements LatentModel {

  AbstractLatentModel(Network network) {
    super(network);
  }

  /**
   * The posterior means {@code [n, latentDim]} of a batch {@code [n, dataShape...]}.
   *
   * @throws IllegalArgumentException for a wrong shape or non-finite values
   */
  @Override
  public INDArray encodeMean(INDArray x) {
    INDArray checked = checks.data("x", x, false);
    return network.encodeMean(checked, null);
  }

  /**
   * Decodes {@code z} {@code [n, latentDim]} to {@code [n, dataShape...]}: probabilities for a BCE
   * model, values for an MSE model.
   *
   * @throws IllegalArgumentException for a wrong width or non-finite values
   */
  @Override
  public INDArray decode(INDArray z) {
    return network.decode(checks.latent("z", z), null);
  }

  /**
   * The reconstruction loss of each example of {@code x} {@code [n, dataShape...]} decoded from the
   * matching row of {@code z} {@code [n, latentDim]}, as {@code [n]}, summed over data dimensions:
   * for a BCE model the binary cross-entropy computed stably from the decoder's logits (so {@code
   * -log p(x|z)} of the Bernoulli likelihood), for an MSE model the sum of squared errors. This is
   * the term the training loss averages; evaluation uses it to score many latent draws per input.
   *
   * @throws IllegalArgumentException for wrong shapes, different row counts or non-finite values
   */
  public INDArray reconstructionLoss(INDArray x, INDArray z) {
    INDArray cx = checks.data("x", x, false);
    INDArray cz = checks.latent("z", z);
    return network.reconstructionLoss(cx, cz, null);
  }

  /** {@code decode(encodeMean(x))}. */
  @Override
  public INDArray reconstruct(INDArray x) {
    try (INDArray z = encodeMean(x)) {
      return network.decode(z, null);
    }
  }

  /**
   * Decodes {@code n} draws from N(0, I) made by the model's own generator (seeded from the
   * config's seed; successive calls continue its stream).
   */
  @Override
  public INDArray sample(int n) {
    checkCount(n);
    return network.decode(priorDraws(n), null);
  }

  /** Decodes {@code n} draws from N(0, I) made by a generator seeded with {@code seed}. */
  @Override
  public INDArray sample(int n, long seed) {
    checkCount(n);
    network.ensureOpen();
    INDArray z = Noise.gaussianArray(new SplittableRandom(seed), n, latentDim(), network.dataType());
    return network.decode(z, null);
  }

  /** Linear interpolation between the latent means of two examples; see {@link LatentModel}. */
  @Override
  public INDArray interpolate(INDArray x1, INDArray x2, int steps) {
    return interpolate(x1, x2, steps, Interpolation.LINEAR);
  }

  /**
   * Decodes {@code steps} points between the latent means of two single examples (each {@code
   * [1, dataShape...]} or {@code [dataShape...]}), both ends included, along the given path.
   * Returns {@code [steps, dataShape...]}.
   */
  public INDArray interpolate(INDArray x1, INDArray x2, int steps, Interpolation path) {
    Objects.requireNonNull(path, "path");
    INDArray a = encodeMean(single("x1", x1));
    INDArray b = encodeMean(single("x2", x2));
    return network.decode(LatentPaths.between(a, b, steps, path), null);
  }

  /**
   * The mean latent mean of {@code xsWith} minus that of {@code xsWithout}, {@code [1,
   * latentDim]}: the direction of an attribute in latent space.
   */
  public INDArray attributeVector(INDArray xsWith, INDArray xsWithout) {
    INDArray with = encodeMean(xsWith).mean(true, 0);
    INDArray without = encodeMean(xsWithout).mean(true, 0);
    return with.sub(without);
  }

  /**
   * {@code decode(encodeMean(x) + strength * vector)} for a batch {@code x}; {@code vector} is
   * {@code [latentDim]} or {@code [1, latentDim]}, {@code strength} finite.
   */
  public INDArray edit(INDArray x, INDArray vector, double strength) {
    INDArray v = LatentPaths.checkVector("vector", vector, latentDim());
    if (!Double.isFinite(strength)) {
      throw new IllegalArgumentException("strength must be finite, got " + strength);
    }
    INDArray z = encodeMean(x);
    z.addiRowVector(v.castTo(z.dataType()).mul(strength));
    return network.decode(z, null);
  }

  /**
   * Trains on {@code data} {@code [n, dataShape...]} with Adam (see docs/training.md); returns the
   * history: per epoch the mean training loss per example split into reconstruction and KL.
   *
   * @throws org.vae4j.core.train.TrainingDivergedException when a loss or gradient is not finite
   */
  public TrainingHistory fit(INDArray data, TrainingOptions training, TrainingListener... listeners) {
    return fit(data, null, training, listeners);
  }

  /**
   * Trains on {@code data} and, after each epoch, evaluates the loss per example on {@code
   * validation} ({@code [m, dataShape...]}, or null for none) with fixed noise and the beta in
   * force. Listeners are called on this thread in the order given.
   *
   * @throws IllegalArgumentException for data or validation of the wrong shape or non-finite
   * @throws org.vae4j.core.train.TrainingDivergedException when a loss or gradient is not finite
   */
  public TrainingHistory fit(INDArray data, INDArray validation, TrainingOptions training,
      TrainingListener... listeners) {
    Objects.requireNonNull(training, "training");
    INDArray x = checks.data("data", data, false);
    INDArray v = validation == null ? null : checks.data("validation", validation, false);
    synchronized (network) {
      network.ensureOpen();
      return TrainingLoop.start(network, training, List.of(listeners)).fit(x, null, v, null);
    }
  }

  /** Trains on the images of {@code data} (labels, if any, are ignored). */
  public TrainingHistory fit(ImageData data, TrainingOptions training, TrainingListener... listeners) {
    return fit(data, null, training, listeners);
  }

  /** Trains on the images of {@code data}, validating on those of {@code validation} (or none). */
  public TrainingHistory fit(ImageData data, ImageData validation, TrainingOptions training,
      TrainingListener... listeners) {
    Objects.requireNonNull(data, "data");
    INDArray v = validation == null ? null : LatentPaths.imagesFor(validation, network.config());
    return fit(LatentPaths.imagesFor(data, network.config()), v, training, listeners);
  }

  /** Trains over a DataSetIterator of features (labels ignored), in the iterator's order. */
  public TrainingHistory fit(DataSetIterator data, TrainingOptions training,
      TrainingListener... listeners) {
    Objects.requireNonNull(training, "training");
    synchronized (network) {
      network.ensureOpen();
      return TrainingLoop.start(network, training, List.of(listeners)).fit(data, null, null);
    }
  }

  /**
   * Continues the run saved in {@code checkpoint} with the training config saved in it: restores
   * parameters, optimizer state, counters, early-stopping state and history, then trains the
   * remaining epochs. With the same data, this gives exactly the weights and losses of an
   * uninterrupted run. The model must have the checkpoint's model config.
   *
   * @throws IOException when the checkpoint cannot be read (ModelFormatException naming the file)
   * @throws IllegalArgumentException when the checkpoint holds another model config
   */
  public TrainingHistory resume(Path checkpoint, INDArray data, INDArray validation)
      throws IOException {
    return resume(checkpoint, data, validation, null);
  }

  /**
   * As {@link #resume(Path, INDArray, INDArray)} with {@code training} (null = the checkpoint's)
   * in force, for example with more epochs or a smaller learning rate, and listeners.
   */
  public TrainingHistory resume(Path checkpoint, INDArray data, INDArray validation,
      TrainingOptions training, TrainingListener... listeners) throws IOException {
    INDArray x = checks.data("data", data, false);
    INDArray v = validation == null ? null : checks.data("validation", validation, false);
    synchronized (network) {
      network.ensureOpen();
      return TrainingLoop.resume(network, checkpoint, training, List.of(listeners)).fit(x, null, v, null);
    }
  }

  /** As {@link #resume(Path, INDArray, INDArray, TrainingOptions, TrainingListener...)} on images. */
  public TrainingHistory resume(Path checkpoint, ImageData data, ImageData validation,
      TrainingOptions training, TrainingListener... listeners) throws IOException {
    Objects.requireNonNull(data, "data");
    INDArray v = validation == null ? null : LatentPaths.imagesFor(validation, network.config());
    return resume(checkpoint, LatentPaths.imagesFor(data, network.config()), v, training, listeners);
  }

  INDArray single(String arg, INDArray x) {
    INDArray b = checks.data(arg, x, true);
    if (b.size(0) != 1) {
      throw new IllegalArgumentException(
          arg + " must be a single example (n = 1), got n = " + b.size(0));
    }
    return b;
  }

  static void checkCount(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
  }

  static Network loadNetwork(Path file, ModelConfig.Kind kind) throws IOException {
    Objects.requireNonNull(file, "file");
    ModelConfig c = ModelCodec.readConfig(file);
    if (c.kind() != kind) {
      throw new ModelFormatException(file + ": holds a model of kind " + c.kind() + ", expected "
          + kind + " (use " + loaderFor(c.kind()) + ".load for it)");
    }
    return ModelCodec.load(file);
  }

  static String loaderFor(ModelConfig.Kind kind) {
    return switch (kind) {
      case AUTOENCODER -> "Autoencoder";
      case VAE -> "Vae";
      case CONDITIONAL_VAE -> "ConditionalVae";
    };
  }
}
