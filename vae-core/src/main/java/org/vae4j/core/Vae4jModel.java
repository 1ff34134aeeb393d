package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.api.ImageData;
import org.vae4j.api.Posterior;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.internal.ModelCodec;
import org.vae4j.core.train.TrainingOptions;

/**
 * Any vae4j model: a {@link Vae}, an {@link Autoencoder} or a {@link ConditionalVae}: the one
 * model contract every kind implements once. What they share — the configuration, the shapes,
 * training and resuming on images (the class label is an optional part of the input: a model
 * whose config has classes reads the images' labels, any other ignores them), saving and the
 * native-memory lifecycle — for code that handles models of any kind (loading a file of any kind,
 * the command line, step-by-step training with {@link org.vae4j.core.train.TrainingSession}); the
 * kind's own calls ({@code sample}, {@code sampleOfClass}, ...) are on the classes and on vae-api's
 * {@code LatentModel} and {@code ConditionalDecoder}.
 */
public sealed interface Vae4jModel extends AutoCloseable permits BaseModel {

  /**
   * A new, freshly initialised model of the kind {@code config} names: a {@link Vae}, an {@link
   * Autoencoder} or a {@link ConditionalVae}.
   */
  static Vae4jModel fromConfig(ModelConfig config) {
    Objects.requireNonNull(config, "config");
    return switch (config.kind()) {
      case VAE -> Vae.fromConfig(config);
      case AUTOENCODER -> Autoencoder.fromConfig(config);
      case CONDITIONAL_VAE -> ConditionalVae.fromConfig(config);
    };
  }

  /**
   * Loads a model file of any kind, written by {@link #save(Path)}; {@code instanceof} tells the
   * kind.
   *
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws ModelFormatException naming the file when it is not a readable model file
   */
  static Vae4jModel load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return switch (ModelCodec.readConfig(file).kind()) {
      case VAE -> Vae.load(file);
      case AUTOENCODER -> Autoencoder.load(file);
      case CONDITIONAL_VAE -> ConditionalVae.load(file);
    };
  }

  /** The model's immutable configuration. */
  ModelConfig config();

  /** Width of the latent space. */
  int latentDim();

  /** Shape of one example, {@code [C, H, W]} or {@code [D]}; a copy. */
  long[] dataShape();

  /** The number of classes of the condition (the class label input); 0 for a model without one. */
  int numClasses();

  /**
   * The posterior of a batch {@code [n, dataShape...]}. {@code labels} is the optional part of
   * the input: one class index per example for a model with {@code numClasses() > 0}, null for
   * any other. An autoencoder's posterior is a point mass.
   *
   * @throws IllegalArgumentException for a wrong shape, non-finite values, or labels missing for a
   *     conditional model or given to another
   */
  Posterior encode(INDArray x, int[] labels);

  /** The posterior means {@code [n, latentDim]}; labels as {@link #encode(INDArray, int[])}. */
  INDArray encodeMean(INDArray x, int[] labels);

  /** Decodes {@code z} {@code [n, latentDim]} to {@code [n, dataShape...]}; labels as {@link #encode(INDArray, int[])}. */
  INDArray decode(INDArray z, int[] labels);

  /** {@code decode(encodeMean(x, labels), labels)}; labels as {@link #encode(INDArray, int[])}. */
  INDArray reconstruct(INDArray x, int[] labels);

  /**
   * Each example's reconstruction loss, {@code [n]}, decoding {@code x}'s row from {@code z}'s;
   * labels as {@link #encode(INDArray, int[])}.
   */
  INDArray reconstructionLoss(INDArray x, INDArray z, int[] labels);

  /**
   * Trains on the images of {@code data} with Adam (see docs/training.md): a conditional model
   * needs their labels, any other ignores them.
   *
   * @throws org.vae4j.core.train.TrainingDivergedException when a loss or gradient is not finite
   */
  TrainingHistory fit(ImageData data, TrainingOptions training, TrainingListener... listeners);

  /** As {@link #fit(ImageData, TrainingOptions, TrainingListener...)}, validating after each epoch on {@code validation} (or null). */
  TrainingHistory fit(ImageData data, ImageData validation, TrainingOptions training,
      TrainingListener... listeners);

  /** Trains over a DataSetIterator (features; one-hot labels for a conditional model). */
  TrainingHistory fit(DataSetIterator data, TrainingOptions training, TrainingListener... listeners);

  /**
   * Continues the run saved in {@code checkpoint} on images, with {@code training} (null = the
   * checkpoint's options); labels as {@link #fit(ImageData, TrainingOptions, TrainingListener...)}.
   *
   * @throws IOException when the checkpoint cannot be read
   */
  TrainingHistory resume(Path checkpoint, ImageData data, ImageData validation,
      TrainingOptions training, TrainingListener... listeners) throws IOException;

  /** As {@link #resume(Path, ImageData, ImageData, TrainingOptions, TrainingListener...)} with the checkpoint's options. */
  TrainingHistory resume(Path checkpoint, ImageData data, ImageData validation) throws IOException;

  /** Writes the model to one file, atomically. */
  void save(Path file) throws IOException;

  /** True after {@link #close()}. */
  boolean isClosed();

  /** Releases all native memory the model holds; idempotent. */
  @Override
  void close();
}
