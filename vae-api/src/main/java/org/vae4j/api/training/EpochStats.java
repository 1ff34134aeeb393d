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
 * @param latent how the model used each latent dimension in this epoch — over the validation data
 *     after the epoch when the run has some, else over the epoch's training batches; {@code null}
 *     in histories written before it was recorded
 */
public record EpochStats(
    int epoch,
    long steps,
    LossBreakdown train,
    LossBreakdown validation,
    double beta,
    double seconds,
    double imagesPerSecond,
    LatentUsage latent) {

  /** Checks the required parts. */
  public EpochStats {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
    Objects.requireNonNull(train, "train");
  }

  /** The statistics without latent usage (as histories before it was recorded). */
  public EpochStats(int epoch, long steps, LossBreakdown train, LossBreakdown validation,
      double beta, double seconds, double imagesPerSecond) {
    this(epoch, steps, train, validation, beta, seconds, imagesPerSecond, null);
  }

  /** The latent usage of the epoch, when it was recorded. */
  public Optional<LatentUsage> latentUsage() {
    return Optional.ofNullable(latent);
  }

  /** The validation loss, when the run had validation data. */
  public Optional<LossBreakdown> validationLoss() {
    return Optional.ofNullable(validation);
  }
}
