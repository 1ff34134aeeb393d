package org.vae4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Maps latent vectors to data. Renderers in {@code vae-viz} draw through this interface alone. */
public interface LatentDecoder {

  /** Width of the latent space (at least 1). */
  int latentDim();

  /** Shape of one decoded example, without the batch dimension. The returned array is a copy. */
  long[] dataShape();

  /**
   * Decodes {@code z} of shape {@code [n, latentDim]} into {@code [n, dataShape...]}: pixel
   * probabilities in [0, 1] for a Bernoulli (BCE) model, values for a Gaussian (MSE) model. A
   * latent of the wrong width, or holding NaN or infinity, is an {@link IllegalArgumentException}.
   * The caller owns the returned array.
   */
  INDArray decode(INDArray z);
}
