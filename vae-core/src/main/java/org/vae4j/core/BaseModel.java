package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.vae4j.core.internal.ModelEngine;
import org.vae4j.core.internal.ModelCodec;

/**
 * What every vae4j model is on top of its engine: the configuration, the shapes, saving, and the
 * native-memory lifecycle. Shared by {@link AbstractLatentModel} (Vae, Autoencoder) and {@link
 * ConditionalVae}, whose inference APIs differ.
 */
abstract class EngineModel implements AutoCloseable {

  final ModelEngine engine;

  EngineModel(ModelEngine engine) {
    this.engine = engine;
  }

  /** The model's immutable configuration. */
  public ModelConfig config() {
    return engine.config();
  }

  /** Width of the latent space. */
  public int latentDim() {
    return engine.config().latentDim();
  }

  /** Shape of one example, {@code [C, H, W]} or {@code [D]}; a copy. */
  public long[] dataShape() {
    return engine.config().inputShape();
  }

  /** Writes format version, config and parameters to one file, atomically. */
  public void save(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    synchronized (engine) {
      engine.ensureOpen();
      ModelCodec.save(engine, file);
    }
  }

  /** True after {@link #close()}. */
  public boolean isClosed() {
    return engine.isClosed();
  }

  /** Releases native memory; idempotent. Later calls throw {@link IllegalStateException}. */
  @Override
  public void close() {
    engine.close();
  }

  /** The engine, for the trainer and tests in this module. */
  ModelEngine engine() {
    return engine;
  }
}
