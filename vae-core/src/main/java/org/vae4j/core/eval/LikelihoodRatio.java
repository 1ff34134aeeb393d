package org.vae4j.core.eval;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.internal.Seeds;

/**
 * The background data of Ren et al.'s likelihood-ratio score (NeurIPS 2019, "Likelihood Ratios
 * for Out-of-Distribution Detection"). A likelihood model gives simple inputs (an image with
 * little ink) a high likelihood whatever it was trained on; a <em>background</em> model trained on
 * perturbed copies of the same normal data learns that population-level part (how likely few lit
 * pixels are) but not the normal data's shapes, so the difference {@code −[log p_θ(x) − log
 * p_bg(x)]} keeps the part only the normal data explains. {@link #perturb} makes the background
 * training data: each value replaced, with probability {@code μ}, by a value drawn uniformly from
 * [0, 1] (Ren et al. use {@code μ} in [0.1, 0.3] and the same architecture for both models);
 * {@link AnomalyScorer#scoreRatio(org.vae4j.core.Vae4jModel, org.vae4j.core.Vae4jModel, INDArray,
 * int[]) AnomalyScorer.scoreRatio} scores with both models.
 *
 * <pre>{@code
 * INDArray noisy = LikelihoodRatio.perturb(train, 0.2, 11);
 * // train a second model of the same architecture on noisy, then:
 * double[] scores = scorer.scoreRatio(vae, background, test, null); // score(vae) − score(background)
 * }</pre>
 */
public final class LikelihoodRatio {

  private static final long STREAM = 0x4C525047L;

  private LikelihoodRatio() {}

  /**
   * A copy of {@code data} with each value replaced, independently with probability {@code mu},
   * by a value drawn uniformly from [0, 1]; the other values kept. Same shape and data type as
   * {@code data} (the caller owns the returned array; {@code data} is not changed). Example {@code
   * i}'s draws come from its own generator (from {@code seed} and {@code i}), so a row's
   * perturbation does not depend on how many rows follow it.
   *
   * @param data a batch {@code [n, ...]} of values in [0, 1] (images, min–max scaled rows)
   * @param mu the replacement rate, in [0, 1]
   * @param seed the generator's seed
   * @throws IllegalArgumentException when {@code mu} is not in [0, 1], {@code data} has no
   *     examples, or a value is not in [0, 1] (naming the example, index and value; a missing
   *     value, NaN, included)
   */
  public static INDArray perturb(INDArray data, double mu, long seed) {
    Objects.requireNonNull(data, "data");
    if (!(mu >= 0 && mu <= 1)) {
      throw new IllegalArgumentException("mu (the replacement rate) must be in [0, 1], got " + mu);
    }
    if (data.rank() < 2 || data.size(0) < 1 || data.length() == 0) {
      throw new IllegalArgumentException("data must be a batch [n, ...] with at least one example, "
          + "got shape " + Arrays.toString(data.shape()));
    }
    if (!data.dataType().isFPType()) {
      throw new IllegalArgumentException("data must be floating point, got " + data.dataType());
    }
    int n = Math.toIntExact(data.size(0));
    double[] v = Inputs.flatDoubles(data);
    int w = v.length / n;
    long base = Seeds.mix(seed, STREAM);
    for (int i = 0; i < n; i++) {
      SplittableRandom r = new SplittableRandom(Seeds.mix(base, i));
      for (int j = i * w; j < (i + 1) * w; j++) {
        double x = v[j];
        if (!(x >= 0 && x <= 1)) {
          throw new IllegalArgumentException("perturb needs values in [0, 1] (the range the "
              + "uniform replacement is drawn from), got " + x + " in example " + i + " at value "
              + (j - i * w) + (Double.isNaN(x) ? " (a missing value)" : ""));
        }
        double u = r.nextDouble();
        double replacement = r.nextDouble();
        if (u < mu) {
          v[j] = replacement;
        }
      }
    }
    return Nd4j.create(v, data.shape(), data.dataType());
  }
}
