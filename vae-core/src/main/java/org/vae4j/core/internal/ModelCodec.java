package org.vae4j.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.io.AtomicFiles;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelFormatException;

/**
 * The model file: a zip holding {@value #VERSION_ENTRY} ({@code format-version=1}), {@value
 * #CONFIG_ENTRY} (the {@link ModelConfig} as JSON) and {@value #PARAMS_ENTRY}: a big-endian
 * binary table (magic {@code VAE4}, parameter count, then per parameter its name and dtype as
 * modified UTF-8, rank, shape as longs and the values as big-endian floats or doubles, then the
 * end marker {@code END!}). A model with batch norm also holds its running statistics in that
 * table ({@code <layer>_runningMean}, {@code <layer>_runningVar}, after the parameters: {@link
 * ArchitecturePlan#stateArrays()}); a model without has none, so files written before batch norm
 * read unchanged. No Java object serialization. Files are read as untrusted: every entry
 * has a size bound, and the parameters' is computed from the config ({@link #read}).
 */
public final class ModelCodec {

  /** The format this code writes and the only one it reads. */
  public static final int FORMAT_VERSION = 1;

  static final String VERSION_ENTRY = "format-version.txt";
  static final String CONFIG_ENTRY = "config.json";
  static final String PARAMS_ENTRY = "parameters.bin";
  /** The most bytes the version entry may inflate to. */
  static final int MAX_VERSION_BYTES = 64;
  /**
   * The most bytes the config entry may inflate to: a config with 100 layers takes about 2 KB; a
   * TABLE model's config also holds its table's column encodings (about 100 bytes a column plus its
   * levels), hence 1 MiB (some 10,000 columns). A config above it is refused when saving, so every
   * saved file loads.
   */
  static final int MAX_CONFIG_BYTES = 1024 * 1024;
  private static final int MAGIC = 0x56414534;

  private ModelCodec() {}

  /** Writes the network's config and parameters to {@code file}, atomically. */
  public static void save(Network network, Path file) throws IOException {
    Map<String, INDArray> params = new java.util.LinkedHashMap<>(
        network.parameters().valuesByName());
    params.putAll(network.state().valuesByName());
    byte[] config = network.config().toJson().getBytes(StandardCharsets.UTF_8);
    if (config.length > MAX_CONFIG_BYTES) {
      throw new IllegalArgumentException("cannot save " + file + ": the model config takes "
          + config.length + " bytes as JSON, more than the " + MAX_CONFIG_BYTES + " a model file"
          + " may hold (a table with fewer columns or category levels fits)");
    }
    byte[] table = ArrayTable.encode(MAGIC, params);
    AtomicFiles.write(file, os -> {
      ZipOutputStream zip = new ZipOutputStream(os);
      put(zip, VERSION_ENTRY, ("format-version=" + FORMAT_VERSION + "\n").getBytes(StandardCharsets.UTF_8));
      put(zip, CONFIG_ENTRY, config);
      put(zip, PARAMS_ENTRY, table);
      zip.finish();
    });
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  /** Reads only the config of a model file (cheap: no graph is built, no parameters read). */
  public static ModelConfig readConfig(Path file) throws IOException {
    try (UntrustedZip zip = open(file)) {
      checkVersion(zip);
      return config(zip);
    }
  }

  /**
   * Loads a model file into a new float network. Everything in the file is checked before the
   * network is created ({@link #read}); then the network takes the parameters ({@link #toNetwork}).
   *
   * @throws ModelFormatException naming the file for anything but an I/O failure
   */
  public static Network load(Path file) throws IOException {
    Contents c = read(file);
    return toNetwork(file, c.config(), c.parameters(), c.state());
  }

  /**
   * The checked contents of a model file: its config, its parameters by name, holding exactly
   * {@link ModelConfig#parameterCount()} finite values, and its state (batch norm's running
   * statistics, every variance {@code >= 0}; empty without batch norm) by name.
   */
  public record Contents(ModelConfig config, Map<String, INDArray> parameters,
      Map<String, INDArray> state) {}

  /**
   * Reads and checks a model file without creating a network, in bounded memory: the version entry
   * (at most {@value #MAX_VERSION_BYTES} bytes), the config (at most {@value #MAX_CONFIG_BYTES}
   * bytes, validated, so within {@link ModelConfig#maxParameters()}), then the parameter table,
   * whose size the config bounds: at most {@link ModelConfig#parameterCount()} values (and the
   * bytes they can take), every one finite, and all of them present.
   *
   * @throws NoSuchFileException when the file does not exist
   * @throws ModelFormatException naming the file (and the entry or array) for anything else
   */
  public static Contents read(Path file) throws IOException {
    try (UntrustedZip zip = open(file)) {
      checkVersion(zip);
      ModelConfig config = config(zip);
      ArchitecturePlan plan = ArchitecturePlan.of(config);
      long needed = Math.addExact(plan.parameterCount(), plan.stateCount());
      Map<String, long[]> shapes = new java.util.LinkedHashMap<>(plan.shapes());
      Map<String, long[]> stateShapes = plan.stateShapes();
      shapes.putAll(stateShapes);
      ArrayTable.Limits limits = new ArrayTable.Limits(shapes.size(), needed);
      Map<String, INDArray> values;
      try (InputStream in = zip.stream(PARAMS_ENTRY, limits.maxBytes(), missing(PARAMS_ENTRY))) {
        values = ArrayTable.decode(file, PARAMS_ENTRY, MAGIC, in, limits, shapes);
      }
      long found = 0;
      for (INDArray v : values.values()) {
        found += v.length();
      }
      if (found != needed) {
        throw new ModelFormatException(file + ": " + PARAMS_ENTRY + " must hold the " + needed
            + " parameter values its config needs, got " + found
            + " (config and parameters do not match)");
      }
      Map<String, INDArray> params = new java.util.LinkedHashMap<>();
      Map<String, INDArray> state = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, INDArray> e : values.entrySet()) {
        (stateShapes.containsKey(e.getKey()) ? state : params).put(e.getKey(), e.getValue());
      }
      checkState(file + ": " + PARAMS_ENTRY, state);
      return new Contents(config, params, state);
    }
  }

  /**
   * Every running variance ({@code *_runningVar}) of {@code state} is {@code >= 0} (finite values
   * are the table's own check).
   *
   * @throws ModelFormatException naming {@code where}, the array, the index and the value
   */
  public static void checkState(String where, Map<String, INDArray> state)
      throws ModelFormatException {
    for (Map.Entry<String, INDArray> e : state.entrySet()) {
      if (!e.getKey().endsWith("_runningVar")) {
        continue;
      }
      double[] v = e.getValue().castTo(DataType.DOUBLE).dup().data().asDouble();
      for (int i = 0; i < v.length; i++) {
        if (!(v[i] >= 0) || !Double.isFinite(v[i])) {
          throw new ModelFormatException(where + ": array " + e.getKey() + " (a batch-norm running"
              + " variance) must hold finite values >= 0, got " + v[i] + " at index " + i);
        }
      }
    }
  }

  /** The number of parameter arrays of a model of {@code config}: its plan's. */
  public static int maxParameterArrays(ModelConfig config) {
    return ArchitecturePlan.of(config).arrays().size();
  }

  /**
   * The network-facing part of loading: a new float network of {@code config} whose parameters are
   * set from {@code values} (already checked by {@link #read}), name by name.
   */
  static Network toNetwork(Path file, ModelConfig config, Map<String, INDArray> values,
      Map<String, INDArray> state) throws IOException {
    Network network = new Network(config, DataType.FLOAT);
    try {
      assign(file, "parameter", network.parameters().valuesByName(), values, network.dataType());
      assign(file, "state array", network.state().valuesByName(), state, network.dataType());
      return network;
    } catch (IOException | RuntimeException e) {
      network.close();
      throw e;
    }
  }

  private static void assign(Path file, String kind, Map<String, INDArray> params,
      Map<String, INDArray> values, DataType dataType) throws IOException {
    for (Map.Entry<String, INDArray> e : params.entrySet()) {
      INDArray v = values.get(e.getKey());
      if (v == null) {
        throw new ModelFormatException(
            file + ": " + kind + " " + e.getKey() + " is missing (config and parameters do not match)");
      }
      if (!Arrays.equals(v.shape(), e.getValue().shape())) {
        throw new ModelFormatException(file + ": " + kind + " " + e.getKey() + " must have shape "
            + Arrays.toString(e.getValue().shape()) + ", got " + Arrays.toString(v.shape()));
      }
      try (INDArray cast = v.castTo(dataType)) {
        e.getValue().assign(cast);
      }
    }
    for (String name : values.keySet()) {
      if (!params.containsKey(name)) {
        throw new ModelFormatException(
            file + ": unexpected " + kind + " " + name + " (config and parameters do not match)");
      }
    }
  }

  private static UntrustedZip open(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "model file does not exist");
    }
    return UntrustedZip.open(file, "not a vae4j model file");
  }

  private static String missing(String entry) {
    return "not a vae4j model file, entry " + entry + " is missing";
  }

  private static void checkVersion(UntrustedZip zip) throws IOException {
    String text = zip.text(VERSION_ENTRY, MAX_VERSION_BYTES, missing(VERSION_ENTRY)).trim();
    String expected = "format-version=" + FORMAT_VERSION;
    if (!text.equals(expected)) {
      throw new ModelFormatException(zip.file() + ": unsupported model format, expected " + expected
          + ", got " + (text.length() > 60 ? text.substring(0, 60) + "..." : text));
    }
  }

  private static ModelConfig config(UntrustedZip zip) throws IOException {
    String json = zip.text(CONFIG_ENTRY, MAX_CONFIG_BYTES, missing(CONFIG_ENTRY));
    try {
      return ModelConfig.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(zip.file() + ": invalid model config: " + e.getMessage(), e);
    }
  }
}
