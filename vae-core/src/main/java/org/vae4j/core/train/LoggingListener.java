package org.vae4j.core.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.api.training.TrainingStart;

/**
 * Logs a run through SLF4J (logger {@code org.vae4j.core.train}): the plan at INFO, one line per
 * epoch at INFO (losses split into reconstruction and KL, beta, seconds, images per second) and the
 * end. Nothing per step. Without an SLF4J binding on the class path SLF4J drops every line: use
 * {@link PrintingListener} then, or add a binding (docs/getting-started.md).
 */
public final class LoggingListener implements TrainingListener {

  private static final Logger LOG = LoggerFactory.getLogger("org.vae4j.core.train");

  private int lastEpoch;

  /** A listener logging to {@code org.vae4j.core.train}. */
  public LoggingListener() {}

  @Override
  public void onTrainingStart(TrainingStart start, TrainingControl control) {
    lastEpoch = start.lastEpoch();
    if (LOG.isInfoEnabled()) {
      LOG.info(TrainingLines.start(start));
    }
  }

  @Override
  public void onEpochEnd(EpochStats stats, TrainingControl control) {
    if (LOG.isInfoEnabled()) {
      LOG.info(TrainingLines.epoch(stats, lastEpoch));
    }
  }

  @Override
  public void onTrainingEnd(TrainingHistory history) {
    if (LOG.isInfoEnabled()) {
      LOG.info(TrainingLines.end(history));
    }
  }
}
