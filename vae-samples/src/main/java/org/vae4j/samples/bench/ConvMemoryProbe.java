package org.vae4j.samples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.internal.nn.BatchContext;
import org.vae4j.core.internal.nn.Conv2d;
import org.vae4j.core.internal.nn.Layer;
import org.vae4j.core.internal.nn.Parameters;
import org.vae4j.core.internal.nn.TransposedConv2d;
import org.vae4j.core.internal.nn.Workspace;

/**
 * Which of the conv64 model's convolution operations need native memory of their own while they
 * run (issue 21's transient ~400 MB): builds each convolution layer of {@link Conv64}'s model
 * alone at batch {@code N} (default 128) with its input, output and gradients allocated up front,
 * then for its forward and its backward pass resets the process's peak resident memory ({@code
 * echo 5 > /proc/self/clear_refs}), runs the pass and prints a {@code LAYER} line with how far the
 * peak ({@code VmHWM}) rose above the resident memory before the pass: memory the operation
 * allocated and freed inside itself (libnd4j's and oneDNN's temporaries, not the caller's arrays).
 *
 * <pre>
 * java -cp ... org.vae4j.samples.bench.ConvMemoryProbe [N (128)] [REPEATS (2)]
 * </pre>
 *
 * <p>Bench-only: it uses vae-core's internal layers directly. Prints numbers, asserts nothing.
 */
public final class ConvMemoryProbe {

  private ConvMemoryProbe() {}

  /** One layer of the probe with the arrays of one pass. */
  private record Probe(String name, Layer layer, INDArray x, INDArray y, INDArray dy,
      INDArray dx) {}

  private static String status() throws IOException {
    return Files.readString(Path.of("/proc/self/status"), StandardCharsets.US_ASCII);
  }

  private static void resetPeak() throws IOException {
    Files.writeString(Path.of("/proc/self/clear_refs"), "5");
  }

  /** Runs {@code pass} and returns {MiB resident before, MiB the peak rose above it}. */
  private static long[] transientMb(Runnable pass) throws IOException {
    resetPeak();
    long before = MemorySampler.statusMb(status(), "VmRSS");
    pass.run();
    long peak = MemorySampler.statusMb(status(), "VmHWM");
    return new long[] {before, peak - before};
  }

  /** {@code [N] [REPEATS]}. */
  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 128;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    run(n, repeats, System.out);
  }

  static void run(int n, int repeats, PrintStream out) throws IOException {
    Parameters params = new Parameters();
    Workspace ws = new Workspace(DataType.FLOAT);
    List<String> names = new ArrayList<>();
    List<Layer> layers = new ArrayList<>();
    int[] enc = {3, 32, 64, 128, 256};
    long side = 64;
    for (int i = 0; i + 1 < enc.length; i++) {
      names.add("conv" + (i + 1) + " " + enc[i] + "->" + enc[i + 1] + " " + side + "->"
          + side / 2);
      layers.add(new Conv2d("c" + i, new long[] {enc[i], side, side}, enc[i + 1], 4, 2, 1, true,
          0.2, params, ws));
      side /= 2;
    }
    int[] dec = {256, 256, 128, 64, 32};
    for (int i = 0; i + 1 < dec.length; i++) {
      names.add("deconv" + (i + 1) + " " + dec[i] + "->" + dec[i + 1] + " " + side + "->"
          + side * 2);
      layers.add(new TransposedConv2d("d" + i, new long[] {dec[i], side, side}, dec[i + 1], 4, 2,
          1, side * 2, side * 2, true, 0.2, params, ws));
      side *= 2;
    }
    names.add("out 32->3 3x3 " + side);
    layers.add(new Conv2d("o", new long[] {32, side, side}, 3, 3, 1, 1, false, 0, params, ws));
    params.allocate(DataType.FLOAT);
    Nd4j.getRandom().setSeed(1);
    params.values().assign(Nd4j.rand(DataType.FLOAT, params.values().shape()).subi(0.5).muli(0.02));
    ws.reserve(n, true);
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      long[] in = shape(n, l.inputShape());
      long[] outS = shape(n, l.outputShape());
      probes.add(new Probe(names.get(i), l, Nd4j.rand(DataType.FLOAT, in),
          Nd4j.create(DataType.FLOAT, outS), Nd4j.create(DataType.FLOAT, outS),
          Nd4j.create(DataType.FLOAT, in)));
    }
    BatchContext batch = new BatchContext(n, null, true);
    out.printf(Locale.ROOT, "# ConvMemoryProbe batch %d, parameters %d, backend %s%n", n,
        params.total(), Nd4j.getBackend().getClass().getSimpleName());
    for (int r = 1; r <= repeats; r++) {
      long sum = 0;
      for (Probe p : probes) {
        long[] f = transientMb(() -> p.layer().forward(batch, p.x(), p.y()));
        long[] b = transientMb(() -> {
          Nd4j.getExecutioner().commit();
          p.dy().assign(p.y());
          p.layer().backward(batch, p.x(), p.y(), p.dy(), p.dx());
        });
        sum += Math.max(f[1], b[1]);
        out.printf(Locale.ROOT, "LAYER repeat=%d layer=\"%s\" in_mb=%d out_mb=%d rss_before_mb=%d"
                + " forward_transient_mb=%d backward_transient_mb=%d workspace_mb=%d%n", r,
            p.name(), p.x().length() * 4 >> 20, p.y().length() * 4 >> 20, f[0], f[1], b[1],
            ws.bytes() >> 20);
      }
      out.printf(Locale.ROOT, "TOTAL repeat=%d max_transient_sum_mb=%d hwm_mb=%d%n", r, sum,
          MemorySampler.statusMb(status(), "VmHWM"));
    }
  }

  private static long[] shape(long n, long[] perExample) {
    long[] s = new long[perExample.length + 1];
    s[0] = n;
    System.arraycopy(perExample, 0, s, 1, perExample.length);
    return s;
  }
}
