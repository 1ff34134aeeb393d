package org.vae4j.core.train;

import java.io.PrintStream;
import java.util.Objects;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.api.training.TrainingStart;

/**
 * Prints a run to a {@link PrintStream} (standard output by default), with no logging framework:
 * the plan, one line per epoch (losses split into reconstruction and KL, beta, seconds, images per
 * second) and the end, in the format {@link LoggingListener} logs. Nothing per step. For programs
 * without an SLF4J binding, tutorials and notebooks.
 *
 * <pre>{@code
 * vae.fit(train, TrainingOptions.builder().epochs(5).build(), new PrintingListener());
 * // training epochs 1 to 5 on 1800 examples (0 for validation)
 * // epoch 1/5: train 423.8643 (recon 420.4567, kl 3.4076), beta 1.000, 1.12 s, 1602 images/s
 * // ...
 * }</pre>
 */
public final class PrintingListener implements TrainingListener {

  private final PrintStream out;
  private int lastEpoch;

  /** Prints to {@link System#out} (as it is when each line is printed). */
  public PrintingListener() {
    this.out = null;
  }

  /** Prints to {@code out}. */
  public PrintingListener(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  private PrintStream out() {
    return out != null ? out : System.out;
  }

  @Override
  public void onTrainingStart(TrainingStart start, TrainingControl control) {
    lastEpoch = start.lastEpoch();
    out().println(TrainingLines.start(start));
  }

  @Override
  public void onEpochEnd(EpochStats stats, TrainingControl control) {
    out().println(TrainingLines.epoch(stats, lastEpoch));
  }

  @Override
  public void onTrainingEnd(TrainingHistory history) {
    out().println(TrainingLines.end(history));
  }
}
