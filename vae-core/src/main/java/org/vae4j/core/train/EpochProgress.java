package org.vae4j.core.train;

import org.vae4j.api.training.LossBreakdown;

/**
 * What an {@link EpochRunner} reports to the training loop while it runs an epoch. Implemented by
 * the loop.
 */
public interface EpochProgress {

  /**
   * One step's mean loss parts over its {@code rows} examples. The epoch's training loss is the
   * mean over every example reported, summed in the order of the calls.
   */
  void stepDone(LossBreakdown loss, int rows);

  /**
   * Per-dimension latent sums of some of the epoch's examples, as {@link
   * TrainingSession#takeLatentSums()} returns them; the epoch's {@code LatentUsage} is computed from
   * all the sums reported.
   *
   * @throws IllegalArgumentException when {@code sums} is not {@code 3 × latentDim + 1} values
   */
  void latentSums(double[] sums);

  /**
   * The end of a part (a round of a distributed trainer): listeners get a {@code BatchStats} with
   * the part's index, its examples and their mean loss, and the step counter the session holds.
   */
  void partDone();

  /** True once a listener or early stopping has asked the run to stop. */
  boolean stopRequested();
}
