package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of a network: a forward pass from an input batch to an output batch, and a backward
 * pass from the gradient of the loss w.r.t. the output to the gradient w.r.t. the input and to
 * the gradients of the layer's own parameters (views of the network's flat gradient, which the
 * backward pass overwrites). Batches are {@code [n, inputShape...]} and {@code [n,
 * outputShape...]} arrays owned by the network's {@link Workspace}; a layer's own scratch arrays
 * are workspace slots it declared when it was built.
 */
public interface Layer {

  /** The shape of one input example. */
  long[] inputShape();

  /** The shape of one output example. */
  long[] outputShape();

  /** Multiply-adds of one example's forward pass (0 for layers without products). */
  default long macsPerExample() {
    return 0;
  }

  /** Writes the output of {@code in} into {@code out}. */
  void forward(BatchContext batch, INDArray in, INDArray out);

  /**
   * From {@code gradOut} = dL/dout (which the layer may overwrite), writes dL/din into {@code
   * gradIn} (unless it is null: the input needs no gradient) and dL/dparameters into the
   * parameters' gradient views. {@code in} and {@code out} are the arrays of the forward pass.
   */
  void backward(BatchContext batch, INDArray in, INDArray out, INDArray gradOut, INDArray gradIn);
}
