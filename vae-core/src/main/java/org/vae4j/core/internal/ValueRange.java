package org.vae4j.core.internal;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.api.ops.impl.reduce.same.Max;
import org.nd4j.linalg.api.ops.impl.reduce.same.Min;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.vae4j.core.internal.nn.HostValues;
import org.vae4j.core.internal.nn.Kernels;

/**
 * The range of an array's values and whether any is NaN or infinite, from four ND4J reductions
 * whose results are freed at once.
 *
 * @param min the smallest value (among the finite ones when some are not)
 * @param max the largest value
 * @param nonFinite how many values are NaN or infinite
 */
public record ValueRange(double min, double max, long nonFinite) {

  /** The range of {@code a} (floating point, at least one value). */
  public static ValueRange of(INDArray a) {
    FloatBuffer f = HostValues.floats(a);
    if (f != null) {
      return of(f);
    }
    long bad = count(new MatchCondition(a, Conditions.isNan()))
        + count(new MatchCondition(a, Conditions.isInfinite()));
    return new ValueRange(value(new Min(a)), value(new Max(a)), bad);
  }

  /** How many values of {@code a} are infinite (NaN not counted). */
  public static long infinities(INDArray a) {
    return count(new MatchCondition(a, Conditions.isInfinite()));
  }

  /** One pass in Java over a float buffer: the same result as the four reductions. */
  private static ValueRange of(FloatBuffer f) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    long bad = 0;
    int n = f.limit();
    for (int i = 0; i < n; i++) {
      float v = f.get(i);
      if (Float.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      } else {
        bad++;
      }
    }
    return new ValueRange(min, max, bad);
  }

  /** True when every value is finite. */
  public boolean finite() {
    return nonFinite == 0;
  }

  /** {@code [min, max]}, for messages: values a float holds exactly print as floats ({@code 0.1}). */
  @Override
  public String toString() {
    return "[" + format(min) + ", " + format(max) + "]";
  }

  private static String format(double v) {
    return (double) (float) v == v ? Float.toString((float) v) : Double.toString(v);
  }

  private static long count(MatchCondition op) {
    Kernels.exec(op);
    try (INDArray z = op.z()) {
      return z.getLong(0);
    }
  }

  private static double value(ReduceOp op) {
    Kernels.exec(op);
    try (INDArray z = op.z()) {
      return z.getDouble(0);
    }
  }
}
