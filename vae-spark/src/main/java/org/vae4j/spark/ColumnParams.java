package org.vae4j.spark;

import java.util.function.BiConsumer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

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
  }

  /** {@code k} checked for {@code importanceSamples}. */
  static int importanceSamples(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("importanceSamples must be >= 1, got " + k);
    }
    return k;
  }

  /** Sets every column param of {@code to} from {@code from}. */
  static void copy(VaeParams from, VaeModel to) {
    to.setInputCol(from.getInputCol()).setLabelCol(from.getLabelCol())
        .setOutputCol(from.getOutputCol()).setLogVarCol(from.getLogVarCol())
        .setReconstructionErrorCol(from.getReconstructionErrorCol())
        .setLogLikelihoodCol(from.getLogLikelihoodCol())
        .setImportanceSamples(from.getImportanceSamples())
        .setLogLikelihoodSeed(from.getLogLikelihoodSeed());
  }
}
