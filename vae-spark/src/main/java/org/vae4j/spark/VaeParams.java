package org.vae4j.spark;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.StringArrayParam;
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
   * image model), as an ML {@code Vector}, {@code array<float>} or {@code array<double>}. Required, except for a
   * table model, which reads {@link #inputCols()}.
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

  /**
   * The feature columns of a table model, by name: numeric (int, long, float, double, decimal,
   * ...), boolean or string (categorical) columns, a null or NaN entry being missing. When set on
   * {@link VaeEstimator}, {@code fit} fits a table preprocessing on them in a distributed pass and
   * trains a {@code TABLE} model, and {@code inputCol} is not used; a table model reads the columns
   * of its preprocessing by name whatever this param holds. Default empty.
   */
  StringArrayParam inputCols();

  /** Optional output column of each row's anomaly score (double). Default empty: off. */
  Param<String> scoreCol();

  /**
   * The anomaly score ({@link org.vae4j.core.eval.AnomalyScorer.ScoreType}, in lower case):
   * {@code negative_elbo} (default), {@code negative_log_likelihood}, {@code
   * reconstruction_probability} or {@code reconstruction_error} (an autoencoder's: the last two).
   */
  Param<String> scoreType();

  /** {@code k} of the score's posterior samples. Default 64. */
  IntParam scoreSamples();

  /** Seed of the score's posterior samples. Default 0. */
  LongParam scoreSeed();

  /** Optional output column of the anomaly flag, {@code score > threshold} (boolean). Default empty: off. */
  Param<String> flagCol();

  /**
   * The score above which {@link #flagCol()} flags a row. Default NaN: not set (a flag column then
   * needs it set, or {@link VaeEstimator#contamination()} at fit time).
   */
  DoubleParam threshold();

  /**
   * Optional output column of each row's contributions to its score, per table column of the model
   * (array&lt;double&gt;, in the order of the model's table columns, which is the estimator's
   * {@link #inputCols()} order); table models only. Default empty: off.
   */
  Param<String> contributionsCol();

  /** The feature columns of a table model (a copy), empty when none. */
  default String[] getInputCols() {
    return getOrDefault(inputCols()).clone();
  }

  /** The score column's name, empty when off. */
  default String getScoreCol() {
    return getOrDefault(scoreCol());
  }

  /** The score type. */
  default String getScoreType() {
    return getOrDefault(scoreType());
  }

  /** {@code k} of the score. */
  default int getScoreSamples() {
    return (Integer) getOrDefault(scoreSamples());
  }

  /** Seed of the score. */
  default long getScoreSeed() {
    return (Long) getOrDefault(scoreSeed());
  }

  /** The flag column's name, empty when off. */
  default String getFlagCol() {
    return getOrDefault(flagCol());
  }

  /** The threshold, NaN when not set. */
  default double getThreshold() {
    return (Double) getOrDefault(threshold());
  }

  /** The contributions column's name, empty when off. */
  default String getContributionsCol() {
    return getOrDefault(contributionsCol());
  }
}
