package org.vae4j.spark;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The settings of a vae4j Spark stage that say which columns it reads and which it writes: the
 * input examples, the labels of a conditional VAE, and the outputs of {@link VaeModel#transform}.
 * Shared by {@link VaeModel} and by the stages that produce one, so that settings made on those
 * carry over to the model (Spark's {@code copyValues}).
 *
 * <p>Optional output columns are off while their name is empty (the default).
 */
public interface VaeParams extends Params {

  /**
   * The input column: one example per row, flattened in row-major order ({@code C, H, W} for an
   * image model), as an ML {@code Vector}, {@code array<float>} or {@code array<double>}. Required.
   */
  Param<String> inputCol();

  /**
   * The class labels of a conditional VAE: a numeric column holding class indices in {@code [0,
   * numClasses)} (integral doubles, as MLlib's label columns, are accepted). Empty (the default) for
   * the other models, which take no labels.
   */
  Param<String> labelCol();

  /** The output column of the posterior means, an ML {@code Vector} of latentDim values. Default {@code "latentMean"}. */
  Param<String> outputCol();

  /** Optional output column of the posterior log-variances (variational models only). Default empty: off. */
  Param<String> logVarCol();

  /**
   * Optional output column of each row's reconstruction error, the model's reconstruction loss of
   * the row decoded from its latent mean: the binary cross-entropy summed over values for a BCE
   * model ({@code -log p(x | z = mean)}), the sum of squared errors for an MSE model. Default
   * empty: off.
   */
  Param<String> reconstructionErrorCol();

  /**
   * Optional output column of each row's importance-weighted estimate of {@code log p(x)} (of
   * {@code log p(x | y)} for a conditional VAE) with {@link #importanceSamples()} posterior
   * samples, as {@link org.vae4j.core.eval.ModelEvaluator} computes it (variational models only).
   * Default empty: off.
   */
  Param<String> logLikelihoodCol();

  /** {@code k} of the log-likelihood estimate, {@code >= 1}. Default 100. */
  IntParam importanceSamples();

  /** Seed of the log-likelihood estimate's posterior samples. Default 0. */
  LongParam logLikelihoodSeed();

  /** The input column's name. */
  default String getInputCol() {
    return getOrDefault(inputCol());
  }

  /** The label column's name, empty when none. */
  default String getLabelCol() {
    return getOrDefault(labelCol());
  }

  /** The latent-mean column's name. */
  default String getOutputCol() {
    return getOrDefault(outputCol());
  }

  /** The log-variance column's name, empty when off. */
  default String getLogVarCol() {
    return getOrDefault(logVarCol());
  }

  /** The reconstruction-error column's name, empty when off. */
  default String getReconstructionErrorCol() {
    return getOrDefault(reconstructionErrorCol());
  }

  /** The log-likelihood column's name, empty when off. */
  default String getLogLikelihoodCol() {
    return getOrDefault(logLikelihoodCol());
  }

  /** {@code k} of the log-likelihood estimate. */
  default int getImportanceSamples() {
    return (Integer) getOrDefault(importanceSamples());
  }

  /** Seed of the log-likelihood estimate. */
  default long getLogLikelihoodSeed() {
    return (Long) getOrDefault(logLikelihoodSeed());
  }
}
