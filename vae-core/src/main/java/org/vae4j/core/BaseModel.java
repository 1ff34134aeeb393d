package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.internal.InputChecks;
import org.vae4j.core.internal.ModelCodec;
import org.vae4j.core.internal.ModelInternals;
import org.vae4j.core.internal.Network;
import org.vae4j.core.internal.Noise;

/**
 * What every vae4j model is on top of its {@link Network}: the configuration, the shapes, the
 * input checks, saving, and the native-memory lifecycle. Shared by {@link AbstractLatentModel}
 * (Vae, Autoencoder) and {@link ConditionalVae}, whose inference APIs differ.
 */
abstract class BaseModel implements AutoCloseable {

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

  /** The model's immutable configuration. */
  public ModelConfig config() {
    return network.config();
  }

  /** Width of the latent space. */
  public int latentDim() {
    return network.config().latentDim();
  }

  /** Shape of one example, {@code [C, H, W]} or {@code [D]}; a copy. */
  public long[] dataShape() {
    return network.config().inputShape();
  }

  /** Writes format version, config and parameters to one file, atomically. */
  public void save(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    synchronized (network) {
      network.ensureOpen();
      ModelCodec.save(network, file);
    }
  }

  /** True after {@link #close()}. */
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
}
