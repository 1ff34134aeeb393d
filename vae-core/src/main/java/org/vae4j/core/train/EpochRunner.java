package org.vae4j.core.train;

/**
 * Runs the steps of each epoch for {@link TrainingSession#train}, where the steps do not run in
 * the training loop's own thread: a data-parallel trainer (vae-spark) spreads each epoch over
 * workers in parts (rounds) and averages their states. Everything around the steps stays the
 * training loop's, the same code as the models' {@code fit}: the epoch statistics and per-dimension
 * latent diagnostics, listeners, early stopping, best-weight restoring, latent-collapse warnings and
 * checkpoints.
 */
public interface EpochRunner {

  /** The parts of an epoch (reported as {@code TrainingStart.batchesPerEpoch()}), -1 if unknown. */
  int partsPerEpoch();

  /** The examples of an epoch (reported as {@code TrainingStart.trainExamples()}), -1 if unknown. */
  long examplesPerEpoch();

  /**
   * Runs the steps of epoch {@code epoch} (counted from 1), starting from the state {@code session}
   * holds (parameters, optimiser state, step counter) and leaving the state after each part in it.
   * Each step's loss goes to {@link EpochProgress#stepDone}, in a fixed order (so that a run is
   * reproducible), each part's latent sums to {@link EpochProgress#latentSums}, and the end of each
   * part to {@link EpochProgress#partDone}. Between parts, when {@link
   * EpochProgress#stopRequested()}, the runner returns at once.
   *
   * @throws TrainingDivergedException when a step's loss or gradient is not finite (the loop then
   *     puts back the state of the epoch's start)
   */
  void runEpoch(TrainingSession session, int epoch, EpochProgress progress);
}
