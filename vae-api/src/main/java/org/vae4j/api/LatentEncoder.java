package org.vae4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Maps data to a distribution over the latent space. */
public interface LatentEncoder {

  /** Width of the latent space (at least 1). */
  int latentDim();

  /**
   * Shape of one example, without the batch dimension: {@code [C, H, W]} for images, {@code [D]}
   * for flat vectors. The returned array is a copy.
   */
  long[] dataShape();

  /**
   * Encodes a batch {@code [n, dataShape...]} into its posterior. Throws {@link
   * IllegalArgumentException} naming expected and actual shape for a wrong input, and for NaN or
   * infinite values. The caller owns the returned arrays.
   */
  Posterior encode(INDArray x);

  /**
   * The posterior means {@code [n, latentDim]} of a batch: the features for downstream
   * classifiers. Same checks as {@link #encode(INDArray)}.
   */
  INDArray encodeMean(INDArray x);
}
