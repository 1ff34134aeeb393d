package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.internal.ArrayRows;

/**
 * Runs a convolution's native operation on chunks of a batch's rows. libnd4j's and oneDNN's
 * convolutions allocate temporaries of their own (inputs and outputs reordered to blocked layouts,
 * im2col-style buffers) that grow with the batch and are freed when the operation returns: at
 * batch 128 the 64×64 conv VAE's output convolution's backward pass took 408 MB beyond its
 * arrays, the last transposed convolution's 200 MB ({@code bench.ConvMemoryProbe}). A chunk holds
 * at most {@link #DEFAULT_BYTES} of input and output values (at least one row), so those
 * temporaries stay a few times that, whatever the batch.
 */
final class BatchChunks {

  /** Bytes of one chunk's input plus output values (16 MiB). */
  static final long DEFAULT_BYTES = 16L << 20;

  private BatchChunks() {}

  /**
   * Rows per chunk for a layer whose input and output hold {@code valuesPerRow} values per
   * example of {@code width} bytes each: {@code floor(limitBytes / bytesPerRow)}, at least 1.
   */
  static long rows(long valuesPerRow, int width, long limitBytes) {
    if (valuesPerRow < 1 || width < 1 || limitBytes < 1) {
      throw new IllegalArgumentException("values per row, width and limit must be positive, got "
          + valuesPerRow + ", " + width + ", " + limitBytes);
    }
    return Math.max(1, limitBytes / Math.multiplyExact(valuesPerRow, (long) width));
  }

  /**
   * Runs the forward {@code op} (inputs x, weight, bias; output y) on each chunk of at most {@code
   * chunkRows} of the {@code n} rows.
   */
  static void forward(String op, int[] args, long macs, long chunkRows, long n, INDArray x,
      Param w, Param b, INDArray y) {
    for (long i = 0; i < n; i += chunkRows) {
      long j = Math.min(n, i + chunkRows);
      Kernels.custom(op, args, macs, new INDArray[] {ArrayRows.rows(x, i, j), w.value(),
          b.value()}, ArrayRows.rows(y, i, j));
    }
  }

  /**
   * Runs the backward {@code op} (inputs x, weight, bias, dy; outputs dx and the weight's and
   * bias's gradients) on each chunk of at most {@code chunkRows} of the {@code n} rows: the first
   * chunk writes the parameters' gradients, each later one writes {@code chunkW} and {@code
   * chunkB}, which are then added to them.
   */
  static void backward(String op, int[] args, long macs, long chunkRows, long n, INDArray x,
      Param w, Param b, INDArray dy, INDArray dx, Workspace.Fixed chunkW, Workspace.Fixed chunkB) {
    for (long i = 0; i < n; i += chunkRows) {
      long j = Math.min(n, i + chunkRows);
      boolean first = i == 0;
      INDArray gw = first ? w.gradient() : chunkW.array();
      INDArray gb = first ? b.gradient() : chunkB.array();
      Kernels.custom(op, args, macs, new INDArray[] {ArrayRows.rows(x, i, j), w.value(),
          b.value(), ArrayRows.rows(dy, i, j)}, ArrayRows.rows(dx, i, j), gw, gb);
      if (!first) {
        Kernels.add(w.gradient(), gw, w.gradient());
        Kernels.add(b.gradient(), gb, b.gradient());
      }
    }
  }

  /** The product of the dimensions. */
  static long values(long[] shape) {
    long v = 1;
    for (long d : shape) {
      v = Math.multiplyExact(v, d);
    }
    return v;
  }
}
