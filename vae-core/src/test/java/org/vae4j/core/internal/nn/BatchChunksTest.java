package org.vae4j.core.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Convolutions run their native operations on chunks of the batch's rows ({@link BatchChunks}):
 * the chunked passes give the outputs and gradients of one call over the whole batch (which the
 * SameDiff oracle tests check), and the conv64 model's output convolution no longer needs hundreds
 * of megabytes of native temporaries at batch 128.
 */
class BatchChunksTest {

  /** A layer and the parameters it declared. */
  private record Built(Layer layer, Parameters params, Workspace workspace) {}

  @Test
  void rowsPerChunkFitTheLimitAndAreAtLeastOne() {
    // conv64's output convolution: 32x64x64 in, 3x64x64 out, floats
    long perRow = 32 * 64 * 64 + 3 * 64 * 64;
    long rows = BatchChunks.rows(perRow, 4, BatchChunks.DEFAULT_BYTES);
    assertThat(rows).isEqualTo(29);
    assertThat(rows * perRow * 4).isLessThanOrEqualTo(BatchChunks.DEFAULT_BYTES);
    assertThat((rows + 1) * perRow * 4).isGreaterThan(BatchChunks.DEFAULT_BYTES);
    assertThat(BatchChunks.rows(perRow, 4, 1000)).as("a row larger than the limit").isEqualTo(1);
    assertThatThrownBy(() -> BatchChunks.rows(0, 4, 1000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0, 4, 1000");
  }

  @Test
  void chunkedConvolutionsEqualOneCallOverTheBatch() {
    Random r = new Random(11);
    for (int trial = 0; trial < 12; trial++) {
      boolean transposed = trial % 2 == 1;
      int c = 1 + r.nextInt(3);
      int out = 1 + r.nextInt(4);
      int kernel = 2 + r.nextInt(3);
      int stride = 1 + r.nextInt(2);
      long side = 4 + r.nextInt(4);
      int n = 5 + r.nextInt(6);
      boolean relu = r.nextBoolean();
      double alpha = r.nextBoolean() ? 0 : 0.2;
      long[] in = {c, side, side};
      Spec spec = new Spec(transposed, in, out, kernel, stride, relu, alpha, n);
      Built whole = build(spec, Long.MAX_VALUE);
      // 2 rows per native call (the uncropped output of a transposed convolution counts)
      long perRow = whole.layer() instanceof TransposedConv2d
          ? c * side * side + out * ((side - 1) * stride + kernel) * ((side - 1) * stride + kernel)
          : c * side * side + BatchChunks.values(whole.layer().outputShape());
      Built chunked = build(spec, 2 * perRow * 4 + 3);
      String what = (transposed ? "transposed " : "") + "conv c=" + c + " out=" + out + " k="
          + kernel + " s=" + stride + " side=" + side + " n=" + n + " relu=" + relu + " alpha="
          + alpha;
      if (transposed) {
        assertThat(((TransposedConv2d) chunked.layer()).chunkRows()).as(what).isEqualTo(2);
      } else {
        assertThat(((Conv2d) chunked.layer()).chunkRows()).as(what).isEqualTo(2);
      }
      Nd4j.getRandom().setSeed(100 + trial);
      INDArray values = Nd4j.rand(DataType.FLOAT, whole.params().values().shape()).subi(0.5);
      whole.params().values().assign(values);
      chunked.params().values().assign(values);
      long[] xShape = shape(n, whole.layer().inputShape());
      long[] yShape = shape(n, whole.layer().outputShape());
      INDArray x = Nd4j.rand(DataType.FLOAT, xShape).subi(0.5);
      INDArray g = Nd4j.rand(DataType.FLOAT, yShape).subi(0.5);
      INDArray[] a = pass(whole.layer(), n, x, g);
      INDArray[] b = pass(chunked.layer(), n, x, g);
      assertClose(b[0], a[0], what + ": output");
      assertClose(b[1], a[1], what + ": input gradient");
      assertClose(chunked.params().gradients(), whole.params().gradients(),
          what + ": parameter gradients");
      for (Built built : new Built[] {whole, chunked}) {
        built.workspace().close();
        built.params().close();
      }
    }
  }

  /** One random layer of a trial. */
  private record Spec(boolean transposed, long[] in, int out, int kernel, int stride,
      boolean relu, double alpha, int n) {}

  private static Built build(Spec s, long chunkBytes) {
    Parameters p = new Parameters();
    Workspace ws = new Workspace(DataType.FLOAT);
    Layer l;
    if (s.transposed()) {
      long full = (s.in()[1] - 1) * s.stride() + s.kernel();
      l = new TransposedConv2d("t", s.in(), s.out(), s.kernel(), s.stride(), 1, full - 1,
          full - 1, s.relu(), s.alpha(), p, ws, chunkBytes);
    } else {
      l = new Conv2d("c", s.in(), s.out(), s.kernel(), s.stride(), 1, s.relu(), s.alpha(), p, ws,
          chunkBytes);
    }
    p.allocate(DataType.FLOAT);
    ws.reserve(s.n(), true);
    return new Built(l, p, ws);
  }

  /** Forward, then backward from {@code g}: {output, input gradient}. */
  private static INDArray[] pass(Layer layer, int n, INDArray x, INDArray g) {
    INDArray y = Nd4j.create(DataType.FLOAT, g.shape());
    INDArray dx = Nd4j.create(DataType.FLOAT, x.shape());
    pass(layer, n, x, g, y, g.dup(), dx);
    return new INDArray[] {y, dx};
  }

  /** Forward into {@code y}, then backward from a copy of {@code g} (in {@code dy}) into {@code dx}. */
  private static void pass(Layer layer, int n, INDArray x, INDArray g, INDArray y, INDArray dy,
      INDArray dx) {
    BatchContext batch = new BatchContext(n, null, true);
    layer.forward(batch, x, y);
    dy.assign(g);
    layer.backward(batch, x, y, dy, dx);
  }

  private static void assertClose(INDArray actual, INDArray expected, String what) {
    double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
    double diff = actual.sub(expected).amaxNumber().doubleValue();
    assertThat(diff / scale).as(what).isLessThan(1e-5);
  }

  /**
   * The conv64 model's output convolution (32 → 3 channels, 3×3, 64×64) at batch 128: its backward
   * pass took 408 MB of native temporaries in one call ({@code bench.ConvMemoryProbe}); chunked,
   * the process's peak resident memory rises by well under half of that while it runs.
   */
  @Test
  void conv64OutputConvolutionNeedsFewTemporariesAtBatch128() throws IOException {
    Path clearRefs = Path.of("/proc/self/clear_refs");
    assumeThat(Files.isWritable(clearRefs)).as("Linux /proc/self/clear_refs").isTrue();
    int n = 128;
    Parameters p = new Parameters();
    try (Workspace ws = new Workspace(DataType.FLOAT)) {
      Conv2d conv = new Conv2d("o", new long[] {32, 64, 64}, 3, 3, 1, 1, false, 0, p, ws);
      p.allocate(DataType.FLOAT);
      ws.reserve(n, true);
      Nd4j.getRandom().setSeed(3);
      p.values().assign(Nd4j.rand(DataType.FLOAT, p.values().shape()).subi(0.5).muli(0.1));
      INDArray x = Nd4j.rand(DataType.FLOAT, n, 32, 64, 64);
      INDArray g = Nd4j.rand(DataType.FLOAT, n, 3, 64, 64);
      INDArray y = Nd4j.create(DataType.FLOAT, n, 3, 64, 64);
      INDArray dy = Nd4j.create(DataType.FLOAT, n, 3, 64, 64);
      INDArray dx = Nd4j.create(DataType.FLOAT, n, 32, 64, 64);
      pass(conv, n, x, g, y, dy, dx); // the first call loads and initialises oneDNN's primitives
      long worst = 0;
      for (int i = 0; i < 2; i++) {
        Files.writeString(clearRefs, "5");
        long before = statusKb("VmRSS");
        pass(conv, n, x, g, y, dy, dx);
        worst = Math.max(worst, statusKb("VmHWM") - before);
      }
      assertThat(worst / 1024).as("MB the peak RSS rose during a forward and backward pass")
          .isLessThan(150);
    } finally {
      p.close();
    }
  }

  private static long statusKb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("no " + field + " in /proc/self/status");
  }

  private static long[] shape(long n, long[] perExample) {
    long[] s = new long[perExample.length + 1];
    s[0] = n;
    System.arraycopy(perExample, 0, s, 1, perExample.length);
    return s;
  }
}
