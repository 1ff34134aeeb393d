package org.vae4j.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.core.internal.ArchitecturePlan;
import org.vae4j.core.internal.ModelCodec;
import org.vae4j.core.likelihood.Likelihood;
import org.vae4j.core.likelihood.Likelihoods;

/**
 * The full, immutable description of a model: what the builders produce and what a saved model
 * carries (as JSON, see {@link #toJson()} and {@link #fromJson(String)}). Validated on
 * construction; the arrays are copied in and out.
 *
 * <p><b>Limits.</b> Every size is bounded so that a config, whether built in code or read from a
 * file, is refused before anything is allocated: {@code latentDim} at most {@value
 * #MAX_LATENT_DIM}, each hidden size, conv channel count and {@code denseUnits} at most {@value
 * #MAX_WIDTH}, at most {@value #MAX_LAYERS} hidden layers or conv layers, at most {@value
 * #MAX_INPUT_SIZE} values per example, at most {@value #MAX_CLASSES} classes, and at most {@link
 * #maxParameters()} parameters in all ({@value #DEFAULT_MAX_PARAMETERS} unless the system property
 * {@value #MAX_PARAMETERS_PROPERTY} raises or lowers it). All sizes are multiplied in {@code long}
 * with overflow checks.
 *
 * @param kind which model this is
 * @param encoder MLP or convolutional encoder (the decoder mirrors it)
 * @param hidden hidden layer sizes of the MLP encoder, in encoder order (the decoder uses them
 *     reversed); empty for a conv encoder
 * @param channels output channels of the convolutions of the conv encoder (one layer each), in
 *     encoder order; empty for an MLP encoder
 * @param denseUnits width of the dense layer between the conv stack and the latent heads (conv
 *     only; 0 for MLP)
 * @param inputShape shape of one example without the batch dimension: {@code [C, H, W]}, or
 *     {@code [D]} for an MLP encoder
 * @param latentDim width of the latent space, at least 1
 * @param loss the reconstruction loss
 * @param beta weight of the KL term (1 for a plain VAE, 0 for an autoencoder)
 * @param seed seed of the parameter initialisation and of the model's own sampling generator
 * @param numClasses number of classes of a conditional VAE; 0 for the other kinds
 * @param convKernel kernel size of the conv encoder's convolutions and the decoder's transposed
 *     convolutions (see {@link LayerOptions}); 3 for an MLP encoder, and in a model file written
 *     before it existed
 * @param convStride their stride; 2 for an MLP encoder, and in older model files
 * @param leakyReluAlpha the negative slope of every hidden activation: 0 (ReLU, also in older
 *     model files) or LeakyReLU's in (0, 1)
 * @param table the columns of the table a {@code TABLE}-loss model encodes (its {@link
 *     TablePreprocessing}'s {@code columns()}, which give the likelihood its layout); empty for
 *     every other loss, and then left out of the JSON (older model files have none)
 * @param batchNorm whether every convolution of a conv encoder and every transposed convolution
 *     of its decoder (not the dense layers, not the output convolution) is followed by batch
 *     normalisation before its activation (conv, BN, activation: the PyTorch 64×64 model zoos');
 *     false for an MLP encoder (refused), and when absent from the JSON (older model files; a
 *     config without batch norm leaves it out, so its JSON is what older versions wrote)
 */
public record ModelConfig(
    Kind kind,
    EncoderKind encoder,
    int[] hidden,
    int[] channels,
    int denseUnits,
    long[] inputShape,
    int latentDim,
    LossKind loss,
    double beta,
    long seed,
    int numClasses,
    int convKernel,
    int convStride,
    double leakyReluAlpha,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ColumnEncoding> table,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean batchNorm) {

  /**
   * The layer settings beyond the sizes: the conv encoder's kernel size and stride (the decoder's
   * transposed convolutions mirror them; the padding is {@code (convKernel - 1) / 2}, see {@link
   * #convPadding()}) and the negative slope of every hidden activation ({@code 0}: ReLU, the
   * default; {@code alpha > 0}: LeakyReLU {@code max(x, alpha x)}).
   *
   * @param convKernel kernel size of the encoder's convolutions and the decoder's transposed
   *     convolutions, in [1, {@value #MAX_KERNEL}]; 3 for an MLP encoder
   * @param convStride their stride, in [1, convKernel]; 2 for an MLP encoder
   * @param leakyReluAlpha the activation's slope for negative inputs, in [0, 1)
   */
  public record LayerOptions(int convKernel, int convStride, double leakyReluAlpha) {

    /** 3×3 stride-2 convolutions and ReLU: the settings of every model before these options. */
    public static final LayerOptions DEFAULT = new LayerOptions(3, 2, 0.0);
    /** The largest kernel size. */
    public static final int MAX_KERNEL = 15;

    /** Validates the three values. */
    public LayerOptions {
      if (convKernel < 1 || convKernel > MAX_KERNEL) {
        throw new IllegalArgumentException(
            "convKernel must be in [1, " + MAX_KERNEL + "], got " + convKernel);
      }
      if (convStride < 1 || convStride > convKernel) {
        throw new IllegalArgumentException("convStride must be in [1, convKernel = " + convKernel
            + "], got " + convStride);
      }
      if (!(leakyReluAlpha >= 0 && leakyReluAlpha < 1)) {
        throw new IllegalArgumentException(
            "leakyReluAlpha must be in [0, 1), got " + leakyReluAlpha);
      }
    }

    /** The convolutions' padding on every side: {@code (convKernel - 1) / 2}. */
    @JsonIgnore
    public int convPadding() {
      return (convKernel - 1) / 2;
    }
  }

  /** A config with the {@link LayerOptions#DEFAULT} layer options (3×3 stride-2 convs, ReLU). */
  public ModelConfig(Kind kind, EncoderKind encoder, int[] hidden, int[] channels, int denseUnits,
      long[] inputShape, int latentDim, LossKind loss, double beta, long seed, int numClasses) {
    this(kind, encoder, hidden, channels, denseUnits, inputShape, latentDim, loss, beta, seed,
        numClasses, LayerOptions.DEFAULT, List.of());
  }

  /** A config with the given layer options and no table (every loss but {@code TABLE}). */
  public ModelConfig(Kind kind, EncoderKind encoder, int[] hidden, int[] channels, int denseUnits,
      long[] inputShape, int latentDim, LossKind loss, double beta, long seed, int numClasses,
      LayerOptions layerOptions) {
    this(kind, encoder, hidden, channels, denseUnits, inputShape, latentDim, loss, beta, seed,
        numClasses, layerOptions, List.of());
  }

  /** A config of a table ({@code TABLE} loss) with the {@link LayerOptions#DEFAULT} options. */
  public ModelConfig(Kind kind, EncoderKind encoder, int[] hidden, int[] channels, int denseUnits,
      long[] inputShape, int latentDim, LossKind loss, double beta, long seed, int numClasses,
      List<ColumnEncoding> table) {
    this(kind, encoder, hidden, channels, denseUnits, inputShape, latentDim, loss, beta, seed,
        numClasses, LayerOptions.DEFAULT, table);
  }

  /** A config with the given layer options and table columns (empty unless the loss is TABLE). */
  public ModelConfig(Kind kind, EncoderKind encoder, int[] hidden, int[] channels, int denseUnits,
      long[] inputShape, int latentDim, LossKind loss, double beta, long seed, int numClasses,
      LayerOptions layerOptions, List<ColumnEncoding> table) {
    this(kind, encoder, hidden, channels, denseUnits, inputShape, latentDim, loss, beta, seed,
        numClasses, layerOptions.convKernel(), layerOptions.convStride(),
        layerOptions.leakyReluAlpha(), table, false);
  }

  /**
   * A config of every component but batch norm ({@code batchNorm} false): the canonical
   * constructor before batch norm existed.
   */
  public ModelConfig(Kind kind, EncoderKind encoder, int[] hidden, int[] channels, int denseUnits,
      long[] inputShape, int latentDim, LossKind loss, double beta, long seed, int numClasses,
      int convKernel, int convStride, double leakyReluAlpha, List<ColumnEncoding> table) {
    this(kind, encoder, hidden, channels, denseUnits, inputShape, latentDim, loss, beta, seed,
        numClasses, convKernel, convStride, leakyReluAlpha, table, false);
  }

  /** This config with batch normalisation on ({@code true}) or off in its conv blocks. */
  public ModelConfig withBatchNorm(boolean on) {
    return new ModelConfig(kind, encoder, hidden, channels, denseUnits, inputShape, latentDim,
        loss, beta, seed, numClasses, convKernel, convStride, leakyReluAlpha, table, on);
  }

  /** The conv kernel, stride and activation slope together. */
  @JsonIgnore
  public LayerOptions layerOptions() {
    return new LayerOptions(convKernel, convStride, leakyReluAlpha);
  }

  /** The three model kinds. */
  public enum Kind {
    /** A deterministic autoencoder: no KL term, no noise. */
    AUTOENCODER,
    /** A (beta-)VAE with a Gaussian posterior and a N(0, I) prior. */
    VAE,
    /** A conditional VAE: the one-hot class label joins encoder and decoder inputs. */
    CONDITIONAL_VAE
  }

  /** The encoder family; the decoder mirrors it. */
  public enum EncoderKind {
    /** Dense ReLU layers on the flattened input. */
    MLP,
    /** Convolutions (3×3 stride 2 unless the layer options say otherwise), then one dense layer. */
    CONV
  }

  /**
   * The reconstruction loss: the name of a registered {@link Likelihood} (see {@link Likelihoods}),
   * stored in a model file's config as that name. Two values with the same name are equal; {@link
   * #of(String)} returns the same object for a name every time.
   */
  public static final class LossKind {

    private static final java.util.concurrent.ConcurrentHashMap<String, LossKind> INTERNED =
        new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Bernoulli: binary cross-entropy from logits, exactly {@code -log p(x|z)}; {@code decode}
     * returns sigmoid(logits). Data in [0, 1].
     */
    public static final LossKind BCE = of("BCE");

    /**
     * Gaussian of fixed variance ½: the sum of squared errors, which is {@code -log p(x|z)} up to
     * {@code ½ log(π)} per data value; {@code decode} returns values. (Models saved before the
     * variance was stated trained on the same loss, so they keep their meaning.)
     */
    public static final LossKind MSE = of("MSE");

    /**
     * Gaussian with a learned, bounded variance per data value: the decoder outputs a mean and a
     * log-variance for every value; {@code decode} returns the means.
     */
    public static final LossKind LEARNED_VARIANCE_GAUSSIAN = of("LEARNED_VARIANCE_GAUSSIAN");

    /**
     * The per-column likelihood of an encoded table ({@link Likelihoods#table(List)}): a learned-
     * variance Gaussian per numeric column, a Bernoulli per binary column, a softmax per
     * categorical block; missing values (NaN) are masked out. The config's {@code table} holds the
     * columns; set both with {@code Vae.builder().table(preprocessing)}.
     */
    public static final LossKind TABLE = of("TABLE");

    private final String name;

    private LossKind(String name) {
      this.name = name;
    }

    /**
     * The loss registered as {@code name} ({@link Likelihoods#names()}).
     *
     * @throws IllegalArgumentException naming the registered names when {@code name} is not one
     */
    @JsonCreator
    public static LossKind of(String name) {
      Likelihoods.of(name);
      return INTERNED.computeIfAbsent(name, LossKind::new);
    }

    /** Every registered loss, sorted by name. */
    public static LossKind[] values() {
      return Likelihoods.names().stream().map(LossKind::of).toArray(LossKind[]::new);
    }

    /** The name, as stored in a model file. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String name() {
      return name;
    }

    /** The likelihood this loss names. */
    @JsonIgnore
  public Likelihood likelihood() {
      return Likelihoods.of(name);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LossKind k && k.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The largest {@code latentDim}. */
  public static final int MAX_LATENT_DIM = 1 << 16;

  /** The largest hidden layer size, conv channel count or {@code denseUnits}. */
  public static final int MAX_WIDTH = 1 << 20;

  /** The most hidden layers of an MLP encoder, or conv layers of a conv encoder. */
  public static final int MAX_LAYERS = 100;

  /** The most values in one example (the product of {@code inputShape}). */
  public static final long MAX_INPUT_SIZE = 1L << 24;

  /** The most classes of a conditional VAE. */
  public static final int MAX_CLASSES = 1 << 16;

  /**
   * The system property that sets the largest parameter count a config may have (a whole number
   * {@code >= 1}); see {@link #maxParameters()}.
   */
  public static final String MAX_PARAMETERS_PROPERTY = "vae4j.maxParameters";

  /**
   * The default largest parameter count: 100 million (400 MB of float parameters, about 1.6 GB
   * while training with Adam), far above the models vae4j is built for.
   */
  public static final long DEFAULT_MAX_PARAMETERS = 100_000_000L;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Validates every field and the combinations of fields. */
  @JsonCreator
  public ModelConfig {
    Objects.requireNonNull(kind, "kind");
    LayerOptions layerOptions = new LayerOptions(convKernel, convStride, leakyReluAlpha);
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(loss, "loss");
    table = table == null ? List.of() : List.copyOf(table);
    if (loss.equals(LossKind.TABLE) != !table.isEmpty()) {
      throw new IllegalArgumentException(loss.equals(LossKind.TABLE)
          ? "a TABLE loss needs the table's columns (build with Vae.builder().table(preprocessing))"
          : "table columns are only for a TABLE loss, got loss " + loss.name());
    }
    if (!table.isEmpty()) {
      int w = new TablePreprocessing(table).width();
      if (encoder != EncoderKind.MLP || inputShape == null || inputShape.length != 1
          || inputShape[0] != w) {
        throw new IllegalArgumentException("a TABLE model needs an MLP encoder and inputShape ["
            + w + "] (the encoded width of its " + table.size() + " columns), got " + encoder
            + " encoder and inputShape " + Arrays.toString(inputShape));
      }
    }
    hidden = hidden == null ? new int[0] : hidden.clone();
    channels = channels == null ? new int[0] : channels.clone();
    Objects.requireNonNull(inputShape, "inputShape");
    inputShape = inputShape.clone();
    if (latentDim < 1) {
      throw new IllegalArgumentException("latentDim must be >= 1, got " + latentDim);
    }
    if (latentDim > MAX_LATENT_DIM) {
      throw new IllegalArgumentException(
          "latentDim must be <= " + MAX_LATENT_DIM + ", got " + latentDim);
    }
    if (inputShape.length != 1 && inputShape.length != 3) {
      throw new IllegalArgumentException(
          "inputShape must be [C, H, W] or [D], got " + Arrays.toString(inputShape));
    }
    long values = 1;
    for (long d : inputShape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "inputShape dimensions must be >= 1, got " + Arrays.toString(inputShape));
      }
      values = d > MAX_INPUT_SIZE ? MAX_INPUT_SIZE + 1 : Math.min(values * d, MAX_INPUT_SIZE + 1);
    }
    if (values > MAX_INPUT_SIZE) {
      throw new IllegalArgumentException("inputShape must hold at most " + MAX_INPUT_SIZE
          + " values per example, got " + Arrays.toString(inputShape));
    }
    if (hidden.length > MAX_LAYERS) {
      throw new IllegalArgumentException(
          "hidden must have at most " + MAX_LAYERS + " layers, got " + hidden.length);
    }
    for (int h : hidden) {
      if (h < 1 || h > MAX_WIDTH) {
        throw new IllegalArgumentException("hidden layer sizes must be in [1, " + MAX_WIDTH
            + "], got " + Arrays.toString(hidden));
      }
    }
    if (channels.length > MAX_LAYERS) {
      throw new IllegalArgumentException(
          "channels must have at most " + MAX_LAYERS + " layers, got " + channels.length);
    }
    for (int c : channels) {
      if (c < 1 || c > MAX_WIDTH) {
        throw new IllegalArgumentException(
            "channels must be in [1, " + MAX_WIDTH + "], got " + Arrays.toString(channels));
      }
    }
    if (denseUnits > MAX_WIDTH) {
      throw new IllegalArgumentException(
          "denseUnits must be <= " + MAX_WIDTH + ", got " + denseUnits);
    }
    if (encoder == EncoderKind.CONV) {
      if (inputShape.length != 3) {
        throw new IllegalArgumentException(
            "inputShape must be [C, H, W] for a conv encoder, got " + Arrays.toString(inputShape));
      }
      if (channels.length == 0) {
        throw new IllegalArgumentException("channels must not be empty for a conv encoder, got []");
      }
      if (denseUnits < 1) {
        throw new IllegalArgumentException("denseUnits must be >= 1, got " + denseUnits);
      }
      if (hidden.length != 0) {
        throw new IllegalArgumentException(
            "hidden must be empty for a conv encoder, got " + Arrays.toString(hidden));
      }
    } else if (channels.length != 0) {
      throw new IllegalArgumentException(
          "channels must be empty for an MLP encoder, got " + Arrays.toString(channels));
    } else if (batchNorm) {
      throw new IllegalArgumentException("batchNorm is only for a conv encoder (it normalises the"
          + " conv blocks' channels), got an MLP encoder; build without batchNorm(true)");
    } else if (layerOptions.convKernel() != LayerOptions.DEFAULT.convKernel()
        || layerOptions.convStride() != LayerOptions.DEFAULT.convStride()) {
      throw new IllegalArgumentException("convKernel and convStride must be the defaults "
          + LayerOptions.DEFAULT.convKernel() + " and " + LayerOptions.DEFAULT.convStride()
          + " for an MLP encoder, got " + layerOptions.convKernel() + " and "
          + layerOptions.convStride());
    }
    if (!Double.isFinite(beta) || beta < 0) {
      throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
    }
    if (kind == Kind.AUTOENCODER && beta != 0) {
      throw new IllegalArgumentException("beta must be 0 for an autoencoder, got " + beta);
    }
    if (kind == Kind.CONDITIONAL_VAE && numClasses < 2) {
      throw new IllegalArgumentException(
          "numClasses must be >= 2 for a conditional VAE, got " + numClasses);
    }
    if (kind != Kind.CONDITIONAL_VAE && numClasses != 0) {
      throw new IllegalArgumentException(
          "numClasses must be 0 for a " + kind + ", got " + numClasses);
    }
    if (numClasses > MAX_CLASSES) {
      throw new IllegalArgumentException(
          "numClasses must be <= " + MAX_CLASSES + ", got " + numClasses);
    }
    long limit = maxParameters();
    long count;
    try {
      count = countParameters(kind, encoder, hidden, channels, denseUnits, inputShape, latentDim,
          numClasses, loss.likelihood().outputsPerValue(), layerOptions, batchNorm);
    } catch (ArithmeticException e) {
      count = Long.MAX_VALUE;
    }
    if (count > limit) {
      throw new IllegalArgumentException("parameter count must be <= " + limit + " (raise it with -D"
          + MAX_PARAMETERS_PROPERTY + "=N), got " + (count == Long.MAX_VALUE ? "more than " : "")
          + count + " for " + encoder + " encoder " + Arrays.toString(
              encoder == EncoderKind.CONV ? channels : hidden)
          + (encoder == EncoderKind.CONV ? " dense " + denseUnits : "") + ", inputShape "
          + Arrays.toString(inputShape) + ", latentDim " + latentDim
          + (numClasses > 0 ? ", numClasses " + numClasses : ""));
    }
  }

  /**
   * The largest parameter count a config may have: the system property {@value
   * #MAX_PARAMETERS_PROPERTY} when set (read at every call), else {@value #DEFAULT_MAX_PARAMETERS}.
   *
   * @throws IllegalArgumentException when the property is set but is not a whole number {@code >= 1}
   */
  public static long maxParameters() {
    String v = System.getProperty(MAX_PARAMETERS_PROPERTY);
    if (v == null) {
      return DEFAULT_MAX_PARAMETERS;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("system property " + MAX_PARAMETERS_PROPERTY
        + " must be a whole number >= 1, got '" + v + "'");
  }

  /**
   * The number of scalar parameters (weights and biases, and batch norm's gamma and beta; not its
   * running statistics, which are state) of the model this config describes:
   * exactly what a model built from it allocates. A pure function of the config, computed in
   * {@code long}; never above {@link #maxParameters()} at construction.
   */
  @JsonIgnore
  public long parameterCount() {
    return countParameters(kind, encoder, hidden, channels, denseUnits, inputShape, latentDim,
        numClasses, loss.likelihood().outputsPerValue(), layerOptions(), batchNorm);
  }

  /**
   * Weights and biases of every layer: the sizes of the {@link ArchitecturePlan}'s arrays.
   *
   * @throws ArithmeticException when the count does not fit in a long
   */
  private static long countParameters(Kind kind, EncoderKind encoder, int[] hidden,
      int[] channels, int denseUnits, long[] inputShape, int latentDim, int numClasses,
      int outputsPerValue, LayerOptions layerOptions, boolean batchNorm) {
    return ArchitecturePlan.of(kind, encoder, hidden, channels, denseUnits, inputShape, latentDim,
        numClasses, outputsPerValue, layerOptions, batchNorm).parameterCount();
  }

  /** Hidden layer sizes of the MLP encoder (a copy). */
  @Override
  public int[] hidden() {
    return hidden.clone();
  }

  /** Conv channels (a copy). */
  @Override
  public int[] channels() {
    return channels.clone();
  }

  /** Shape of one example (a copy). */
  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  /** Number of values in one example: the product of {@link #inputShape()}. */
  @JsonIgnore
  public long inputSize() {
    long n = 1;
    for (long d : inputShape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** True for the models with a stochastic encoder and a KL term (VAE and conditional VAE). */
  @JsonIgnore
  public boolean isVariational() {
    return kind != Kind.AUTOENCODER;
  }

  /**
   * Reads the config stored in a model file (written by any model's {@code save}) without loading
   * its parameters. The file is read as untrusted: its entries are bounded and the config is
   * validated, limits included.
   *
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws ModelFormatException naming the file when it is not a model file or its config is
   *     invalid
   */
  public static ModelConfig readFrom(Path modelFile) throws IOException {
    Objects.requireNonNull(modelFile, "modelFile");
    return ModelCodec.readConfig(modelFile);
  }

  /**
   * The likelihood the model trains and scores with: the loss's registered likelihood, or for a
   * {@code TABLE} loss the table likelihood of the config's columns.
   */
  @JsonIgnore
  public Likelihood likelihood() {
    return table.isEmpty() ? loss.likelihood() : Likelihoods.table(table);
  }

  /** The table preprocessing of a {@code TABLE} model (its columns), empty for other models. */
  @JsonIgnore
  public java.util.Optional<TablePreprocessing> tablePreprocessing() {
    return table.isEmpty() ? java.util.Optional.empty()
        : java.util.Optional.of(new TablePreprocessing(table));
  }

  /** This config as indented JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise model config", e);
    }
  }

  /**
   * Reads a config written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException when the text is not a valid config
   */
  public static ModelConfig fromJson(String json) {
    try {
      com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(json);
      if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
        // configs written before the layer options existed: 3x3 stride-2 convolutions, ReLU
        if (!o.has("convKernel")) {
          o.put("convKernel", LayerOptions.DEFAULT.convKernel());
        }
        if (!o.has("convStride")) {
          o.put("convStride", LayerOptions.DEFAULT.convStride());
        }
        if (!o.has("leakyReluAlpha")) {
          o.put("leakyReluAlpha", LayerOptions.DEFAULT.leakyReluAlpha());
        }
        // configs written before batch norm existed: none
        if (!o.has("batchNorm")) {
          o.put("batchNorm", false);
        }
      }
      return JSON.treeToValue(tree, ModelConfig.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new IllegalArgumentException("not a model config: " + cause.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelConfig c
        && kind == c.kind
        && encoder == c.encoder
        && Arrays.equals(hidden, c.hidden)
        && Arrays.equals(channels, c.channels)
        && denseUnits == c.denseUnits
        && Arrays.equals(inputShape, c.inputShape)
        && latentDim == c.latentDim
        && loss.equals(c.loss)
        && Double.compare(beta, c.beta) == 0
        && seed == c.seed
        && numClasses == c.numClasses
        && convKernel == c.convKernel
        && convStride == c.convStride
        && Double.compare(leakyReluAlpha, c.leakyReluAlpha) == 0
        && table.equals(c.table)
        && batchNorm == c.batchNorm;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        kind, encoder, Arrays.hashCode(hidden), Arrays.hashCode(channels), denseUnits,
        Arrays.hashCode(inputShape), latentDim, loss, beta, seed, numClasses, convKernel,
        convStride, leakyReluAlpha, table, batchNorm);
  }

  @Override
  public String toString() {
    return "ModelConfig[kind=" + kind + ", encoder=" + encoder + ", hidden=" + Arrays.toString(hidden)
        + ", channels=" + Arrays.toString(channels) + ", denseUnits=" + denseUnits + ", inputShape="
        + Arrays.toString(inputShape) + ", latentDim=" + latentDim + ", loss=" + loss + ", beta="
        + beta + ", seed=" + seed + ", numClasses=" + numClasses + ", convKernel=" + convKernel + ", convStride="
        + convStride + ", leakyReluAlpha=" + leakyReluAlpha
        + (table.isEmpty() ? "" : ", table=" + table.size() + " columns")
        + (batchNorm ? ", batchNorm=true" : "") + "]";
  }
}
