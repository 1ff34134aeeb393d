package org.vae4j.api.training;

/** Handed to listeners so that they can end a run early (early stopping, a time budget, a user). */
public interface TrainingControl {

  /**
   * Asks the trainer to stop after the current step; the run ends normally and returns its
   * history so far. The first reason given is kept.
   */
  void requestStop(String reason);

  /** True once a stop was requested. */
  boolean stopRequested();
}
