package org.vae4j.core.train;

/**
 * A training run met a non-finite loss or gradient. The update of that step was not applied: the
 * model holds the parameters (and the optimizer its state) of the end of the last completed epoch,
 * and checkpoints written before are left as they were. Try a smaller learning rate or gradient
 * clipping, then resume from the last checkpoint.
 */
public final class TrainingDivergedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final long step;

  /**
   * @param epoch the epoch of the failing step, counted from 1
   * @param step the failing step, counted from 1 over the whole run
   * @param what what was not finite, with its value
   */
  public TrainingDivergedException(int epoch, long step, String what) {
    super("training diverged at epoch " + epoch + ", step " + step + ": " + what
        + "; the model was put back to the end of epoch " + (epoch - 1)
        + " (try a smaller learningRate or clipGradientNorm)");
    this.epoch = epoch;
    this.step = step;
  }

  /** The epoch of the failing step, counted from 1. */
  public int epoch() {
    return epoch;
  }

  /** The failing step, counted from 1 over the whole run. */
  public long step() {
    return step;
  }
}
