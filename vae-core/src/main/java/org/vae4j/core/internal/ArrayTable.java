package org.vae4j.core.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
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
 * serialization. Reading checks every count, rank, dimension and length against the bytes present.
 */
public final class ArrayTable {

  private static final int END = 0x454E4421;
  private static final int MAX_ARRAYS = 100_000;
  private static final int MAX_RANK = 8;

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
   * Decodes a table written by {@link #encode}.
   *
   * @param file the file the bytes come from, named in every error
   * @param entry the entry within the file, named in every error
   * @throws ModelFormatException for a wrong magic number, an impossible count, rank, dimension or
   *     dtype, truncated values, or a missing end marker
   */
  public static Map<String, INDArray> decode(Path file, String entry, int magic, byte[] bytes)
      throws ModelFormatException {
    String where = file + ": " + entry;
    Map<String, INDArray> out = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int found = in.readInt();
      if (found != magic) {
        throw new ModelFormatException(where + " must start with magic " + Integer.toHexString(magic)
            + ", got " + Integer.toHexString(found));
      }
      int count = in.readInt();
      if (count < 0 || count > MAX_ARRAYS) {
        throw new ModelFormatException(where + ": array count must be in [0, " + MAX_ARRAYS + "], got " + count);
      }
      for (int p = 0; p < count; p++) {
        String name = in.readUTF();
        String dtype = in.readUTF();
        int bytesPer = switch (dtype) {
          case "FLOAT" -> 4;
          case "DOUBLE" -> 8;
          default -> throw new ModelFormatException(
              where + ": array " + name + " dtype must be FLOAT or DOUBLE, got " + dtype);
        };
        int rank = in.readInt();
        if (rank < 0 || rank > MAX_RANK) {
          throw new ModelFormatException(
              where + ": array " + name + " rank must be in [0, " + MAX_RANK + "], got " + rank);
        }
        long[] shape = new long[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
          shape[i] = in.readLong();
          if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
            throw new ModelFormatException(where + ": array " + name + " has an invalid shape "
                + Arrays.toString(Arrays.copyOf(shape, i + 1)));
          }
          n = Math.multiplyExact(n, shape[i]);
        }
        if (n > Integer.MAX_VALUE || n * bytesPer > in.available()) {
          throw new ModelFormatException(
              where + ": array " + name + " of shape " + Arrays.toString(shape) + " is truncated");
        }
        if (bytesPer == 8) {
          double[] v = new double[(int) n];
          for (int i = 0; i < v.length; i++) {
            v[i] = in.readDouble();
          }
          out.put(name, Nd4j.create(v, shape, DataType.DOUBLE));
        } else {
          float[] v = new float[(int) n];
          for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
          }
          out.put(name, Nd4j.create(v, shape, 'c'));
        }
      }
      int end = in.readInt();
      if (end != END) {
        throw new ModelFormatException(where + " must end with marker " + Integer.toHexString(END)
            + ", got " + Integer.toHexString(end));
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
}
