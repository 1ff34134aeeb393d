package org.vae4j.api.internal;

/**
 * The binary cross-entropy of a value under a probability, for metrics computed from decoded
 * probabilities (a model's own Bernoulli loss is computed from its logits, never from these).
 */
public final class CrossEntropy {

  /** Probabilities are clipped to {@code [CLIP, 1 - CLIP]} before taking logs. */
  public static final double CLIP = 1e-7;

  private CrossEntropy() {}

  /** {@code -(x log q + (1 - x) log(1 - q))} with {@code q = p} clipped to {@code [CLIP, 1 - CLIP]}. */
  public static double ofProbability(double x, double p) {
    double q = Math.min(Math.max(p, CLIP), 1 - CLIP);
    return -(x * Math.log(q) + (1 - x) * Math.log1p(-q));
  }
}
