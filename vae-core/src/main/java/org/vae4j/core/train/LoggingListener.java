package org.vae4j.core.train;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.api.training.TrainingStart;

/**
 * Logs a run through SLF4J (logger {@code org.vae4j.core.train}): the plan at INFO, one line per
 * epoch at INFO (losses split into reconstruction and KL, beta, seconds, images per second) and the
 * end. Nothing per step.
 */
public final class LoggingListener implements TrainingListener {

  private static final Logger LOG = LoggerFactory.getLogger("org.vae4j.core.train");

  private int lastEpoch;

  /** A listener logging to {@code org.vae4j.core.train}. */
  public LoggingListener() {}

  @Override
  public void onTrainingStart(TrainingStart start, TrainingControl control) {
    lastEpoch = start.lastEpoch();
    LOG.info("training epochs {} to {} on {} examples ({} for validation)", start.firstEpoch(),
        start.lastEpoch(), start.trainExamples(), start.validationExamples());
  }

  @Override
  public void onEpochEnd(EpochStats stats, TrainingControl control) {
    if (LOG.isInfoEnabled()) {
      LOG.info(describe(stats, lastEpoch));
    }
  }

  @Override
  public void onTrainingEnd(TrainingHistory history) {
    LOG.info("training ended after {} epochs{}", history.epochs().size(),
        history.stopReason() == null ? "" : ": " + history.stopReason());
  }

  /** One line for an epoch, e.g. {@code epoch 3/10: train 120.5 (recon 100.1, kl 20.4) ...}. */
  static String describe(EpochStats s, int lastEpoch) {
    StringBuilder sb = new StringBuilder();
    sb.append("epoch ").append(s.epoch()).append('/').append(lastEpoch).append(": train ");
    loss(sb, s.train());
    if (s.validation() != null) {
      sb.append(", validation ");
      loss(sb, s.validation());
    }
    sb.append(String.format(Locale.ROOT, ", beta %.4g, %.2f s, %.0f images/s", s.beta(), s.seconds(),
        s.imagesPerSecond()));
    return sb.toString();
  }

  private static void loss(StringBuilder sb, LossBreakdown l) {
    sb.append(String.format(Locale.ROOT, "%.4f (recon %.4f, kl %.4f)", l.total(), l.reconstruction(), l.kl()));
  }
}
