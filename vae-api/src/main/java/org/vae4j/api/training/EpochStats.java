package org.vae4j.api.training;

import java.util.Objects;
import java.util.Optional;

/**
 * The summary of one epoch.
 *
 * @param epoch the epoch, counted from 1
 * @param steps the global step count at the end of the epoch
 * @param train mean training loss per example over the epoch (as trained: with the noise and beta
 *     of each step)
 * @param validation loss per example on the validation data after the epoch, or {@code null} when
 *     the run has no validation data
 * @param beta the KL weight in force at the end of the epoch
 * @param seconds wall-clock seconds the epoch's training took (validation excluded)
 * @param imagesPerSecond training throughput over the epoch
 */
public record EpochStats(
    int epoch,
    long steps,
    LossBreakdown train,
    LossBreakdown validation,
    double beta,
    double seconds,
    double imagesPerSecond) {

  /** Checks the required parts. */
  public EpochStats {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
    Objects.requireNonNull(train, "train");
  }

  /** The validation loss, when the run had validation data. */
  public Optional<LossBreakdown> validationLoss() {
    return Optional.ofNullable(validation);
  }
}
