package org.vae4j.spark;

import java.util.function.BiConsumer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.vae4j.core.eval.AnomalyScorer;

/**
 * The params of {@link VaeParams} (the columns and the log-likelihood estimate), made once for
 * {@link VaeModel} and for {@link VaeEstimator}, which passes them on to the model it fits: their
 * names, docs, validators and defaults in one place.
 */
final class ColumnParams {

  final Param<String> inputCol;
  final Param<String> labelCol;
  final Param<String> outputCol;
  final Param<String> logVarCol;
  final Param<String> reconstructionErrorCol;
  final Param<String> logLikelihoodCol;
  final IntParam importanceSamples;
  final LongParam logLikelihoodSeed;
  final StringArrayParam inputCols;
  final Param<String> scoreCol;
  final Param<String> scoreType;
  final IntParam scoreSamples;
  final LongParam scoreSeed;
  final Param<String> flagCol;
  final DoubleParam threshold;
  final Param<String> contributionsCol;

  /** The accepted values of {@code scoreType}. */
  static final java.util.List<String> SCORE_TYPES = java.util.Arrays.stream(
      AnomalyScorer.ScoreType.values()).map(t -> t.name().toLowerCase(java.util.Locale.ROOT))
      .toList();

  /**
   * The params of {@code owner} (whose uid must be set); {@code outputs} prefixes the docs of the
   * output columns ({@code "the fitted model's "} for an estimator, empty for a model).
   */
  ColumnParams(Params owner, String outputs) {
    inputCol = new Param<>(owner, "inputCol", "input column: one flattened example per row, as a "
        + "vector, array<float> or array<double>");
    labelCol = new Param<>(owner, "labelCol", "class-index column of a conditional VAE; empty for "
        + "the other models");
    outputCol = new Param<>(owner, "outputCol", outputs + "output column of the posterior means "
        + "(vector)");
    logVarCol = new Param<>(owner, "logVarCol", outputs + "output column of the posterior "
        + "log-variances (vector); empty for none");
    reconstructionErrorCol = new Param<>(owner, "reconstructionErrorCol", outputs + "output column "
        + "of the reconstruction loss of each row decoded from its latent mean (double); empty for "
        + "none");
    logLikelihoodCol = new Param<>(owner, "logLikelihoodCol", outputs + "output column of the "
        + "importance-weighted log-likelihood estimate of each row (double); empty for none");
    importanceSamples = new IntParam(owner, "importanceSamples", "posterior samples of the "
        + "log-likelihood estimate (>= 1)", ParamValidators.<Object>gtEq(1));
    logLikelihoodSeed = new LongParam(owner, "logLikelihoodSeed", "seed of the log-likelihood "
        + "estimate's samples");
    inputCols = new StringArrayParam(owner, "inputCols", "the feature columns of a table model "
        + "(numeric, boolean or string; null or NaN: missing); empty for a vector/array inputCol");
    scoreCol = new Param<>(owner, "scoreCol", outputs + "output column of each row's anomaly "
        + "score (double, higher is more anomalous); empty for none");
    scoreType = new Param<>(owner, "scoreType", "the anomaly score: one of " + SCORE_TYPES,
        ParamValidators.<String>inArray(SCORE_TYPES.toArray(new String[0])));
    scoreSamples = new IntParam(owner, "scoreSamples", "posterior samples of the anomaly score "
        + "(the importance samples of negative_log_likelihood, the Monte-Carlo samples of "
        + "reconstruction_probability), in [1, " + AnomalyScorer.MAX_SAMPLES + "]",
        ParamValidators.<Object>inRange(1, AnomalyScorer.MAX_SAMPLES));
    scoreSeed = new LongParam(owner, "scoreSeed", "seed of the anomaly score's samples");
    flagCol = new Param<>(owner, "flagCol", outputs + "output column of the anomaly flag "
        + "(boolean: score > threshold); empty for none");
    threshold = new DoubleParam(owner, "threshold", "the score above which a row is flagged; "
        + "NaN: not set");
    contributionsCol = new Param<>(owner, "contributionsCol", outputs + "output column of each "
        + "row's score contributions per table column (array<double>, in the order of the model's "
        + "table columns); empty for none");
  }

  /** Gives each param its default through the owner's {@code setDefault}. */
  void setDefaults(BiConsumer<Param<?>, Object> setDefault) {
    setDefault.accept(labelCol, "");
    setDefault.accept(outputCol, "latentMean");
    setDefault.accept(logVarCol, "");
    setDefault.accept(reconstructionErrorCol, "");
    setDefault.accept(logLikelihoodCol, "");
    setDefault.accept(importanceSamples, 100);
    setDefault.accept(logLikelihoodSeed, 0L);
    setDefault.accept(inputCols, new String[0]);
    setDefault.accept(scoreCol, "");
    setDefault.accept(scoreType, "negative_elbo");
    setDefault.accept(scoreSamples, AnomalyScorer.DEFAULT_IMPORTANCE_SAMPLES);
    setDefault.accept(scoreSeed, 0L);
    setDefault.accept(flagCol, "");
    setDefault.accept(threshold, Double.NaN);
    setDefault.accept(contributionsCol, "");
  }

  /**
   * {@code names} checked for {@code inputCols} (the setters of {@link VaeEstimator} and {@link
   * VaeModel}): non-null, each a non-empty name, no name twice; a copy.
   */
  static String[] inputCols(String[] names) {
    return columnNames("inputCols", names);
  }

  /** {@code names} checked for the column-list param {@code arg}, as {@link #inputCols}. */
  static String[] columnNames(String arg, String[] names) {
    java.util.Objects.requireNonNull(names, arg);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String n : names) {
      if (n == null || n.isEmpty()) {
        throw new IllegalArgumentException(arg + " must hold column names, got '" + n + "'");
      }
      if (!seen.add(n)) {
        throw new IllegalArgumentException(arg + " must be distinct, got '" + n + "' twice");
      }
    }
    return names.clone();
  }

  /** {@code k} checked for {@code importanceSamples}. */
  static int importanceSamples(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("importanceSamples must be >= 1, got " + k);
    }
    return k;
  }

  /** {@code type} checked for {@code scoreType}, as the enum. */
  static AnomalyScorer.ScoreType scoreType(String type) {
    java.util.Objects.requireNonNull(type, "scoreType");
    if (!SCORE_TYPES.contains(type)) {
      throw new IllegalArgumentException("scoreType must be one of " + SCORE_TYPES + ", got '"
          + type + "'");
    }
    return AnomalyScorer.ScoreType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
  }

  /** {@code k} checked for {@code scoreSamples}. */
  static int scoreSamples(int k) {
    if (k < 1 || k > AnomalyScorer.MAX_SAMPLES) {
      throw new IllegalArgumentException("scoreSamples must be in [1, " + AnomalyScorer.MAX_SAMPLES
          + "], got " + k);
    }
    return k;
  }

  /** {@code t} checked for {@code threshold}: finite. */
  static double threshold(double t) {
    if (!Double.isFinite(t)) {
      throw new IllegalArgumentException("threshold must be finite, got " + t);
    }
    return t;
  }

  /** Sets every column param of {@code to} from {@code from}. */
  static void copy(VaeParams from, VaeModel to) {
    if (from.isDefined(from.inputCol())) {
      to.setInputCol(from.getInputCol());
    }
    to.setLabelCol(from.getLabelCol())
        .setOutputCol(from.getOutputCol()).setLogVarCol(from.getLogVarCol())
        .setReconstructionErrorCol(from.getReconstructionErrorCol())
        .setLogLikelihoodCol(from.getLogLikelihoodCol())
        .setImportanceSamples(from.getImportanceSamples())
        .setLogLikelihoodSeed(from.getLogLikelihoodSeed())
        .setInputCols(from.getInputCols()).setScoreCol(from.getScoreCol())
        .setScoreType(from.getScoreType()).setScoreSamples(from.getScoreSamples())
        .setScoreSeed(from.getScoreSeed()).setFlagCol(from.getFlagCol())
        .setContributionsCol(from.getContributionsCol());
    if (!Double.isNaN(from.getThreshold())) {
      to.setThreshold(from.getThreshold());
    }
  }
}
