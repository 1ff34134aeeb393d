package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.ConditionalDecoder;
import org.vae4j.api.ConditionalEncoder;
import org.vae4j.api.Posterior;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.internal.Network;
import org.vae4j.core.internal.Noise;
import org.vae4j.core.train.TrainingOptions;

/**
 * A conditional VAE: q(z|x, y) and p(x|z, y) for a class label y. The label enters as a one-hot
 * vector of {@code numClasses}: concatenated to the flattened input of an MLP encoder, to the
 * flattened conv features (just before the dense layer) of a conv encoder, and to {@code z} in the
 * decoder. Loss and its reduction are those of {@link Vae}.
 *
 * <p>Labels are given as class indices ({@code int[]}, each in {@code [0, numClasses)}) or as a
 * one-hot matrix {@code [n, numClasses]}.
 *
 * <p>Thread safety: as {@link Vae}.
 */
public final class ConditionalVae extends BaseModel
    implements ConditionalDecoder, ConditionalEncoder {

  private ConditionalVae(Network network) {
    super(network);
  }

  /** A builder with the defaults of {@link ModelBuilder} and beta 1; {@code numClasses} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A new model from a config of kind {@link ModelConfig.Kind#CONDITIONAL_VAE}. */
  public static ConditionalVae fromConfig(ModelConfig config) {
    if (config.kind() != ModelConfig.Kind.CONDITIONAL_VAE) {
      throw new IllegalArgumentException(
          "config.kind must be CONDITIONAL_VAE, got " + config.kind());
    }
    return new ConditionalVae(newNetwork(config));
  }

  /**
   * Loads a model written by {@link #save(Path)}.
   *
   * @throws ModelFormatException naming the file, as {@link Vae#load(Path)}
   */
  public static ConditionalVae load(Path file) throws IOException {
    return new ConditionalVae(loadNetwork(file, ModelConfig.Kind.CONDITIONAL_VAE));
  }

  /** The KL weight of the loss. */
  public double beta() {
    return network.config().beta();
  }

  /** The posterior of a batch given one-hot labels {@code [n, numClasses]}. */
  public Posterior encode(INDArray x, INDArray oneHotLabels) {
    INDArray cx = checks.data("x", x, false);
    INDArray[] p = posterior(cx, checks.oneHot("labels", oneHotLabels, cx.size(0)));
    return new Posterior(p[0], p[1]);
  }

  /** The posterior means given one-hot labels. */
  public INDArray encodeMean(INDArray x, INDArray oneHotLabels) {
    INDArray cx = checks.data("x", x, false);
    return means(cx, checks.oneHot("labels", oneHotLabels, cx.size(0)));
  }

  /** Decodes {@code z} given one-hot labels {@code [n, numClasses]}. */
  public INDArray decode(INDArray z, INDArray oneHotLabels) {
    INDArray cz = checks.latent("z", z);
    return decoded(cz, checks.oneHot("labels", oneHotLabels, cz.size(0)));
  }

  /**
   * Decodes {@code n} prior draws (the model's own generator), all with class {@code label}. Named
   * apart from {@code Vae.sample(n, seed)} so that a label is never taken for a seed.
   */
  public INDArray sampleOfClass(int label, int n) {
    checkCount("n", n);
    int[] labels = sameLabel(n, label);
    INDArray y = checks.oneHot("label", labels, n);
    return decoded(priorDraws(n), y);
  }

  /** Decodes {@code n} prior draws from a generator seeded with {@code seed}, all of class {@code label}. */
  public INDArray sampleOfClass(int label, int n, long seed) {
    checkCount("n", n);
    INDArray y = checks.oneHot("label", sameLabel(n, label), n);
    network.ensureOpen();
    INDArray z = Noise.gaussianArray(new SplittableRandom(seed), n, latentDim(), network.dataType());
    return decoded(z, y);
  }

  /**
   * "Same style, another class": each example of {@code x} encoded with its own label and decoded
   * with {@code newLabels} (one per example). Returns {@code [n, dataShape...]}.
   */
  public INDArray restyle(INDArray x, int[] labels, int[] newLabels) {
    INDArray cx = checks.data("x", x, false);
    try (INDArray y = checks.oneHot("labels", labels, cx.size(0));
        INDArray to = checks.oneHot("newLabels", newLabels, cx.size(0));
        INDArray z = means(cx, y)) {
      return decoded(z, to);
    }
  }

  /** {@link #restyle(INDArray, int[], int[])} with every example decoded as class {@code newLabel}. */
  public INDArray restyle(INDArray x, int[] labels, int newLabel) {
    INDArray cx = checks.data("x", x, false);
    return restyle(cx, labels, sameLabel(Math.toIntExact(cx.size(0)), newLabel));
  }

  /**
   * Decodes {@code steps} points from example {@code x1} of class {@code label1} to example {@code
   * x2} of class {@code label2}, both ends included: the latent code moves between the two
   * posterior means along {@code path} while the class input moves from one one-hot vector to the
   * other (a mixture in between), so a "3" in one hand can turn into an "8" in another. With equal
   * labels only the style moves. Returns {@code [steps, dataShape...]}.
   */
  public INDArray interpolate(INDArray x1, int label1, INDArray x2, int label2, int steps,
      Interpolation path) {
    Objects.requireNonNull(path, "path");
    double[] t = LatentPaths.fractions(steps);
    INDArray a1 = single("x1", x1);
    INDArray a2 = single("x2", x2);
    try (INDArray y1 = checks.oneHot("label1", new int[] {label1}, 1);
        INDArray y2 = checks.oneHot("label2", new int[] {label2}, 1);
        INDArray m1 = means(a1, y1);
        INDArray m2 = means(a2, y2);
        INDArray z = LatentPaths.between(m1, m2, steps, path)) {
      int k = numClasses();
      double[] mix = new double[steps * k];
      for (int s = 0; s < steps; s++) {
        mix[s * k + label1] += 1 - t[s];
        mix[s * k + label2] += t[s];
      }
      try (INDArray y = LatentPaths.array(mix, steps, k, z)) {
        return decoded(z, y);
      }
    }
  }

  /** {@link #interpolate(INDArray, int, INDArray, int, int, Interpolation)} along a straight line. */
  public INDArray interpolate(INDArray x1, int label1, INDArray x2, int label2, int steps) {
    return interpolate(x1, label1, x2, label2, steps, Interpolation.LINEAR);
  }

  /**
   * The direction of an attribute in latent space: the mean posterior mean of {@code xsWith} (each
   * with its label) minus that of {@code xsWithout}, {@code [1, latentDim]}. Since the class is an
   * input of its own, such a vector captures style (slant, stroke width), not class.
   */
  public INDArray attributeVector(INDArray xsWith, int[] labelsWith, INDArray xsWithout,
      int[] labelsWithout) {
    try (INDArray with = encodeMean(xsWith, labelsWith);
        INDArray without = encodeMean(xsWithout, labelsWithout)) {
      return LatentPaths.difference(LatentPaths.columnMeans(with), LatentPaths.columnMeans(without), with);
    }
  }

  /**
   * {@code decode(encodeMean(x, labels) + strength * vector, labels)}: each example moved along a
   * latent direction, keeping its class. {@code vector} is {@code [latentDim]} or {@code [1,
   * latentDim]}, {@code strength} finite.
   */
  public INDArray edit(INDArray x, int[] labels, INDArray vector, double strength) {
    INDArray v = LatentPaths.checkVector("vector", vector, latentDim());
    if (!Double.isFinite(strength)) {
      throw new IllegalArgumentException("strength must be finite, got " + strength);
    }
    INDArray cx = checks.data("x", x, false);
    try (INDArray y = checks.oneHot("labels", labels, cx.size(0));
        INDArray mean = means(cx, y);
        INDArray z = LatentPaths.shifted(mean, v, strength)) {
      return decoded(z, y);
    }
  }

  private static int[] sameLabel(int n, int label) {
    int[] labels = new int[n];
    Arrays.fill(labels, label);
    return labels;
  }

  /** Trains on {@code data} {@code [n, dataShape...]} with one class index per example. */
  public TrainingHistory fit(INDArray data, int[] labels, TrainingOptions training,
      TrainingListener... listeners) {
    return fit(data, labels, null, null, training, listeners);
  }

  /**
   * Trains on labelled {@code data}, validating after each epoch on {@code validation} with its
   * labels (both null for none); see docs/training.md.
   *
   * @throws org.vae4j.core.train.TrainingDivergedException when a loss or gradient is not finite
   */
  public TrainingHistory fit(INDArray data, int[] labels, INDArray validation,
      int[] validationLabels, TrainingOptions training, TrainingListener... listeners) {
    return train(data, labels, validation, validationLabels, training, List.of(listeners));
  }

  /**
   * Continues the run saved in {@code checkpoint} on labelled data, with {@code training} (null =
   * the checkpoint's); exact like {@code Vae.resume} (see docs/training.md).
   *
   * @throws IOException when the checkpoint cannot be read
   * @throws IllegalArgumentException when the checkpoint holds another model config
   */
  public TrainingHistory resume(Path checkpoint, INDArray data, int[] labels, INDArray validation,
      int[] validationLabels, TrainingOptions training, TrainingListener... listeners)
      throws IOException {
    return resumeFrom(checkpoint, data, labels, validation, validationLabels, training,
        List.of(listeners));
  }

  /** Builds a {@link ConditionalVae}. */
  public static final class Builder extends ModelBuilder<Builder> {
    private double beta = 1.0;
    private int numClasses;

    private Builder() {}

    /** Weight of the KL term, finite and >= 0. Default 1. */
    public Builder beta(double beta) {
      this.beta = checkBeta(beta);
      return this;
    }

    /** Number of classes, at least 2. Required. */
    public Builder numClasses(int numClasses) {
      if (numClasses < 2) {
        throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
      }
      this.numClasses = numClasses;
      return this;
    }

    /**
     * The model.
     *
     * @throws IllegalStateException when {@link #numClasses(int)} was not called
     */
    public ConditionalVae build() {
      if (numClasses == 0) {
        throw new IllegalStateException("numClasses must be set before build(), got none");
      }
      return fromConfig(config(ModelConfig.Kind.CONDITIONAL_VAE, beta, numClasses));
    }
  }
}
