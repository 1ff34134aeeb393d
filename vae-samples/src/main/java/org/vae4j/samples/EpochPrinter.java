package org.vae4j.samples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;

/**
 * A training listener that prints one line per finished epoch — loss per example with its
 * reconstruction and KL parts, the validation loss when there is one, the KL weight while it is
 * not 1, seconds and examples per second ("images/s", or "rows/s" for a table model) — and why a
 * run stopped early.
 */
public final class EpochPrinter implements TrainingListener {

  /** What the examples of a run are, as its throughput names them. */
  public enum Examples {
    /** Images: "images/s". */
    IMAGES("images"),
    /** Rows of a table model: "rows/s". */
    ROWS("rows");

    private final String plural;

    Examples(String plural) {
      this.plural = plural;
    }

    /** The plural noun of the throughput, e.g. "rows". */
    public String plural() {
      return plural;
    }
  }

  private final PrintStream out;
  private final String label;
  private final Examples examples;

  /** Prints to {@code out}, each line starting with {@code label}, a run over images. */
  public EpochPrinter(PrintStream out, String label) {
    this(out, label, Examples.IMAGES);
  }

  /**
   * Prints to {@code out}, each line starting with {@code label}, the throughput in {@code
   * examples} per second ({@link Examples#ROWS} for a table model).
   */
  public EpochPrinter(PrintStream out, String label, Examples examples) {
    this.out = Objects.requireNonNull(out, "out");
    this.label = Objects.requireNonNull(label, "label");
    this.examples = Objects.requireNonNull(examples, "examples");
  }

  @Override
  public void onEpochEnd(EpochStats stats, TrainingControl control) {
    out.println(describe(label, stats, examples));
  }

  @Override
  public void onTrainingEnd(TrainingHistory history) {
    if (history.stopReason() != null) {
      out.println(label + " stopped early: " + history.stopReason());
    }
  }

  /** The line printed for one epoch of a run over images. */
  public static String describe(String label, EpochStats e) {
    return describe(label, e, Examples.IMAGES);
  }

  /** The line printed for one epoch, the throughput in {@code examples} per second. */
  public static String describe(String label, EpochStats e, Examples examples) {
    Objects.requireNonNull(examples, "examples");
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%s epoch %d: loss %.3f (reconstruction %.3f, KL %.3f)", label, e.epoch(),
        e.train().total(), e.train().reconstruction(), e.train().kl()));
    e.validationLoss().ifPresent(v -> sb.append(String.format(Locale.ROOT,
        ", validation %.3f", v.total())));
    if (e.beta() != 1 && e.train().kl() != 0) {
      sb.append(String.format(Locale.ROOT, ", KL weight %.3g", e.beta()));
    }
    sb.append(String.format(Locale.ROOT, ", %.1f s, %.0f %s/s", e.seconds(),
        e.imagesPerSecond(), examples.plural()));
    return sb.toString();
  }
}
