package org.vae4j.core;

import java.util.Arrays;

/**
 * The options every model builder shares. Defaults: an MLP encoder with hidden sizes {@code [512,
 * 256]}, input shape {@code [1, 28, 28]} (one MNIST-sized channel), latent dimension 2, BCE loss,
 * seed 42; for {@link #convEncoder()} channels {@code [32, 64]} and {@link #denseUnits(int)} 16.
 * Each setter checks its own value at once ({@code IllegalArgumentException} naming the field and
 * the value); checks across fields happen in {@code build()}.
 *
 * @param <B> the concrete builder type, returned by every setter
 */
public abstract class ModelBuilder<B extends ModelBuilder<B>> {

  private static final long[] DEFAULT_INPUT_SHAPE = {1, 28, 28};
  private static final int[] DEFAULT_HIDDEN = {512, 256};
  private static final int[] DEFAULT_CHANNELS = {32, 64};
  /** Default width of the conv path's dense layer. */
  public static final int DEFAULT_DENSE_UNITS = 16;
  /** Default input shape {@code [C, H, W]}: one channel of 28×28 pixels (a copy). */
  public static long[] defaultInputShape() {
    return DEFAULT_INPUT_SHAPE.clone();
  }

  /** Default hidden sizes of the MLP encoder (a copy). */
  public static int[] defaultHidden() {
    return DEFAULT_HIDDEN.clone();
  }

  /** Default channels of the conv encoder (a copy). */
  public static int[] defaultChannels() {
    return DEFAULT_CHANNELS.clone();
  }

  /** Default latent dimension. */
  public static final int DEFAULT_LATENT_DIM = 2;
  /** Default seed. */
  public static final long DEFAULT_SEED = 42;

  ModelConfig.EncoderKind encoder = ModelConfig.EncoderKind.MLP;
  int[] hidden = DEFAULT_HIDDEN.clone();
  int[] channels = DEFAULT_CHANNELS.clone();
  int denseUnits = DEFAULT_DENSE_UNITS;
  long[] inputShape = DEFAULT_INPUT_SHAPE.clone();
  int latentDim = DEFAULT_LATENT_DIM;
  ModelConfig.LossKind loss = ModelConfig.LossKind.BCE;
  java.util.List<org.vae4j.api.table.ColumnEncoding> table = java.util.List.of();
  long seed = DEFAULT_SEED;
  int convKernel = ModelConfig.LayerOptions.DEFAULT.convKernel();
  int convStride = ModelConfig.LayerOptions.DEFAULT.convStride();
  double leakyReluAlpha = ModelConfig.LayerOptions.DEFAULT.leakyReluAlpha();
  boolean batchNorm;

  ModelBuilder() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** A convolutional encoder with the classic channels {@code [32, 64]}. */
  public B convEncoder() {
    return convEncoder(DEFAULT_CHANNELS);
  }

  /**
   * A convolutional encoder: one convolution with ReLU per entry of {@code channels} (its output
   * channels; 3×3 stride 2 pad 1 unless {@link #convKernel(int)} and {@link #convStride(int)} say
   * otherwise), then a dense ReLU layer of {@link #denseUnits(int)} units. The decoder mirrors it
   * and reproduces the input's exact size.
   */
  public B convEncoder(int... channels) {
    if (channels == null || channels.length == 0) {
      throw new IllegalArgumentException("channels must not be empty, got "
          + (channels == null ? "null" : "[]"));
    }
    for (int c : channels) {
      if (c < 1) {
        throw new IllegalArgumentException(
            "channels must be >= 1, got " + Arrays.toString(channels));
      }
    }
    this.encoder = ModelConfig.EncoderKind.CONV;
    this.channels = channels.clone();
    return self();
  }

  /**
   * Kernel size of the conv encoder's convolutions and of the decoder's transposed convolutions
   * (conv encoder only), in [1, {@value ModelConfig.LayerOptions#MAX_KERNEL}]. Default 3. The
   * padding is {@code (kernel - 1) / 2}: {@code convKernel(4).convStride(2)} halves each side
   * exactly, as the PyTorch model zoos' {@code Conv2d(k=4, s=2, p=1)}. {@code build()} refuses a
   * kernel, stride and depth the input size cannot take, naming the layer and the sizes.
   */
  public B convKernel(int kernel) {
    if (kernel < 1 || kernel > ModelConfig.LayerOptions.MAX_KERNEL) {
      throw new IllegalArgumentException("convKernel must be in [1, "
          + ModelConfig.LayerOptions.MAX_KERNEL + "], got " + kernel);
    }
    this.convKernel = kernel;
    return self();
  }

  /** Stride of the conv encoder's convolutions (conv encoder only), in [1, convKernel]. Default 2. */
  public B convStride(int stride) {
    if (stride < 1) {
      throw new IllegalArgumentException("convStride must be >= 1, got " + stride);
    }
    this.convStride = stride;
    return self();
  }

  /**
   * LeakyReLU {@code max(x, alpha x)} instead of ReLU after every hidden layer (dense, conv and
   * transposed conv, encoder and decoder), {@code alpha} in (0, 1); the PyTorch model zoos use
   * 0.2 or 0.01. Default: ReLU.
   */
  public B leakyRelu(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("leakyRelu alpha must be in (0, 1), got " + alpha);
    }
    this.leakyReluAlpha = alpha;
    return self();
  }

  /**
   * Batch normalisation in every conv block (conv encoder only): each convolution of the encoder
   * and each transposed convolution of the decoder except the output convolution is followed by
   * batch normalisation, then its activation (conv → BN → ReLU/LeakyReLU, the block of the PyTorch
   * 64×64 model zoos); the dense layers are not normalised. Training steps normalise with the
   * batch's statistics and update running statistics (PyTorch's momentum 0.1, eps 1e-5); every
   * other call (encode, decode, sample, validation, evaluation, anomaly scores) uses the running
   * statistics, which the model file and checkpoints carry. Default: off. {@code build()} refuses
   * it for an MLP encoder.
   */
  public B batchNorm(boolean on) {
    this.batchNorm = on;
    return self();
  }

  /** An MLP encoder with dense ReLU layers of the given sizes (may be empty: linear heads only). */
  public B mlpEncoder(int... hidden) {
    if (hidden == null) {
      throw new IllegalArgumentException("hidden must not be null, got null");
    }
    for (int h : hidden) {
      if (h < 1) {
        throw new IllegalArgumentException("hidden must be >= 1, got " + Arrays.toString(hidden));
      }
    }
    this.encoder = ModelConfig.EncoderKind.MLP;
    this.hidden = hidden.clone();
    return self();
  }

  /** Width of the dense layer after the conv stack (conv encoder only). Default 16. */
  public B denseUnits(int units) {
    if (units < 1) {
      throw new IllegalArgumentException("denseUnits must be >= 1, got " + units);
    }
    this.denseUnits = units;
    return self();
  }

  /**
   * Shape of one example: {@code [C, H, W]} (any encoder) or {@code [D]} (MLP encoder only).
   * Default {@code [1, 28, 28]}.
   */
  public B inputShape(long... dims) {
    if (dims == null || (dims.length != 1 && dims.length != 3)) {
      throw new IllegalArgumentException("inputShape must be [C, H, W] or [D], got "
          + (dims == null ? "null" : Arrays.toString(dims)));
    }
    for (long d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "inputShape dimensions must be >= 1, got " + Arrays.toString(dims));
      }
    }
    this.inputShape = dims.clone();
    return self();
  }

  /** Width of the latent space, at least 1. Default 2. */
  public B latentDim(int latentDim) {
    if (latentDim < 1) {
      throw new IllegalArgumentException("latentDim must be >= 1, got " + latentDim);
    }
    this.latentDim = latentDim;
    return self();
  }

  /**
   * Bernoulli likelihood: binary cross-entropy from logits, summed over data dimensions; {@code
   * decode} returns probabilities. The default.
   */
  public B bceLoss() {
    this.loss = ModelConfig.LossKind.BCE;
    return self();
  }

  /**
   * Gaussian likelihood of fixed variance ½: the sum of squared errors over data dimensions, which
   * is its negative log-density up to {@code ½ log(π)} per value; {@code decode} returns values (no
   * sigmoid).
   */
  public B mseLoss() {
    this.loss = ModelConfig.LossKind.MSE;
    return self();
  }

  /**
   * Any registered likelihood ({@link org.vae4j.core.likelihood.Likelihoods}), for example {@code
   * loss(ModelConfig.LossKind.LEARNED_VARIANCE_GAUSSIAN)}: a Gaussian whose decoder also outputs a
   * bounded log-variance per value.
   */
  public B loss(ModelConfig.LossKind loss) {
    this.loss = java.util.Objects.requireNonNull(loss, "loss");
    return self();
  }

  /**
   * A model of the rows of a table encoded by {@code preprocessing}: sets {@code inputShape} to its
   * encoded width and the loss to {@link ModelConfig.LossKind#TABLE} (a learned-variance Gaussian
   * per numeric column, a Bernoulli per binary column, a softmax per categorical block, missing
   * values masked), and stores the preprocessing in the config, so a saved model file carries it
   * ({@code model.config().tablePreprocessing()}). Needs an MLP encoder.
   */
  public B table(org.vae4j.api.table.TablePreprocessing preprocessing) {
    java.util.Objects.requireNonNull(preprocessing, "preprocessing");
    this.table = preprocessing.columns();
    this.inputShape = new long[] {preprocessing.width()};
    this.loss = ModelConfig.LossKind.TABLE;
    return self();
  }

  /** Seed of the parameter initialisation and of the model's own sampling generator. */
  public B seed(long seed) {
    this.seed = seed;
    return self();
  }

  ModelConfig config(ModelConfig.Kind kind, double beta, int numClasses) {
    boolean conv = encoder == ModelConfig.EncoderKind.CONV;
    ModelConfig.LayerOptions options = new ModelConfig.LayerOptions(
        conv ? convKernel : ModelConfig.LayerOptions.DEFAULT.convKernel(),
        conv ? convStride : ModelConfig.LayerOptions.DEFAULT.convStride(), leakyReluAlpha);
    return new ModelConfig(kind, encoder, conv ? new int[0] : hidden, conv ? channels : new int[0],
        conv ? denseUnits : 0, inputShape, latentDim, loss, beta, seed, numClasses, options,
        loss.equals(ModelConfig.LossKind.TABLE) ? table : java.util.List.of())
        .withBatchNorm(batchNorm);
  }

  static double checkBeta(double beta) {
    if (!Double.isFinite(beta) || beta < 0) {
      throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
    }
    return beta;
  }
}
