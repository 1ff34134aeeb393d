package org.vae4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.vae4j.core.ModelBuilder;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.train.TrainingOptions;

/**
 * Trains a vae4j model on a Spark {@code Dataset}, data-parallel by parameter averaging, and
 * returns it as a {@link VaeModel}. The settings mirror the model builders ({@code modelKind},
 * {@code encoder}, {@code hidden}, {@code latentDim}, ...) and {@link TrainingOptions} ({@code
 * epochs}, {@code batchSize}, {@code learningRate}, ...); in Java, {@link
 * #setModelConfig(ModelConfig)} and {@link #setTrainingOptions(TrainingOptions)} set them all at
 * once. The column settings ({@link VaeParams}) carry over to the fitted model.
 *
 * <pre>{@code
 * VaeEstimator estimator = new VaeEstimator().setInputCol("pixels").setOutputCol("features")
 *     .setHidden(256).setLatentDim(16).setEpochs(10).setLocalSteps(16);
 * VaeModel model = estimator.fit(images);
 * }</pre>
 *
 * <p>How {@link #fit} trains: the input rows (and labels) are read once into blocks that stay
 * cached in the executors ({@code MEMORY_AND_DISK}, unpersisted at the end), repartitioned first
 * when {@link #numPartitions()} asks for it. An <em>epoch</em> is one pass of every partition
 * over its own rows, in batches of {@code batchSize}, in an order drawn from the seed. Each
 * <em>round</em> broadcasts the parameters, the optimiser state and the step counter; every
 * partition runs its next {@link #localSteps()} steps from them, and {@code treeAggregate} brings
 * the results back to the driver, which averages parameters and optimiser state, weighting each
 * partition by the rows it trained on in the round. An epoch takes {@code ceil(maxBatches / k)}
 * rounds, where {@code maxBatches} is the largest partition's batch count; partitions with fewer
 * batches sit out the rounds after their last. Partition 0 uses the run's seed, so that on a
 * single partition the run is exactly the single-node {@code fit} on the same rows in the same
 * order. The driver writes checkpoints as {@code fit} writes them (see {@link #checkpointDir()}),
 * so a single-node {@code resume} can continue a distributed run and {@link #resumeFrom()} a
 * single-node one. docs/spark.md says what averaging means for convergence.
 *
 * <p>Saves and loads with Spark ML persistence ({@link #write()}, {@link #load(String)}), also
 * inside a {@code Pipeline}.
 */
public final class VaeEstimator extends Estimator<VaeModel>
    implements VaeParams, DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  /** Default {@link #localSteps()}. */
  public static final int DEFAULT_LOCAL_STEPS = 16;

  private static final List<String> KINDS = List.of("vae", "autoencoder", "conditional");
  private static final List<String> ENCODERS = List.of("mlp", "conv");
  private static final List<String> LOSSES = List.of("bce", "mse");
  private static final List<String> OPTIMIZERS = List.of("adam", "sgd");

  private final String uid;

  // columns (VaeParams)
  private final Param<String> inputCol;
  private final Param<String> labelCol;
  private final Param<String> outputCol;
  private final Param<String> logVarCol;
  private final Param<String> reconstructionErrorCol;
  private final Param<String> logLikelihoodCol;
  private final IntParam importanceSamples;
  private final LongParam logLikelihoodSeed;
  // the model
  private final Param<String> modelKind;
  private final Param<String> encoder;
  private final IntArrayParam hidden;
  private final IntArrayParam channels;
  private final IntParam denseUnits;
  private final IntArrayParam inputShape;
  private final IntParam latentDim;
  private final Param<String> loss;
  private final DoubleParam beta;
  private final IntParam numClasses;
  private final LongParam modelSeed;
  // training
  private final IntParam epochs;
  private final IntParam batchSize;
  private final DoubleParam learningRate;
  private final Param<String> optimizer;
  private final DoubleParam adamBeta1;
  private final DoubleParam adamBeta2;
  private final DoubleParam adamEpsilon;
  private final LongParam seed;
  private final IntParam klWarmupEpochs;
  private final LongParam klWarmupSteps;
  private final DoubleParam clipGradientNorm;
  // distribution and checkpoints
  private final IntParam localSteps;
  private final IntParam numPartitions;
  private final IntParam aggregationDepth;
  private final Param<String> checkpointDir;
  private final IntParam checkpointEvery;
  private final IntParam checkpointKeep;
  private final Param<String> resumeFrom;

  /** An estimator with the default settings and a random uid. */
  public VaeEstimator() {
    this(Identifiable.randomUID("vaeEstimator"));
  }

  /** An estimator with the default settings and the stage id {@code uid} (for Spark's readers). */
  public VaeEstimator(String uid) {
    this.uid = Objects.requireNonNull(uid, "uid");
    // Params need the uid: created here, after it is set, never in field initialisers.
    inputCol = new Param<>(this, "inputCol", "input column: one flattened example per row, as a "
        + "vector, array<float> or array<double>");
    labelCol = new Param<>(this, "labelCol", "class-index column of a conditional VAE; empty for "
        + "the other models");
    outputCol = new Param<>(this, "outputCol", "the fitted model's output column of the posterior "
        + "means (vector)");
    logVarCol = new Param<>(this, "logVarCol", "the fitted model's output column of the posterior "
        + "log-variances (vector); empty for none");
    reconstructionErrorCol = new Param<>(this, "reconstructionErrorCol", "the fitted model's "
        + "output column of each row's reconstruction loss (double); empty for none");
    logLikelihoodCol = new Param<>(this, "logLikelihoodCol", "the fitted model's output column of "
        + "each row's importance-weighted log-likelihood estimate (double); empty for none");
    importanceSamples = new IntParam(this, "importanceSamples", "posterior samples of the fitted "
        + "model's log-likelihood estimate (>= 1)", ParamValidators.<Object>gtEq(1));
    logLikelihoodSeed = new LongParam(this, "logLikelihoodSeed", "seed of the fitted model's "
        + "log-likelihood estimate");

    modelKind = new Param<>(this, "modelKind", "the model: vae, autoencoder or conditional (a "
        + "conditional VAE: set numClasses and labelCol)", ParamValidators.inArray(KINDS));
    encoder = new Param<>(this, "encoder", "the encoder (the decoder mirrors it): mlp or conv",
        ParamValidators.inArray(ENCODERS));
    hidden = new IntArrayParam(this, "hidden", "hidden layer sizes of the mlp encoder, in encoder "
        + "order (each >= 1; may be empty)");
    channels = new IntArrayParam(this, "channels", "output channels of the conv encoder's stride-2 "
        + "3x3 convolutions, in encoder order (each >= 1)");
    denseUnits = new IntParam(this, "denseUnits", "width of the conv encoder's dense layer (>= 1)",
        ParamValidators.<Object>gtEq(1));
    inputShape = new IntArrayParam(this, "inputShape", "shape of one example: [C, H, W], or [D] "
        + "for the mlp encoder; a row holds its values flattened in row-major order");
    latentDim = new IntParam(this, "latentDim", "width of the latent space (>= 1)",
        ParamValidators.<Object>gtEq(1));
    loss = new Param<>(this, "loss", "the reconstruction loss: bce (Bernoulli, values in [0, 1]) "
        + "or mse (Gaussian of variance 1/2)", ParamValidators.inArray(LOSSES));
    beta = new DoubleParam(this, "beta", "weight of the KL term (>= 0; an autoencoder has none)",
        ParamValidators.<Object>gtEq(0));
    numClasses = new IntParam(this, "numClasses", "classes of a conditional VAE (>= 2); 0 for the "
        + "other models", ParamValidators.<Object>gtEq(0));
    modelSeed = new LongParam(this, "modelSeed", "seed of the model's parameter initialisation");

    epochs = new IntParam(this, "epochs", "passes over the data (>= 1): each partition passes "
        + "over its rows once per epoch", ParamValidators.<Object>gtEq(1));
    batchSize = new IntParam(this, "batchSize", "examples per training step in each partition "
        + "(>= 1)", ParamValidators.<Object>gtEq(1));
    learningRate = new DoubleParam(this, "learningRate", "step size of Adam or SGD (> 0)",
        ParamValidators.<Object>gt(0));
    optimizer = new Param<>(this, "optimizer", "the update rule: adam or sgd",
        ParamValidators.inArray(OPTIMIZERS));
    adamBeta1 = new DoubleParam(this, "adamBeta1", "Adam's first-moment decay, in [0, 1)",
        ParamValidators.<Object>inRange(0, 1, true, false));
    adamBeta2 = new DoubleParam(this, "adamBeta2", "Adam's second-moment decay, in [0, 1)",
        ParamValidators.<Object>inRange(0, 1, true, false));
    adamEpsilon = new DoubleParam(this, "adamEpsilon", "Adam's denominator offset (> 0)",
        ParamValidators.<Object>gt(0));
    seed = new LongParam(this, "seed", "seed of the shuffles and the reparameterization noise "
        + "(partition 0 uses it as it is, the others seeds drawn from it)");
    klWarmupEpochs = new IntParam(this, "klWarmupEpochs", "KL warm-up over this many epochs "
        + "(0 = none)", ParamValidators.<Object>gtEq(0));
    klWarmupSteps = new LongParam(this, "klWarmupSteps", "KL warm-up over this many steps "
        + "(0 = none)", ParamValidators.<Object>gtEq(0));
    clipGradientNorm = new DoubleParam(this, "clipGradientNorm", "clip each step's gradient to "
        + "this global L2 norm (0 = no clipping)", ParamValidators.<Object>gtEq(0));

    localSteps = new IntParam(this, "localSteps", "k: training steps each partition runs between "
        + "two averagings (>= 1)", ParamValidators.<Object>gtEq(1));
    numPartitions = new IntParam(this, "numPartitions", "repartition the rows into this many "
        + "partitions before training (0 = keep the input's partitions)",
        ParamValidators.<Object>gtEq(0));
    aggregationDepth = new IntParam(this, "aggregationDepth", "depth of the treeAggregate that "
        + "sums the partitions' results (>= 1)", ParamValidators.<Object>gtEq(1));
    checkpointDir = new Param<>(this, "checkpointDir", "a directory on the driver's file system "
        + "where the driver writes checkpoints at the ends of epochs; empty for none");
    checkpointEvery = new IntParam(this, "checkpointEvery", "write a checkpoint every this many "
        + "epochs and after the last (>= 1)", ParamValidators.<Object>gtEq(1));
    checkpointKeep = new IntParam(this, "checkpointKeep", "keep the newest this many checkpoints "
        + "of the run (>= 1)", ParamValidators.<Object>gtEq(1));
    resumeFrom = new Param<>(this, "resumeFrom", "a checkpoint file (of fit or of this estimator) "
        + "on the driver's file system to continue from; empty to start afresh");

    setDefault(labelCol, "");
    setDefault(outputCol, "latentMean");
    setDefault(logVarCol, "");
    setDefault(reconstructionErrorCol, "");
    setDefault(logLikelihoodCol, "");
    setDefault(importanceSamples, 100);
    setDefault(logLikelihoodSeed, 0L);

    setDefault(modelKind, "vae");
    setDefault(encoder, "mlp");
    setDefault(hidden, ModelBuilder.defaultHidden());
    setDefault(channels, ModelBuilder.defaultChannels());
    setDefault(denseUnits, ModelBuilder.DEFAULT_DENSE_UNITS);
    setDefault(inputShape, ints("inputShape", ModelBuilder.defaultInputShape()));
    setDefault(latentDim, ModelBuilder.DEFAULT_LATENT_DIM);
    setDefault(loss, "bce");
    setDefault(beta, 1.0);
    setDefault(numClasses, 0);
    setDefault(modelSeed, ModelBuilder.DEFAULT_SEED);

    TrainingOptions d = TrainingOptions.builder().build();
    setDefault(epochs, d.epochs());
    setDefault(batchSize, d.batchSize());
    setDefault(learningRate, d.learningRate());
    setDefault(optimizer, "adam");
    setDefault(adamBeta1, d.adamBeta1());
    setDefault(adamBeta2, d.adamBeta2());
    setDefault(adamEpsilon, d.adamEpsilon());
    setDefault(seed, d.seed());
    setDefault(klWarmupEpochs, d.klWarmupEpochs());
    setDefault(klWarmupSteps, d.klWarmupSteps());
    setDefault(clipGradientNorm, d.clipGradientNorm());

    setDefault(localSteps, DEFAULT_LOCAL_STEPS);
    setDefault(numPartitions, 0);
    setDefault(aggregationDepth, 2);
    setDefault(checkpointDir, "");
    setDefault(checkpointEvery, d.checkpointEvery());
    setDefault(checkpointKeep, d.checkpointKeep());
    setDefault(resumeFrom, "");
  }

  @Override
  public String uid() {
    return uid;
  }

  // ------------------------------------------------------------------ fit

  /**
   * Trains a model on {@code dataset} and returns it with the column settings of this estimator,
   * its {@link VaeModel#trainingSummary()} and this estimator as its parent.
   *
   * @throws IllegalArgumentException for bad settings (naming the setting, expected and actual
   *     values), an input column of the wrong type, an empty dataset, a bad row (width, null,
   *     non-finite value, label), or a checkpoint to resume from that holds another model
   * @throws org.vae4j.core.train.TrainingDivergedException when a step's loss or gradient is not
   *     finite
   * @throws UncheckedIOException when a checkpoint cannot be read or written
   */
  @Override
  public VaeModel fit(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    ModelConfig config = getModelConfig();
    TrainingOptions options = getTrainingOptions();
    Path resume = localPath("resumeFrom", getResumeFrom());
    VaeModel.Checked checked = VaeModel.check(config, this, schema);
    String label = getLabelCol();
    Dataset<Row> rows = dataset.toDF();
    List<Column> columns = new ArrayList<>();
    columns.add(rows.col(quoted(getInputCol())));
    if (!label.isEmpty()) {
      columns.add(rows.col(quoted(label)));
    }
    rows = rows.select(columns.toArray(new Column[0]));
    int partitions = getNumPartitions();
    if (partitions > 0 && rows.rdd().getNumPartitions() != partitions) {
      rows = rows.repartition(partitions);
    }
    RowReader reader = new RowReader(0, checked.inputKind(), getInputCol(), label.isEmpty() ? -1 : 1,
        label, config.inputShape(), config.numClasses());
    int blockRows = RowBlock.rowsPerBlock(reader.width());
    JavaRDD<RowBlock> blocks = rows.javaRDD().mapPartitions(new RowBlock.Reader(reader, blockRows));
    blocks.setName("vae4j VaeEstimator " + uid + ": training rows");
    blocks.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      DistributedTrainer.Result result = DistributedTrainer.train(blocks, blockRows,
          new DistributedTrainer.Settings(config, options, getLocalSteps(), getAggregationDepth(),
              resume));
      try (Vae4jModel trained = result.model()) {
        VaeModel model = VaeModel.trained(uid, trained, result.summary());
        model.setInputCol(getInputCol()).setLabelCol(label).setOutputCol(getOutputCol())
            .setLogVarCol(getLogVarCol()).setReconstructionErrorCol(getReconstructionErrorCol())
            .setLogLikelihoodCol(getLogLikelihoodCol())
            .setImportanceSamples(getImportanceSamples())
            .setLogLikelihoodSeed(getLogLikelihoodSeed());
        return model.setParent(this);
      }
    } finally {
      blocks.unpersist(false);
    }
  }

  /**
   * The fitted model's schema after checking every setting against {@code schema}: the model and
   * training settings, the input and label columns, the output columns.
   *
   * @throws IllegalArgumentException naming the setting, the expected and the actual value
   */
  @Override
  public StructType transformSchema(StructType schema) {
    ModelConfig config = getModelConfig();
    getTrainingOptions();
    localPath("resumeFrom", getResumeFrom());
    return VaeModel.check(config, this, schema).outputSchema();
  }

  @Override
  public VaeEstimator copy(ParamMap extra) {
    return copyValues(new VaeEstimator(uid), extra);
  }

  // ------------------------------------------------------------------ configs

  /**
   * The model the settings describe: {@code modelKind}, {@code encoder}, {@code hidden} (mlp) or
   * {@code channels} and {@code denseUnits} (conv), {@code inputShape}, {@code latentDim}, {@code
   * loss}, {@code beta} (0 for an autoencoder unless set), {@code numClasses}, {@code modelSeed}.
   *
   * @throws IllegalArgumentException naming the setting when they do not make a valid model
   */
  public ModelConfig getModelConfig() {
    ModelConfig.Kind kind = switch (getModelKind()) {
      case "autoencoder" -> ModelConfig.Kind.AUTOENCODER;
      case "conditional" -> ModelConfig.Kind.CONDITIONAL_VAE;
      default -> ModelConfig.Kind.VAE;
    };
    boolean conv = getEncoder().equals("conv");
    double b = kind == ModelConfig.Kind.AUTOENCODER && !isSet(beta) ? 0 : getBeta();
    int[] shape = getInputShape();
    long[] longShape = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      longShape[i] = shape[i];
    }
    return new ModelConfig(kind,
        conv ? ModelConfig.EncoderKind.CONV : ModelConfig.EncoderKind.MLP,
        conv ? new int[0] : getHidden(), conv ? getChannels() : new int[0],
        conv ? getDenseUnits() : 0, longShape, getLatentDim(),
        getLoss().equals("mse") ? ModelConfig.LossKind.MSE : ModelConfig.LossKind.BCE, b,
        getModelSeed(), getNumClasses());
  }

  /**
   * Sets every model setting from {@code config}: what {@code Vae.builder()} and the other
   * builders produce, or a saved model's {@code config()}.
   */
  public VaeEstimator setModelConfig(ModelConfig config) {
    Objects.requireNonNull(config, "config");
    set(modelKind, switch (config.kind()) {
      case VAE -> "vae";
      case AUTOENCODER -> "autoencoder";
      case CONDITIONAL_VAE -> "conditional";
    });
    boolean conv = config.encoder() == ModelConfig.EncoderKind.CONV;
    set(encoder, conv ? "conv" : "mlp");
    if (conv) {
      set(channels, config.channels());
      set(denseUnits, config.denseUnits());
    } else {
      set(hidden, config.hidden());
    }
    set(inputShape, ints("inputShape", config.inputShape()));
    set(latentDim, config.latentDim());
    if (!config.loss().equals(ModelConfig.LossKind.MSE)
        && !config.loss().equals(ModelConfig.LossKind.BCE)) {
      throw new IllegalArgumentException("loss must be BCE or MSE for the Spark estimator, got "
          + config.loss());
    }
    set(loss, config.loss().equals(ModelConfig.LossKind.MSE) ? "mse" : "bce");
    set(beta, config.beta());
    set(numClasses, config.numClasses());
    set(modelSeed, config.seed());
    return this;
  }

  /**
   * The training options the settings describe, with the checkpoint directory when {@code
   * checkpointDir} is set.
   *
   * @throws IllegalArgumentException naming the setting when they are not valid options
   */
  public TrainingOptions getTrainingOptions() {
    return new TrainingOptions(getEpochs(), getBatchSize(), getLearningRate(), getAdamBeta1(),
        getAdamBeta2(), getAdamEpsilon(), getSeed(), getKlWarmupEpochs(), getKlWarmupSteps(), 0,
        0, false, localPath("checkpointDir", getCheckpointDir()), getCheckpointEvery(),
        getCheckpointKeep(), getClipGradientNorm(),
        getOptimizer().equals("sgd") ? TrainingOptions.Optimizer.SGD : TrainingOptions.Optimizer.ADAM);
  }

  /**
   * Sets every training setting from {@code options}: epochs, batch size, optimiser and its
   * settings, seed, KL warm-up, gradient clipping, and the checkpoints ({@code checkpointDir}
   * empty when the options have none).
   *
   * @throws IllegalArgumentException for early stopping or best-weight restoring, which need
   *     validation data the estimator does not take
   */
  public VaeEstimator setTrainingOptions(TrainingOptions options) {
    Objects.requireNonNull(options, "options");
    if (options.earlyStoppingPatience() != 0) {
      throw new IllegalArgumentException("options.earlyStoppingPatience must be 0 for a "
          + "VaeEstimator (it trains without validation data), got "
          + options.earlyStoppingPatience());
    }
    if (options.restoreBestWeights()) {
      throw new IllegalArgumentException("options.restoreBestWeights must be false for a "
          + "VaeEstimator (it trains without validation data), got true");
    }
    set(epochs, options.epochs());
    set(batchSize, options.batchSize());
    set(learningRate, options.learningRate());
    set(optimizer, options.optimizer().name().toLowerCase(Locale.ROOT));
    set(adamBeta1, options.adamBeta1());
    set(adamBeta2, options.adamBeta2());
    set(adamEpsilon, options.adamEpsilon());
    set(seed, options.seed());
    set(klWarmupEpochs, options.klWarmupEpochs());
    set(klWarmupSteps, options.klWarmupSteps());
    set(clipGradientNorm, options.clipGradientNorm());
    set(checkpointDir, options.checkpointDirectory() == null ? ""
        : options.checkpointDirectory().toString());
    set(checkpointEvery, options.checkpointEvery());
    set(checkpointKeep, options.checkpointKeep());
    return this;
  }

  /** A path on the driver's file system, or null for an empty setting. */
  private static Path localPath(String param, String value) {
    if (value.isEmpty()) {
      return null;
    }
    int colon = value.indexOf(':');
    if (colon > 1 && value.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      String scheme = value.substring(0, colon);
      if (!scheme.equalsIgnoreCase("file")) {
        throw new IllegalArgumentException(param + " must be a path on the driver's local file "
            + "system (the driver reads and writes checkpoints), got " + value);
      }
      try {
        return Path.of(URI.create(value));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(param + " must be a file: URI with an absolute path or "
            + "a plain path, got " + value, e);
      }
    }
    return Path.of(value);
  }

  private static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  private static int[] ints(String param, long[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      if (values[i] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(param + " must hold values <= " + Integer.MAX_VALUE
            + ", got " + Arrays.toString(values));
      }
      out[i] = (int) values[i];
    }
    return out;
  }

  // ------------------------------------------------------------------ persistence

  /** The reader of saved estimators; {@code Pipeline.load} finds it by reflection. */
  public static MLReader<VaeEstimator> read() {
    return new DefaultParamsReader<>();
  }

  /**
   * Loads an estimator saved with {@code estimator.save(path)} or {@code estimator.write().save(path)}.
   *
   * @throws IOException when the directory does not hold a saved estimator
   */
  public static VaeEstimator load(String path) throws IOException {
    try {
      return read().load(path);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  // ------------------------------------------------------------------ column params

  @Override
  public Param<String> inputCol() {
    return inputCol;
  }

  @Override
  public Param<String> labelCol() {
    return labelCol;
  }

  @Override
  public Param<String> outputCol() {
    return outputCol;
  }

  @Override
  public Param<String> logVarCol() {
    return logVarCol;
  }

  @Override
  public Param<String> reconstructionErrorCol() {
    return reconstructionErrorCol;
  }

  @Override
  public Param<String> logLikelihoodCol() {
    return logLikelihoodCol;
  }

  @Override
  public IntParam importanceSamples() {
    return importanceSamples;
  }

  @Override
  public LongParam logLikelihoodSeed() {
    return logLikelihoodSeed;
  }

  /** Sets {@link #inputCol()}. */
  public VaeEstimator setInputCol(String value) {
    return put(inputCol, value);
  }

  /** Sets {@link #labelCol()} (a conditional VAE's labels; empty for none). */
  public VaeEstimator setLabelCol(String value) {
    return put(labelCol, value);
  }

  /** Sets {@link #outputCol()}. */
  public VaeEstimator setOutputCol(String value) {
    return put(outputCol, value);
  }

  /** Sets {@link #logVarCol()} (empty: off). */
  public VaeEstimator setLogVarCol(String value) {
    return put(logVarCol, value);
  }

  /** Sets {@link #reconstructionErrorCol()} (empty: off). */
  public VaeEstimator setReconstructionErrorCol(String value) {
    return put(reconstructionErrorCol, value);
  }

  /** Sets {@link #logLikelihoodCol()} (empty: off). */
  public VaeEstimator setLogLikelihoodCol(String value) {
    return put(logLikelihoodCol, value);
  }

  /** Sets {@link #importanceSamples()}, {@code >= 1}. */
  public VaeEstimator setImportanceSamples(int k) {
    return putInt(importanceSamples, k, 1);
  }

  /** Sets {@link #logLikelihoodSeed()}. */
  public VaeEstimator setLogLikelihoodSeed(long value) {
    set(logLikelihoodSeed, value);
    return this;
  }

  // ------------------------------------------------------------------ model params

  /** The model kind: {@code vae} (default), {@code autoencoder} or {@code conditional}. */
  public Param<String> modelKind() {
    return modelKind;
  }

  /** The encoder: {@code mlp} (default) or {@code conv}; the decoder mirrors it. */
  public Param<String> encoder() {
    return encoder;
  }

  /** Hidden layer sizes of the mlp encoder. Default {@code [512, 256]}. */
  public IntArrayParam hidden() {
    return hidden;
  }

  /** Output channels of the conv encoder's convolutions. Default {@code [32, 64]}. */
  public IntArrayParam channels() {
    return channels;
  }

  /** Width of the conv encoder's dense layer. Default 16. */
  public IntParam denseUnits() {
    return denseUnits;
  }

  /** Shape of one example, {@code [C, H, W]} or {@code [D]} (mlp). Default {@code [1, 28, 28]}. */
  public IntArrayParam inputShape() {
    return inputShape;
  }

  /** Width of the latent space. Default 2. */
  public IntParam latentDim() {
    return latentDim;
  }

  /** The reconstruction loss: {@code bce} (default) or {@code mse}. */
  public Param<String> loss() {
    return loss;
  }

  /** Weight of the KL term. Default 1 (an autoencoder: 0 unless set, and it must be 0). */
  public DoubleParam beta() {
    return beta;
  }

  /** Classes of a conditional VAE. Default 0 (required, {@code >= 2}, for {@code conditional}). */
  public IntParam numClasses() {
    return numClasses;
  }

  /** Seed of the parameter initialisation. Default 42 (the builders'). */
  public LongParam modelSeed() {
    return modelSeed;
  }

  /** The model kind. */
  public String getModelKind() {
    return getOrDefault(modelKind);
  }

  /** The encoder. */
  public String getEncoder() {
    return getOrDefault(encoder);
  }

  /** The mlp encoder's hidden sizes (a copy). */
  public int[] getHidden() {
    return getOrDefault(hidden).clone();
  }

  /** The conv encoder's channels (a copy). */
  public int[] getChannels() {
    return getOrDefault(channels).clone();
  }

  /** The conv encoder's dense width. */
  public int getDenseUnits() {
    return (Integer) getOrDefault(denseUnits);
  }

  /** The input shape (a copy). */
  public int[] getInputShape() {
    return getOrDefault(inputShape).clone();
  }

  /** The latent width. */
  public int getLatentDim() {
    return (Integer) getOrDefault(latentDim);
  }

  /** The reconstruction loss. */
  public String getLoss() {
    return getOrDefault(loss);
  }

  /** The KL weight. */
  public double getBeta() {
    return (Double) getOrDefault(beta);
  }

  /** The conditional VAE's classes. */
  public int getNumClasses() {
    return (Integer) getOrDefault(numClasses);
  }

  /** The initialisation seed. */
  public long getModelSeed() {
    return (Long) getOrDefault(modelSeed);
  }

  /** Sets {@link #modelKind()}: {@code vae}, {@code autoencoder} or {@code conditional}. */
  public VaeEstimator setModelKind(String value) {
    return choose(modelKind, value, KINDS);
  }

  /** Sets {@link #encoder()}: {@code mlp} or {@code conv}. */
  public VaeEstimator setEncoder(String value) {
    return choose(encoder, value, ENCODERS);
  }

  /** Sets {@link #hidden()}: each size {@code >= 1}; empty for linear heads only. */
  public VaeEstimator setHidden(int... sizes) {
    set(hidden, positive("hidden", sizes, false));
    return this;
  }

  /** Sets {@link #channels()}: at least one, each {@code >= 1}. */
  public VaeEstimator setChannels(int... values) {
    set(channels, positive("channels", values, true));
    return this;
  }

  /** Sets {@link #denseUnits()}, {@code >= 1}. */
  public VaeEstimator setDenseUnits(int value) {
    return putInt(denseUnits, value, 1);
  }

  /** Sets {@link #inputShape()}: {@code [C, H, W]} or {@code [D]}, each {@code >= 1}. */
  public VaeEstimator setInputShape(int... dims) {
    if (dims == null || (dims.length != 1 && dims.length != 3)) {
      throw new IllegalArgumentException("inputShape must be [C, H, W] or [D], got "
          + (dims == null ? "null" : Arrays.toString(dims)));
    }
    set(inputShape, positive("inputShape", dims, true));
    return this;
  }

  /** Sets {@link #latentDim()}, {@code >= 1}. */
  public VaeEstimator setLatentDim(int value) {
    return putInt(latentDim, value, 1);
  }

  /** Sets {@link #loss()}: {@code bce} or {@code mse}. */
  public VaeEstimator setLoss(String value) {
    return choose(loss, value, LOSSES);
  }

  /** Sets {@link #beta()}, finite and {@code >= 0}. */
  public VaeEstimator setBeta(double value) {
    return putDouble(beta, value, 0, true);
  }

  /** Sets {@link #numClasses()}, {@code >= 2} (a conditional VAE's). */
  public VaeEstimator setNumClasses(int value) {
    return putInt(numClasses, value, 2);
  }

  /** Sets {@link #modelSeed()}. */
  public VaeEstimator setModelSeed(long value) {
    set(modelSeed, value);
    return this;
  }

  // ------------------------------------------------------------------ training params

  /** Epochs: passes of every partition over its rows. Default 10. */
  public IntParam epochs() {
    return epochs;
  }

  /** Examples per step in each partition. Default 128. */
  public IntParam batchSize() {
    return batchSize;
  }

  /** Step size of Adam or SGD. Default 1e-3. */
  public DoubleParam learningRate() {
    return learningRate;
  }

  /** The update rule: {@code adam} (default) or {@code sgd}. */
  public Param<String> optimizer() {
    return optimizer;
  }

  /** Adam's first-moment decay. Default 0.9. */
  public DoubleParam adamBeta1() {
    return adamBeta1;
  }

  /** Adam's second-moment decay. Default 0.999. */
  public DoubleParam adamBeta2() {
    return adamBeta2;
  }

  /** Adam's epsilon. Default 1e-8. */
  public DoubleParam adamEpsilon() {
    return adamEpsilon;
  }

  /** Seed of the shuffles and the noise. Default 0. */
  public LongParam seed() {
    return seed;
  }

  /** KL warm-up over epochs (0 = none). Default 0. */
  public IntParam klWarmupEpochs() {
    return klWarmupEpochs;
  }

  /** KL warm-up over steps (0 = none). Default 0. */
  public LongParam klWarmupSteps() {
    return klWarmupSteps;
  }

  /** Global gradient-norm clipping (0 = none). Default 0. */
  public DoubleParam clipGradientNorm() {
    return clipGradientNorm;
  }

  /** The epochs. */
  public int getEpochs() {
    return (Integer) getOrDefault(epochs);
  }

  /** The training batch size. */
  public int getBatchSize() {
    return (Integer) getOrDefault(batchSize);
  }

  /** The learning rate. */
  public double getLearningRate() {
    return (Double) getOrDefault(learningRate);
  }

  /** The update rule. */
  public String getOptimizer() {
    return getOrDefault(optimizer);
  }

  /** Adam's beta1. */
  public double getAdamBeta1() {
    return (Double) getOrDefault(adamBeta1);
  }

  /** Adam's beta2. */
  public double getAdamBeta2() {
    return (Double) getOrDefault(adamBeta2);
  }

  /** Adam's epsilon. */
  public double getAdamEpsilon() {
    return (Double) getOrDefault(adamEpsilon);
  }

  /** The training seed. */
  public long getSeed() {
    return (Long) getOrDefault(seed);
  }

  /** The KL warm-up in epochs. */
  public int getKlWarmupEpochs() {
    return (Integer) getOrDefault(klWarmupEpochs);
  }

  /** The KL warm-up in steps. */
  public long getKlWarmupSteps() {
    return (Long) getOrDefault(klWarmupSteps);
  }

  /** The gradient clipping norm. */
  public double getClipGradientNorm() {
    return (Double) getOrDefault(clipGradientNorm);
  }

  /** Sets {@link #epochs()}, {@code >= 1}. */
  public VaeEstimator setEpochs(int value) {
    return putInt(epochs, value, 1);
  }

  /** Sets {@link #batchSize()}, {@code >= 1}. */
  public VaeEstimator setBatchSize(int value) {
    return putInt(batchSize, value, 1);
  }

  /** Sets {@link #learningRate()}, finite and {@code > 0}. */
  public VaeEstimator setLearningRate(double value) {
    return putDouble(learningRate, value, 0, false);
  }

  /** Sets {@link #optimizer()}: {@code adam} or {@code sgd}. */
  public VaeEstimator setOptimizer(String value) {
    return choose(optimizer, value, OPTIMIZERS);
  }

  /** Sets {@link #adamBeta1()}, in {@code [0, 1)}. */
  public VaeEstimator setAdamBeta1(double value) {
    return putDecay(adamBeta1, value);
  }

  /** Sets {@link #adamBeta2()}, in {@code [0, 1)}. */
  public VaeEstimator setAdamBeta2(double value) {
    return putDecay(adamBeta2, value);
  }

  /** Sets {@link #adamEpsilon()}, finite and {@code > 0}. */
  public VaeEstimator setAdamEpsilon(double value) {
    return putDouble(adamEpsilon, value, 0, false);
  }

  /** Sets {@link #seed()}. */
  public VaeEstimator setSeed(long value) {
    set(seed, value);
    return this;
  }

  /** Sets {@link #klWarmupEpochs()}, {@code >= 0}. */
  public VaeEstimator setKlWarmupEpochs(int value) {
    return putInt(klWarmupEpochs, value, 0);
  }

  /** Sets {@link #klWarmupSteps()}, {@code >= 0}. */
  public VaeEstimator setKlWarmupSteps(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("klWarmupSteps must be >= 0, got " + value);
    }
    set(klWarmupSteps, value);
    return this;
  }

  /** Sets {@link #clipGradientNorm()}, finite and {@code >= 0}. */
  public VaeEstimator setClipGradientNorm(double value) {
    return putDouble(clipGradientNorm, value, 0, true);
  }

  // ------------------------------------------------------------------ distribution params

  /**
   * {@code k}: the steps each partition runs between two averagings. Default {@value
   * #DEFAULT_LOCAL_STEPS}. Larger means fewer rounds (less time in Spark's jobs and broadcasts)
   * but partitions that drift further apart before they are averaged; docs/spark.md.
   */
  public IntParam localSteps() {
    return localSteps;
  }

  /** Repartition into this many partitions before training; 0 (default) keeps the input's. */
  public IntParam numPartitions() {
    return numPartitions;
  }

  /** Depth of the {@code treeAggregate} of each round. Default 2. */
  public IntParam aggregationDepth() {
    return aggregationDepth;
  }

  /**
   * A directory on the driver's file system where the driver writes checkpoints at the ends of
   * epochs, as {@code fit} writes them ({@code checkpoint-epoch-NNNNN.zip}, resumable by a
   * model's {@code resume} and by {@link #resumeFrom()}); empty (default) for none.
   */
  public Param<String> checkpointDir() {
    return checkpointDir;
  }

  /** Write a checkpoint every this many epochs and after the last. Default 1. */
  public IntParam checkpointEvery() {
    return checkpointEvery;
  }

  /** Keep the newest this many checkpoints this run wrote. Default 3. */
  public IntParam checkpointKeep() {
    return checkpointKeep;
  }

  /**
   * A checkpoint file on the driver's file system to continue from: its parameters, optimiser
   * state, step counter and history; training continues with the epoch after it, up to {@code
   * epochs}. Empty (default) to start afresh.
   */
  public Param<String> resumeFrom() {
    return resumeFrom;
  }

  /** The steps per partition per round. */
  public int getLocalSteps() {
    return (Integer) getOrDefault(localSteps);
  }

  /** The partitions to repartition into, 0 for none. */
  public int getNumPartitions() {
    return (Integer) getOrDefault(numPartitions);
  }

  /** The aggregation depth. */
  public int getAggregationDepth() {
    return (Integer) getOrDefault(aggregationDepth);
  }

  /** The checkpoint directory, empty for none. */
  public String getCheckpointDir() {
    return getOrDefault(checkpointDir);
  }

  /** The checkpoint interval in epochs. */
  public int getCheckpointEvery() {
    return (Integer) getOrDefault(checkpointEvery);
  }

  /** The checkpoints kept. */
  public int getCheckpointKeep() {
    return (Integer) getOrDefault(checkpointKeep);
  }

  /** The checkpoint to resume from, empty for none. */
  public String getResumeFrom() {
    return getOrDefault(resumeFrom);
  }

  /** Sets {@link #localSteps()}, {@code >= 1}. */
  public VaeEstimator setLocalSteps(int value) {
    return putInt(localSteps, value, 1);
  }

  /** Sets {@link #numPartitions()}, {@code >= 0}. */
  public VaeEstimator setNumPartitions(int value) {
    return putInt(numPartitions, value, 0);
  }

  /** Sets {@link #aggregationDepth()}, {@code >= 1}. */
  public VaeEstimator setAggregationDepth(int value) {
    return putInt(aggregationDepth, value, 1);
  }

  /** Sets {@link #checkpointDir()} (empty: no checkpoints). */
  public VaeEstimator setCheckpointDir(String value) {
    Objects.requireNonNull(value, "checkpointDir");
    localPath("checkpointDir", value);
    set(checkpointDir, value);
    return this;
  }

  /** Sets {@link #checkpointEvery()}, {@code >= 1}. */
  public VaeEstimator setCheckpointEvery(int value) {
    return putInt(checkpointEvery, value, 1);
  }

  /** Sets {@link #checkpointKeep()}, {@code >= 1}. */
  public VaeEstimator setCheckpointKeep(int value) {
    return putInt(checkpointKeep, value, 1);
  }

  /** Sets {@link #resumeFrom()} (empty: start afresh). */
  public VaeEstimator setResumeFrom(String value) {
    Objects.requireNonNull(value, "resumeFrom");
    localPath("resumeFrom", value);
    set(resumeFrom, value);
    return this;
  }

  // ------------------------------------------------------------------ setter helpers

  private VaeEstimator put(Param<String> param, String value) {
    Objects.requireNonNull(value, param.name());
    set(param, value);
    return this;
  }

  private VaeEstimator putInt(IntParam param, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(param.name() + " must be >= " + min + ", got " + value);
    }
    set(param, value);
    return this;
  }

  private VaeEstimator putDouble(DoubleParam param, double value, double min, boolean inclusive) {
    if (!Double.isFinite(value) || (inclusive ? value < min : value <= min)) {
      throw new IllegalArgumentException(param.name() + " must be finite and "
          + (inclusive ? ">= " : "> ") + (min == 0 ? "0" : Double.toString(min)) + ", got " + value);
    }
    set(param, value);
    return this;
  }

  private VaeEstimator putDecay(DoubleParam param, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(param.name() + " must be in [0, 1), got " + value);
    }
    set(param, value);
    return this;
  }

  private VaeEstimator choose(Param<String> param, String value, List<String> allowed) {
    String v = value == null ? null : value.toLowerCase(Locale.ROOT);
    if (v == null || !allowed.contains(v)) {
      throw new IllegalArgumentException(param.name() + " must be one of "
          + String.join(", ", allowed) + ", got " + value);
    }
    set(param, v);
    return this;
  }

  private static int[] positive(String param, int[] values, boolean nonEmpty) {
    if (values == null || (nonEmpty && values.length == 0)) {
      throw new IllegalArgumentException(param + " must " + (nonEmpty ? "not be empty" : "be given")
          + ", got " + (values == null ? "null" : "[]"));
    }
    for (int v : values) {
      if (v < 1) {
        throw new IllegalArgumentException(param + " must hold values >= 1, got "
            + Arrays.toString(values));
      }
    }
    return values.clone();
  }
}
