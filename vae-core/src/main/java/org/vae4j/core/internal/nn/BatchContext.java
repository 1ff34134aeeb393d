package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a pass through the network knows besides the layers' inputs: the batch size, for a
 * conditional model the one-hot labels {@code [n, numClasses]} (a workspace view), else null, and
 * whether the pass is a training pass (batch norm uses the batch's statistics and updates its
 * running ones) or an inference pass (the running statistics).
 *
 * @param n the number of examples in the batch
 * @param labels the one-hot labels, or null
 * @param training true for a training pass
 */
public record BatchContext(long n, INDArray labels, boolean training) {

  /** An inference pass. */
  public BatchContext(long n, INDArray labels) {
    this(n, labels, false);
  }
}
