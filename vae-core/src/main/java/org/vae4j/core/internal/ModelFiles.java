package org.vae4j.core.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
public final class ModelFiles {

  /** The format this code writes and the only one it reads. */
  public static final int FORMAT_VERSION = 1;

  static final String VERSION_ENTRY = "format-version.txt";
  static final String CONFIG_ENTRY = "config.json";
  static final String PARAMS_ENTRY = "parameters.bin";
  private static final int MAGIC = 0x56414534;
  private static final int END = 0x454E4421;

  private ModelFiles() {}

  /** Writes the engine's config and parameters to {@code file}, atomically. */
  public static void save(ModelEngine engine, Path file) throws IOException {
    Map<String, INDArray> params = engine.parameters();
    byte[] config = engine.config().toJson().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(params.size());
      for (Map.Entry<String, INDArray> e : params.entrySet()) {
        INDArray a = e.getValue();
        boolean dbl = a.dataType() == DataType.DOUBLE;
        out.writeUTF(e.getKey());
        out.writeUTF(dbl ? "DOUBLE" : "FLOAT");
        out.writeInt(a.rank());
        for (long s : a.shape()) {
          out.writeLong(s);
        }
        if (dbl) {
          for (double v : a.dup('c').data().asDouble()) {
            out.writeDouble(v);
          }
        } else {
          for (float v : a.castTo(DataType.FLOAT).dup('c').data().asFloat()) {
            out.writeFloat(v);
          }
        }
      }
      out.writeInt(END);
    }
    AtomicFiles.write(file, os -> {
      ZipOutputStream zip = new ZipOutputStream(os);
      put(zip, VERSION_ENTRY, ("format-version=" + FORMAT_VERSION + "\n").getBytes(StandardCharsets.UTF_8));
      put(zip, CONFIG_ENTRY, config);
      put(zip, PARAMS_ENTRY, bytes.toByteArray());
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
   * Loads a model file into a new float engine.
   *
   * @throws ModelFormatException naming the file for anything but an I/O failure
   */
  public static ModelEngine load(Path file) throws IOException {
    try (ZipFile zip = open(file)) {
      checkVersion(file, zip);
      ModelConfig config = config(file, zip);
      Map<String, INDArray> values = parameters(file, zip);
      ModelEngine engine = new ModelEngine(config, DataType.FLOAT);
      try {
        Map<String, INDArray> params = engine.parameters();
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
          e.getValue().assign(v.castTo(engine.dataType()));
        }
        for (String name : values.keySet()) {
          if (!params.containsKey(name)) {
            throw new ModelFormatException(
                file + ": unexpected parameter " + name + " (config and parameters do not match)");
          }
        }
        return engine;
      } catch (IOException | RuntimeException e) {
        engine.close();
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
    byte[] bytes = entry(file, zip, PARAMS_ENTRY);
    Map<String, INDArray> out = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new ModelFormatException(file + ": " + PARAMS_ENTRY + " must start with magic "
            + Integer.toHexString(MAGIC) + ", got " + Integer.toHexString(magic));
      }
      int count = in.readInt();
      if (count < 0 || count > 100_000) {
        throw new ModelFormatException(file + ": parameter count must be in [0, 100000], got " + count);
      }
      for (int p = 0; p < count; p++) {
        String name = in.readUTF();
        String dtype = in.readUTF();
        if (!dtype.equals("FLOAT") && !dtype.equals("DOUBLE")) {
          throw new ModelFormatException(
              file + ": parameter " + name + " dtype must be FLOAT or DOUBLE, got " + dtype);
        }
        int rank = in.readInt();
        if (rank < 1 || rank > 8) {
          throw new ModelFormatException(
              file + ": parameter " + name + " rank must be in [1, 8], got " + rank);
        }
        long[] shape = new long[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
          shape[i] = in.readLong();
          if (shape[i] < 1 || shape[i] > Integer.MAX_VALUE) {
            throw new ModelFormatException(file + ": parameter " + name + " has an invalid shape "
                + Arrays.toString(Arrays.copyOf(shape, i + 1)));
          }
          n *= shape[i];
        }
        long bytesNeeded = n * (dtype.equals("DOUBLE") ? 8 : 4);
        if (n > Integer.MAX_VALUE || bytesNeeded > in.available()) {
          throw new ModelFormatException(file + ": parameter " + name + " of shape "
              + Arrays.toString(shape) + " is truncated");
        }
        INDArray a;
        if (dtype.equals("DOUBLE")) {
          double[] v = new double[(int) n];
          for (int i = 0; i < v.length; i++) {
            v[i] = in.readDouble();
          }
          a = Nd4j.create(v, shape, DataType.DOUBLE);
        } else {
          float[] v = new float[(int) n];
          for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
          }
          a = Nd4j.create(v, shape, 'c');
        }
        out.put(name, a);
      }
      int end = in.readInt();
      if (end != END) {
        throw new ModelFormatException(file + ": " + PARAMS_ENTRY + " must end with marker "
            + Integer.toHexString(END) + ", got " + Integer.toHexString(end));
      }
    } catch (EOFException e) {
      throw new ModelFormatException(file + ": " + PARAMS_ENTRY + " is truncated", e);
    }
    return out;
  }
}
