package org.vae4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.core.eval.AnomalyScorer;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.vae4j.api.io.AtomicFiles;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelFormatException;
import org.vae4j.core.Vae4jModel;
import scala.Option;

/**
 * A trained vae4j model as a Spark ML {@link Model}: {@link #transform} adds to each row the
 * posterior mean of its example as an ML {@code Vector} column (the latent features), and on
 * request the log-variances, the reconstruction error and an importance-weighted log-likelihood
 * estimate (see {@link VaeParams}), and anomaly scores, flags and per-column contributions
 * ({@link #scoreCol()}, {@link #flagCol()}, {@link #contributionsCol()}) as {@code AnomalyScorer}
 * computes them. A table model (a {@code TABLE} loss) reads the columns of its preprocessing by
 * name from raw rows (numeric, boolean, string; null or NaN missing) instead of {@code inputCol}.
 *
 * <pre>{@code
 * VaeModel features = VaeModel.of(vae).setInputCol("pixels").setOutputCol("z");
 * Dataset<Row> out = features.transform(images);   // images: a column "pixels" of array<float>
 * }</pre>
 *
 * <p>The model travels as the bytes of its vae4j model file: broadcast once per {@code
 * transform} model instance and loaded in each executor the first time a task there needs it,
 * then reused by the later tasks (one instance per concurrently running task, since a model
 * serialises its calls). Rows are read in batches of {@link #batchSize()} rows before they go
 * through the model; empty partitions load nothing. The outputs of a row are bit for bit those of
 * the model's own calls ({@code encodeMean}, {@code encode}, {@code reconstructionLoss}) on the
 * batch the row was read in; with another partitioning or batch size they can differ in the last
 * bits, because ND4J's matrix products round differently for different numbers of rows.
 *
 * <p>Saves and loads with Spark ML persistence ({@link #write()}, {@link #load(String)}), also as
 * a stage of a {@code PipelineModel}: the params as Spark's metadata, the model file's bytes in a
 * one-row Parquet file under {@code data/}.
 *
 * <p>This object holds only bytes: it needs no closing, and the vae4j model it was made from may
 * be closed after {@link #of(Vae)} returns. Executors need an ND4J backend on their class path
 * (docs/spark.md).
 */
public final class VaeModel extends Model<VaeModel> implements VaeParams, MLWritable {

  private static final long serialVersionUID = 1L;

  /** Default {@link #batchSize()}. */
  public static final int DEFAULT_BATCH_SIZE = 256;

  /** Version of the layout under {@code data/} written by {@link #write()}. */
  static final int DATA_FORMAT = 1;

  private final String uid;
  private final ModelConfig.Kind kind;
  private final String configJson;
  private final byte[] modelBytes;
  private final String digest;
  private transient ModelConfig config;
  private transient Broadcast<byte[]> broadcast;
  private transient SparkContext broadcastContext;
  private transient VaeTrainingSummary trainingSummary;

  private final ColumnParams columns;
  private final IntParam batchSize;

  /**
   * A model of {@code config} from the bytes of its vae4j model file, with the stage id {@code
   * uid}. For the stages of this package that make models; users call {@code of(...)}.
   */
  VaeModel(String uid, ModelConfig config, byte[] modelBytes) {
    this(uid, config, modelBytes, ModelBytes.sha256(modelBytes));
  }

  private VaeModel(String uid, ModelConfig config, byte[] modelBytes, String digest) {
    this.uid = Objects.requireNonNull(uid, "uid");
    this.kind = config.kind();
    this.configJson = config.toJson();
    this.config = config;
    this.modelBytes = modelBytes;
    this.digest = digest;
    // Params need the uid: created here, after it is set, never in field initialisers.
    columns = new ColumnParams(this, "");
    batchSize = new IntParam(this, "batchSize", "rows per batch through the model (>= 1)",
        ParamValidators.<Object>gtEq(1));
    columns.setDefaults(this::defaultValue);
    setDefault(batchSize, DEFAULT_BATCH_SIZE);
  }

  /**
   * A stage wrapping a copy of {@code model}'s current parameters, for a model of any kind (set
   * {@link #labelCol()} for one with a class input, a conditional VAE).
   */
  public static VaeModel of(Vae4jModel model) {
    Objects.requireNonNull(model, "model");
    return fromModel(model.config(), model.isClosed(), model::save);
  }

  /**
   * The model {@code estimator} trained, with the estimator's uid (as MLlib's models share their
   * estimator's) and how it was trained.
   */
  static VaeModel trained(String uid, Vae4jModel model, VaeTrainingSummary summary) {
    VaeModel m = fromModel(uid, model.config(), model.isClosed(), model::save);
    m.trainingSummary = summary;
    return m;
  }

  private static VaeModel fromModel(ModelConfig config, boolean closed, ModelBytes.Saver saver) {
    return fromModel(Identifiable.randomUID("vaeModel"), config, closed, saver);
  }

  private static VaeModel fromModel(String uid, ModelConfig config, boolean closed,
      ModelBytes.Saver saver) {
    if (closed) {
      throw new IllegalStateException("model is closed");
    }
    try {
      return new VaeModel(uid, config, ModelBytes.write(saver));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model to a temporary file: "
          + e.getMessage(), e);
    }
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The configuration of the wrapped model. */
  public ModelConfig modelConfig() {
    if (config == null) {
      config = ModelConfig.fromJson(configJson);
    }
    return config;
  }

  /**
   * How {@link VaeEstimator#fit} trained this model: the history per epoch and per round. Empty
   * for a model made with {@code of(...)} or loaded: like MLlib's training summaries, it is not
   * saved.
   */
  public Optional<VaeTrainingSummary> trainingSummary() {
    return Optional.ofNullable(trainingSummary);
  }

  /** The SHA-256 of the model file's bytes: the model's identity in the executors' caches. */
  String digest() {
    return digest;
  }

  /** Width of the latent space: the size of the output vectors. */
  public int latentDim() {
    return modelConfig().latentDim();
  }

  /**
   * Writes the wrapped model as a vae4j model file, atomically, for {@code Vae4jModel.load} (or
   * the kind's own {@code Vae.load}, {@code Autoencoder.load}, {@code ConditionalVae.load}).
   */
  public void saveModelFile(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    AtomicFiles.write(file, out -> out.write(modelBytes));
  }

  // ------------------------------------------------------------------ params

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
  public VaeModel setInputCols(String... names) {
    set(columns.inputCols, ColumnParams.inputCols(names));
    return this;
  }

  /** Sets {@link #scoreCol()} (empty: off). */
  public VaeModel setScoreCol(String value) {
    set(columns.scoreCol, java.util.Objects.requireNonNull(value, "scoreCol"));
    return this;
  }

  /** Sets {@link #scoreType()}: {@code negative_elbo}, {@code negative_log_likelihood}, {@code
   * reconstruction_probability} or {@code reconstruction_error}. */
  public VaeModel setScoreType(String value) {
    ColumnParams.scoreType(value);
    set(columns.scoreType, value);
    return this;
  }

  /** Sets {@link #scoreSamples()}, in [1, 100000]. */
  public VaeModel setScoreSamples(int k) {
    set(columns.scoreSamples, ColumnParams.scoreSamples(k));
    return this;
  }

  /** Sets {@link #scoreSeed()}. */
  public VaeModel setScoreSeed(long value) {
    set(columns.scoreSeed, value);
    return this;
  }

  /** Sets {@link #flagCol()} (empty: off). */
  public VaeModel setFlagCol(String value) {
    set(columns.flagCol, java.util.Objects.requireNonNull(value, "flagCol"));
    return this;
  }

  /** Sets {@link #threshold()}: finite. */
  public VaeModel setThreshold(double value) {
    set(columns.threshold, ColumnParams.threshold(value));
    return this;
  }

  /** Sets {@link #contributionsCol()} (empty: off). */
  public VaeModel setContributionsCol(String value) {
    set(columns.contributionsCol, java.util.Objects.requireNonNull(value, "contributionsCol"));
    return this;
  }

  /** Rows per batch through the model in {@link #transform}, {@code >= 1}. Default {@value #DEFAULT_BATCH_SIZE}. */
  public IntParam batchSize() {
    return batchSize;
  }

  /** The batch size of {@link #transform}. */
  public int getBatchSize() {
    return (Integer) getOrDefault(batchSize);
  }

  /** Sets {@link #inputCol()}. */
  public VaeModel setInputCol(String value) {
    return put(columns.inputCol, value);
  }

  /** Sets {@link #labelCol()} (a conditional VAE's labels; empty for none). */
  public VaeModel setLabelCol(String value) {
    return put(columns.labelCol, value);
  }

  /** Sets {@link #outputCol()}. */
  public VaeModel setOutputCol(String value) {
    return put(columns.outputCol, value);
  }

  /** Sets {@link #logVarCol()} (empty: off). */
  public VaeModel setLogVarCol(String value) {
    return put(columns.logVarCol, value);
  }

  /** Sets {@link #reconstructionErrorCol()} (empty: off). */
  public VaeModel setReconstructionErrorCol(String value) {
    return put(columns.reconstructionErrorCol, value);
  }

  /** Sets {@link #logLikelihoodCol()} (empty: off). */
  public VaeModel setLogLikelihoodCol(String value) {
    return put(columns.logLikelihoodCol, value);
  }

  /** Sets {@link #importanceSamples()}, {@code >= 1}. */
  public VaeModel setImportanceSamples(int k) {
    set(columns.importanceSamples, ColumnParams.importanceSamples(k));
    return this;
  }

  /** Sets {@link #logLikelihoodSeed()}. */
  public VaeModel setLogLikelihoodSeed(long seed) {
    set(columns.logLikelihoodSeed, seed);
    return this;
  }

  /** Sets {@link #batchSize()}, {@code >= 1}. */
  public VaeModel setBatchSize(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + rows);
    }
    set(batchSize, rows);
    return this;
  }

  @SuppressWarnings("unchecked")
  private void defaultValue(Param<?> param, Object value) {
    setDefault((Param<Object>) param, value);
  }

  private VaeModel put(Param<String> param, String value) {
    Objects.requireNonNull(value, param.name());
    set(param, value);
    return this;
  }

  // ------------------------------------------------------------------ transform

  /**
   * The input schema with the output columns appended, after checking every setting against it
   * and against the model.
   *
   * @throws IllegalArgumentException naming the setting, the column, the expected and the actual
   *     type or width
   */
  @Override
  public StructType transformSchema(StructType schema) {
    return check(schema).outputSchema();
  }

  /** What {@link #transformSchema} checked: the input kind and the output schema. */
  record Checked(Columns.InputKind inputKind, StructType outputSchema) {}

  private Checked check(StructType schema) {
    return check(modelConfig(), this, schema);
  }

  /**
   * Checks the column settings {@code p} against {@code schema} and a model of config {@code c}:
   * the input column (type and, for vectors, width), the label column (required exactly for a
   * conditional VAE), and the output columns (new, distinct, variational outputs only for a
   * variational model). Shared with the stages that produce a {@code VaeModel}.
   */
  static Checked check(ModelConfig c, VaeParams p, StructType schema) {
    return check(c, p, schema, false);
  }

  /**
   * As {@link #check(ModelConfig, VaeParams, StructType)}; {@code thresholdLater}: the threshold of
   * a flag column is fitted after this check (the estimator's contamination), so it need not be set.
   */
  static Checked check(ModelConfig c, VaeParams p, StructType schema, boolean thresholdLater) {
    Columns.InputKind inputKind = null;
    boolean table = c.loss().equals(ModelConfig.LossKind.TABLE);
    if (table) {
      TablePreprocessing prep = c.tablePreprocessing().orElseThrow();
      String[] cols = p.getInputCols();
      if (cols.length > 0 && !new HashSet<>(List.of(cols)).equals(
          new HashSet<>(prep.columnTypes().keySet()))) {
        throw new IllegalArgumentException("inputCols must be the model's table columns "
            + prep.columnTypes().keySet() + " (in any order) or empty, got " + List.of(cols));
      }
      if (c.numClasses() > 0) {
        throw new IllegalArgumentException("a conditional table model is not supported by "
            + "vae-spark, got numClasses " + c.numClasses());
      }
      TableRowReader.of(prep, schema, "inputCols");
    } else {
      if (p.getInputCols().length > 0) {
        throw new IllegalArgumentException("inputCols is for table models (a TABLE loss); this "
            + "model's loss is " + c.loss().name() + ": set inputCol instead, got inputCols "
            + List.of(p.getInputCols()));
      }
      String input = p.isDefined(p.inputCol()) ? p.getInputCol() : "";
      inputKind = Columns.inputKind(schema, "inputCol", input, c.inputSize(), c.inputShape());
    }
    String label = p.getLabelCol();
    if (c.numClasses() > 0) {
      if (label.isEmpty()) {
        throw new IllegalArgumentException("labelCol must be set for a conditional VAE (class "
            + "indices in [0, " + c.numClasses() + ")), got none");
      }
      Columns.checkLabel(schema, "labelCol", label, c.numClasses());
    } else if (!label.isEmpty()) {
      throw new IllegalArgumentException("labelCol must be empty for a " + c.kind()
          + " model (only a conditional VAE takes labels), got '" + label + "'");
    }
    if (!c.isVariational()) {
      refuseForAutoencoder("logVarCol", p.getLogVarCol(), "has no posterior variance");
      refuseForAutoencoder("logLikelihoodCol", p.getLogLikelihoodCol(), "defines no likelihood");
    }
    Set<String> taken = new HashSet<>();
    StructType out = schema;
    Columns.checkNewColumn(schema, "outputCol", p.getOutputCol(), taken);
    out = out.add(new AttributeGroup(p.getOutputCol(), c.latentDim()).toStructField());
    if (!p.getLogVarCol().isEmpty()) {
      Columns.checkNewColumn(schema, "logVarCol", p.getLogVarCol(), taken);
      out = out.add(new AttributeGroup(p.getLogVarCol(), c.latentDim()).toStructField());
    }
    if (!p.getReconstructionErrorCol().isEmpty()) {
      Columns.checkNewColumn(schema, "reconstructionErrorCol", p.getReconstructionErrorCol(), taken);
      out = out.add(p.getReconstructionErrorCol(), DataTypes.DoubleType, false);
    }
    if (!p.getLogLikelihoodCol().isEmpty()) {
      Columns.checkNewColumn(schema, "logLikelihoodCol", p.getLogLikelihoodCol(), taken);
      out = out.add(p.getLogLikelihoodCol(), DataTypes.DoubleType, false);
    }
    boolean scoring = !p.getScoreCol().isEmpty() || !p.getFlagCol().isEmpty()
        || !p.getContributionsCol().isEmpty();
    if (scoring) {
      AnomalyScorer.ScoreType type = ColumnParams.scoreType(p.getScoreType());
      if (!c.isVariational() && !type.supportsPointPosterior()) {
        throw new IllegalArgumentException("scoreType must be reconstruction_probability or "
            + "reconstruction_error for an AUTOENCODER (it has no posterior density), got '"
            + p.getScoreType() + "'");
      }
      if (!p.getContributionsCol().isEmpty()
          && type == AnomalyScorer.ScoreType.NEGATIVE_LOG_LIKELIHOOD) {
        throw new IllegalArgumentException("contributionsCol needs a score that sums over values: "
            + "scoreType negative_log_likelihood (a log-mean-exp) has none, got contributionsCol '"
            + p.getContributionsCol() + "'");
      }
    }
    if (!p.getScoreCol().isEmpty()) {
      Columns.checkNewColumn(schema, "scoreCol", p.getScoreCol(), taken);
      out = out.add(p.getScoreCol(), DataTypes.DoubleType, false);
    }
    if (!p.getFlagCol().isEmpty()) {
      if (Double.isNaN(p.getThreshold()) && !thresholdLater) {
        throw new IllegalArgumentException("flagCol '" + p.getFlagCol() + "' needs a threshold: "
            + "set threshold (or the estimator's contamination), got none");
      }
      Columns.checkNewColumn(schema, "flagCol", p.getFlagCol(), taken);
      out = out.add(p.getFlagCol(), DataTypes.BooleanType, false);
    }
    if (!p.getContributionsCol().isEmpty()) {
      Columns.checkNewColumn(schema, "contributionsCol", p.getContributionsCol(), taken);
      out = out.add(p.getContributionsCol(),
          DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    }
    return new Checked(inputKind, out);
  }

  private static void refuseForAutoencoder(String param, String value, String why) {
    if (!value.isEmpty()) {
      throw new IllegalArgumentException(param + " must be empty for an AUTOENCODER (a "
          + "deterministic encoder " + why + "), got '" + value + "'");
    }
  }

  /**
   * Adds the output columns. Lazy, as every Spark transformation: the model runs when the result
   * is computed, and a bad row (wrong width, null, NaN, a label out of range) fails that job with
   * an {@link IllegalArgumentException} naming the column, the expected and the actual value.
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    Checked checked = check(schema);
    ModelConfig c = modelConfig();
    String label = getLabelCol();
    Featurizer.ModelSpec spec = new Featurizer.ModelSpec(broadcast(dataset.sparkSession()), digest,
        kind, c.latentDim());
    ExampleReader reader = c.loss().equals(ModelConfig.LossKind.TABLE)
        ? TableRowReader.of(c.tablePreprocessing().orElseThrow(), schema, "inputCols")
        : new RowReader(schema.fieldIndex(getInputCol()), checked.inputKind(),
            getInputCol(), label.isEmpty() ? -1 : schema.fieldIndex(label), label, c.inputShape(),
            c.numClasses());
    Featurizer.Scoring scoring = getScoreCol().isEmpty() && getFlagCol().isEmpty()
        && getContributionsCol().isEmpty() ? null
        : new Featurizer.Scoring(getScoreType(), getScoreSamples(), getScoreSeed(),
            !getScoreCol().isEmpty(), !getFlagCol().isEmpty(), getThreshold(),
            !getContributionsCol().isEmpty(),
            c.tablePreprocessing().map(TablePreprocessing::toJson).orElse(null));
    Featurizer.Plan plan = new Featurizer.Plan(reader, schema.fields().length,
        !getLogVarCol().isEmpty(), !getReconstructionErrorCol().isEmpty(),
        !getLogLikelihoodCol().isEmpty(), getImportanceSamples(), getLogLikelihoodSeed(),
        getBatchSize(), scoring);
    Dataset<Row> out = dataset.toDF().mapPartitions(new Featurizer(spec, plan),
        Encoders.row(checked.outputSchema()));
    // mapPartitions drops column metadata (the vectors' sizes, a label's classes): put it back.
    StructField[] fields = checked.outputSchema().fields();
    Column[] columns = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].name();
      columns[i] = out.col("`" + name.replace("`", "``") + "`").as(name, fields[i].metadata());
    }
    return out.select(columns);
  }

  /** The model bytes as a broadcast of the session's context, made once per context. */
  private synchronized Broadcast<byte[]> broadcast(SparkSession session) {
    SparkContext sc = session.sparkContext();
    if (broadcast == null || broadcastContext != sc) {
      broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(modelBytes);
      broadcastContext = sc;
    }
    return broadcast;
  }

  @Override
  public VaeModel copy(ParamMap extra) {
    VaeModel copy = copyValues(new VaeModel(uid, modelConfig(), modelBytes, digest), extra);
    copy.trainingSummary = trainingSummary;
    return copy.setParent(parent());
  }

  /** Size of the model file in bytes (Spark 4 uses it to budget its model cache). */
  public long estimatedSize() {
    return modelBytes.length;
  }

  @Override
  public String toString() {
    ModelConfig c = modelConfig();
    return "VaeModel: uid=" + uid + ", kind=" + c.kind() + ", inputShape="
        + Arrays.toString(c.inputShape()) + ", latentDim=" + c.latentDim();
  }

  // ------------------------------------------------------------------ persistence

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** The reader of saved models; {@code PipelineModel.load} finds it by reflection. */
  public static MLReader<VaeModel> read() {
    return new Reader();
  }

  /**
   * Loads a model saved with {@code model.write().save(path)} or {@code model.save(path)}.
   *
   * @throws IOException when the directory does not hold a VaeModel or its model file is corrupt
   *     ({@link ModelFormatException} naming the directory)
   */
  public static VaeModel load(String path) throws IOException {
    try {
      return read().load(path);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static StructType dataSchema() {
    return new StructType(new StructField[] {
        DataTypes.createStructField("format", DataTypes.IntegerType, false),
        DataTypes.createStructField("kind", DataTypes.StringType, false),
        DataTypes.createStructField("config", DataTypes.StringType, false),
        DataTypes.createStructField("model", DataTypes.BinaryType, false)});
  }

  private static String dataPath(String path) {
    return new org.apache.hadoop.fs.Path(path, "data").toString();
  }

  /** Spark's metadata (class, uid, params) and the model file's bytes in one Parquet row. */
  private static final class Writer extends MLWriter {
    private final VaeModel instance;

    Writer(VaeModel instance) {
      this.instance = instance;
    }

    // the SparkSession overloads of saveMetadata/loadMetadata exist only from Spark 4; this source
    // also builds against Spark 3.5, so it keeps the SparkContext ones Spark 4 deprecates
    @SuppressWarnings("deprecation")
    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(instance, path, sc(), Option.empty(), Option.empty());
      Row row = RowFactory.create(DATA_FORMAT, instance.kind.name(), instance.configJson,
          instance.modelBytes);
      sparkSession().createDataFrame(List.of(row), dataSchema()).repartition(1).write()
          .parquet(dataPath(path));
    }
  }

  private static final class Reader extends MLReader<VaeModel> {
    @SuppressWarnings("deprecation") // see Writer.saveImpl
    @Override
    public VaeModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sc(), VaeModel.class.getName());
      String data = dataPath(path);
      List<Row> rows = sparkSession().read().parquet(data).select("format", "kind", "config", "model")
          .collectAsList();
      if (rows.size() != 1) {
        throw corrupt(data, "must hold one row, got " + rows.size(), null);
      }
      Row row = rows.get(0);
      if (row.getInt(0) != DATA_FORMAT) {
        throw corrupt(data, "format must be " + DATA_FORMAT + " (this version of vae-spark), got "
            + row.getInt(0), null);
      }
      ModelConfig.Kind kind;
      ModelConfig stored;
      try {
        kind = ModelConfig.Kind.valueOf(row.getString(1));
        stored = ModelConfig.fromJson(row.getString(2));
      } catch (IllegalArgumentException e) {
        throw corrupt(data, e.getMessage(), e);
      }
      byte[] bytes = (byte[]) row.get(3);
      ModelConfig loaded;
      try (LoadedConfig lc = LoadedConfig.of(kind, bytes)) {
        loaded = lc.config();
      } catch (IOException e) {
        throw corrupt(data, "the model bytes are not a vae4j " + kind + " model file: "
            + e.getMessage(), e);
      }
      if (!loaded.equals(stored)) {
        throw corrupt(data, "the model file's config must match the stored config, got "
            + loaded + " and " + stored, null);
      }
      VaeModel model = new VaeModel(metadata.uid(), loaded, bytes);
      metadata.getAndSetParams(model, Option.empty());
      return model;
    }

    private static UncheckedIOException corrupt(String data, String problem, Throwable cause) {
      return new UncheckedIOException(
          new ModelFormatException(data + ": not a saved VaeModel: " + problem, cause));
    }
  }

  /** Loads a model file's bytes to check them and read their config, then closes the model. */
  private record LoadedConfig(ModelConfig config, AutoCloseable model) implements AutoCloseable {
    static LoadedConfig of(ModelConfig.Kind kind, byte[] bytes) throws IOException {
      Vae4jModel m = ModelBytes.read(bytes, Vae4jModel::load);
      if (m.config().kind() != kind) {
        m.close();
        throw new ModelFormatException("holds a model of kind " + m.config().kind()
            + ", expected " + kind);
      }
      return new LoadedConfig(m.config(), m);
    }

    @Override
    public void close() {
      try {
        model.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close the model", e);
      }
    }
  }
}
