package org.vae4j.core.train.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.io.AtomicFiles;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelFormatException;
import org.vae4j.core.internal.ArchitecturePlan;
import org.vae4j.core.internal.ArrayTable;
import org.vae4j.core.internal.ModelCodec;
import org.vae4j.core.internal.UntrustedZip;
import org.vae4j.core.train.TrainingOptions;

/**
 * The checkpoint file: a zip written atomically through {@link AtomicFiles}, holding {@value
 * #VERSION_ENTRY} ({@code checkpoint-format-version=2}), {@value #MODEL_ENTRY} (the model config),
 * {@value #TRAINING_ENTRY} (the training config), {@value #STATE_ENTRY} (completed epochs, global
 * step, early-stopping state), {@value #HISTORY_ENTRY} (the history so far) and {@value
 * #ARRAYS_ENTRY}: a big-endian binary table (magic {@code VCK1}, count, then per array its name and
 * dtype as modified UTF-8, rank, shape as longs and the values as big-endian floats or doubles,
 * then the end marker {@code END!}) of the parameters ({@code param:<name>}), the Adam state
 * ({@code adam}: the first moments of all parameters in creation order, then the second moments) and, when restoring best weights, the best epoch's parameters ({@code
 * best:<name>}), and for a model with batch norm its running statistics ({@code state:<name>})
 * and the best epoch's ({@code beststate:<name>}, with best weights). No Java object serialization. Random generators need no state: see {@link
 * TrainingState}.
 */
public final class CheckpointCodec {

  /**
   * The format this code writes and the only one it reads. Version 1 (vae4j before the flat Adam
   * update) kept each parameter's two moments side by side; its files are rejected.
   */
  public static final int FORMAT_VERSION = 2;

  static final String VERSION_ENTRY = "checkpoint-format-version.txt";
  static final String MODEL_ENTRY = "model-config.json";
  static final String TRAINING_ENTRY = "training-config.json";
  static final String STATE_ENTRY = "state.json";
  static final String HISTORY_ENTRY = "history.json";
  static final String ARRAYS_ENTRY = "arrays.bin";
  private static final int MAGIC = 0x56434B31;
  /** The most bytes of the version entry. */
  static final int MAX_VERSION_BYTES = 64;
  /** The most bytes of each config entry. */
  static final int MAX_JSON_BYTES = 64 * 1024;
  /** The most bytes of the state entry. */
  static final int MAX_STATE_BYTES = 4 * 1024;
  /** The most bytes of the history entry per completed epoch (an epoch takes about 600). */
  static final int HISTORY_BYTES_PER_EPOCH = 4 * 1024;
  /** The most bytes of the history entry (about 100,000 epochs). */
  static final int MAX_HISTORY_BYTES = 64 * 1024 * 1024;
  private static final Pattern NAME = Pattern.compile("checkpoint-epoch-(\\d{1,9})\\.zip");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Everything a checkpoint holds.
   *
   * @param modelConfig the model's config
   * @param trainingOptions the training options in force
   * @param epoch completed epochs
   * @param step optimisation steps taken
   * @param history the history so far (no stop reason)
   * @param bestEpoch the best epoch of early stopping / best-weights tracking (0 = none)
   * @param bestLoss its monitored loss (ignored when bestEpoch is 0)
   * @param epochsWithoutImprovement early stopping's counter
   * @param parameters the parameters by name
   * @param optimizer the Adam state, {@code [1, 2 * parameterCount]}
   * @param bestParameters the best epoch's parameters by name, empty when not tracked
   * @param state the network's state (batch norm's running statistics) by name, empty without
   *     batch norm
   * @param bestState the best epoch's state by name, empty when not tracked or without batch norm
   */
  public record Contents(
      ModelConfig modelConfig,
      TrainingOptions trainingOptions,
      int epoch,
      long step,
      TrainingHistory history,
      int bestEpoch,
      double bestLoss,
      int epochsWithoutImprovement,
      Map<String, INDArray> parameters,
      INDArray optimizer,
      Map<String, INDArray> bestParameters,
      Map<String, INDArray> state,
      Map<String, INDArray> bestState) {}

  private CheckpointCodec() {}

  /** The file name of the checkpoint after {@code epoch}: {@code checkpoint-epoch-00012.zip}. */
  public static String fileName(int epoch) {
    return String.format(Locale.ROOT, "checkpoint-epoch-%05d.zip", epoch);
  }

  /** Writes {@code c} to {@code file} atomically. */
  public static void write(Path file, Contents c) throws IOException {
    write(file, c, UnaryOperator.identity());
  }

  /** As {@link #write(Path, Contents)}, with the output stream wrapped (for failure tests). */
  static void write(Path file, Contents c, UnaryOperator<OutputStream> wrap) throws IOException {
    byte[] arrays = arrays(c);
    ObjectNode state = JSON.createObjectNode();
    state.put("epoch", c.epoch());
    state.put("step", c.step());
    state.put("bestEpoch", c.bestEpoch());
    if (c.bestEpoch() > 0) {
      state.put("bestLoss", c.bestLoss());
    }
    state.put("epochsWithoutImprovement", c.epochsWithoutImprovement());
    AtomicFiles.write(file, raw -> {
      ZipOutputStream zip = new ZipOutputStream(wrap.apply(raw));
      put(zip, VERSION_ENTRY, "checkpoint-format-version=" + FORMAT_VERSION + "\n");
      put(zip, MODEL_ENTRY, c.modelConfig().toJson());
      put(zip, TRAINING_ENTRY, c.trainingOptions().toJson());
      put(zip, STATE_ENTRY, JSON.writeValueAsString(state));
      put(zip, HISTORY_ENTRY, c.history().toJson());
      zip.putNextEntry(new ZipEntry(ARRAYS_ENTRY));
      zip.write(arrays);
      zip.closeEntry();
      zip.finish();
      zip.flush();
    });
  }

  private static void put(ZipOutputStream zip, String name, String content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  private static byte[] arrays(Contents c) throws IOException {
    Map<String, INDArray> all = new LinkedHashMap<>();
    c.parameters().forEach((k, v) -> all.put("param:" + k, v));
    all.put("adam", c.optimizer());
    c.bestParameters().forEach((k, v) -> all.put("best:" + k, v));
    c.state().forEach((k, v) -> all.put("state:" + k, v));
    c.bestState().forEach((k, v) -> all.put("beststate:" + k, v));
    return ArrayTable.encode(MAGIC, all);
  }

  /**
   * Reads a checkpoint, as an untrusted file and in bounded memory: every entry has a size bound
   * (the JSON entries a few KB, the history {@value #HISTORY_BYTES_PER_EPOCH} bytes per completed
   * epoch up to {@value #MAX_HISTORY_BYTES}, the arrays what the model config needs: its
   * parameters, the Adam state and possibly the best epoch's parameters), and every array value
   * must be finite. Nothing the model config does not bound is allocated.
   *
   * @throws NoSuchFileException when it does not exist
   * @throws ModelFormatException naming the file when it is not a readable checkpoint
   */
  public static Contents read(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "checkpoint does not exist");
    }
    try (UntrustedZip zip = UntrustedZip.open(file, "not a checkpoint")) {
      String version = zip.text(VERSION_ENTRY, MAX_VERSION_BYTES, missing(VERSION_ENTRY)).trim();
      if (!version.equals("checkpoint-format-version=" + FORMAT_VERSION)) {
        throw new ModelFormatException(file + ": checkpoint format must be " + FORMAT_VERSION
            + ", got '" + (version.length() > 60 ? version.substring(0, 60) + "..." : version) + "'");
      }
      ModelConfig model;
      TrainingOptions training;
      JsonNode state;
      try {
        model = ModelConfig.fromJson(zip.text(MODEL_ENTRY, MAX_JSON_BYTES, missing(MODEL_ENTRY)));
        training = TrainingOptions.fromJson(
            zip.text(TRAINING_ENTRY, MAX_JSON_BYTES, missing(TRAINING_ENTRY)));
        state = JSON.readTree(zip.text(STATE_ENTRY, MAX_STATE_BYTES, missing(STATE_ENTRY)));
      } catch (IllegalArgumentException | IOException e) {
        if (e instanceof ModelFormatException m) {
          throw m;
        }
        throw new ModelFormatException(file + ": unreadable checkpoint metadata: " + e.getMessage(), e);
      }
      int epoch = intField(file, state, "epoch");
      long step = state.path("step").asLong(-1);
      int bestEpoch = intField(file, state, "bestEpoch");
      double bestLoss = bestEpoch > 0 ? state.path("bestLoss").asDouble(Double.NaN) : Double.POSITIVE_INFINITY;
      int bad = intField(file, state, "epochsWithoutImprovement");
      if (step < 0 || !(bestLoss == bestLoss)) {
        throw new ModelFormatException(file + ": checkpoint state must have a step >= 0 and a bestLoss, got "
            + state);
      }
      TrainingHistory history;
      int historyBytes = (int) Math.min(MAX_HISTORY_BYTES, HISTORY_BYTES_PER_EPOCH * (epoch + 1L));
      try {
        history = TrainingHistory.fromJson(zip.text(HISTORY_ENTRY, historyBytes, missing(HISTORY_ENTRY)));
      } catch (IllegalArgumentException e) {
        throw new ModelFormatException(file + ": unreadable checkpoint metadata: " + e.getMessage(), e);
      }
      Map<String, INDArray> arrays = readArrays(zip, model);
      Map<String, INDArray> params = new LinkedHashMap<>();
      Map<String, INDArray> best = new LinkedHashMap<>();
      Map<String, INDArray> netState = new LinkedHashMap<>();
      Map<String, INDArray> bestState = new LinkedHashMap<>();
      INDArray adam = null;
      for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
        if (e.getKey().startsWith("param:")) {
          params.put(e.getKey().substring(6), e.getValue());
        } else if (e.getKey().startsWith("state:")) {
          netState.put(e.getKey().substring(6), e.getValue());
        } else if (e.getKey().startsWith("beststate:")) {
          bestState.put(e.getKey().substring(10), e.getValue());
        } else if (e.getKey().startsWith("best:")) {
          best.put(e.getKey().substring(5), e.getValue());
        } else if (e.getKey().equals("adam")) {
          adam = e.getValue();
        } else {
          throw new ModelFormatException(file + ": unexpected array " + e.getKey());
        }
      }
      if (adam == null) {
        throw new ModelFormatException(file + ": checkpoint has no optimizer state (array adam)");
      }
      ArchitecturePlan plan = ArchitecturePlan.of(model);
      Map<String, long[]> shapes = plan.shapes();
      checkShapes(file, "param:", params, shapes, true);
      checkShapes(file, "best:", best, shapes, !best.isEmpty());
      Map<String, long[]> stateShapes = plan.stateShapes();
      checkShapes(file, "state:", netState, stateShapes, true);
      checkShapes(file, "beststate:", bestState, stateShapes, !best.isEmpty());
      ModelCodec.checkState(file + ": " + ARRAYS_ENTRY + " (state:*)", netState);
      ModelCodec.checkState(file + ": " + ARRAYS_ENTRY + " (beststate:*)", bestState);
      long p = model.parameterCount();
      checkCount(file, "the parameters (param:*)", total(params), p);
      checkCount(file, "the optimizer state (adam)", adam.length(),
          training.optimizer() == TrainingOptions.Optimizer.SGD ? 0 : 2 * p);
      if (!best.isEmpty()) {
        checkCount(file, "the best parameters (best:*)", total(best), p);
      }
      return new Contents(model, training, epoch, step, history, bestEpoch, bestLoss, bad, params,
          adam, best, netState, bestState);
    }
  }

  private static String missing(String entry) {
    return "not a checkpoint (entry " + entry + " is missing)";
  }

  private static long total(Map<String, INDArray> arrays) {
    long n = 0;
    for (INDArray a : arrays.values()) {
      n += a.length();
    }
    return n;
  }

  /**
   * Every array of {@code arrays} (named {@code prefix + name}) is one of the model's parameter
   * arrays with its shape, and, when {@code complete}, every parameter array is there.
   */
  private static void checkShapes(Path file, String prefix, Map<String, INDArray> arrays,
      Map<String, long[]> shapes, boolean complete) throws ModelFormatException {
    for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
      long[] want = shapes.get(e.getKey());
      if (want == null) {
        throw new ModelFormatException(file + ": unexpected array " + prefix + e.getKey()
            + " (the model config has no parameter " + e.getKey() + ")");
      }
      if (!java.util.Arrays.equals(want, e.getValue().shape())) {
        throw new ModelFormatException(file + ": array " + prefix + e.getKey() + " must have shape "
            + java.util.Arrays.toString(want) + " (what the model config needs), got "
            + java.util.Arrays.toString(e.getValue().shape()));
      }
    }
    if (complete) {
      for (Map.Entry<String, long[]> e : shapes.entrySet()) {
        if (!arrays.containsKey(e.getKey())) {
          throw new ModelFormatException(file + ": array " + prefix + e.getKey() + " of shape "
              + java.util.Arrays.toString(e.getValue()) + " is missing");
        }
      }
    }
  }

  private static void checkCount(Path file, String what, long found, long needed)
      throws ModelFormatException {
    if (found != needed) {
      throw new ModelFormatException(file + ": " + what + " must hold " + needed
          + " values (what the model config needs), got " + found);
    }
  }

  private static int intField(Path file, JsonNode state, String name) throws ModelFormatException {
    JsonNode v = state == null ? null : state.get(name);
    if (v == null || !v.canConvertToInt() || v.asInt() < 0) {
      throw new ModelFormatException(file + ": checkpoint state must have " + name + " >= 0, got " + v);
    }
    return v.asInt();
  }

  /**
   * The array table, bounded by the model config: the parameters, the Adam state (twice as many
   * values) and the best parameters, so at most 4 × the parameter count, and twice the state
   * values, in at most twice the model's parameter and state arrays plus one.
   */
  private static Map<String, INDArray> readArrays(UntrustedZip zip, ModelConfig model)
      throws IOException {
    ArchitecturePlan plan = ArchitecturePlan.of(model);
    ArrayTable.Limits limits = new ArrayTable.Limits(
        2 * (plan.arrays().size() + plan.stateArrays().size()) + 1,
        Math.addExact(4 * model.parameterCount(), 2 * plan.stateCount()));
    try (InputStream in = zip.stream(ARRAYS_ENTRY, limits.maxBytes(), missing(ARRAYS_ENTRY))) {
      return ArrayTable.decode(zip.file(), ARRAYS_ENTRY, MAGIC, in, limits);
    }
  }

  /**
   * The checkpoint with the highest epoch in {@code directory}, if any. Only names of the form
   * {@code checkpoint-epoch-N.zip} with N of 1 to 9 digits count: anything else (a longer
   * number, a temporary file) is ignored.
   */
  public static Optional<Path> latest(Path directory) throws IOException {
    List<Path> all = list(directory);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The checkpoint files of a directory, oldest epoch first (ties by name). */
  static List<Path> list(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(directory)) {
      s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(out::add);
    }
    out.sort(Comparator.comparingInt(CheckpointCodec::epochOf)
        .thenComparing(p -> p.getFileName().toString()));
    return out;
  }

  private static int epochOf(Path p) {
    Matcher m = NAME.matcher(p.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  /**
   * The training options a resume from {@code checkpoint} runs with: {@code given} as is when not
   * null, else the options saved in the checkpoint with {@link TrainingOptions#checkpointDirectory()}
   * set to the directory {@code checkpoint} is in. The directory recorded in the file is where
   * the run that wrote it put its checkpoints; it is never written to unless the user names it.
   */
  public static TrainingOptions resumeOptions(Path checkpoint, Contents contents,
      TrainingOptions given) {
    if (given != null) {
      return given;
    }
    return withDirectory(contents.trainingOptions(), directoryOf(checkpoint));
  }

  /** The directory a checkpoint file is in, absolute. */
  static Path directoryOf(Path checkpoint) {
    return checkpoint.toAbsolutePath().normalize().getParent();
  }

  /** {@code options} with checkpoints going into {@code directory} (same interval and keep). */
  public static TrainingOptions withDirectory(TrainingOptions options, Path directory) {
    return options.toBuilder()
        .checkpoints(directory, options.checkpointEvery(), options.checkpointKeep()).build();
  }
}
