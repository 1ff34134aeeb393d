package org.vae4j.core.train;

import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingListener;

/**
 * Stops a run when the monitored loss stops improving. The monitored loss of an epoch is its
 * validation total loss per example when the run has validation data, else its training total
 * loss per example ({@link #monitored(EpochStats)}). An epoch improves when its monitored loss is
 * below the best so far by more than {@code minDelta}; after {@code patience} epochs in a row
 * without an improvement the listener requests a stop. The trainer installs one from {@link
 * TrainingOptions#earlyStoppingPatience()}; it can also be added as a listener by hand (it then
 * only stops; restoring the best weights needs the config option).
 */
public final class EarlyStopping implements TrainingListener {

  private final int patience;
  private final double minDelta;
  private int bestEpoch;
  private double bestLoss = Double.POSITIVE_INFINITY;
  private int epochsWithoutImprovement;

  /**
   * @param patience epochs without improvement before stopping, at least 1
   * @param minDelta the decrease that counts as an improvement, finite and {@code >= 0}
   */
  public EarlyStopping(int patience, double minDelta) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be >= 1, got " + patience);
    }
    if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
      throw new IllegalArgumentException("minDelta must be finite and >= 0, got " + minDelta);
    }
    this.patience = patience;
    this.minDelta = minDelta;
  }

  /** The loss early stopping watches: validation total when present, else training total. */
  public static double monitored(EpochStats stats) {
    return stats.validation() != null ? stats.validation().total() : stats.train().total();
  }

  /**
   * Records one epoch; returns true when it improved on the best so far by more than {@code
   * minDelta} (the first epoch always does).
   */
  public boolean record(EpochStats stats) {
    double loss = monitored(stats);
    if (bestEpoch == 0 || loss < bestLoss - minDelta) {
      bestEpoch = stats.epoch();
      bestLoss = loss;
      epochsWithoutImprovement = 0;
      return true;
    }
    epochsWithoutImprovement++;
    return false;
  }

  /** True once {@code patience} epochs in a row have not improved. */
  public boolean exhausted() {
    return epochsWithoutImprovement >= patience;
  }

  /** The epoch with the best monitored loss so far (0 before any epoch). */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The best monitored loss so far (infinity before any epoch). */
  public double bestLoss() {
    return bestLoss;
  }

  /** Epochs in a row since the last improvement. */
  public int epochsWithoutImprovement() {
    return epochsWithoutImprovement;
  }

  /** Records the epoch and requests a stop when patience is exhausted. */
  @Override
  public void onEpochEnd(EpochStats stats, TrainingControl control) {
    record(stats);
    if (exhausted()) {
      control.requestStop(reason());
    }
  }

  /** Why the run stopped, naming the best epoch. */
  public String reason() {
    return "early stopping: no improvement of the monitored loss by more than " + minDelta
        + " for " + epochsWithoutImprovement + " epochs (best epoch " + bestEpoch + ", loss "
        + bestLoss + ")";
  }

  /** Puts back a state saved in a checkpoint (used when resuming). */
  public void restore(int bestEpoch, double bestLoss, int epochsWithoutImprovement) {
    this.bestEpoch = bestEpoch;
    this.bestLoss = bestLoss;
    this.epochsWithoutImprovement = epochsWithoutImprovement;
  }
}
