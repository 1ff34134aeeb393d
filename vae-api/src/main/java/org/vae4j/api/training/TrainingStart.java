package org.vae4j.api.training;

/**
 * What a run is about to do.
 *
 * @param firstEpoch the first epoch to run, counted from 1 (greater than 1 when resuming)
 * @param lastEpoch the last epoch planned
 * @param batchesPerEpoch batches in one training epoch
 * @param trainExamples training examples
 * @param validationExamples validation examples (0 when none)
 */
public record TrainingStart(
    int firstEpoch, int lastEpoch, int batchesPerEpoch, long trainExamples, long validationExamples) {}
