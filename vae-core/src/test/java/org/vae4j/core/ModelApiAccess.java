package org.vae4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Package access for tests: calls the public API does not offer. */
final class ModelApiAccess {

  private ModelApiAccess() {}

  /** Decodes with an arbitrary (not one-hot) class vector, as interpolation does inside. */
  static INDArray decodeSoft(ConditionalVae cvae, INDArray z, INDArray classVector) {
    return cvae.network().decode(z, classVector);
  }
}
