package org.vae4j.core.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelFormatException;

/**
 * The one binary layout of named arrays in vae4j files (model parameters, checkpoint state): a
 * magic number, the array count, then per array its name, dtype ({@code FLOAT} or {@code DOUBLE}),
 * rank, shape and big-endian values in C order, then the end marker {@code END!}. No Java object
 * serialization. Reading streams, with bounds decided beforehand ({@link Limits}): every count,
 * name, rank, dimension and length is checked before anything is allocated, and every value must
 * be finite.
 */
public final class ArrayTable {

  private static final int END = 0x454E4421;
  private static final int MAX_ARRAYS = 100_000;
  private static final int MAX_RANK = 8;
  /** The longest array name, in modified UTF-8 bytes (vae4j's names are below 40). */
  static final int MAX_NAME_BYTES = 256;

  private ArrayTable() {}

  /** Encodes {@code arrays} in iteration order; arrays that are neither DOUBLE nor FLOAT are stored as FLOAT. */
  public static byte[] encode(int magic, Map<String, INDArray> arrays) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      out.writeInt(arrays.size());
      for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
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
    return bytes.toByteArray();
  }

  /**
   * What a table may hold, decided before it is read (from the config that goes with it).
   *
   * @param maxArrays the most arrays
   * @param maxValues the most values of all arrays together
   */
  public record Limits(int maxArrays, long maxValues) {
    /** Checks both bounds. */
    public Limits {
      if (maxArrays < 0 || maxArrays > MAX_ARRAYS) {
        throw new IllegalArgumentException(
            "maxArrays must be in [0, " + MAX_ARRAYS + "], got " + maxArrays);
      }
      if (maxValues < 0 || maxValues > Long.MAX_VALUE / 16) {
        throw new IllegalArgumentException("maxValues must be in [0, 2^59], got " + maxValues);
      }
    }

    /**
     * The most bytes a table within these limits can take: the header, every array's name (at
     * most {@value ArrayTable#MAX_NAME_BYTES} bytes), dtype, rank and shape, 8 bytes per value and
     * the end marker.
     */
    public long maxBytes() {
      long perArray = 2 + MAX_NAME_BYTES + 2 + 6 + 4 + 8L * MAX_RANK;
      return 8 + maxArrays * perArray + maxValues * 8 + 4;
    }
  }

  /**
   * Decodes a table written by {@link #encode} from {@code in}, streaming: an array is allocated
   * only after its shape has been checked against what is left of {@code limits}, and every value
   * must be finite. Reads exactly the table: bytes after the end marker are an error.
   *
   * @param file the file the bytes come from, named in every error
   * @param entry the entry within the file, named in every error
   * @throws ModelFormatException for a wrong magic number, an impossible count, name, rank,
   *     dimension or dtype, more arrays or values than {@code limits} allow, a non-finite value,
   *     truncated values, a missing end marker or trailing bytes
   */
  public static Map<String, INDArray> decode(Path file, String entry, int magic, InputStream in,
      Limits limits) throws ModelFormatException {
    return decode(file, entry, magic, in, limits, null);
  }

  /**
   * {@link #decode(Path, String, int, InputStream, Limits)}, and when {@code expected} is not null,
   * every array must be one of its names with its shape, checked before the array's values are
   * read, and every name must be present: the errors name the array with the expected and the
   * found shape.
   */
  public static Map<String, INDArray> decode(Path file, String entry, int magic, InputStream in,
      Limits limits, Map<String, long[]> expected) throws ModelFormatException {
    String where = file + ": " + entry;
    Map<String, INDArray> out = new LinkedHashMap<>();
    try {
      DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
      int found = data.readInt();
      if (found != magic) {
        throw new ModelFormatException(where + " must start with magic " + Integer.toHexString(magic)
            + ", got " + Integer.toHexString(found));
      }
      int count = data.readInt();
      if (count < 0 || count > limits.maxArrays()) {
        throw new ModelFormatException(
            where + ": array count must be in [0, " + limits.maxArrays() + "], got " + count);
      }
      long values = 0;
      byte[] chunk = new byte[1 << 16];
      for (int p = 0; p < count; p++) {
        String name = name(data, where);
        if (out.containsKey(name)) {
          throw new ModelFormatException(where + ": array names must be unique, got " + name + " twice");
        }
        String dtype = data.readUTF();
        int bytesPer = switch (dtype) {
          case "FLOAT" -> 4;
          case "DOUBLE" -> 8;
          default -> throw new ModelFormatException(
              where + ": array " + name + " dtype must be FLOAT or DOUBLE, got " + dtype);
        };
        int rank = data.readInt();
        if (rank < 0 || rank > MAX_RANK) {
          throw new ModelFormatException(
              where + ": array " + name + " rank must be in [0, " + MAX_RANK + "], got " + rank);
        }
        long[] shape = new long[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
          shape[i] = data.readLong();
          if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
            throw new ModelFormatException(where + ": array " + name + " has an invalid shape "
                + Arrays.toString(Arrays.copyOf(shape, i + 1)));
          }
          n = Math.multiplyExact(n, shape[i]);
        }
        if (expected != null) {
          long[] want = expected.get(name);
          if (want == null) {
            throw new ModelFormatException(where + ": unexpected array " + name + " of shape "
                + Arrays.toString(shape) + " (config and parameters do not match)");
          }
          if (!Arrays.equals(want, shape)) {
            throw new ModelFormatException(where + ": array " + name + " must have shape "
                + Arrays.toString(want) + " (what its config needs), got " + Arrays.toString(shape)
                + " (config and parameters do not match)");
          }
        }
        if (n > Integer.MAX_VALUE || n > limits.maxValues() - values) {
          throw new ModelFormatException(where + ": arrays must hold at most " + limits.maxValues()
              + " values in all (what the config needs), got " + values + " before array " + name
              + " of shape " + Arrays.toString(shape));
        }
        values += n;
        out.put(name, readValues(data, where, name, shape, (int) n, bytesPer, chunk));
      }
      if (expected != null) {
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
          if (!out.containsKey(e.getKey())) {
            throw new ModelFormatException(where + ": array " + e.getKey() + " of shape "
                + Arrays.toString(e.getValue()) + " is missing (config and parameters do not match)");
          }
        }
      }
      int end = data.readInt();
      if (end != END) {
        throw new ModelFormatException(where + " must end with marker " + Integer.toHexString(END)
            + ", got " + Integer.toHexString(end));
      }
      if (data.read() >= 0) {
        throw new ModelFormatException(where + " must end after its end marker, got more bytes");
      }
    } catch (EOFException | ArithmeticException e) {
      throw new ModelFormatException(where + " is truncated or corrupt", e);
    } catch (ModelFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new ModelFormatException(where + " cannot be read: " + e.getMessage(), e);
    }
    return out;
  }

  /** A modified-UTF-8 name of at most {@value #MAX_NAME_BYTES} bytes. */
  private static String name(DataInputStream data, String where) throws IOException {
    int length = data.readUnsignedShort();
    if (length > MAX_NAME_BYTES) {
      throw new ModelFormatException(where + ": array names must be at most " + MAX_NAME_BYTES
          + " bytes, got " + length);
    }
    byte[] b = new byte[length + 2];
    b[0] = (byte) (length >>> 8);
    b[1] = (byte) length;
    data.readFully(b, 2, length);
    return DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(b)));
  }

  /** Reads {@code n} big-endian values in chunks, checking each is finite. */
  private static INDArray readValues(DataInputStream data, String where, String name, long[] shape,
      int n, int bytesPer, byte[] chunk) throws IOException {
    int perChunk = chunk.length / bytesPer;
    if (bytesPer == 8) {
      double[] v = new double[n];
      for (int from = 0; from < n; from += perChunk) {
        int len = Math.min(perChunk, n - from);
        data.readFully(chunk, 0, len * 8);
        ByteBuffer.wrap(chunk, 0, len * 8).order(ByteOrder.BIG_ENDIAN).asDoubleBuffer()
            .get(v, from, len);
        for (int i = from; i < from + len; i++) {
          if (!Double.isFinite(v[i])) {
            throw notFinite(where, name, v[i], i);
          }
        }
      }
      return Nd4j.create(v, shape, DataType.DOUBLE);
    }
    float[] v = new float[n];
    for (int from = 0; from < n; from += perChunk) {
      int len = Math.min(perChunk, n - from);
      data.readFully(chunk, 0, len * 4);
      ByteBuffer.wrap(chunk, 0, len * 4).order(ByteOrder.BIG_ENDIAN).asFloatBuffer()
          .get(v, from, len);
      for (int i = from; i < from + len; i++) {
        if (!Float.isFinite(v[i])) {
          throw notFinite(where, name, v[i], i);
        }
      }
    }
    return Nd4j.create(v, shape, 'c');
  }

  private static ModelFormatException notFinite(String where, String name, double v, int index) {
    return new ModelFormatException(where + ": array " + name + " must hold only finite values, got "
        + v + " at index " + index);
  }
}
