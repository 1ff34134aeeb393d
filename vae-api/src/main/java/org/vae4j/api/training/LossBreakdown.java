package org.vae4j.api.training;

/**
 * A loss per example split into its parts: {@code total = reconstruction + beta * kl} for the
 * beta in force ({@code kl} is 0 for a plain autoencoder). Reduction everywhere in vae4j: sum over
 * data dimensions and latent dimensions, mean over the examples.
 *
 * @param total the objective that was minimised, per example
 * @param reconstruction the reconstruction term, per example
 * @param kl the unweighted KL(q(z|x) || N(0, I)), per example
 */
public record LossBreakdown(double total, double reconstruction, double kl) {

  /** Checks that all three parts are finite. */
  public LossBreakdown {
    if (!Double.isFinite(total) || !Double.isFinite(reconstruction) || !Double.isFinite(kl)) {
      throw new IllegalArgumentException(
          "loss parts must be finite, got total=" + total + ", reconstruction=" + reconstruction
              + ", kl=" + kl);
    }
  }
}
