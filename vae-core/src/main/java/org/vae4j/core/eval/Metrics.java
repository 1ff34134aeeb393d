package org.vae4j.core.eval;

import java.util.OptionalDouble;

/**
 * Means over a set of examples (all of a dataset, or one class) of what {@link ModelEvaluator}
 * measures. Every value is a mean per example, in nats where it is a log-probability.
 *
 * @param count number of examples
 * @param loss the training objective {@code reconstruction + beta * kl} with the model's beta
 * @param reconstruction the reconstruction term of the loss at one posterior draw per example
 *     (at the code for an autoencoder): the likelihood's loss summed over data dimensions (BCE
 *     from logits, the sum of squared errors for an MSE model; see {@link
 *     org.vae4j.core.likelihood.Likelihood#loss})
 * @param kl {@code KL(q(z|x) || N(0, I))} in closed form, summed over latent dimensions (0 for an
 *     autoencoder)
 * @param elbo the evidence lower bound {@code E_q[log p(x|z)] - KL} (one-draw estimate of the
 *     expectation) with the likelihood the model trains on: {@code -(reconstruction + kl)} for a
 *     BCE model, {@code -(reconstruction + 0.5 * D * log(pi) + kl)} for an MSE model (a Gaussian of
 *     variance ½), {@code -(reconstruction + 0.5 * D * log(2 pi) + kl)} for a learned-variance
 *     Gaussian; empty for an autoencoder
 * @param logLikelihood the importance-weighted estimate of {@code log p(x)} with {@code k}
 *     samples per input; empty for an autoencoder or when not requested
 * @param mse squared error of {@code decode(encodeMean(x))} averaged over data dimensions
 * @param bce binary cross-entropy of {@code decode(encodeMean(x))} summed over data dimensions:
 *     from the logits for a BCE model, from the outputs clipped to {@code [1e-7, 1 - 1e-7]} for an
 *     MSE model
 */
public record Metrics(
    long count,
    double loss,
    double reconstruction,
    double kl,
    OptionalDouble elbo,
    OptionalDouble logLikelihood,
    double mse,
    double bce) {

  /** Validates the count and that both optionals are present (possibly empty). */
  public Metrics {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    if (elbo == null || logLikelihood == null) {
      throw new IllegalArgumentException("elbo and logLikelihood must not be null (use empty)");
    }
  }

  /** The ELBO; throws {@link IllegalStateException} for an autoencoder, which has none. */
  public double elboOrThrow() {
    return elbo.orElseThrow(() -> new IllegalStateException("no ELBO: the model is not variational"));
  }

  /** The log-likelihood estimate; throws {@link IllegalStateException} when it was not computed. */
  public double logLikelihoodOrThrow() {
    return logLikelihood.orElseThrow(() -> new IllegalStateException(
        "no log-likelihood estimate: set importanceSamples(k) on a variational model"));
  }
}
