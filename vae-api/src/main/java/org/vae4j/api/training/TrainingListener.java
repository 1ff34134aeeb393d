package org.vae4j.api.training;

/**
 * Callbacks from a training run. Every method has a no-op default, so a listener implements only
 * what it needs. Statistics are immutable; a listener that throws aborts the run with its
 * exception. Listeners are called on the training thread, in the order they were added.
 */
public interface TrainingListener {

  /** Before the first step. */
  default void onTrainingStart(TrainingStart start, TrainingControl control) {}

  /** After each optimisation step. Keep it cheap: it runs on the hot path. */
  default void onBatchEnd(BatchStats stats, TrainingControl control) {}

  /** After each epoch, validation included. */
  default void onEpochEnd(EpochStats stats, TrainingControl control) {}

  /**
   * The first time latent dimensions are inactive at the end of an epoch (after any KL warm-up):
   * posterior collapse. Called after {@link #onEpochEnd} of that epoch, once per run.
   */
  default void onLatentCollapse(LatentCollapse collapse, TrainingControl control) {}

  /** After the last epoch, or after a stop was requested. */
  default void onTrainingEnd(TrainingHistory history) {}
}
