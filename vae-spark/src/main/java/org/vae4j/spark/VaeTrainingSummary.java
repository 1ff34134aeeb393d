package org.vae4j.spark;

import java.util.List;
import java.util.Objects;
import org.vae4j.api.training.TrainingHistory;

/**
 * How a {@link VaeModel} was trained by {@link VaeEstimator#fit}: the history per epoch (as the
 * single-node {@code fit} returns it, and as the checkpoints carry it), the history per round, and
 * how the rows were spread over the partitions. Not saved with the model (as MLlib's training
 * summaries): a loaded model has none.
 *
 * @param history one entry per epoch: the mean training loss per example (and its reconstruction
 *     and KL parts) over the epoch's batches in all partitions, the step counter and KL weight at
 *     the epoch's end, its wall-clock time and throughput; no validation loss and no latent usage
 *     (the distributed trainer records neither). A run resumed from a checkpoint starts with the
 *     checkpoint's epochs.
 * @param rounds one entry per round of this run
 * @param partitionRows the rows of each partition the run trained on, in partition order
 * @param localSteps {@code k}: the steps each partition took per round (at most)
 */
public record VaeTrainingSummary(TrainingHistory history, List<RoundStats> rounds,
    List<Long> partitionRows, int localSteps) {

  /** Copies the lists. */
  public VaeTrainingSummary {
    Objects.requireNonNull(history, "history");
    rounds = List.copyOf(rounds);
    partitionRows = List.copyOf(partitionRows);
  }
}
