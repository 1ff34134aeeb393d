package org.vae4j.core.internal;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The one implementation of the VAE math, as SameDiff sub-graphs built from elementwise ops (the
 * {@code sd.loss.*} ops of ND4J 1.0.0-M2.1 ignore the incoming gradient, so none is used). Every
 * model's graph is assembled from these by {@link GraphBuilder}.
 *
 * <p>All per-example functions take rank-2 arrays {@code [n, d]} and the width {@code d}, and
 * return {@code [n]}: the sum over the {@code d} dimensions of one example. The width is needed
 * because in ND4J 1.0.0-M2.1 a SameDiff reduction along a dimension of size 1 fails (a null input
 * inside {@code BaseReduceOp.noOp}); for {@code d = 1} the sum is a reshape.
 */
public final class LatentMath {

  private LatentMath() {}

  /** The reparameterization {@code z = mean + exp(0.5 * logVar) * eps}. */
  public static SDVariable reparameterize(
      SameDiff sd, SDVariable mean, SDVariable logVar, SDVariable eps) {
    return mean.add(sd.math.exp(logVar.mul(0.5)).mul(eps));
  }

  /**
   * KL(N(mean, diag(exp(logVar))) || N(0, I)) per example: {@code -0.5 * sum(1 + logVar - mean^2 -
   * exp(logVar))}.
   */
  public static SDVariable klPerExample(
      SameDiff sd, SDVariable mean, SDVariable logVar, long latentDim) {
    SDVariable inner = logVar.add(1.0).sub(mean.mul(mean)).sub(sd.math.exp(logVar));
    return rowSum(sd, inner, latentDim).mul(-0.5);
  }

  /**
   * Binary cross-entropy from logits per example, stable for every logit: {@code sum(max(l, 0) -
   * l * x + log(1 + exp(-|l|)))}, with {@code max(l, 0)} written as {@code 0.5 * (l + |l|)}. The
   * two forms are equal, but ND4J differentiates {@code relu} and {@code abs} at exactly 0 as 0, so
   * the relu form gives a gradient of {@code -x} instead of {@code 0.5 - x} at a logit of exactly
   * 0 (which happens at initialisation when a layer's inputs are all zero); the form used here
   * gives the true derivative {@code sigmoid(l) - x} everywhere.
   */
  public static SDVariable bcePerExample(
      SameDiff sd, SDVariable logits, SDVariable target, long width) {
    SDVariable absolute = sd.math.abs(logits);
    SDVariable positive = logits.add(absolute).mul(0.5);
    SDVariable softplusTail = sd.math.log1p(sd.math.exp(absolute.neg()));
    return rowSum(sd, positive.sub(logits.mul(target)).add(softplusTail), width);
  }

  /** Sum of squared errors per example: {@code sum((out - x)^2)}. */
  public static SDVariable ssePerExample(
      SameDiff sd, SDVariable output, SDVariable target, long width) {
    SDVariable diff = output.sub(target);
    return rowSum(sd, diff.mul(diff), width);
  }

  /**
   * The loss of a Gaussian with learned variance per example: {@code s = 6 tanh(raw / 6)}, {@code
   * sum(0.5 ((x - mu)^2 exp(-s) + s))}.
   */
  public static SDVariable learnedVarianceGaussianPerExample(
      SameDiff sd, SDVariable mu, SDVariable raw, SDVariable target, long width) {
    SDVariable s = sd.math.tanh(raw.div(6.0)).mul(6.0);
    SDVariable diff = mu.sub(target);
    SDVariable perValue = diff.mul(diff).mul(sd.math.exp(s.neg())).add(s).mul(0.5);
    return rowSum(sd, perValue, width);
  }

  /** Sum of each row of {@code [n, width]}, as {@code [n]}. */
  static SDVariable rowSum(SameDiff sd, SDVariable v, long width) {
    return width == 1 ? sd.reshape(v, -1) : v.sum(1);
  }
}
