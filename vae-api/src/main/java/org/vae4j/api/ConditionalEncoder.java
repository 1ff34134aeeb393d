package org.vae4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An encoder conditioned on a class label, as in a conditional VAE: the code of an example is
 * computed from the example and its label, so it describes what the label does not (style).
 */
public interface ConditionalEncoder {

  /** Width of the latent space (at least 1). */
  int latentDim();

  /** Number of classes; labels are in {@code [0, numClasses)}. */
  int numClasses();

  /** Shape of one input example, without the batch dimension. The returned array is a copy. */
  long[] dataShape();

  /**
   * The posterior means {@code [n, latentDim]} of {@code x} {@code [n, dataShape...]} with one
   * class label per example. Throws {@link IllegalArgumentException} for a wrong shape, a label
   * count other than {@code n}, or a label outside {@code [0, numClasses)}. The caller owns the
   * returned array.
   */
  INDArray encodeMean(INDArray x, int[] labels);
}
