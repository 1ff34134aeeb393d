package org.vae4j.spark;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.vae4j.core.ModelBuilder;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.train.TrainingOptions;

/**
 * The one table of {@link VaeEstimator}'s model, training and distribution params: for each its
 * name, the {@link ModelConfig} or {@link TrainingOptions} field it stands for, its type and
 * limits (the Spark validator and the setter's check with its message), its default and its doc.
 * {@link #modelConfig} and {@link #trainingOptions} build the configs from the params through the
 * records' components, and {@link #setModelConfig} and {@link #setTrainingOptions} set the params
 * from them, so that no field is copied by hand: a new config field needs one row here
 * ({@code ConfigParamsTest} fails until every field has one). Conversions follow the field's type:
 * an enum is its constant's name in lower case ({@code ModelConfig.Kind} is spelt {@code vae},
 * {@code autoencoder}, {@code conditional}), a {@code long[]} is an {@code int[]}, a {@code Path}
 * a string that is empty for none.
 */
final class ConfigParams {

  /** The config a row's field belongs to; distribution rows belong to none. */
  enum Group { MODEL, TRAINING, DISTRIBUTION }

  /** What kind of value a param holds, which fixes its Spark class, validator and check. */
  enum Type { CHOICE, INT, LONG, DOUBLE, DECAY, SIZES, SHAPE, BOOLEAN, PATH }

  /**
   * One param. {@code min} bounds the setter's INT, LONG (null: none) and DOUBLE values, and the
   * Spark validator's unless {@code validMin} is given (numClasses: 0 for none, else at least 2).
   */
  record Row(Group group, String name, String field, Type type, Number min, Number validMin,
      boolean inclusive, List<String> choices, Object defaultValue, String doc) {

    Row(Group group, String name, String field, Type type, Number min, boolean inclusive,
        List<String> choices, Object defaultValue, String doc) {
      this(group, name, field, type, min, min, inclusive, choices, defaultValue, doc);
    }

    /** The param of {@code owner} this row describes, with its Spark validator. */
    Param<?> create(Params owner) {
      return switch (type) {
        case CHOICE -> new Param<String>(owner, name, doc, ParamValidators.inArray(choices));
        case PATH -> new Param<String>(owner, name, doc);
        case INT -> new IntParam(owner, name, doc,
            ParamValidators.<Object>gtEq(validMin.intValue()));
        case LONG -> min == null ? new LongParam(owner, name, doc)
            : new LongParam(owner, name, doc, ParamValidators.<Object>gtEq(min.longValue()));
        case DOUBLE -> new DoubleParam(owner, name, doc, inclusive
            ? ParamValidators.<Object>gtEq(min.doubleValue())
            : ParamValidators.<Object>gt(min.doubleValue()));
        case DECAY -> new DoubleParam(owner, name, doc,
            ParamValidators.<Object>inRange(0, 1, true, false));
        case SIZES, SHAPE -> new IntArrayParam(owner, name, doc);
        case BOOLEAN -> new BooleanParam(owner, name, doc);
      };
    }

    /**
     * {@code value} checked for a setter: as it is, or normalised (a choice in lower case, a copy
     * of an array).
     *
     * @throws IllegalArgumentException {@code "<name> must ..., got <value>"}
     */
    Object check(Object value) {
      if (value == null) {
        throw new NullPointerException(name);
      }
      switch (type) {
        case CHOICE -> {
          String v = ((String) value).toLowerCase(Locale.ROOT);
          if (!choices.contains(v)) {
            throw new IllegalArgumentException(name + " must be one of "
                + String.join(", ", choices) + ", got " + value);
          }
          return v;
        }
        case PATH -> {
          localPath(name, (String) value);
          return value;
        }
        case INT, LONG -> {
          long v = ((Number) value).longValue();
          if (min != null && v < min.longValue()) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
          }
          return value;
        }
        case DOUBLE -> {
          double v = (Double) value;
          double m = min.doubleValue();
          if (!Double.isFinite(v) || (inclusive ? v < m : v <= m)) {
            throw new IllegalArgumentException(name + " must be finite and "
                + (inclusive ? ">= " : "> ") + (m == 0 ? "0" : Double.toString(m)) + ", got " + v);
          }
          return value;
        }
        case DECAY -> {
          double v = (Double) value;
          if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
          }
          return value;
        }
        case SHAPE -> {
          int[] dims = (int[]) value;
          if (dims.length != 1 && dims.length != 3) {
            throw new IllegalArgumentException(name + " must be [C, H, W] or [D], got "
                + Arrays.toString(dims));
          }
          return positive(dims, true);
        }
        case SIZES -> {
          return positive((int[]) value, min.intValue() > 0);
        }
        default -> {
          return value;
        }
      }
    }

    private int[] positive(int[] values, boolean nonEmpty) {
      if (nonEmpty && values.length == 0) {
        throw new IllegalArgumentException(name + " must not be empty, got []");
      }
      for (int v : values) {
        if (v < 1) {
          throw new IllegalArgumentException(name + " must hold values >= 1, got "
              + Arrays.toString(values));
        }
      }
      return values.clone();
    }
  }

  private static final List<String> KINDS = List.of("vae", "autoencoder", "conditional");
  private static final List<String> LOSSES = List.of("bce", "mse", "learned_variance_gaussian");

  private static final TrainingOptions DEFAULTS = TrainingOptions.builder().build();

  /** Every row, in the order of the params' docs: model, training, distribution. */
  static final List<Row> ROWS = List.of(
      model("modelKind", "kind", Type.CHOICE, null, KINDS, "vae", "the model: vae, autoencoder "
          + "or conditional (a conditional VAE: set numClasses and labelCol)"),
      model("encoder", "encoder", Type.CHOICE, null, List.of("mlp", "conv"), "mlp",
          "the encoder (the decoder mirrors it): mlp or conv"),
      model("hidden", "hidden", Type.SIZES, 0, null, ModelBuilder.defaultHidden(), "hidden "
          + "layer sizes of the mlp encoder, in encoder order (each >= 1; may be empty)"),
      model("channels", "channels", Type.SIZES, 1, null, ModelBuilder.defaultChannels(), "output "
          + "channels of the conv encoder's convolutions (convKernel, convStride), in encoder order (each >= 1)"),
      model("denseUnits", "denseUnits", Type.INT, 1, null, ModelBuilder.DEFAULT_DENSE_UNITS,
          "width of the conv encoder's dense layer (>= 1)"),
      model("inputShape", "inputShape", Type.SHAPE, null, null,
          ints("inputShape", ModelBuilder.defaultInputShape()), "shape of one example: [C, H, W], "
          + "or [D] for the mlp encoder; a row holds its values flattened in row-major order"),
      model("latentDim", "latentDim", Type.INT, 1, null, ModelBuilder.DEFAULT_LATENT_DIM,
          "width of the latent space (>= 1)"),
      model("loss", "loss", Type.CHOICE, null, LOSSES, "bce", "the reconstruction "
          + "loss: bce (Bernoulli, values in [0, 1]), mse (Gaussian of variance 1/2) or "
          + "learned_variance_gaussian (a Gaussian whose per-value variance the decoder learns)"),
      model("beta", "beta", Type.DOUBLE, 0, null, 1.0,
          "weight of the KL term (>= 0; an autoencoder has none)"),
      new Row(Group.MODEL, "numClasses", "numClasses", Type.INT, 2, 0, true, null, 0,
          "classes of a conditional VAE (>= 2); 0 for the other models"),
      model("modelSeed", "seed", Type.LONG, null, null, ModelBuilder.DEFAULT_SEED,
          "seed of the model's parameter initialisation"),
      model("convKernel", "convKernel", Type.INT, 1, null,
          ModelConfig.LayerOptions.DEFAULT.convKernel(), "kernel size of the conv encoder's "
          + "convolutions and the decoder's transposed convolutions (1 to 15; padding (k - 1) / 2)"),
      model("convStride", "convStride", Type.INT, 1, null,
          ModelConfig.LayerOptions.DEFAULT.convStride(),
          "stride of the conv encoder's convolutions (1 to convKernel)"),
      model("leakyReluAlpha", "leakyReluAlpha", Type.DOUBLE, 0, null,
          ModelConfig.LayerOptions.DEFAULT.leakyReluAlpha(),
          "negative slope of every hidden activation: 0 for ReLU, in (0, 1) for LeakyReLU"),
      model("batchNorm", "batchNorm", Type.BOOLEAN, null, null, false, "batch normalisation "
          + "between every convolution / transposed convolution and its activation (conv encoder "
          + "only); its running means and variances are averaged over the partitions like the "
          + "parameters"),

      training("epochs", "epochs", Type.INT, 1, "passes over the data (>= 1): each partition "
          + "passes over its rows once per epoch"),
      training("batchSize", "batchSize", Type.INT, 1,
          "examples per training step in each partition (>= 1)"),
      new Row(Group.TRAINING, "learningRate", "learningRate", Type.DOUBLE, 0, false, null,
          DEFAULTS.learningRate(), "step size of Adam or SGD (> 0)"),
      new Row(Group.TRAINING, "optimizer", "optimizer", Type.CHOICE, null, true,
          List.of("adam", "sgd"), toParam(component(TrainingOptions.class, "optimizer"),
              DEFAULTS.optimizer()), "the update rule: adam or sgd"),
      training("adamBeta1", "adamBeta1", Type.DECAY, null, "Adam's first-moment decay, in [0, 1)"),
      training("adamBeta2", "adamBeta2", Type.DECAY, null,
          "Adam's second-moment decay, in [0, 1)"),
      new Row(Group.TRAINING, "adamEpsilon", "adamEpsilon", Type.DOUBLE, 0, false, null,
          DEFAULTS.adamEpsilon(), "Adam's denominator offset (> 0)"),
      training("seed", "seed", Type.LONG, null, "seed of the shuffles and the reparameterization "
          + "noise (partition 0 uses it as it is, the others seeds drawn from it)"),
      training("klWarmupEpochs", "klWarmupEpochs", Type.INT, 0,
          "KL warm-up over this many epochs (0 = none)"),
      training("klWarmupSteps", "klWarmupSteps", Type.LONG, 0L,
          "KL warm-up over this many steps (0 = none)"),
      training("clipGradientNorm", "clipGradientNorm", Type.DOUBLE, 0,
          "clip each step's gradient to this global L2 norm (0 = no clipping)"),
      training("denoisingMaskRate", "denoisingMaskRate", Type.DECAY, null, "hide each observed "
          + "value from the encoder with this probability in each step, in [0, 1) (TABLE models; "
          + "0 = off)"),
      training("earlyStoppingPatience", "earlyStoppingPatience", Type.INT, 0, "stop after this "
          + "many epochs in a row without an improvement of the training loss (0 = no early "
          + "stopping)"),
      training("earlyStoppingMinDelta", "earlyStoppingMinDelta", Type.DOUBLE, 0,
          "the decrease of the training loss that counts as an improvement (>= 0)"),
      training("restoreBestWeights", "restoreBestWeights", Type.BOOLEAN, null,
          "end with the parameters of the epoch with the best training loss"),
      training("checkpointDir", "checkpointDirectory", Type.PATH, null, "a directory on the "
          + "driver's file system where the driver writes checkpoints at the ends of epochs; "
          + "empty for none"),
      training("checkpointEvery", "checkpointEvery", Type.INT, 1,
          "write a checkpoint every this many epochs and after the last (>= 1)"),
      training("checkpointKeep", "checkpointKeep", Type.INT, 1,
          "keep the newest this many checkpoints of the run (>= 1)"),

      distribution("localSteps", Type.INT, 1, VaeEstimator.DEFAULT_LOCAL_STEPS, "k: training "
          + "steps each partition runs between two averagings (>= 1)"),
      distribution("numPartitions", Type.INT, 0, 0, "repartition the rows into this many "
          + "partitions before training (0 = keep the input's partitions)"),
      distribution("aggregationDepth", Type.INT, 1, 2,
          "depth of the treeAggregate that sums the partitions' results (>= 1)"),
      distribution("resumeFrom", Type.PATH, null, "", "a checkpoint file (of fit or of this "
          + "estimator) on the driver's file system to continue from; empty to start afresh"));

  /** The rows by param name. */
  static final Map<String, Row> BY_NAME = ROWS.stream()
      .collect(Collectors.toMap(Row::name, r -> r, (a, b) -> a, LinkedHashMap::new));

  private ConfigParams() {}

  private static Row model(String name, String field, Type type, Number min, List<String> choices,
      Object defaultValue, String doc) {
    return new Row(Group.MODEL, name, field, type, min, true, choices, defaultValue, doc);
  }

  /** A training row whose default is the default options' field. */
  private static Row training(String name, String field, Type type, Number min, String doc) {
    Object d = toParam(component(TrainingOptions.class, field), read(DEFAULTS, field));
    return new Row(Group.TRAINING, name, field, type, min, true, null, d, doc);
  }

  private static Row distribution(String name, Type type, Number min, Object defaultValue,
      String doc) {
    return new Row(Group.DISTRIBUTION, name, null, type, min, true, null, defaultValue, doc);
  }

  /** The rows of {@code group}. */
  static Stream<Row> rows(Group group) {
    return ROWS.stream().filter(r -> r.group() == group);
  }

  // ------------------------------------------------------------------ configs from params

  /**
   * The model config of the params' values ({@code value}: a param's value or default by name);
   * {@code betaSet}: whether {@code beta} was set (an autoencoder's is 0 unless set).
   *
   * @throws IllegalArgumentException naming the field when the values make no valid model
   */
  static ModelConfig modelConfig(Function<String, Object> value, boolean betaSet) {
    Map<String, Object> fields = fields(Group.MODEL, ModelConfig.class, value);
    boolean conv = fields.get("encoder") == ModelConfig.EncoderKind.CONV;
    if (conv) {
      fields.put("hidden", new int[0]);
    } else {
      fields.put("channels", new int[0]);
      fields.put("denseUnits", 0);
      fields.put("convKernel", ModelConfig.LayerOptions.DEFAULT.convKernel());
      fields.put("convStride", ModelConfig.LayerOptions.DEFAULT.convStride());
    }
    if (fields.get("kind") == ModelConfig.Kind.AUTOENCODER && !betaSet) {
      fields.put("beta", 0.0);
    }
    // the estimator's losses (bce, mse) are not TABLE, so its configs have no table columns
    fields.put("table", java.util.List.of());
    return build(ModelConfig.class, fields);
  }

  /**
   * The training options of the params' values.
   *
   * @throws IllegalArgumentException naming the field when the values are not valid options
   */
  static TrainingOptions trainingOptions(Function<String, Object> value) {
    return build(TrainingOptions.class, fields(Group.TRAINING, TrainingOptions.class, value));
  }

  /**
   * Sets every model param from {@code config} (an mlp's leave the conv params, and back).
   */
  static void setModelConfig(ModelConfig config, BiConsumer<String, Object> set) {
    boolean conv = config.encoder() == ModelConfig.EncoderKind.CONV;
    rows(Group.MODEL).forEach(r -> {
      boolean skip = conv ? r.field().equals("hidden")
          : r.field().equals("channels") || r.field().equals("denseUnits")
              || r.field().equals("convKernel") || r.field().equals("convStride");
      if (!skip) {
        set.accept(r.name(), toParam(component(ModelConfig.class, r.field()),
            read(config, r.field())));
      }
    });
  }

  /** Sets every training param from {@code options}. */
  static void setTrainingOptions(TrainingOptions options, BiConsumer<String, Object> set) {
    rows(Group.TRAINING).forEach(r -> set.accept(r.name(),
        toParam(component(TrainingOptions.class, r.field()), read(options, r.field()))));
  }

  /** The record's fields from the rows of {@code group}, by field name. */
  private static Map<String, Object> fields(Group group, Class<? extends Record> type,
      Function<String, Object> value) {
    Map<String, Object> fields = new LinkedHashMap<>();
    rows(group).forEach(r -> fields.put(r.field(),
        toField(component(type, r.field()), r.name(), value.apply(r.name()))));
    return fields;
  }

  /** {@code record} with field {@code field} set to {@code value}, every other field kept. */
  @SuppressWarnings("unchecked")
  static <R extends Record> R with(R record, String field, Object value) {
    component(record.getClass(), field);
    Map<String, Object> fields = new LinkedHashMap<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      fields.put(c.getName(), c.getName().equals(field) ? value : read(record, c.getName()));
    }
    return build((Class<R>) record.getClass(), fields);
  }

  /** A record through its canonical constructor, every component from {@code fields}. */
  private static <R extends Record> R build(Class<R> type, Map<String, Object> fields) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      String name = components[i].getName();
      if (!fields.containsKey(name)) {
        throw new IllegalStateException(type.getSimpleName() + "." + name
            + " must have a param in ConfigParams, got none");
      }
      types[i] = components[i].getType();
      args[i] = fields.get(name);
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build a " + type.getSimpleName(), e);
    }
  }

  static RecordComponent component(Class<? extends Record> type, String field) {
    for (RecordComponent c : type.getRecordComponents()) {
      if (c.getName().equals(field)) {
        return c;
      }
    }
    throw new IllegalStateException(type.getSimpleName() + " must have a field " + field
        + ", got none");
  }

  private static Object read(Record record, String field) {
    try {
      return component(record.getClass(), field).getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + field, e);
    }
  }

  /** A field's value as its param holds it. */
  static Object toParam(RecordComponent c, Object v) {
    Class<?> t = c.getType();
    if (v == null) {
      return t == Path.class ? "" : null;
    }
    if (v == ModelConfig.Kind.CONDITIONAL_VAE) {
      return "conditional";
    }
    if (v instanceof ModelConfig.LossKind loss) {
      // The estimator's loss param spells the likelihoods it can express; any other is refused
      // here, by name, rather than by Spark's validator or read back as another loss.
      String name = loss.name().toLowerCase(Locale.ROOT);
      if (!LOSSES.contains(name)) {
        throw new IllegalArgumentException(
            "loss must be BCE, MSE or LEARNED_VARIANCE_GAUSSIAN for the Spark estimator, got " + loss.name());
      }
      return name;
    }
    if (t.isEnum()) {
      return ((Enum<?>) v).name().toLowerCase(Locale.ROOT);
    }
    if (t == long[].class) {
      return ints(c.getName(), (long[]) v);
    }
    if (t == int[].class) {
      return ((int[]) v).clone();
    }
    if (t == Path.class) {
      return v.toString();
    }
    return v;
  }

  /** A param's value as its field holds it. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object toField(RecordComponent c, String param, Object v) {
    Class<?> t = c.getType();
    if (t == ModelConfig.Kind.class && "conditional".equals(v)) {
      return ModelConfig.Kind.CONDITIONAL_VAE;
    }
    if (t == ModelConfig.LossKind.class) {
      return ModelConfig.LossKind.of(((String) v).toUpperCase(Locale.ROOT));
    }
    if (t.isEnum()) {
      return Enum.valueOf((Class) t, ((String) v).toUpperCase(Locale.ROOT));
    }
    if (t == long[].class) {
      int[] a = (int[]) v;
      long[] out = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return out;
    }
    if (t == int[].class) {
      return ((int[]) v).clone();
    }
    if (t == Path.class) {
      return localPath(param, (String) v);
    }
    return v;
  }

  /** A path on the driver's file system, or null for an empty setting. */
  static Path localPath(String param, String value) {
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
}
