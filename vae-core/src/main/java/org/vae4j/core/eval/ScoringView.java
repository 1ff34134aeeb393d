package org.vae4j.core.eval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.internal.InputChecks;
import org.vae4j.core.internal.ModelInternals;
import org.vae4j.core.internal.Network;

/**
 * What the evaluator needs of a model, for any of the three kinds: the model's network, with
 * class labels turned into one-hot rows for a conditional VAE (ignored otherwise).
 */
final class ScoringView {

  private final Network network;
  private final InputChecks checks;
  private final boolean conditional;

  private ScoringView(Network network) {
    this.network = network;
    this.checks = new InputChecks(network.config(), network.dataType());
    this.conditional = network.config().numClasses() > 0;
  }

  /** The scoring view of a vae4j model. */
  static ScoringView of(Vae4jModel model) {
    return new ScoringView(ModelInternals.network(java.util.Objects.requireNonNull(model, "model")));
  }

  ModelConfig config() {
    return network.config();
  }

  org.nd4j.linalg.api.buffer.DataType dataType() {
    return network.dataType();
  }

  boolean isClosed() {
    return network.isClosed();
  }

  private INDArray oneHot(int[] labels, long n) {
    return conditional ? checks.oneHot("labels", labels, n) : null;
  }

  /** {@code [mean, logVar]}; {@code logVar} is null for an autoencoder. */
  INDArray[] encode(INDArray x, int[] labels) {
    return network.encode(x, oneHot(labels, x.size(0)));
  }

  /** Each example's reconstruction loss and KL with noise {@code noise} (see {@link Network#evaluate}). */
  Network.PerExample evaluate(INDArray x, int[] labels, double[] noise) {
    return network.evaluate(x, oneHot(labels, x.size(0)), noise);
  }

  INDArray reconstructionLoss(INDArray x, INDArray z, int[] labels) {
    return network.reconstructionLoss(x, z, oneHot(labels, x.size(0)));
  }

  /** {@code log p(x | z)} of every data value, row-major (see {@link Network#logProbabilityPerValue}). */
  double[] logProbabilityPerValue(INDArray x, INDArray z, int[] labels) {
    return network.logProbabilityPerValue(x, z, oneHot(labels, x.size(0)));
  }

  INDArray decode(INDArray z, int[] labels) {
    return network.decode(z, oneHot(labels, z.size(0)));
  }
}
