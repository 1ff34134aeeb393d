package org.vae4j.spark;

import java.io.IOException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.Posterior;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelFormatException;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.eval.AnomalyScorer;
import org.vae4j.core.eval.ModelEvaluator;

/**
 * A vae4j model loaded in an executor, behind the calls the featurizer makes, whatever its kind:
 * each call goes through the one model contract ({@link Vae4jModel}), the labels being the
 * optional part of the input (null for a model without a class input).
 */
final class ExecutorScorer implements AutoCloseable {

  /** The posterior of a batch: means, and log-variances when asked for (else null). */
  record Encoded(INDArray mean, INDArray logVar) {}

  private final Vae4jModel model;

  private ExecutorScorer(Vae4jModel model) {
    this.model = model;
  }

  /** Loads a model of {@code kind} from the bytes of its model file. */
  static ExecutorScorer load(ModelConfig.Kind kind, byte[] bytes) throws IOException {
    Vae4jModel m = ModelBytes.read(bytes, Vae4jModel::load);
    if (m.config().kind() != kind) {
      m.close();
      throw new ModelFormatException("the model bytes hold a model of kind " + m.config().kind()
          + ", expected " + kind);
    }
    return new ExecutorScorer(m);
  }

  private int[] condition(int[] labels) {
    return model.numClasses() > 0 ? labels : null;
  }

  /** The posterior of {@code x} {@code [n, dataShape...]}; {@code labels} only for a conditional VAE. */
  Encoded encode(INDArray x, int[] labels, boolean withLogVar) {
    if (!withLogVar) {
      return new Encoded(model.encodeMean(x, condition(labels)), null);
    }
    if (!model.config().isVariational()) {
      throw new IllegalStateException("an autoencoder has no posterior variance");
    }
    Posterior p = model.encode(x, condition(labels));
    return new Encoded(p.mean(), p.logVar());
  }

  /** The reconstruction loss of each row of {@code x} decoded from {@code z}, {@code [n]}. */
  INDArray reconstructionLoss(INDArray x, INDArray z, int[] labels) {
    return model.reconstructionLoss(x, z, condition(labels));
  }

  /** The importance-weighted log-likelihood estimate of one example {@code [1, dataShape...]}. */
  double logLikelihood(ModelEvaluator evaluator, INDArray x, int label) {
    if (!model.config().isVariational()) {
      throw new IllegalStateException("an autoencoder has no likelihood");
    }
    return (model.numClasses() > 0 ? evaluator.evaluate(model, x, new int[] {label})
        : evaluator.evaluate(model, x)).overall().logLikelihoodOrThrow();
  }

  /** The anomaly scores of {@code x}; {@code labels} only for a conditional VAE. */
  double[] score(AnomalyScorer scorer, INDArray x, int[] labels) {
    return scorer.score(model, x, condition(labels));
  }

  /** The per-value score contributions of {@code x}. */
  AnomalyScorer.Contributions contributions(AnomalyScorer scorer, INDArray x, int[] labels) {
    return scorer.contributions(model, x, condition(labels));
  }

  @Override
  public void close() {
    model.close();
  }
}
