package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.LatentModel;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.internal.Network;
import org.vae4j.core.internal.Noise;
import org.vae4j.core.train.TrainingOptions;

/**
 * What {@link Vae} and {@link Autoencoder} share: every operation is written once here on top of
 * the network. Thread safety: each call into the network is synchronized on it, so
 * concurrent inference calls from several threads are safe (they run one at a time) and give the
 * same results as sequential calls; {@code fit} holds the lock for the whole run.
 */
abstract sealed class AbstractLatentModel extends BaseModel implements LatentModel
    permits Vae, Autoencoder {

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
    return encodeMean(x, null);
  }

  /**
   * Decodes {@code z} {@code [n, latentDim]} to {@code [n, dataShape...]}: probabilities for a BCE
   * model, values for an MSE model.
   *
   * @throws IllegalArgumentException for a wrong width or non-finite values
   */
  @Override
  public INDArray decode(INDArray z) {
    return decode(z, null);
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
    return reconstructionLoss(x, z, null);
  }

  /** {@code decode(encodeMean(x))}. */
  @Override
  public INDArray reconstruct(INDArray x) {
    return reconstruct(x, null);
  }

  /**
   * Decodes {@code n} draws from N(0, I) made by the model's own generator (seeded from the
   * config's seed; successive calls continue its stream).
   */
  @Override
  public INDArray sample(int n) {
    checkCount("n", n);
    return decoded(priorDraws(n), null);
  }

  /** Decodes {@code n} draws from N(0, I) made by a generator seeded with {@code seed}. */
  @Override
  public INDArray sample(int n, long seed) {
    checkCount("n", n);
    network.ensureOpen();
    INDArray z = Noise.gaussianArray(new SplittableRandom(seed), n, latentDim(), network.dataType());
    return decoded(z, null);
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
    try (INDArray a = encodeMean(single("x1", x1)); INDArray b = encodeMean(single("x2", x2));
        INDArray z = LatentPaths.between(a, b, steps, path)) {
      return decoded(z, null);
    }
  }

  /**
   * The mean latent mean of {@code xsWith} minus that of {@code xsWithout}, {@code [1,
   * latentDim]}: the direction of an attribute in latent space.
   */
  public INDArray attributeVector(INDArray xsWith, INDArray xsWithout) {
    try (INDArray with = encodeMean(xsWith); INDArray without = encodeMean(xsWithout)) {
      return LatentPaths.difference(LatentPaths.columnMeans(with), LatentPaths.columnMeans(without), with);
    }
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
    try (INDArray mean = encodeMean(x); INDArray z = LatentPaths.shifted(mean, v, strength)) {
      return decoded(z, null);
    }
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
    return train(data, null, validation, null, training, List.of(listeners));
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
    return resumeFrom(checkpoint, data, null, validation, null, training, List.of(listeners));
  }
}
