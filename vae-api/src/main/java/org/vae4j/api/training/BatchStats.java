package org.vae4j.api.training;

/**
 * What one optimisation step did.
 *
 * @param epoch the epoch, counted from 1
 * @param step the global step, counted from 1 over the whole run
 * @param batchIndex the batch within the epoch, counted from 0
 * @param batchesPerEpoch how many batches the epoch has
 * @param batchSize examples in this batch
 * @param loss the batch loss per example
 * @param beta the KL weight in force for this step
 */
public record BatchStats(
    int epoch, long step, int batchIndex, int batchesPerEpoch, int batchSize, LossBreakdown loss, double beta) {}
