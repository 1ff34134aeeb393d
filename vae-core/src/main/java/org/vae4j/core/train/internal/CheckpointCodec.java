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
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.io.AtomicFiles;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelFormatException;
import org.vae4j.core.internal.ArrayTable;
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
 * best:<name>}). No Java object serialization. Random generators need no state: see {@link
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
  private static final Pattern NAME = Pattern.compile("checkpoint-epoch-(\\d+)\\.zip");
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
      Map<String, INDArray> bestParameters) {}

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
    return ArrayTable.encode(MAGIC, all);
  }

  /**
   * Reads a checkpoint.
   *
   * @throws NoSuchFileException when it does not exist
   * @throws ModelFormatException naming the file when it is not a readable checkpoint
   */
  public static Contents read(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "checkpoint does not exist");
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String version = text(file, zip, VERSION_ENTRY).trim();
      if (!version.equals("checkpoint-format-version=" + FORMAT_VERSION)) {
        throw new ModelFormatException(file + ": checkpoint format must be " + FORMAT_VERSION
            + ", got '" + version + "'");
      }
      ModelConfig model;
      TrainingOptions training;
      TrainingHistory history;
      JsonNode state;
      try {
        model = ModelConfig.fromJson(text(file, zip, MODEL_ENTRY));
        training = TrainingOptions.fromJson(text(file, zip, TRAINING_ENTRY));
        history = TrainingHistory.fromJson(text(file, zip, HISTORY_ENTRY));
        state = JSON.readTree(text(file, zip, STATE_ENTRY));
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
      Map<String, INDArray> arrays = readArrays(file, zip);
      Map<String, INDArray> params = new LinkedHashMap<>();
      Map<String, INDArray> best = new LinkedHashMap<>();
      INDArray adam = null;
      for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
        if (e.getKey().startsWith("param:")) {
          params.put(e.getKey().substring(6), e.getValue());
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
      return new Contents(model, training, epoch, step, history, bestEpoch, bestLoss, bad, params,
          adam, best);
    } catch (ZipException e) {
      throw new ModelFormatException(file + ": not a checkpoint (not a zip file: " + e.getMessage() + ")", e);
    }
  }

  private static int intField(Path file, JsonNode state, String name) throws ModelFormatException {
    JsonNode v = state == null ? null : state.get(name);
    if (v == null || !v.canConvertToInt() || v.asInt() < 0) {
      throw new ModelFormatException(file + ": checkpoint state must have " + name + " >= 0, got " + v);
    }
    return v.asInt();
  }

  private static String text(Path file, ZipFile zip, String name) throws IOException {
    return new String(bytes(file, zip, name), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Path file, ZipFile zip, String name) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new ModelFormatException(file + ": not a checkpoint (entry " + name + " is missing)");
    }
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    }
  }

  private static Map<String, INDArray> readArrays(Path file, ZipFile zip) throws IOException {
    return ArrayTable.decode(file, ARRAYS_ENTRY, MAGIC, bytes(file, zip, ARRAYS_ENTRY));
  }

  /** The checkpoint with the highest epoch in {@code directory}, if any. */
  public static Optional<Path> latest(Path directory) throws IOException {
    List<Path> all = list(directory);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Deletes all but the newest {@code keep} checkpoints in {@code directory}. */
  static void prune(Path directory, int keep) throws IOException {
    List<Path> all = list(directory);
    for (int i = 0; i < all.size() - keep; i++) {
      Files.deleteIfExists(all.get(i));
    }
  }

  /** The checkpoint files of a directory, oldest epoch first. */
  static List<Path> list(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(directory)) {
      s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(out::add);
    }
    out.sort(Comparator.comparingLong(CheckpointCodec::epochOf));
    return out;
  }

  private static long epochOf(Path p) {
    Matcher m = NAME.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }
}
