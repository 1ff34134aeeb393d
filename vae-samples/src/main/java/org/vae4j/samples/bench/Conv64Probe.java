package org.vae4j.samples.bench;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.io.AtomicFiles;
import org.vae4j.core.Vae;
import org.vae4j.core.internal.ModelInternals;
import org.vae4j.core.internal.Network;
import org.vae4j.core.internal.nn.Param;

/**
 * Bench-only probe of issue 21's conv64 loss gap: vae4j's side of a same-weights comparison with
 * the libtorch peer ({@code DjlVae conv64 --probe DIR}). {@code Conv64Probe IMAGE_DIR OUT_DIR
 * [STEPS]}:
 *
 * <ol>
 *   <li>builds {@link Conv64} at seed 42 with the zero-bias rule (what {@code Benchmark conv64
 *       --init zero-bias} trains) and writes its parameters to {@code OUT_DIR/params.bin} in the
 *       peer's layouts (dense {@code [out, in]}, convolutions {@code [out, in, k, k]}, transposed
 *       convolutions {@code [out, in, k, k]} as the peer's {@code ConvT4x2});
 *   <li>with the reparameterization noise 0, prints the first batch's loss (images 0..127 of the
 *       folder, file order) and writes its gradient to {@code OUT_DIR/grad.bin}, same layouts;
 *   <li>takes {@code STEPS} (default 8) Adam steps (1e-3, 0.9, 0.999, 1e-8, vae4j's and DJL's
 *       formula) on the batches in file order, noise 0, printing each batch's loss before its step.
 * </ol>
 *
 * <p>File format: {@code "VAE4JP1\n"}, the array count, then per array its vae4j name (UTF),
 * rank, dimensions and float values (big-endian, row-major).
 */
public final class Conv64Probe {

  static final byte[] MAGIC = "VAE4JP1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private Conv64Probe() {}

  /** {@code name}'s array {@code a} in vae4j's layout, permuted to the peer's. */
  static INDArray toPeerLayout(String name, INDArray a) {
    if (a.rank() == 1) {
      return a;
    }
    if (a.rank() == 2) {
      return a.transpose(); // [in, out] -> [out, in]
    }
    // conv [k, k, in, out] -> [out, in, k, k]; deconv [k, k, out, in] -> [out, in, k, k]
    return name.startsWith("dec_deconv") ? a.permute(2, 3, 0, 1) : a.permute(3, 2, 0, 1);
  }

  /** {@code name}'s array {@code a} in the peer's layout, permuted back to vae4j's. */
  static INDArray fromPeerLayout(String name, INDArray a) {
    if (a.rank() == 1) {
      return a;
    }
    if (a.rank() == 2) {
      return a.transpose(); // [out, in] -> [in, out]
    }
    // [out, in, k, k] -> deconv [k, k, out, in] (the permutation is its own inverse), conv [k, k, in, out]
    return name.startsWith("dec_deconv") ? a.permute(2, 3, 0, 1) : a.permute(2, 3, 1, 0);
  }

  /**
   * The arrays of a probe file, by name, in the file's (the peer's) layouts.
   *
   * @throws IOException naming the file when it is not a probe file, is cut short or has a bad
   *     rank or dimension
   */
  static Map<String, INDArray> read(Path file) throws IOException {
    Map<String, INDArray> out = new LinkedHashMap<>();
    try (java.io.DataInputStream in = new java.io.DataInputStream(
        new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IOException(file + ": not a probe file (expected magic VAE4JP1)");
      }
      int count = in.readInt();
      if (count < 0 || count > 10_000) {
        throw new IOException(file + ": array count must be in [0, 10000], got " + count);
      }
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        int rank = in.readInt();
        if (rank < 1 || rank > 4) {
          throw new IOException(file + ": array " + name + " must have rank 1 to 4, got " + rank);
        }
        long[] shape = new long[rank];
        long n = 1;
        for (int k = 0; k < rank; k++) {
          shape[k] = in.readInt();
          if (shape[k] < 1 || shape[k] > 1 << 24) {
            throw new IOException(file + ": array " + name + " has dimension " + shape[k]);
          }
          n *= shape[k];
        }
        if (n > Integer.MAX_VALUE / 4) {
          throw new IOException(file + ": array " + name + " has " + n + " values, too many");
        }
        float[] v = new float[(int) n];
        for (int k = 0; k < v.length; k++) {
          v[k] = in.readFloat();
        }
        out.put(name, Nd4j.create(v, shape, 'c'));
      }
    } catch (java.io.EOFException e) {
      throw new IOException(file + ": cut short", e);
    }
    return out;
  }

  /** A probe file's arrays permuted to vae4j's layouts ({@link #fromPeerLayout}). */
  static Map<String, INDArray> readVae4jLayout(Path file) throws IOException {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : read(file).entrySet()) {
      out.put(e.getKey(), fromPeerLayout(e.getKey(), e.getValue()).dup('c'));
    }
    return out;
  }

  static void write(Path file, Map<String, INDArray> arrays) throws IOException {
    AtomicFiles.write(file, (OutputStream o) -> {
      DataOutputStream d = new DataOutputStream(new java.io.BufferedOutputStream(o));
      d.write(MAGIC);
      d.writeInt(arrays.size());
      for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
        INDArray a = toPeerLayout(e.getKey(), e.getValue()).dup('c');
        d.writeUTF(e.getKey());
        d.writeInt(a.rank());
        for (long s : a.shape()) {
          d.writeInt(Math.toIntExact(s));
        }
        for (float v : a.castTo(DataType.FLOAT).data().asFloat()) {
          d.writeFloat(v);
        }
      }
      d.flush();
    });
  }

  /** The flat vector {@code flat} cut into the parameters' named arrays. */
  static Map<String, INDArray> split(Network network, float[] flat) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Param p : network.parameters().list()) {
      float[] part = new float[Math.toIntExact(p.length())];
      System.arraycopy(flat, Math.toIntExact(p.offset()), part, 0, part.length);
      out.put(p.name(), Nd4j.create(part, p.shape(), 'c'));
    }
    return out;
  }

  static float[] vector(INDArray a) {
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: Conv64Probe IMAGE_DIR OUT_DIR [STEPS]");
      System.exit(2);
    }
    Path out = Path.of(args[1]);
    Files.createDirectories(out);
    int steps = args.length == 3 ? Integer.parseInt(args[2]) : 8;
    long seed = 42;
    INDArray images = Conv64.images(Path.of(args[0]), Math.max(1, steps) * Benchmark.BATCH);
    try (Vae vae = Conv64.builder().bceLoss().seed(seed).build()) {
      Map<String, INDArray> init = ParameterArrays.copy(vae);
      StudyInit.ZERO_BIAS.apply(init, seed);
      ParameterArrays.set(vae, init);
      Network net = ModelInternals.network(vae);
      write(out.resolve("params.bin"), ParameterArrays.copy(vae));
      float[] p = vector(net.parameters().values());
      float[] m = new float[p.length];
      float[] v = new float[p.length];
      double[] zero = new double[Benchmark.BATCH * Conv64.LATENT];
      int batches = (int) (images.size(0) / Benchmark.BATCH);
      for (int t = 1; t <= Math.max(1, steps); t++) {
        int from = ((t - 1) % batches) * Benchmark.BATCH;
        INDArray x = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from,
            from + Benchmark.BATCH)).dup('c');
        Network.Loss l = net.lossAndGradient(x, null, zero, 1.0);
        float[] g = vector(net.parameters().gradients());
        if (t == 1) {
          write(out.resolve("grad.bin"), split(net, g));
        }
        System.out.printf(Locale.ROOT, "PROBE engine=vae4j step=%d loss=%.6f recon=%.6f kl=%.6f"
            + " grad_norm=%.6g%n", t, l.total(), l.reconstruction(), l.kl(), norm(g));
        adam(p, g, m, v, t);
        net.parameters().values().assign(Nd4j.create(p, new long[] {p.length}, 'c')
            .reshape(net.parameters().values().shape()));
      }
    }
  }

  static double norm(float[] g) {
    double s = 0;
    for (float x : g) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  /** Adam 1e-3, 0.9, 0.999, 1e-8 at step t (from 1): vae4j's and DJL's formula. */
  static void adam(float[] p, float[] g, float[] m, float[] v, long t) {
    double a = 1e-3 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
    for (int k = 0; k < p.length; k++) {
      m[k] = 0.9f * m[k] + 0.1f * g[k];
      v[k] = 0.999f * v[k] + 0.001f * g[k] * g[k];
      p[k] -= (float) (a * m[k] / (Math.sqrt(v[k]) + 1e-8));
    }
  }
}
