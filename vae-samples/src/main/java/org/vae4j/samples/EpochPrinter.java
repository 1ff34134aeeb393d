package org.vae4j.samples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;

/**
 * A training listener that prints one line per finished epoch — loss per image with its
 * reconstruction and KL parts, the validation loss when there is one, the KL weight while it is
 * not 1, seconds and images per second — and why a run stopped early.
 */
public final class EpochPrinter implements TrainingListener {

  private final PrintStream out;
  private final String label;

  /** Prints to {@code out}, each line starting with {@code label}. */
  public EpochPrinter(PrintStream out, String label) {
    this.out = Objects.requireNonNull(out, "out");
    this.label = Objects.requireNonNull(label, "label");
  }

  @Override
  public void onEpochEnd(EpochStats stats, TrainingControl control) {
    out.println(describe(label, stats));
  }

  @Override
  public void onTrainingEnd(TrainingHistory history) {
    if (history.stopReason() != null) {
      out.println(label + " stopped early: " + history.stopReason());
    }
  }

  /** The line printed for one epoch. */
  public static String describe(String label, EpochStats e) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%s epoch %d: loss %.3f (reconstruction %.3f, KL %.3f)", label, e.epoch(),
        e.train().total(), e.train().reconstruction(), e.train().kl()));
    e.validationLoss().ifPresent(v -> sb.append(String.format(Locale.ROOT,
        ", validation %.3f", v.total())));
    if (e.beta() != 1 && e.train().kl() != 0) {
      sb.append(String.format(Locale.ROOT, ", KL weight %.3g", e.beta()));
    }
    sb.append(String.format(Locale.ROOT, ", %.1f s, %.0f images/s", e.seconds(),
        e.imagesPerSecond()));
    return sb.toString();
  }
}
