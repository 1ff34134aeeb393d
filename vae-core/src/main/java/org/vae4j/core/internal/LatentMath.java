package org.vae4j.core.internal;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The one implementation of the VAE math, as SameDiff sub-graphs built from elementwise ops (the
 * {@code sd.loss.*} ops of ND4J 1.0.0-M2.1 ignore the incoming gradient, so none is used). Every
 * model's graph is assembled from these by {@link GraphBuilder}.
 *
 * <p>All per-example functions take rank-2 arrays {@code [n, d]} and return {@code [n]}: the sum
 * over the {@code d} dimensions of one example.
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
  public static SDVariable klPerExample(SameDiff sd, SDVariable mean, SDVariable logVar) {
    SDVariable inner = logVar.add(1.0).sub(mean.mul(mean)).sub(sd.math.exp(logVar));
    return inner.sum(1).mul(-0.5);
  }

  /**
   * Binary cross-entropy from logits per example, stable for every logit: {@code sum(max(l, 0) -
   * l * x + log(1 + exp(-|l|)))}.
   */
  public static SDVariable bcePerExample(SameDiff sd, SDVariable logits, SDVariable target) {
    SDVariable positive = sd.nn.relu(logits, 0.0);
    SDVariable softplusTail = sd.math.log1p(sd.math.exp(sd.math.abs(logits).neg()));
    return positive.sub(logits.mul(target)).add(softplusTail).sum(1);
  }

  /** Sum of squared errors per example: {@code sum((out - x)^2)}. */
  public static SDVariable ssePerExample(SameDiff sd, SDVariable output, SDVariable target) {
    SDVariable diff = output.sub(target);
    return diff.mul(diff).sum(1);
  }
}
