package org.vae4j.core.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Row ranges of arrays of any rank, as views. */
public final class ArrayRows {

  private ArrayRows() {}

  /** Rows {@code [from, to)} of {@code a} (rank ≥ 1), as a view ({@code a} itself for all rows). */
  public static INDArray rows(INDArray a, long from, long to) {
    if (from == 0 && to == a.size(0)) {
      return a;
    }
    INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
    idx[0] = NDArrayIndex.interval(from, to);
    for (int i = 1; i < idx.length; i++) {
      idx[i] = NDArrayIndex.all();
    }
    return a.get(idx);
  }
}
