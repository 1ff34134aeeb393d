package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a pass through the network knows besides the layers' inputs: the batch size and, for a
 * conditional model, the one-hot labels {@code [n, numClasses]} (a workspace view), else null.
 *
 * @param n the number of examples in the batch
 * @param labels the one-hot labels, or null
 */
public record BatchContext(long n, INDArray labels) {}
