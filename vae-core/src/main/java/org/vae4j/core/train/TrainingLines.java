package org.vae4j.core.train;

import java.util.Locale;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingStart;

/** The lines {@link LoggingListener} logs and {@link PrintingListener} prints: one format. */
final class TrainingLines {

  private TrainingLines() {}

  /** E.g. {@code training epochs 1 to 10 on 9000 examples (1000 for validation)}. */
  static String start(TrainingStart start) {
    return "training epochs " + start.firstEpoch() + " to " + start.lastEpoch() + " on "
        + start.trainExamples() + " examples (" + start.validationExamples()
        + " for validation)";
  }

  /** One line for an epoch, e.g. {@code epoch 3/10: train 120.5 (recon 100.1, kl 20.4) ...}. */
  static String epoch(EpochStats s, int lastEpoch) {
    StringBuilder sb = new StringBuilder();
    sb.append("epoch ").append(s.epoch()).append('/').append(lastEpoch).append(": train ");
    loss(sb, s.train());
    if (s.validation() != null) {
      sb.append(", validation ");
      loss(sb, s.validation());
    }
    sb.append(String.format(Locale.ROOT, ", beta %.4g, %.2f s, %.0f images/s", s.beta(),
        s.seconds(), s.imagesPerSecond()));
    return sb.toString();
  }

  /** E.g. {@code training ended after 10 epochs} or {@code ...: early stopping ...}. */
  static String end(TrainingHistory history) {
    return "training ended after " + history.epochs().size() + " epochs"
        + (history.stopReason() == null ? "" : ": " + history.stopReason());
  }

  private static void loss(StringBuilder sb, LossBreakdown l) {
    sb.append(String.format(Locale.ROOT, "%.4f (recon %.4f, kl %.4f)", l.total(),
        l.reconstruction(), l.kl()));
  }
}
