package org.vae4j.core.train;

/**
 * Immutable settings of a training run, validated on construction. Build with {@link #builder()};
 * defaults: 10 epochs, batch size 128, Adam with learning rate 1e-3, beta1 0.9, beta2 0.999,
 * epsilon 1e-8, seed 0.
 *
 * @param epochs number of passes over the data, at least 1
 * @param batchSize examples per step, at least 1 (the last batch of an epoch may be smaller)
 * @param learningRate Adam step size, finite and positive
 * @param adamBeta1 Adam's first-moment decay, in [0, 1)
 * @param adamBeta2 Adam's second-moment decay, in [0, 1)
 * @param adamEpsilon Adam's denominator offset, finite and positive
 * @param seed seed of the run: the per-epoch shuffles and the per-step reparameterization noise
 *     are derived from it (and from the epoch and step numbers), so a seed reproduces a run
 */
public record TrainingConfig(
    int epochs,
    int batchSize,
    double learningRate,
    double adamBeta1,
    double adamBeta2,
    double adamEpsilon,
    long seed) {

  /** Checks every field. */
  public TrainingConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
    }
    if (!(adamBeta1 >= 0 && adamBeta1 < 1)) {
      throw new IllegalArgumentException("adamBeta1 must be in [0, 1), got " + adamBeta1);
    }
    if (!(adamBeta2 >= 0 && adamBeta2 < 1)) {
      throw new IllegalArgumentException("adamBeta2 must be in [0, 1), got " + adamBeta2);
    }
    if (!(adamEpsilon > 0) || !Double.isFinite(adamEpsilon)) {
      throw new IllegalArgumentException("adamEpsilon must be finite and > 0, got " + adamEpsilon);
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TrainingConfig}; each setter checks its value at once. */
  public static final class Builder {
    private int epochs = 10;
    private int batchSize = 128;
    private double learningRate = 1e-3;
    private double adamBeta1 = 0.9;
    private double adamBeta2 = 0.999;
    private double adamEpsilon = 1e-8;
    private long seed;

    private Builder() {}

    /** Number of epochs, at least 1. */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      check();
      return this;
    }

    /** Examples per step, at least 1. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      check();
      return this;
    }

    /** Adam step size, finite and positive. */
    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      check();
      return this;
    }

    /** Adam's first-moment decay, in [0, 1). */
    public Builder adamBeta1(double beta1) {
      this.adamBeta1 = beta1;
      check();
      return this;
    }

    /** Adam's second-moment decay, in [0, 1). */
    public Builder adamBeta2(double beta2) {
      this.adamBeta2 = beta2;
      check();
      return this;
    }

    /** Adam's epsilon, finite and positive. */
    public Builder adamEpsilon(double epsilon) {
      this.adamEpsilon = epsilon;
      check();
      return this;
    }

    /** Seed of the shuffles and of the noise. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    private void check() {
      build();
    }

    /** The config. */
    public TrainingConfig build() {
      return new TrainingConfig(
          epochs, batchSize, learningRate, adamBeta1, adamBeta2, adamEpsilon, seed);
    }
  }
}
