package org.vae4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;
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
import org.vae4j.api.table.Scaling;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.anomaly.AnomalyThresholds;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.train.TrainingOptions;

/**
 * Trains a vae4j model on a Spark {@code Dataset}, data-parallel by parameter averaging, and
 * returns it as a {@link VaeModel}. The settings mirror the model builders ({@code modelKind},
 * {@code encoder}, {@code hidden}, {@code latentDim}, ...) and {@link TrainingOptions} ({@code
 * epochs}, {@code batchSize}, {@code learningRate}, ...); in Java, {@link
 * #setModelConfig(ModelConfig)} and {@link #setTrainingOptions(TrainingOptions)} set them all at
 * once. The model, training and distribution params come from one table (a param for every
 * config field, converted through the records' components), and the column settings ({@link
 * VaeParams}) carry over to the fitted model.
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
 * single-node one. The epochs run through the training loop of {@code fit} ({@code
 * TrainingSession.train}): listeners ({@link #setListeners}) hear every round and epoch, each
 * epoch reports its per-dimension latent diagnostics over all partitions, and early stopping
 * ({@link #earlyStoppingPatience()}) and best-weight restoring work as in {@code fit} on the
 * training loss. docs/spark.md says what averaging means for convergence.
 *
 * <p><b>Tables.</b> With {@link #setInputCols} set, {@code fit} reads those columns (numeric,
 * boolean and string; null or NaN missing), fits a {@code TablePreprocessing} on them in
 * distributed passes ({@link #scaling()}, {@link #maxLevels()}, {@link #integerCols()}, {@link
 * #inferIntegers()}), and trains a {@code TABLE} model of
 * it; the fitted model carries the preprocessing, scores raw rows ({@link #scoreCol()}, {@link
 * #flagCol()}, {@link #contributionsCol()}), and gets its threshold from {@link #contamination()}
 * when set. docs/spark.md, "Tables and anomaly scores".
 *
 * <p>Saves and loads with Spark ML persistence ({@link #write()}, {@link #load(String)}), also
 * inside a {@code Pipeline}.
 */
public final class VaeEstimator extends Estimator<VaeModel>
    implements VaeParams, DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  /** Default {@link #maxLevels()}. */
  public static final int DEFAULT_MAX_LEVELS = 1000;

  /** Default {@link #localSteps()}. */
  public static final int DEFAULT_LOCAL_STEPS = 16;

  private final String uid;
  /** The model, training and distribution params, by name, made from {@link ConfigParams}. */
  private final Map<String, Param<?>> params = new HashMap<>();
  private final ColumnParams columns;
  private final DoubleParam contamination;
  private final Param<String> scaling;
  private final IntParam maxLevels;
  private final StringArrayParam integerCols;
  private final BooleanParam inferIntegers;
  /** The driver's listeners of fit: not params, not saved; copied by {@link #copy}. */
  private transient List<TrainingListener> listeners = List.of();

  /** An estimator with the default settings and a random uid. */
  public VaeEstimator() {
    this(Identifiable.randomUID("vaeEstimator"));
  }

  /** An estimator with the default settings and the stage id {@code uid} (for Spark's readers). */
  @SuppressWarnings("unchecked")
  public VaeEstimator(String uid) {
    this.uid = Objects.requireNonNull(uid, "uid");
    // Params need the uid: created here, after it is set, never in field initialisers.
    columns = new ColumnParams(this, "the fitted model's ");
    columns.setDefaults((p, v) -> setDefault((Param<Object>) p, v));
    contamination = new DoubleParam(this, "contamination", "the share of training rows the "
        + "fitted model's flag column flags, in (0, 0.5]: fit sets the model's threshold to the "
        + "(1 - contamination)-quantile of the training rows' scores; 0: none (default)",
        ParamValidators.<Object>inRange(0, 0.5));
    scaling = new Param<>(this, "scaling", "how a table model's numeric columns are scaled: "
        + "standardize (default), min_max or none",
        ParamValidators.<String>inArray(new String[] {"standardize", "min_max", "none"}));
    maxLevels = new IntParam(this, "maxLevels", "the most distinct values of a boolean or string "
        + "column of a table model (>= 1); fit fails beyond it", ParamValidators.<Object>gtEq(1));
    integerCols = new StringArrayParam(this, "integerCols", "numeric columns of inputCols "
        + "declared integer: a table model rounds their decoded values to whole numbers "
        + "(default none)");
    inferIntegers = new BooleanParam(this, "inferIntegers", "whether a numeric column of "
        + "inputCols not in integerCols is integer when every observed value is whole (default "
        + "true); false: such columns stay continuous");
    setDefault(integerCols, new String[0]);
    setDefault(inferIntegers, true);
    setDefault(contamination, 0.0);
    setDefault(scaling, "standardize");
    setDefault(maxLevels, DEFAULT_MAX_LEVELS);
    for (ConfigParams.Row row : ConfigParams.ROWS) {
      Param<?> p = row.create(this);
      params.put(row.name(), p);
      setDefault((Param<Object>) p, row.defaultValue());
    }
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
    if (getInputCols().length > 0) {
      return fitTable(dataset);
    }
    refuseIntegerColsWithoutTable();
    StructType schema = dataset.schema();
    ModelConfig config = getModelConfig();
    TrainingOptions options = getTrainingOptions();
    Path resume = ConfigParams.localPath("resumeFrom", getResumeFrom());
    VaeModel.Checked checked = VaeModel.check(config, this, schema, getContamination() > 0);
    String label = getLabelCol();
    Dataset<Row> rows = dataset.toDF();
    List<Column> selected = new ArrayList<>();
    selected.add(rows.col(quoted(getInputCol())));
    if (!label.isEmpty()) {
      selected.add(rows.col(quoted(label)));
    }
    rows = rows.select(selected.toArray(new Column[0]));
    RowReader reader = new RowReader(0, checked.inputKind(), getInputCol(), label.isEmpty() ? -1 : 1,
        label, config.inputShape(), config.numClasses());
    return train(dataset, rows, reader, config, options, resume);
  }

  /**
   * {@link #fit} on the table columns {@link #inputCols()}: the preprocessing fitted in a
   * distributed pass, then a {@code TABLE} model of it trained as the other models.
   */
  private VaeModel fitTable(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    String[] cols = getInputCols();
    for (String col : cols) {
      if (!List.of(schema.fieldNames()).contains(col)) {
        throw new IllegalArgumentException("inputCols must name columns of the input, got '" + col
            + "' (columns: " + String.join(", ", schema.fieldNames()) + ")");
      }
      TableRowReader.source(schema.apply(col), "inputCols");
    }
    if (!getLabelCol().isEmpty()) {
      throw new IllegalArgumentException("labelCol must be empty for a table model (inputCols), got '"
          + getLabelCol() + "'");
    }
    ModelConfig base = getModelConfig();
    if (base.encoder() != ModelConfig.EncoderKind.MLP) {
      throw new IllegalArgumentException("encoder must be mlp for a table model (inputCols), got "
          + base.encoder());
    }
    TrainingOptions options = getTrainingOptions();
    Path resume = ConfigParams.localPath("resumeFrom", getResumeFrom());
    Dataset<Row> rows = dataset.toDF();
    Column[] selected = new Column[cols.length];
    for (int i = 0; i < cols.length; i++) {
      selected[i] = rows.col(quoted(cols[i]));
    }
    rows = rows.select(selected);
    TablePreprocessing preprocessing = TableFit.fit(rows.javaRDD(), rows.schema(), cols,
        Scaling.valueOf(getScaling().toUpperCase(java.util.Locale.ROOT)), getMaxLevels(),
        getAggregationDepth(), java.util.Set.of(getIntegerCols()), getInferIntegers());
    ModelConfig config = tableConfig(base, preprocessing);
    VaeModel.check(config, this, schema, getContamination() > 0);
    TableRowReader reader = TableRowReader.of(preprocessing, rows.schema(), "inputCols");
    return train(dataset, rows, reader, config, options, resume);
  }

  /**
   * The table model of the settings: an mlp of {@code base}'s sizes over the encoded width, with
   * the {@code TABLE} likelihood of {@code preprocessing}'s columns ({@code loss} and {@code
   * inputShape} are not used).
   */
  static ModelConfig tableConfig(ModelConfig base, TablePreprocessing preprocessing) {
    return new ModelConfig(base.kind(), ModelConfig.EncoderKind.MLP, base.hidden(), new int[0], 0,
        new long[] {preprocessing.width()}, base.latentDim(), ModelConfig.LossKind.TABLE,
        base.beta(), base.seed(), base.numClasses(), base.layerOptions(), preprocessing.columns());
  }

  private VaeModel train(Dataset<?> dataset, Dataset<Row> rows, ExampleReader reader,
      ModelConfig config, TrainingOptions options, Path resume) {
    int partitions = getNumPartitions();
    if (partitions > 0 && rows.rdd().getNumPartitions() != partitions) {
      rows = rows.repartition(partitions);
    }
    int blockRows = RowBlock.rowsPerBlock(reader.width());
    JavaRDD<RowBlock> blocks = rows.javaRDD().mapPartitions(new RowBlock.Reader(reader, blockRows));
    blocks.setName("vae4j VaeEstimator " + uid + ": training rows");
    blocks.persist(StorageLevel.MEMORY_AND_DISK());
    VaeModel model;
    try {
      DistributedTrainer.Result result = DistributedTrainer.train(blocks, blockRows,
          new DistributedTrainer.Settings(config, options, getLocalSteps(), getAggregationDepth(),
              resume, getListeners()));
      try (Vae4jModel trained = result.model()) {
        model = VaeModel.trained(uid, trained, result.summary());
        ColumnParams.copy(this, model);
        model.setParent(this);
      }
    } finally {
      blocks.unpersist(false);
    }
    if (getContamination() > 0) {
      model.setThreshold(trainingThreshold(model, dataset));
    }
    return model;
  }

  /**
   * The {@code (1 - contamination)}-quantile of the training rows' scores under {@code model}, as
   * {@code AnomalyThresholds.fromContamination} computes it: the scores (one double per row) are
   * collected on the driver.
   */
  private double trainingThreshold(VaeModel model, Dataset<?> dataset) {
    String col = "__vae4j_training_score";
    VaeModel scorer = model.copy(new ParamMap()).setScoreCol(col).setFlagCol("")
        .setContributionsCol("").setLogVarCol("").setReconstructionErrorCol("")
        .setLogLikelihoodCol("");
    scorer.setOutputCol("__vae4j_training_latent");
    List<Row> scores = scorer.transform(dataset).select(col).collectAsList();
    double[] s = new double[scores.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = scores.get(i).getDouble(0);
    }
    return AnomalyThresholds.fromContamination(s, getContamination());
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
    ConfigParams.localPath("resumeFrom", getResumeFrom());
    if (getInputCols().length > 0) {
      // the table's encoded width is known only after fitting: a one-level placeholder per column
      List<org.vae4j.api.table.ColumnEncoding> cols = new ArrayList<>();
      for (String c : getInputCols()) {
        if (!List.of(schema.fieldNames()).contains(c)) {
          throw new IllegalArgumentException("inputCols must name columns of the input, got '" + c
              + "' (columns: " + String.join(", ", schema.fieldNames()) + ")");
        }
        TableRowReader.Source src = TableRowReader.source(schema.apply(c), "inputCols");
        cols.add(src == TableRowReader.Source.NUMBER
            ? new org.vae4j.api.table.ColumnEncoding(c, org.vae4j.api.table.ColumnType.NUMERIC,
                Scaling.NONE, 0, 1, List.of())
            : new org.vae4j.api.table.ColumnEncoding(c, org.vae4j.api.table.ColumnType.BINARY,
                Scaling.NONE, 0, 1, List.of("false", "true")));
      }
      config = tableConfig(config, new TablePreprocessing(cols));
      TableFit.checkIntegerColumns(schema, getInputCols(), java.util.Set.of(getIntegerCols()));
    } else {
      refuseIntegerColsWithoutTable();
    }
    return VaeModel.check(config, this, schema, getContamination() > 0).outputSchema();
  }

  private void refuseIntegerColsWithoutTable() {
    if (getIntegerCols().length > 0) {
      throw new IllegalArgumentException("integerCols is for a table model: set inputCols, or "
          + "clear integerCols, got " + String.join(", ", getIntegerCols()));
    }
  }

  @Override
  public VaeEstimator copy(ParamMap extra) {
    VaeEstimator copy = copyValues(new VaeEstimator(uid), extra);
    copy.listeners = listeners;
    return copy;
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
    return ConfigParams.modelConfig(name -> getOrDefault(params.get(name)),
        isSet(params.get("beta")));
  }

  /**
   * Sets every model setting from {@code config}: what {@code Vae.builder()} and the other
   * builders produce, or a saved model's {@code config()}. A config with batch norm trains with its running statistics averaged over the partitions
   * like the parameters.
   */
  public VaeEstimator setModelConfig(ModelConfig config) {
    ConfigParams.setModelConfig(Objects.requireNonNull(config, "config"), this::setValue);
    return this;
  }

  /**
   * The training options the settings describe, with the checkpoint directory when {@code
   * checkpointDir} is set.
   *
   * @throws IllegalArgumentException naming the setting when they are not valid options
   */
  public TrainingOptions getTrainingOptions() {
    return ConfigParams.trainingOptions(name -> getOrDefault(params.get(name)));
  }

  /**
   * Sets every training setting from {@code options}: epochs, batch size, optimiser and its
   * settings, seed, KL warm-up, early stopping (on the training loss) and best-weight restoring,
   * gradient clipping, and the checkpoints ({@code checkpointDir} empty when the options have none).
   */
  public VaeEstimator setTrainingOptions(TrainingOptions options) {
    ConfigParams.setTrainingOptions(Objects.requireNonNull(options, "options"), this::setValue);
    return this;
  }

  /**
   * Sets {@link #earlyStoppingPatience()} ({@code >= 0}) and {@link #earlyStoppingMinDelta()}
   * (finite, {@code >= 0}).
   */
  public VaeEstimator setEarlyStopping(int patience, double minDelta) {
    put("earlyStoppingMinDelta", minDelta);
    return put("earlyStoppingPatience", patience);
  }

  /**
   * Sets the listeners {@link #fit} tells about the run on the driver, as the models' {@code fit}
   * tells its listeners: the start, the end of each round (as a {@code BatchStats} whose batch is
   * the round), of each epoch (with the latent diagnostics over all partitions) and of the run,
   * and a latent collapse; a listener may stop the run between rounds. Not params: they are not
   * saved with the estimator; {@link #copy} keeps them.
   */
  public VaeEstimator setListeners(TrainingListener... values) {
    listeners = List.of(Objects.requireNonNull(values, "listeners"));
    return this;
  }

  /** The listeners of {@link #fit} (an unmodifiable list, empty by default). */
  public List<TrainingListener> getListeners() {
    return listeners == null ? List.of() : listeners;
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
    return columns.inputCol;
  }

  @Override
  public Param<String> labelCol() {
    return columns.labelCol;
  }

  @Override
  public Param<String> outputCol() {
    return columns.outputCol;
  }

  @Override
  public Param<String> logVarCol() {
    return columns.logVarCol;
  }

  @Override
  public Param<String> reconstructionErrorCol() {
    return columns.reconstructionErrorCol;
  }

  @Override
  public Param<String> logLikelihoodCol() {
    return columns.logLikelihoodCol;
  }

  @Override
  public IntParam importanceSamples() {
    return columns.importanceSamples;
  }

  @Override
  public LongParam logLikelihoodSeed() {
    return columns.logLikelihoodSeed;
  }

  @Override
  public StringArrayParam inputCols() {
    return columns.inputCols;
  }

  @Override
  public Param<String> scoreCol() {
    return columns.scoreCol;
  }

  @Override
  public Param<String> scoreType() {
    return columns.scoreType;
  }

  @Override
  public IntParam scoreSamples() {
    return columns.scoreSamples;
  }

  @Override
  public LongParam scoreSeed() {
    return columns.scoreSeed;
  }

  @Override
  public Param<String> flagCol() {
    return columns.flagCol;
  }

  @Override
  public DoubleParam threshold() {
    return columns.threshold;
  }

  @Override
  public Param<String> contributionsCol() {
    return columns.contributionsCol;
  }

  /** Sets {@link #inputCols()}: the feature columns of a table model. */
  public VaeEstimator setInputCols(String... names) {
    set(columns.inputCols, ColumnParams.inputCols(names));
    return this;
  }

  /** Sets {@link #scoreCol()} (empty: off). */
  public VaeEstimator setScoreCol(String value) {
    set(columns.scoreCol, java.util.Objects.requireNonNull(value, "scoreCol"));
    return this;
  }

  /** Sets {@link #scoreType()}: {@code negative_elbo}, {@code negative_log_likelihood}, {@code
   * reconstruction_probability} or {@code reconstruction_error}. */
  public VaeEstimator setScoreType(String value) {
    ColumnParams.scoreType(value);
    set(columns.scoreType, value);
    return this;
  }

  /** Sets {@link #scoreSamples()}, in [1, 100000]. */
  public VaeEstimator setScoreSamples(int k) {
    set(columns.scoreSamples, ColumnParams.scoreSamples(k));
    return this;
  }

  /** Sets {@link #scoreSeed()}. */
  public VaeEstimator setScoreSeed(long value) {
    set(columns.scoreSeed, value);
    return this;
  }

  /** Sets {@link #flagCol()} (empty: off). */
  public VaeEstimator setFlagCol(String value) {
    set(columns.flagCol, java.util.Objects.requireNonNull(value, "flagCol"));
    return this;
  }

  /** Sets {@link #threshold()}: finite. */
  public VaeEstimator setThreshold(double value) {
    set(columns.threshold, ColumnParams.threshold(value));
    return this;
  }

  /** Sets {@link #contributionsCol()} (empty: off). */
  public VaeEstimator setContributionsCol(String value) {
    set(columns.contributionsCol, java.util.Objects.requireNonNull(value, "contributionsCol"));
    return this;
  }

  /** The share of training rows to flag; see {@link #setContamination}. Default 0: none. */
  public DoubleParam contamination() {
    return contamination;
  }

  /** The value of {@link #contamination()}. */
  public double getContamination() {
    return (Double) getOrDefault(contamination);
  }

  /**
   * Sets {@link #contamination()}: in (0, 0.5] to have {@link #fit} set the model's {@link
   * #threshold()} to the {@code (1 - contamination)}-quantile of the training rows' scores (PyOD's
   * convention), 0 for none.
   */
  public VaeEstimator setContamination(double value) {
    if (!(value == 0 || (value > 0 && value <= 0.5))) {
      throw new IllegalArgumentException("contamination must be 0 or in (0, 0.5], got " + value);
    }
    set(contamination, value);
    return this;
  }

  /** How a table model's numeric columns are scaled. Default {@code standardize}. */
  public Param<String> scaling() {
    return scaling;
  }

  /** The value of {@link #scaling()}. */
  public String getScaling() {
    return getOrDefault(scaling);
  }

  /** Sets {@link #scaling()}: {@code standardize}, {@code min_max} or {@code none}. */
  public VaeEstimator setScaling(String value) {
    if (!List.of("standardize", "min_max", "none").contains(value)) {
      throw new IllegalArgumentException("scaling must be standardize, min_max or none, got '"
          + value + "'");
    }
    set(scaling, value);
    return this;
  }

  /** The most distinct values of a table model's boolean or string column. Default {@value #DEFAULT_MAX_LEVELS}. */
  public IntParam maxLevels() {
    return maxLevels;
  }

  /** The value of {@link #maxLevels()}. */
  public int getMaxLevels() {
    return (Integer) getOrDefault(maxLevels);
  }

  /** Sets {@link #maxLevels()}: {@code >= 1}. */
  public VaeEstimator setMaxLevels(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("maxLevels must be >= 1, got " + value);
    }
    set(maxLevels, value);
    return this;
  }

  /**
   * Numeric columns of {@link #inputCols()} declared integer: a table model rounds their decoded
   * values (synthesis, imputation) to whole numbers, whatever values the training rows hold, as
   * {@code TablePreprocessing.fit(table, scaling, perColumn, integerColumns)} does for a column it
   * names true. Default empty.
   */
  public StringArrayParam integerCols() {
    return integerCols;
  }

  /** The value of {@link #integerCols()}, a copy. */
  public String[] getIntegerCols() {
    return getOrDefault(integerCols).clone();
  }

  /**
   * Sets {@link #integerCols()}: distinct names; {@code fit} and {@code transformSchema} refuse a
   * name that is not a numeric column of {@code inputCols}.
   */
  public VaeEstimator setIntegerCols(String... names) {
    set(integerCols, ColumnParams.columnNames("integerCols", names));
    return this;
  }

  /**
   * Whether a numeric column of {@link #inputCols()} that {@link #integerCols()} does not name is
   * integer when it has an observed value and every observed value is a whole number (default
   * true, as {@code TablePreprocessing.fit} infers); false: it is continuous, so only the
   * declared columns are integer.
   */
  public BooleanParam inferIntegers() {
    return inferIntegers;
  }

  /** The value of {@link #inferIntegers()}. */
  public boolean getInferIntegers() {
    return (Boolean) getOrDefault(inferIntegers);
  }

  /** Sets {@link #inferIntegers()}. */
  public VaeEstimator setInferIntegers(boolean value) {
    set(inferIntegers, value);
    return this;
  }

  /** Sets {@link #inputCol()}. */
  public VaeEstimator setInputCol(String value) {
    return putColumn(inputCol(), value);
  }

  /** Sets {@link #labelCol()} (a conditional VAE's labels; empty for none). */
  public VaeEstimator setLabelCol(String value) {
    return putColumn(labelCol(), value);
  }

  /** Sets {@link #outputCol()}. */
  public VaeEstimator setOutputCol(String value) {
    return putColumn(outputCol(), value);
  }

  /** Sets {@link #logVarCol()} (empty: off). */
  public VaeEstimator setLogVarCol(String value) {
    return putColumn(logVarCol(), value);
  }

  /** Sets {@link #reconstructionErrorCol()} (empty: off). */
  public VaeEstimator setReconstructionErrorCol(String value) {
    return putColumn(reconstructionErrorCol(), value);
  }

  /** Sets {@link #logLikelihoodCol()} (empty: off). */
  public VaeEstimator setLogLikelihoodCol(String value) {
    return putColumn(logLikelihoodCol(), value);
  }

  /** Sets {@link #importanceSamples()}, {@code >= 1}. */
  public VaeEstimator setImportanceSamples(int k) {
    set(importanceSamples(), ColumnParams.importanceSamples(k));
    return this;
  }

  /** Sets {@link #logLikelihoodSeed()}. */
  public VaeEstimator setLogLikelihoodSeed(long value) {
    set(logLikelihoodSeed(), value);
    return this;
  }

  // ------------------------------------------------------------------ model, training and
  // distribution params: accessors of the ConfigParams table's params, for users and for Spark
  // (which finds a stage's params by its public no-argument methods)

  /** The model kind: {@code vae} (default), {@code autoencoder} or {@code conditional}. */
  public Param<String> modelKind() {
    return param("modelKind");
  }

  /** The value of {@link #modelKind()}. */
  public String getModelKind() {
    return getOrDefault(modelKind());
  }

  /** Sets {@link #modelKind()}: {@code vae}, {@code autoencoder} or {@code conditional}. */
  public VaeEstimator setModelKind(String value) {
    return put("modelKind", value);
  }

  /** The encoder: {@code mlp} (default) or {@code conv}; the decoder mirrors it. */
  public Param<String> encoder() {
    return param("encoder");
  }

  /** The value of {@link #encoder()}. */
  public String getEncoder() {
    return getOrDefault(encoder());
  }

  /** Sets {@link #encoder()}: {@code mlp} or {@code conv}. */
  public VaeEstimator setEncoder(String value) {
    return put("encoder", value);
  }

  /** Hidden layer sizes of the mlp encoder. Default {@code [512, 256]}. */
  public IntArrayParam hidden() {
    return param("hidden");
  }

  /** The value of {@link #hidden()} (a copy). */
  public int[] getHidden() {
    return getOrDefault(hidden()).clone();
  }

  /** Sets {@link #hidden()}: each size {@code >= 1}; empty for linear heads only. */
  public VaeEstimator setHidden(int... sizes) {
    return put("hidden", sizes);
  }

  /** Output channels of the conv encoder's convolutions. Default {@code [32, 64]}. */
  public IntArrayParam channels() {
    return param("channels");
  }

  /** The value of {@link #channels()} (a copy). */
  public int[] getChannels() {
    return getOrDefault(channels()).clone();
  }

  /** Sets {@link #channels()}: at least one, each {@code >= 1}. */
  public VaeEstimator setChannels(int... values) {
    return put("channels", values);
  }

  /** Width of the conv encoder's dense layer. Default 16. */
  public IntParam denseUnits() {
    return param("denseUnits");
  }

  /** The value of {@link #denseUnits()}. */
  public int getDenseUnits() {
    return (Integer) getOrDefault(denseUnits());
  }

  /** Sets {@link #denseUnits()}: {@code >= 1}. */
  public VaeEstimator setDenseUnits(int value) {
    return put("denseUnits", value);
  }

  /** Kernel size of the conv encoder's convolutions and transposed convolutions. Default 3. */
  public IntParam convKernel() {
    return param("convKernel");
  }

  /** The value of {@link #convKernel()}. */
  public int getConvKernel() {
    return (Integer) getOrDefault(convKernel());
  }

  /** Sets {@link #convKernel()}: 1 to 15 (conv encoder only). */
  public VaeEstimator setConvKernel(int value) {
    return put("convKernel", value);
  }

  /** Stride of the conv encoder's convolutions. Default 2. */
  public IntParam convStride() {
    return param("convStride");
  }

  /** The value of {@link #convStride()}. */
  public int getConvStride() {
    return (Integer) getOrDefault(convStride());
  }

  /** Sets {@link #convStride()}: 1 to convKernel (conv encoder only). */
  public VaeEstimator setConvStride(int value) {
    return put("convStride", value);
  }

  /** Negative slope of every hidden activation: 0 (ReLU, the default) or LeakyReLU's in (0, 1). */
  public DoubleParam leakyReluAlpha() {
    return param("leakyReluAlpha");
  }

  /** The value of {@link #leakyReluAlpha()}. */
  public double getLeakyReluAlpha() {
    return (Double) getOrDefault(leakyReluAlpha());
  }

  /** Sets {@link #leakyReluAlpha()}: in [0, 1). */
  public VaeEstimator setLeakyReluAlpha(double value) {
    return put("leakyReluAlpha", value);
  }

  /**
   * Batch normalisation between every convolution / transposed convolution and its activation
   * (conv encoder only; default false). The partitions' running means and variances are averaged
   * each round like the parameters (weighted by the rows each trained on).
   */
  public BooleanParam batchNorm() {
    return param("batchNorm");
  }

  /** The value of {@link #batchNorm()}. */
  public boolean getBatchNorm() {
    return (Boolean) getOrDefault(batchNorm());
  }

  /** Sets {@link #batchNorm()}: a model config with an mlp encoder refuses true. */
  public VaeEstimator setBatchNorm(boolean value) {
    return put("batchNorm", value);
  }

  /** Shape of one example, {@code [C, H, W]} or {@code [D]} (mlp). Default {@code [1, 28, 28]}. */
  public IntArrayParam inputShape() {
    return param("inputShape");
  }

  /** The value of {@link #inputShape()} (a copy). */
  public int[] getInputShape() {
    return getOrDefault(inputShape()).clone();
  }

  /** Sets {@link #inputShape()}: {@code [C, H, W]} or {@code [D]}, each {@code >= 1}. */
  public VaeEstimator setInputShape(int... dims) {
    return put("inputShape", dims);
  }

  /** Width of the latent space. Default 2. */
  public IntParam latentDim() {
    return param("latentDim");
  }

  /** The value of {@link #latentDim()}. */
  public int getLatentDim() {
    return (Integer) getOrDefault(latentDim());
  }

  /** Sets {@link #latentDim()}: {@code >= 1}. */
  public VaeEstimator setLatentDim(int value) {
    return put("latentDim", value);
  }

  /** The reconstruction loss: {@code bce} (default) or {@code mse}. */
  public Param<String> loss() {
    return param("loss");
  }

  /** The value of {@link #loss()}. */
  public String getLoss() {
    return getOrDefault(loss());
  }

  /** Sets {@link #loss()}: {@code bce} or {@code mse}. */
  public VaeEstimator setLoss(String value) {
    return put("loss", value);
  }

  /** Weight of the KL term. Default 1 (an autoencoder: 0 unless set, and it must be 0). */
  public DoubleParam beta() {
    return param("beta");
  }

  /** The value of {@link #beta()}. */
  public double getBeta() {
    return (Double) getOrDefault(beta());
  }

  /** Sets {@link #beta()}: finite and {@code >= 0}. */
  public VaeEstimator setBeta(double value) {
    return put("beta", value);
  }

  /** Classes of a conditional VAE. Default 0 (required, {@code >= 2}, for {@code conditional}). */
  public IntParam numClasses() {
    return param("numClasses");
  }

  /** The value of {@link #numClasses()}. */
  public int getNumClasses() {
    return (Integer) getOrDefault(numClasses());
  }

  /** Sets {@link #numClasses()}: {@code >= 2} (a conditional VAE's). */
  public VaeEstimator setNumClasses(int value) {
    return put("numClasses", value);
  }

  /** Seed of the parameter initialisation. Default 42 (the builders'). */
  public LongParam modelSeed() {
    return param("modelSeed");
  }

  /** The value of {@link #modelSeed()}. */
  public long getModelSeed() {
    return (Long) getOrDefault(modelSeed());
  }

  /** Sets {@link #modelSeed()}. */
  public VaeEstimator setModelSeed(long value) {
    return put("modelSeed", value);
  }

  /** Epochs: passes of every partition over its rows. Default 10. */
  public IntParam epochs() {
    return param("epochs");
  }

  /** The value of {@link #epochs()}. */
  public int getEpochs() {
    return (Integer) getOrDefault(epochs());
  }

  /** Sets {@link #epochs()}: {@code >= 1}. */
  public VaeEstimator setEpochs(int value) {
    return put("epochs", value);
  }

  /** Examples per step in each partition. Default 128. */
  public IntParam batchSize() {
    return param("batchSize");
  }

  /** The value of {@link #batchSize()}. */
  public int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  /** Sets {@link #batchSize()}: {@code >= 1}. */
  public VaeEstimator setBatchSize(int value) {
    return put("batchSize", value);
  }

  /** Step size of Adam or SGD. Default 1e-3. */
  public DoubleParam learningRate() {
    return param("learningRate");
  }

  /** The value of {@link #learningRate()}. */
  public double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  /** Sets {@link #learningRate()}: finite and {@code > 0}. */
  public VaeEstimator setLearningRate(double value) {
    return put("learningRate", value);
  }

  /** The update rule: {@code adam} (default) or {@code sgd}. */
  public Param<String> optimizer() {
    return param("optimizer");
  }

  /** The value of {@link #optimizer()}. */
  public String getOptimizer() {
    return getOrDefault(optimizer());
  }

  /** Sets {@link #optimizer()}: {@code adam} or {@code sgd}. */
  public VaeEstimator setOptimizer(String value) {
    return put("optimizer", value);
  }

  /** Adam's first-moment decay. Default 0.9. */
  public DoubleParam adamBeta1() {
    return param("adamBeta1");
  }

  /** The value of {@link #adamBeta1()}. */
  public double getAdamBeta1() {
    return (Double) getOrDefault(adamBeta1());
  }

  /** Sets {@link #adamBeta1()}: in {@code [0, 1)}. */
  public VaeEstimator setAdamBeta1(double value) {
    return put("adamBeta1", value);
  }

  /** Adam's second-moment decay. Default 0.999. */
  public DoubleParam adamBeta2() {
    return param("adamBeta2");
  }

  /** The value of {@link #adamBeta2()}. */
  public double getAdamBeta2() {
    return (Double) getOrDefault(adamBeta2());
  }

  /** Sets {@link #adamBeta2()}: in {@code [0, 1)}. */
  public VaeEstimator setAdamBeta2(double value) {
    return put("adamBeta2", value);
  }

  /** Adam's epsilon. Default 1e-8. */
  public DoubleParam adamEpsilon() {
    return param("adamEpsilon");
  }

  /** The value of {@link #adamEpsilon()}. */
  public double getAdamEpsilon() {
    return (Double) getOrDefault(adamEpsilon());
  }

  /** Sets {@link #adamEpsilon()}: finite and {@code > 0}. */
  public VaeEstimator setAdamEpsilon(double value) {
    return put("adamEpsilon", value);
  }

  /** Seed of the shuffles and the noise. Default 0. */
  public LongParam seed() {
    return param("seed");
  }

  /** The value of {@link #seed()}. */
  public long getSeed() {
    return (Long) getOrDefault(seed());
  }

  /** Sets {@link #seed()}. */
  public VaeEstimator setSeed(long value) {
    return put("seed", value);
  }

  /** KL warm-up over epochs (0 = none). Default 0. */
  public IntParam klWarmupEpochs() {
    return param("klWarmupEpochs");
  }

  /** The value of {@link #klWarmupEpochs()}. */
  public int getKlWarmupEpochs() {
    return (Integer) getOrDefault(klWarmupEpochs());
  }

  /** Sets {@link #klWarmupEpochs()}: {@code >= 0}. */
  public VaeEstimator setKlWarmupEpochs(int value) {
    return put("klWarmupEpochs", value);
  }

  /** KL warm-up over steps (0 = none). Default 0. */
  public LongParam klWarmupSteps() {
    return param("klWarmupSteps");
  }

  /** The value of {@link #klWarmupSteps()}. */
  public long getKlWarmupSteps() {
    return (Long) getOrDefault(klWarmupSteps());
  }

  /** Sets {@link #klWarmupSteps()}: {@code >= 0}. */
  public VaeEstimator setKlWarmupSteps(long value) {
    return put("klWarmupSteps", value);
  }

  /** Global gradient-norm clipping (0 = none). Default 0. */
  public DoubleParam clipGradientNorm() {
    return param("clipGradientNorm");
  }

  /** The value of {@link #clipGradientNorm()}. */
  public double getClipGradientNorm() {
    return (Double) getOrDefault(clipGradientNorm());
  }

  /** Sets {@link #clipGradientNorm()}: finite and {@code >= 0}. */
  public VaeEstimator setClipGradientNorm(double value) {
    return put("clipGradientNorm", value);
  }

  /** Denoising training: the probability of hiding an observed value from the encoder in a step
   * (TABLE models; see {@code TrainingOptions.denoisingMaskRate}). Default 0: off. */
  public DoubleParam denoisingMaskRate() {
    return param("denoisingMaskRate");
  }

  /** The value of {@link #denoisingMaskRate()}. */
  public double getDenoisingMaskRate() {
    return (Double) getOrDefault(denoisingMaskRate());
  }

  /** Sets {@link #denoisingMaskRate()}: in {@code [0, 1)}. */
  public VaeEstimator setDenoisingMaskRate(double value) {
    return put("denoisingMaskRate", value);
  }

  /** Early stopping's patience: stop after this many epochs in a row whose training loss did not
   * improve by more than {@link #earlyStoppingMinDelta()} (the estimator takes no validation data,
   * so early stopping monitors the training loss, as {@code fit} does without validation data).
   * Default 0: none. */
  public IntParam earlyStoppingPatience() {
    return param("earlyStoppingPatience");
  }

  /** The value of {@link #earlyStoppingPatience()}. */
  public int getEarlyStoppingPatience() {
    return (Integer) getOrDefault(earlyStoppingPatience());
  }

  /** Sets {@link #earlyStoppingPatience()}: {@code >= 0}. */
  public VaeEstimator setEarlyStoppingPatience(int value) {
    return put("earlyStoppingPatience", value);
  }

  /** The decrease of the training loss early stopping counts as an improvement. Default 0. */
  public DoubleParam earlyStoppingMinDelta() {
    return param("earlyStoppingMinDelta");
  }

  /** The value of {@link #earlyStoppingMinDelta()}. */
  public double getEarlyStoppingMinDelta() {
    return (Double) getOrDefault(earlyStoppingMinDelta());
  }

  /** Sets {@link #earlyStoppingMinDelta()}: finite and {@code >= 0}. */
  public VaeEstimator setEarlyStoppingMinDelta(double value) {
    return put("earlyStoppingMinDelta", value);
  }

  /** End with the parameters of the epoch with the best training loss. Default false. */
  public BooleanParam restoreBestWeights() {
    return param("restoreBestWeights");
  }

  /** The value of {@link #restoreBestWeights()}. */
  public boolean getRestoreBestWeights() {
    return (Boolean) getOrDefault(restoreBestWeights());
  }

  /** Sets {@link #restoreBestWeights()}. */
  public VaeEstimator setRestoreBestWeights(boolean value) {
    return put("restoreBestWeights", value);
  }

  /** {@code k}: the steps each partition runs between two averagings. Default {@value
   * #DEFAULT_LOCAL_STEPS}. Larger means fewer rounds (less time in Spark's jobs and broadcasts)
   * but partitions that drift further apart before they are averaged; docs/spark.md. */
  public IntParam localSteps() {
    return param("localSteps");
  }

  /** The value of {@link #localSteps()}. */
  public int getLocalSteps() {
    return (Integer) getOrDefault(localSteps());
  }

  /** Sets {@link #localSteps()}: {@code >= 1}. */
  public VaeEstimator setLocalSteps(int value) {
    return put("localSteps", value);
  }

  /** Repartition into this many partitions before training; 0 (default) keeps the input's. */
  public IntParam numPartitions() {
    return param("numPartitions");
  }

  /** The value of {@link #numPartitions()}. */
  public int getNumPartitions() {
    return (Integer) getOrDefault(numPartitions());
  }

  /** Sets {@link #numPartitions()}: {@code >= 0}. */
  public VaeEstimator setNumPartitions(int value) {
    return put("numPartitions", value);
  }

  /** Depth of the {@code treeAggregate} of each round. Default 2. */
  public IntParam aggregationDepth() {
    return param("aggregationDepth");
  }

  /** The value of {@link #aggregationDepth()}. */
  public int getAggregationDepth() {
    return (Integer) getOrDefault(aggregationDepth());
  }

  /** Sets {@link #aggregationDepth()}: {@code >= 1}. */
  public VaeEstimator setAggregationDepth(int value) {
    return put("aggregationDepth", value);
  }

  /** A directory on the driver's file system where the driver writes checkpoints at the ends of
   * epochs, as {@code fit} writes them ({@code checkpoint-epoch-NNNNN.zip}, resumable by a
   * model's {@code resume} and by {@link #resumeFrom()}); empty (default) for none. */
  public Param<String> checkpointDir() {
    return param("checkpointDir");
  }

  /** The value of {@link #checkpointDir()}. */
  public String getCheckpointDir() {
    return getOrDefault(checkpointDir());
  }

  /** Sets {@link #checkpointDir()}: a path on the driver's file system; empty: no checkpoints. */
  public VaeEstimator setCheckpointDir(String value) {
    return put("checkpointDir", value);
  }

  /** Write a checkpoint every this many epochs and after the last. Default 1. */
  public IntParam checkpointEvery() {
    return param("checkpointEvery");
  }

  /** The value of {@link #checkpointEvery()}. */
  public int getCheckpointEvery() {
    return (Integer) getOrDefault(checkpointEvery());
  }

  /** Sets {@link #checkpointEvery()}: {@code >= 1}. */
  public VaeEstimator setCheckpointEvery(int value) {
    return put("checkpointEvery", value);
  }

  /** Keep the newest this many checkpoints this run wrote. Default 3. */
  public IntParam checkpointKeep() {
    return param("checkpointKeep");
  }

  /** The value of {@link #checkpointKeep()}. */
  public int getCheckpointKeep() {
    return (Integer) getOrDefault(checkpointKeep());
  }

  /** Sets {@link #checkpointKeep()}: {@code >= 1}. */
  public VaeEstimator setCheckpointKeep(int value) {
    return put("checkpointKeep", value);
  }

  /** A checkpoint file on the driver's file system to continue from: its parameters, optimiser
   * state, step counter and history; training continues with the epoch after it, up to {@code
   * epochs}. Empty (default) to start afresh. */
  public Param<String> resumeFrom() {
    return param("resumeFrom");
  }

  /** The value of {@link #resumeFrom()}. */
  public String getResumeFrom() {
    return getOrDefault(resumeFrom());
  }

  /** Sets {@link #resumeFrom()}: a path on the driver's file system; empty: start afresh. */
  public VaeEstimator setResumeFrom(String value) {
    return put("resumeFrom", value);
  }

  // ------------------------------------------------------------------ helpers

  @SuppressWarnings("unchecked")
  private <P extends Param<?>> P param(String name) {
    return (P) params.get(name);
  }

  /** Sets param {@code name} to {@code value} after its row's check. */
  private VaeEstimator put(String name, Object value) {
    setValue(name, ConfigParams.BY_NAME.get(name).check(value));
    return this;
  }

  @SuppressWarnings("unchecked")
  private void setValue(String name, Object value) {
    set((Param<Object>) params.get(name), value);
  }

  private VaeEstimator putColumn(Param<String> param, String value) {
    set(param, Objects.requireNonNull(value, param.name()));
    return this;
  }

  private static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
