package org.vae4j.core.likelihood;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/** Missing data values, which travel as NaN: helpers for likelihoods that mask them. */
final class Missing {

  private Missing() {}

  /** Whether {@code x} holds a NaN. */
  static boolean any(INDArray x) {
    return BooleanIndexing.or(x, Conditions.isNan());
  }

  /** {@code x} itself when it has no NaN, otherwise a copy with every NaN replaced by 0. */
  static INDArray zeroed(INDArray x) {
    if (!any(x)) {
      return x;
    }
    INDArray c = x.dup();
    BooleanIndexing.replaceWhere(c, 0.0, Conditions.isNan());
    return c;
  }

  /** 1 where {@code x} is observed, 0 where it is NaN, a new array of x's type and shape. */
  static INDArray observed(INDArray x) {
    INDArray m = x.mul(0.0).addi(1.0); // 1 where observed, NaN where missing (NaN * 0 is NaN)
    BooleanIndexing.replaceWhere(m, 0.0, Conditions.isNan());
    return m;
  }
}
