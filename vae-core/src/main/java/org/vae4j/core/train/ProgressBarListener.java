package org.vae4j.core.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.vae4j.api.training.BatchStats;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.api.training.TrainingStart;

/**
 * A console progress bar over the steps of a run (me.tongfei:progressbar), showing the last
 * epoch's loss. {@link #create()} draws it on standard error only when a terminal is attached
 * ({@code System.console() != null}); otherwise every callback is a no-op, so it is safe to add
 * in programs that may run under a build tool or with redirected output.
 */
public final class ProgressBarListener implements TrainingListener {

  private final PrintStream out;
  private ProgressBar bar;

  ProgressBarListener(PrintStream out) {
    this.out = out;
  }

  /** A progress bar on standard error when a console is attached, else a no-op listener. */
  public static ProgressBarListener create() {
    return new ProgressBarListener(System.console() != null ? System.err : null);
  }

  /** True when this listener draws (a console was attached when it was created). */
  public boolean isActive() {
    return out != null;
  }

  @Override
  public void onTrainingStart(TrainingStart start, TrainingControl control) {
    if (out == null) {
      return;
    }
    int epochs = start.lastEpoch() - start.firstEpoch() + 1;
    long max = start.batchesPerEpoch() > 0 ? (long) start.batchesPerEpoch() * epochs : -1;
    bar = new ProgressBarBuilder()
        .setTaskName("training")
        .setInitialMax(max)
        .setConsumer(new ConsoleProgressBarConsumer(out))
        .setUpdateIntervalMillis(250)
        .build();
  }

  @Override
  public void onBatchEnd(BatchStats stats, TrainingControl control) {
    if (bar != null) {
      bar.step();
    }
  }

  @Override
  public void onEpochEnd(EpochStats stats, TrainingControl control) {
    if (bar != null) {
      bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d loss %.3f", stats.epoch(),
          EarlyStopping.monitored(stats)));
    }
  }

  @Override
  public void onTrainingEnd(TrainingHistory history) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
