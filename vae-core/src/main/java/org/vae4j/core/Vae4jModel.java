package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Any vae4j model: a {@link Vae}, an {@link Autoencoder} or a {@link ConditionalVae}. What they
 * share — the configuration, the shapes, saving and the native-memory lifecycle — for code that
 * handles models of any kind (loading a file of any kind, step-by-step training with {@link
 * org.vae4j.core.train.TrainingSession}); use {@code instanceof} for the kind's own calls.
 */
public sealed interface Vae4jModel extends AutoCloseable permits Vae, Autoencoder, ConditionalVae {

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
