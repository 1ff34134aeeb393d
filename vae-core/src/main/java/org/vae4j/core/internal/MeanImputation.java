package org.vae4j.core.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.internal.nn.HostValues;

/**
 * Decoded-mean imputation of missing (NaN) values: the one implementation behind {@code
 * TableImputation.impute} (one round) and the anomaly scorer's {@code imputationRounds}, so the
 * two cannot drift. A round reconstructs the current rows ({@code decode(encodeMean(rows))}) and
 * writes the result into every entry that is NaN in the original data; the observed values are
 * kept exactly as they are.
 */
public final class MeanImputation {

  private MeanImputation() {}

  /** The decoded mean of the posterior mean of some rows; the caller's model and condition. */
  @FunctionalInterface
  public interface Reconstruction {
    /**
     * The decoded means of {@code rows}, rows {@code [from, to)} of the current values.
     *
     * @param rows a view this class owns; not to be closed by the reconstruction
     * @return a new array {@code [to - from, dataShape...]}, closed by this class after reading
     */
    INDArray apply(INDArray rows, int from, int to);
  }

  /** Whether any of {@code values} is NaN (a missing value). */
  public static boolean anyMissing(double[] values) {
    for (double v : values) {
      if (Double.isNaN(v)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code x} with every missing (NaN) value replaced by its decoded mean, {@code rounds} times,
   * each round reconstructing the previous round's values (the first round sees {@code x}, so its
   * encoder sees a missing value as the network does: 0), in batches of at most {@code batchRows}
   * rows; the observed values kept.
   *
   * @param x the data {@code [n, dataShape...]} (not closed here)
   * @param xs the values of {@code x}, flat row-major (read only; the caller's one copy)
   * @param rounds at least 1
   * @param dataType the type of the returned array
   * @return {@code x} itself when {@code xs} has no NaN, else a new array shaped like {@code x}
   */
  public static INDArray impute(INDArray x, double[] xs, int rounds, int batchRows,
      DataType dataType, Reconstruction reconstruction) {
    if (rounds < 1 || batchRows < 1) {
      throw new IllegalArgumentException("rounds and batchRows must be at least 1, got " + rounds
          + " and " + batchRows);
    }
    if (!anyMissing(xs)) {
      return x;
    }
    int n = Math.toIntExact(x.size(0));
    int w = xs.length / n;
    double[] cur = xs.clone();
    INDArray current = x;
    for (int round = 0; round < rounds; round++) {
      for (int from = 0; from < n; from += batchRows) {
        int to = Math.min(n, from + batchRows);
        double[] out;
        try (INDArray decoded = reconstruction.apply(ArrayRows.rows(current, from, to), from, to)) {
          out = HostValues.readAny(decoded);
        }
        fill(xs, from * w, out, cur);
      }
      if (current != x) {
        current.close();
      }
      current = Nd4j.create(cur, x.shape(), dataType);
    }
    return current;
  }

  /**
   * Writes {@code with[i]} into {@code target[offset + i]} wherever {@code original[offset + i]}
   * is NaN, for every {@code i} of {@code with}.
   */
  public static void fill(double[] original, int offset, double[] with, double[] target) {
    for (int i = 0; i < with.length; i++) {
      if (Double.isNaN(original[offset + i])) {
        target[offset + i] = with[i];
      }
    }
  }
}
