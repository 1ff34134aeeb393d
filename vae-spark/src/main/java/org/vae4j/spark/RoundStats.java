package org.vae4j.spark;

import java.util.Objects;
import org.vae4j.api.training.LossBreakdown;

/**
 * One round of {@link VaeEstimator}'s training: every partition ran up to {@code localSteps}
 * steps from the same broadcast state, and the driver averaged the results.
 *
 * @param round the round, counted from 1 over the whole run (a resumed run continues the count
 *     from 1 again)
 * @param epoch the epoch the round belongs to, counted from 1
 * @param steps the step counter after the round (that of the partition that took the most steps)
 * @param train the mean training loss per example over the round's batches, in all partitions
 *     (as trained: with each step's noise and KL weight)
 * @param examples the rows the partitions trained on in the round
 * @param partitions the partitions that took at least one step
 * @param seconds wall-clock seconds of the round on the driver: the Spark job (broadcast, steps,
 *     aggregation) and the average
 */
public record RoundStats(int round, int epoch, long steps, LossBreakdown train, long examples,
    int partitions, double seconds) {

  /** Checks the required parts. */
  public RoundStats {
    if (round < 1) {
      throw new IllegalArgumentException("round must be >= 1, got " + round);
    }
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
    Objects.requireNonNull(train, "train");
  }
}
