package org.vae4j.core.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
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
 * end marker {@code END!}). No Java object serialization.
 */
public final class ModelCodec {

  /** The format this code writes and the only one it reads. */
  public static final int FORMAT_VERSION = 1;

  static final String VERSION_ENTRY = "format-version.txt";
  static final String CONFIG_ENTRY = "config.json";
  static final String PARAMS_ENTRY = "parameters.bin";
  private static final int MAGIC = 0x56414534;

  private ModelCodec() {}

  /** Writes the network's config and parameters to {@code file}, atomically. */
  public static void save(Network network, Path file) throws IOException {
    Map<String, INDArray> params = network.parameters().valuesByName();
    byte[] config = network.config().toJson().getBytes(StandardCharsets.UTF_8);
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

  /** Reads only the config of a model file (cheap: no graph is built). */
  public static ModelConfig readConfig(Path file) throws IOException {
    try (ZipFile zip = open(file)) {
      checkVersion(file, zip);
      return config(file, zip);
    }
  }

  /**
   * Loads a model file into a new float network.
   *
   * @throws ModelFormatException naming the file for anything but an I/O failure
   */
  public static Network load(Path file) throws IOException {
    try (ZipFile zip = open(file)) {
      checkVersion(file, zip);
      ModelConfig config = config(file, zip);
      Map<String, INDArray> values = parameters(file, zip);
      Network network = new Network(config, DataType.FLOAT);
      try {
        Map<String, INDArray> params = network.parameters().valuesByName();
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
          INDArray v = values.get(e.getKey());
          if (v == null) {
            throw new ModelFormatException(
                file + ": parameter " + e.getKey() + " is missing (config and parameters do not match)");
          }
          if (!Arrays.equals(v.shape(), e.getValue().shape())) {
            throw new ModelFormatException(file + ": parameter " + e.getKey() + " must have shape "
                + Arrays.toString(e.getValue().shape()) + ", got " + Arrays.toString(v.shape()));
          }
          e.getValue().assign(v.castTo(network.dataType()));
        }
        for (String name : values.keySet()) {
          if (!params.containsKey(name)) {
            throw new ModelFormatException(
                file + ": unexpected parameter " + name + " (config and parameters do not match)");
          }
        }
        return network;
      } catch (IOException | RuntimeException e) {
        network.close();
        throw e;
      }
    }
  }

  private static ZipFile open(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "model file does not exist");
    }
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new ModelFormatException(
          file + ": not a vae4j model file, or truncated or corrupt (" + e.getMessage() + ")", e);
    }
  }

  private static byte[] entry(Path file, ZipFile zip, String name) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new ModelFormatException(file + ": not a vae4j model file, entry " + name + " is missing");
    }
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    } catch (ZipException | EOFException ex) {
      throw new ModelFormatException(file + ": entry " + name + " is truncated or corrupt ("
          + ex.getMessage() + ")", ex);
    }
  }

  private static void checkVersion(Path file, ZipFile zip) throws IOException {
    String text = new String(entry(file, zip, VERSION_ENTRY), StandardCharsets.UTF_8).trim();
    String expected = "format-version=" + FORMAT_VERSION;
    if (!text.equals(expected)) {
      throw new ModelFormatException(file + ": unsupported model format, expected " + expected
          + ", got " + (text.length() > 60 ? text.substring(0, 60) + "..." : text));
    }
  }

  private static ModelConfig config(Path file, ZipFile zip) throws IOException {
    String json = new String(entry(file, zip, CONFIG_ENTRY), StandardCharsets.UTF_8);
    try {
      return ModelConfig.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(file + ": invalid model config: " + e.getMessage(), e);
    }
  }

  private static Map<String, INDArray> parameters(Path file, ZipFile zip) throws IOException {
    return ArrayTable.decode(file, PARAMS_ENTRY, MAGIC, entry(file, zip, PARAMS_ENTRY));
  }
}
