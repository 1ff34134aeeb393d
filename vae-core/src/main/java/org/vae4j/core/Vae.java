package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.Posterior;
import org.vae4j.core.internal.Network;

/**
 * A variational autoencoder (a beta-VAE when {@code beta != 1}): Gaussian posterior
 * q(z|x) = N(mean, diag(exp(logVar))), prior N(0, I), and the likelihood of the config's loss
 * ({@link org.vae4j.core.likelihood.Likelihoods}): Bernoulli (BCE), Gaussian of variance ½ (MSE:
 * the squared error is its negative log-density up to a constant) or Gaussian with a learned
 * variance per value.
 *
 * <p>Loss per batch: {@code mean over examples of [reconstruction(x) + beta * KL(q(z|x) || N(0,
 * I))]}, where the reconstruction is summed over all data dimensions and the KL, {@code -0.5 *
 * sum(1 + logVar - mean^2 - exp(logVar))}, over all latent dimensions; so {@code beta} weighs one
 * example's KL against one example's reconstruction, whatever the batch size.
 *
 * <pre>{@code
 * try (Vae vae = Vae.builder().convEncoder().latentDim(2).build()) {
 *   vae.fit(images, TrainingOptions.builder().epochs(5).build());
 *   INDArray samples = vae.sample(16);
 * }
 * }</pre>
 *
 * <p>Thread safety: inference calls are serialised on the model, so a model may be shared by
 * several threads; {@code fit} blocks other calls for its whole run.
 */
public final class Vae extends AbstractLatentModel {

  private Vae(Network network) {
    super(network);
  }

  /** A builder with the defaults of {@link ModelBuilder} and beta 1. */
  public static Builder builder() {
    return new Builder();
  }

  /** A new model from a config of kind {@link ModelConfig.Kind#VAE}, freshly initialised. */
  public static Vae fromConfig(ModelConfig config) {
    if (config.kind() != ModelConfig.Kind.VAE) {
      throw new IllegalArgumentException("config.kind must be VAE, got " + config.kind());
    }
    return new Vae(newNetwork(config));
  }

  /**
   * Loads a model written by {@link #save(Path)}.
   *
   * @throws ModelFormatException naming the file for a corrupt, truncated or unknown-version
   *     file, a config/parameter mismatch, or a file holding another kind of model
   */
  public static Vae load(Path file) throws IOException {
    return new Vae(loadNetwork(file, ModelConfig.Kind.VAE));
  }

  /** The posterior {@code (mean, logVar)} of a batch {@code [n, dataShape...]}. */
  @Override
  public Posterior encode(INDArray x) {
    return encode(x, null);
  }

  /** The KL weight of the loss. */
  public double beta() {
    return network.config().beta();
  }

  /** Builds a {@link Vae}. */
  public static final class Builder extends ModelBuilder<Builder> {
    private double beta = 1.0;

    private Builder() {}

    /** Weight of the KL term, finite and >= 0 (1 = plain VAE). Default 1. */
    public Builder beta(double beta) {
      this.beta = checkBeta(beta);
      return this;
    }

    /** The model, with parameters initialised from the seed. */
    public Vae build() {
      return fromConfig(config(ModelConfig.Kind.VAE, beta, 0));
    }
  }
}
