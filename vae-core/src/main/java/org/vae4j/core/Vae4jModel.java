package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.vae4j.core.internal.ModelCodec;

/**
 * Any vae4j model: a {@link Vae}, an {@link Autoencoder} or a {@link ConditionalVae}. What they
 * share — the configuration, the shapes, saving and the native-memory lifecycle — for code that
 * handles models of any kind (loading a file of any kind, step-by-step training with {@link
 * org.vae4j.core.train.TrainingSession}); use {@code instanceof} for the kind's own calls.
 */
public sealed interface Vae4jModel extends AutoCloseable permits Vae, Autoencoder, ConditionalVae {

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

  /** Writes the model to one file, atomically. */
  void save(Path file) throws IOException;

  /** True after {@link #close()}. */
  boolean isClosed();

  /** Releases all native memory the model holds; idempotent. */
  @Override
  void close();
}
