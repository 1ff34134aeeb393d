package org.vae4j.core.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Immutable settings of a training run, validated on construction. Build with {@link #builder()}:
 * each setter checks its own value at once, {@code build()} the combinations, so setters may be
 * called in any order. Defaults: 10 epochs, batch size 128, Adam with learning rate 1e-3, beta1
 * 0.9, beta2 0.999, epsilon 1e-8, seed 0, no KL warm-up, no early stopping, no checkpoints, no
 * gradient clipping.
 * Validation data is not part of the config: it is passed to {@code fit} next to the training data.
 *
 * @param epochs number of passes over the data (the last epoch number when resuming), at least 1
 * @param batchSize examples per step, at least 1 (the last batch of an epoch may be smaller)
 * @param learningRate Adam step size, finite and positive
 * @param adamBeta1 Adam's first-moment decay, in [0, 1)
 * @param adamBeta2 Adam's second-moment decay, in [0, 1)
 * @param adamEpsilon Adam's denominator offset, finite and positive
 * @param seed seed of the run: the per-epoch shuffles and the per-step reparameterization noise
 *     are derived from it (and from the epoch and step numbers), so a seed reproduces a run
 * @param klWarmupEpochs KL warm-up over this many epochs (0 = none); see {@link #klWeight}
 * @param klWarmupSteps KL warm-up over this many steps (0 = none); at most one of the two warm-ups
 *     may be set
 * @param earlyStoppingPatience stop after this many epochs in a row without an improvement of the
 *     monitored loss by more than {@code earlyStoppingMinDelta} (0 = no early stopping); see
 *     {@link EarlyStopping}
 * @param earlyStoppingMinDelta how much the monitored loss must fall to count as an improvement,
 *     finite and {@code >= 0}
 * @param restoreBestWeights at the end of the run, put back the parameters of the epoch with the
 *     best monitored loss (also without early stopping)
 * @param checkpointDirectory where checkpoints are written, or {@code null} for none
 * @param checkpointEvery write a checkpoint every this many epochs (and after the last epoch), at
 *     least 1
 * @param checkpointKeep how many of the newest checkpoints to keep, at least 1
 * @param clipGradientNorm clip the gradient of all parameters together to this global L2 norm
 *     before each update (0 = no clipping), finite and {@code >= 0}
 * @param optimizer the update rule: {@link Optimizer#ADAM} (default) or plain {@link
 *     Optimizer#SGD} with the same learning rate (the Adam settings are then unused)
 * @param denoisingMaskRate the probability, in {@code [0, 1)}, with which each observed value of a
 *     training batch is hidden from the encoder in a step (it sees the value as missing, 0), while
 *     the likelihood still scores it: denoising training, so the encoder learns to infer the
 *     latent code from incomplete rows and the decoder to fill them (0 = off, the default). Only
 *     for a model whose likelihood accepts missing values ({@code TABLE}); see docs/tabular.md
 */
public record TrainingOptions(
    int epochs,
    int batchSize,
    double learningRate,
    double adamBeta1,
    double adamBeta2,
    double adamEpsilon,
    long seed,
    int klWarmupEpochs,
    long klWarmupSteps,
    int earlyStoppingPatience,
    double earlyStoppingMinDelta,
    boolean restoreBestWeights,
    Path checkpointDirectory,
    int checkpointEvery,
    int checkpointKeep,
    double clipGradientNorm,
    Optimizer optimizer,
    double denoisingMaskRate) {

  /** The update rule applied to the parameters after each step. */
  public enum Optimizer {
    /** Adam (Kingma and Ba), the default: see docs/training.md for the exact formula. */
    ADAM,
    /** Plain stochastic gradient descent, {@code p -= learningRate * g}: no optimiser state. */
    SGD
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Checks every field and the combinations. */
  public TrainingOptions {
    atLeast("epochs", epochs, 1);
    atLeast("batchSize", batchSize, 1);
    positive("learningRate", learningRate);
    decay("adamBeta1", adamBeta1);
    decay("adamBeta2", adamBeta2);
    positive("adamEpsilon", adamEpsilon);
    atLeast("klWarmupEpochs", klWarmupEpochs, 0);
    atLeast("klWarmupSteps", klWarmupSteps, 0);
    Objects.requireNonNull(optimizer, "optimizer");
    if (klWarmupEpochs > 0 && klWarmupSteps > 0) {
      throw new IllegalArgumentException("klWarmupEpochs and klWarmupSteps must not both be set, got "
          + klWarmupEpochs + " and " + klWarmupSteps);
    }
    atLeast("earlyStoppingPatience", earlyStoppingPatience, 0);
    nonNegative("earlyStoppingMinDelta", earlyStoppingMinDelta);
    atLeast("checkpointEvery", checkpointEvery, 1);
    atLeast("checkpointKeep", checkpointKeep, 1);
    nonNegative("clipGradientNorm", clipGradientNorm);
    maskRate(denoisingMaskRate);
  }

  /** The options of the fields before {@code denoisingMaskRate}, with it 0 (off). */
  public TrainingOptions(int epochs, int batchSize, double learningRate, double adamBeta1,
      double adamBeta2, double adamEpsilon, long seed, int klWarmupEpochs, long klWarmupSteps,
      int earlyStoppingPatience, double earlyStoppingMinDelta, boolean restoreBestWeights,
      Path checkpointDirectory, int checkpointEvery, int checkpointKeep, double clipGradientNorm,
      Optimizer optimizer) {
    this(epochs, batchSize, learningRate, adamBeta1, adamBeta2, adamEpsilon, seed, klWarmupEpochs,
        klWarmupSteps, earlyStoppingPatience, earlyStoppingMinDelta, restoreBestWeights,
        checkpointDirectory, checkpointEvery, checkpointKeep, clipGradientNorm, optimizer, 0.0);
  }

  private static void maskRate(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("denoisingMaskRate must be in [0, 1), got " + rate);
    }
  }

  private static void atLeast(String field, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
    }
  }

  private static void positive(String field, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be finite and > 0, got " + value);
    }
  }

  private static void nonNegative(String field, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be finite and >= 0, got " + value);
    }
  }

  private static void decay(String field, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(field + " must be in [0, 1), got " + value);
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values (for example to resume with more epochs). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.adamBeta1 = adamBeta1;
    b.adamBeta2 = adamBeta2;
    b.adamEpsilon = adamEpsilon;
    b.seed = seed;
    b.klWarmupEpochs = klWarmupEpochs;
    b.klWarmupSteps = klWarmupSteps;
    b.earlyStoppingPatience = earlyStoppingPatience;
    b.earlyStoppingMinDelta = earlyStoppingMinDelta;
    b.restoreBestWeights = restoreBestWeights;
    b.checkpointDirectory = checkpointDirectory;
    b.checkpointEvery = checkpointEvery;
    b.checkpointKeep = checkpointKeep;
    b.clipGradientNorm = clipGradientNorm;
    b.optimizer = optimizer;
    b.denoisingMaskRate = denoisingMaskRate;
    return b;
  }

  /**
   * The KL weight in force for step {@code step} (counted from 1 over the whole run) of epoch
   * {@code epoch} (counted from 1), for a model whose configured KL weight is {@code modelBeta}.
   * Without warm-up it is {@code modelBeta}. With {@code klWarmupEpochs = N} it is {@code modelBeta
   * * min(1, (epoch - 1) / N)}, constant within an epoch: 0 in epoch 1, full from epoch N + 1. With
   * {@code klWarmupSteps = N} it is {@code modelBeta * min(1, (step - 1) / N)}: 0 at step 1, full
   * from step N + 1.
   *
   * @throws IllegalArgumentException for an epoch or step below 1, or a negative or non-finite beta
   */
  public double klWeight(double modelBeta, int epoch, long step) {
    if (!(modelBeta >= 0) || !Double.isFinite(modelBeta)) {
      throw new IllegalArgumentException("modelBeta must be finite and >= 0, got " + modelBeta);
    }
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
    if (step < 1) {
      throw new IllegalArgumentException("step must be >= 1, got " + step);
    }
    if (klWarmupEpochs > 0) {
      return modelBeta * Math.min(1.0, (epoch - 1) / (double) klWarmupEpochs);
    }
    if (klWarmupSteps > 0) {
      return modelBeta * Math.min(1.0, (step - 1) / (double) klWarmupSteps);
    }
    return modelBeta;
  }

  /** The config as JSON (the checkpoint directory as a string or null). */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("epochs", epochs);
    n.put("batchSize", batchSize);
    n.put("learningRate", learningRate);
    n.put("adamBeta1", adamBeta1);
    n.put("adamBeta2", adamBeta2);
    n.put("adamEpsilon", adamEpsilon);
    n.put("seed", seed);
    n.put("klWarmupEpochs", klWarmupEpochs);
    n.put("klWarmupSteps", klWarmupSteps);
    n.put("earlyStoppingPatience", earlyStoppingPatience);
    n.put("earlyStoppingMinDelta", earlyStoppingMinDelta);
    n.put("restoreBestWeights", restoreBestWeights);
    n.put("checkpointDirectory", checkpointDirectory == null ? null : checkpointDirectory.toString());
    n.put("checkpointEvery", checkpointEvery);
    n.put("checkpointKeep", checkpointKeep);
    n.put("clipGradientNorm", clipGradientNorm);
    n.put("optimizer", optimizer.name());
    n.put("denoisingMaskRate", denoisingMaskRate);
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise training config", e);
    }
  }

  /**
   * Reads a config written by {@link #toJson()}; every field is required and checked, except
   * {@code optimizer} (absent in files written before it existed: Adam) and {@code
   * denoisingMaskRate} (absent before it existed: 0).
   *
   * @throws IllegalArgumentException for malformed JSON, a missing field or an invalid value
   */
  public static TrainingOptions fromJson(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a training config: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a training config: expected a JSON object");
    }
    JsonNode dir = field(n, "checkpointDirectory");
    return new TrainingOptions(
        field(n, "epochs").asInt(),
        field(n, "batchSize").asInt(),
        field(n, "learningRate").asDouble(),
        field(n, "adamBeta1").asDouble(),
        field(n, "adamBeta2").asDouble(),
        field(n, "adamEpsilon").asDouble(),
        field(n, "seed").asLong(),
        field(n, "klWarmupEpochs").asInt(),
        field(n, "klWarmupSteps").asLong(),
        field(n, "earlyStoppingPatience").asInt(),
        field(n, "earlyStoppingMinDelta").asDouble(),
        field(n, "restoreBestWeights").asBoolean(),
        dir.isNull() ? null : Path.of(dir.asText()),
        field(n, "checkpointEvery").asInt(),
        field(n, "checkpointKeep").asInt(),
        field(n, "clipGradientNorm").asDouble(),
        optimizer(n.get("optimizer")),
        n.has("denoisingMaskRate") ? n.get("denoisingMaskRate").asDouble() : 0.0);
  }

  private static Optimizer optimizer(JsonNode v) {
    if (v == null || v.isNull()) {
      return Optimizer.ADAM;
    }
    try {
      return Optimizer.valueOf(v.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("optimizer must be one of "
          + java.util.Arrays.toString(Optimizer.values()) + ", got " + v.asText(), e);
    }
  }

  private static JsonNode field(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null) {
      throw new IllegalArgumentException("training config JSON must have field " + name + ", got none");
    }
    return v;
  }

  /** Builds a {@link TrainingOptions}; each setter checks its value at once. */
  public static final class Builder {
    private int epochs = 10;
    private int batchSize = 128;
    private double learningRate = 1e-3;
    private double adamBeta1 = 0.9;
    private double adamBeta2 = 0.999;
    private double adamEpsilon = 1e-8;
    private long seed;
    private int klWarmupEpochs;
    private long klWarmupSteps;
    private int earlyStoppingPatience;
    private double earlyStoppingMinDelta;
    private boolean restoreBestWeights;
    private Path checkpointDirectory;
    private int checkpointEvery = 1;
    private int checkpointKeep = 3;
    private double clipGradientNorm;
    private Optimizer optimizer = Optimizer.ADAM;
    private double denoisingMaskRate;

    private Builder() {}

    /** Number of epochs, at least 1. Default 10. */
    public Builder epochs(int epochs) {
      atLeast("epochs", epochs, 1);
      this.epochs = epochs;
      return this;
    }

    /** Examples per step, at least 1. Default 128. */
    public Builder batchSize(int batchSize) {
      atLeast("batchSize", batchSize, 1);
      this.batchSize = batchSize;
      return this;
    }

    /** The step size (of Adam or SGD), finite and positive. Default 1e-3. */
    public Builder learningRate(double learningRate) {
      positive("learningRate", learningRate);
      this.learningRate = learningRate;
      return this;
    }

    /** Adam's first-moment decay, in [0, 1). Default 0.9. */
    public Builder adamBeta1(double beta1) {
      decay("adamBeta1", beta1);
      this.adamBeta1 = beta1;
      return this;
    }

    /** Adam's second-moment decay, in [0, 1). Default 0.999. */
    public Builder adamBeta2(double beta2) {
      decay("adamBeta2", beta2);
      this.adamBeta2 = beta2;
      return this;
    }

    /** Adam's epsilon, finite and positive. Default 1e-8. */
    public Builder adamEpsilon(double epsilon) {
      positive("adamEpsilon", epsilon);
      this.adamEpsilon = epsilon;
      return this;
    }

    /** Seed of the shuffles and of the noise. Default 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** KL warm-up over {@code epochs} epochs (0 = none); see {@link TrainingOptions#klWeight}. */
    public Builder klWarmupEpochs(int epochs) {
      atLeast("klWarmupEpochs", epochs, 0);
      this.klWarmupEpochs = epochs;
      return this;
    }

    /** KL warm-up over {@code steps} steps (0 = none); see {@link TrainingOptions#klWeight}. */
    public Builder klWarmupSteps(long steps) {
      atLeast("klWarmupSteps", steps, 0);
      this.klWarmupSteps = steps;
      return this;
    }

    /**
     * Early stopping: stop after {@code patience} epochs (at least 1) without the monitored loss
     * falling by more than {@code minDelta} (finite, {@code >= 0}); with {@code restoreBestWeights}
     * the best epoch's parameters are put back at the end. See {@link EarlyStopping}.
     */
    public Builder earlyStopping(int patience, double minDelta, boolean restoreBestWeights) {
      atLeast("earlyStoppingPatience", patience, 1);
      nonNegative("earlyStoppingMinDelta", minDelta);
      this.earlyStoppingPatience = patience;
      this.earlyStoppingMinDelta = minDelta;
      this.restoreBestWeights = restoreBestWeights;
      return this;
    }

    /** Put back the best epoch's parameters at the end of the run. Default false. */
    public Builder restoreBestWeights(boolean restore) {
      this.restoreBestWeights = restore;
      return this;
    }

    /**
     * Checkpoints into {@code directory} every {@code everyEpochs} epochs (at least 1) and after
     * the last epoch, keeping the newest {@code keepLast} (at least 1).
     */
    public Builder checkpoints(Path directory, int everyEpochs, int keepLast) {
      Objects.requireNonNull(directory, "directory");
      atLeast("checkpointEvery", everyEpochs, 1);
      atLeast("checkpointKeep", keepLast, 1);
      this.checkpointDirectory = directory;
      this.checkpointEvery = everyEpochs;
      this.checkpointKeep = keepLast;
      return this;
    }

    /** Checkpoints into {@code directory} after every epoch, keeping the newest 3. */
    public Builder checkpoints(Path directory) {
      return checkpoints(directory, 1, 3);
    }

    /** Clip the global gradient norm to {@code maxNorm} (finite, > 0; 0 turns clipping off). */
    public Builder clipGradientNorm(double maxNorm) {
      nonNegative("clipGradientNorm", maxNorm);
      this.clipGradientNorm = maxNorm;
      return this;
    }

    /** Adam (the default). */
    public Builder adam() {
      this.optimizer = Optimizer.ADAM;
      return this;
    }

    /** Plain SGD, {@code p -= learningRate * g}, instead of Adam. */
    public Builder sgd() {
      this.optimizer = Optimizer.SGD;
      return this;
    }

    /**
     * Denoising training (default 0, off): in each step every observed value of the batch is
     * hidden from the encoder with probability {@code rate}, in {@code [0, 1)} (drawn from the
     * run's seed and the step number), while the likelihood still scores it. For a model whose
     * likelihood accepts missing values ({@code TABLE}); others refuse it when training starts.
     */
    public Builder denoisingMaskRate(double rate) {
      maskRate(rate);
      this.denoisingMaskRate = rate;
      return this;
    }

    /** The config. */
    public TrainingOptions build() {
      return new TrainingOptions(epochs, batchSize, learningRate, adamBeta1, adamBeta2, adamEpsilon,
          seed, klWarmupEpochs, klWarmupSteps, earlyStoppingPatience, earlyStoppingMinDelta,
          restoreBestWeights, checkpointDirectory, checkpointEvery, checkpointKeep, clipGradientNorm,
          optimizer, denoisingMaskRate);
    }
  }
}
