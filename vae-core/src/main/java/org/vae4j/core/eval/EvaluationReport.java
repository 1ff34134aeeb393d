package org.vae4j.core.eval;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vae4j.api.training.LatentUsage;

/**
 * The result of {@link ModelEvaluator}: metrics over the whole dataset and, when labels were given, per
 * class.
 *
 * @param overall means over every example
 * @param perClass means over the examples of each class present, by class index; empty without
 *     labels. Unmodifiable.
 * @param beta the model's KL weight used in {@link Metrics#loss()}
 * @param importanceSamples {@code k} of the log-likelihood estimate (0 when not computed)
 * @param seed the seed of every random draw of the evaluation
 * @param latent how the model uses each latent dimension on this data: the mean KL per dimension
 *     and the variance of each dimension's posterior means, hence the active units ({@link
 *     LatentUsage#activeUnits()})
 */
public record EvaluationReport(
    Metrics overall, SortedMap<Integer, Metrics> perClass, double beta, int importanceSamples,
    long seed, LatentUsage latent) {

  /** Copies the per-class map into an unmodifiable one. */
  public EvaluationReport {
    Objects.requireNonNull(overall, "overall");
    Objects.requireNonNull(perClass, "perClass");
    Objects.requireNonNull(latent, "latent");
    perClass = Collections.unmodifiableSortedMap(new TreeMap<>(perClass));
  }

  /** A short multi-line text: the overall metrics and one line per class. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Evaluation (beta %s, k %d, seed %d)%n", beta, importanceSamples,
        seed));
    b.append("  all      ").append(line(overall)).append(System.lineSeparator());
    b.append(String.format(Locale.ROOT, "  latent   active units %d of %d (posterior-mean variance > %s), "
            + "%d of %d carry KL > %s nats, KL per dimension %s%n",
        latent.activeUnits(), latent.dimensions(), LatentUsage.ACTIVE_VARIANCE, latent.activeUnitsByKl(),
        latent.dimensions(), LatentUsage.ACTIVE_KL, klList(latent.klPerDimension())));
    for (Map.Entry<Integer, Metrics> e : perClass.entrySet()) {
      b.append(String.format(Locale.ROOT, "  class %-3d", e.getKey())).append(line(e.getValue()))
          .append(System.lineSeparator());
    }
    return b.toString();
  }

  /** The KL of each latent dimension to three decimals: {@code [0.857, 1.321, ...]}. */
  private static String klList(double[] kl) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < kl.length; i++) {
      b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", kl[i]));
    }
    return b.append(']').toString();
  }

  private static String line(Metrics m) {
    return String.format(Locale.ROOT, "n %d, loss %.3f, recon %.3f, kl %.3f, elbo %s, log p(x) %s, mse %.5f, bce %.3f",
        m.count(), m.loss(), m.reconstruction(), m.kl(),
        m.elbo().isPresent() ? String.format(Locale.ROOT, "%.3f", m.elbo().getAsDouble()) : "-",
        m.logLikelihood().isPresent() ? String.format(Locale.ROOT, "%.3f", m.logLikelihood().getAsDouble()) : "-",
        m.mse(), m.bce());
  }
}
