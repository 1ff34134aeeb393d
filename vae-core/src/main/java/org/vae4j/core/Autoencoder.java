package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.Posterior;
import org.vae4j.core.internal.Network;

/**
 * A deterministic autoencoder with the same encoders, decoders and reconstruction losses as
 * {@link Vae}, but no noise and no KL term: loss = mean over examples of the reconstruction
 * summed over data dimensions.
 *
 * <p>{@link #encode(INDArray)} returns a point mass ({@link Posterior#pointMass(INDArray)}). An
 * autoencoder has no prior: {@link #sample(int)} decodes N(0, I) draws anyway, but its code space
 * is not trained to match N(0, I), so samples are only indicative.
 *
 * <p>Thread safety: as {@link Vae}.
 */
public final class Autoencoder extends AbstractLatentModel {

  private Autoencoder(Network network) {
    super(network);
  }

  /** A builder with the defaults of {@link ModelBuilder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A new model from a config of kind {@link ModelConfig.Kind#AUTOENCODER}. */
  public static Autoencoder fromConfig(ModelConfig config) {
    if (config.kind() != ModelConfig.Kind.AUTOENCODER) {
      throw new IllegalArgumentException("config.kind must be AUTOENCODER, got " + config.kind());
    }
    return new Autoencoder(newNetwork(config));
  }

  /**
   * Loads a model written by {@link #save(Path)}.
   *
   * @throws ModelFormatException naming the file, as {@link Vae#load(Path)}
   */
  public static Autoencoder load(Path file) throws IOException {
    return new Autoencoder(loadNetwork(file, ModelConfig.Kind.AUTOENCODER));
  }

  /** A point mass at the code of each example. */
  @Override
  public Posterior encode(INDArray x) {
    return encode(x, null);
  }

  /** Builds an {@link Autoencoder}. */
  public static final class Builder extends ModelBuilder<Builder> {
    private Builder() {}

    /** The model, with parameters initialised from the seed. */
    public Autoencoder build() {
      return fromConfig(config(ModelConfig.Kind.AUTOENCODER, 0.0, 0));
    }
  }
}
