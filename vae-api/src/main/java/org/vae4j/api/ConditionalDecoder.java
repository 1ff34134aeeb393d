package org.vae4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A decoder conditioned on a class label, as in a conditional VAE. */
public interface ConditionalDecoder {

  /** Width of the latent space (at least 1). */
  int latentDim();

  /** Number of classes; labels are in {@code [0, numClasses)}. */
  int numClasses();

  /** Shape of one decoded example, without the batch dimension. The returned array is a copy. */
  long[] dataShape();

  /**
   * Decodes {@code z} of shape {@code [n, latentDim]} with one class label per row. Throws {@link
   * IllegalArgumentException} for a wrong width, a label count other than {@code n}, or a label
   * outside {@code [0, numClasses)}. The caller owns the returned array.
   */
  INDArray decode(INDArray z, int[] labels);
}
