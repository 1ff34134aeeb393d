package org.vae4j.core.likelihood;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reconstruction term of a model: a density p(x | out) of each data value given the decoder's
 * output for it. The model's network calls it with arrays of {@code n} examples of {@code width}
 * data values each ({@code width} is the product of the config's {@code inputShape}); the
 * decoder's output {@code out} has {@code outputsPerValue() * width} columns, the first {@code
 * width} for the first output of every value, the next {@code width} for the second, and so on.
 *
 * <p>The loss a model trains on and reports is {@link #loss}, summed over the data values of an
 * example: the negative log-probability up to a constant per data value, {@code log p(x | out) =
 * -(loss + width * lossConstantPerValue())}. The evaluation's ELBO and importance-weighted
 * log-likelihood use {@link #logProbability(double, long)} of the same loss, so training and
 * evaluation use one density.
 *
 * <p>Implementations are stateless and thread-safe: every array a call needs comes from its
 * arguments (the work arrays from {@link Scratch}), and results are written into arrays the
 * caller owns. A new likelihood is one class implementing this interface plus one registration
 * (see {@link Likelihoods}). Arrays are in the model's floating-point type; use the ND4J
 * operations that take an output array, never ones that work in place on an argument.
 */
public interface Likelihood {

  /**
   * The name a model config stores for this likelihood ({@link
   * org.vae4j.core.ModelConfig.LossKind#name()}): upper-case letters, digits and underscores.
   */
  String name();

  /** How many decoder outputs each data value has (1 by default; 2 for a mean and a log-variance). */
  default int outputsPerValue() {
    return 1;
  }

  /** How many work arrays of {@code [n, width]} one call of {@link #loss} or {@link #mean} uses. */
  default int scratchArrays() {
    return 1;
  }

  /**
   * The constant per data value that {@link #loss} leaves out of the negative log-probability:
   * {@code -log p(x | out) = loss + lossConstantPerValue()} for every data value.
   */
  double lossConstantPerValue();

  /**
   * Whether this likelihood accepts missing data values, given as NaN: it then gives every missing
   * value a loss, gradient and {@link #logProbability(INDArray, INDArray, INDArray, Scratch)
   * log-probability} of 0, so training, scoring and per-value contributions ignore them (false by
   * default: data with a NaN is refused).
   */
  default boolean supportsMissing() {
    return false;
  }

  /**
   * Checks that data whose values lie in {@code [min, max]} is in this likelihood's domain (a
   * Bernoulli's is [0, 1]); does nothing by default (every finite value).
   *
   * @throws IllegalArgumentException naming {@code arg}, the domain and the range found otherwise
   */
  default void checkDomain(String arg, double min, double max) {}

  /**
   * Writes the loss of every data value of {@code x} {@code [n, width]} under {@code out} {@code
   * [n, outputsPerValue() * width]} into {@code loss} {@code [n, width]}; when {@code gradient}
   * {@code [n, outputsPerValue() * width]} is not null, also writes into it the gradient of {@code
   * scale * sum(loss)} with respect to {@code out}.
   */
  void loss(INDArray out, INDArray x, INDArray loss, INDArray gradient, double scale,
      Scratch scratch);

  /** Writes the mean of p(x | out) (what {@code decode} returns) into {@code into} {@code [n, width]}. */
  void mean(INDArray out, INDArray into, Scratch scratch);

  /**
   * Writes one random draw from p(x | out) of every data value into {@code into} {@code [n,
   * width]}, taking its randomness from {@code random} only (so a seeded generator gives the same
   * draws): synthetic data and imputation by a conditional draw. Likelihoods that cannot draw
   * throw {@link UnsupportedOperationException} (the default); the {@code TABLE} likelihood draws.
   *
   * @throws UnsupportedOperationException naming the likelihood when it cannot draw
   */
  default void draw(INDArray out, java.util.SplittableRandom random, INDArray into) {
    throw new UnsupportedOperationException("the " + name() + " likelihood cannot draw values");
  }

  /**
   * {@code log p(x | out)} of every data value, with every constant, into {@code into} {@code [n,
   * width]}: {@code -(loss + lossConstantPerValue())}, and 0 for every missing (NaN) value of a
   * likelihood that {@link #supportsMissing() supports missing values}.
   */
  default void logProbability(INDArray out, INDArray x, INDArray into, Scratch scratch) {
    loss(out, x, into, null, 0, scratch);
    into.addi(lossConstantPerValue()).negi();
    if (supportsMissing() && Missing.any(x)) {
      into.muli(Missing.observed(x));
    }
  }

  /**
   * {@code log p(x | out)} of one example of {@code width} data values whose {@link #loss} sums to
   * {@code loss}, with every constant.
   */
  default double logProbability(double loss, long width) {
    return -(loss + width * lossConstantPerValue());
  }

  /** The work arrays of one call: {@link #scratchArrays()} arrays of {@code [n, width]}. */
  @FunctionalInterface
  interface Scratch {
    /** Work array {@code index} (from 0) of {@code [n, width]}, owned by the caller of the call. */
    INDArray array(int index);
  }
}
