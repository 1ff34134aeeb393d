package org.vae4j.samples.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.core.train.TrainingSession;

/**
 * A model's parameters as named arrays, through {@link TrainingSession}'s flat vector and its
 * {@link TrainingSession#parameterShapes()}: for the studies that inspect or redraw them.
 */
final class ParameterArrays {

  private ParameterArrays() {}

  /** Copies of {@code model}'s parameter arrays by name, in the model's order. */
  static Map<String, INDArray> copy(Vae4jModel model) {
    TrainingSession s = TrainingSession.of(model, TrainingOptions.builder().build());
    float[] flat = s.parameters();
    Map<String, INDArray> out = new LinkedHashMap<>();
    int offset = 0;
    for (Map.Entry<String, long[]> e : s.parameterShapes().entrySet()) {
      int n = Math.toIntExact(length(e.getValue()));
      float[] part = new float[n];
      System.arraycopy(flat, offset, part, 0, n);
      out.put(e.getKey(), Nd4j.create(part, e.getValue(), 'c'));
      offset += n;
    }
    return out;
  }

  /** Sets every parameter of {@code model} from {@code arrays} (every name, the model's shapes). */
  static void set(Vae4jModel model, Map<String, INDArray> arrays) {
    TrainingSession s = TrainingSession.of(model, TrainingOptions.builder().build());
    float[] flat = new float[s.parameterCount()];
    int offset = 0;
    for (Map.Entry<String, long[]> e : s.parameterShapes().entrySet()) {
      INDArray a = arrays.get(e.getKey());
      if (a == null || !java.util.Arrays.equals(a.shape(), e.getValue())) {
        throw new IllegalArgumentException("parameter " + e.getKey() + " must have shape "
            + java.util.Arrays.toString(e.getValue()) + ", got "
            + (a == null ? "none" : java.util.Arrays.toString(a.shape())));
      }
      float[] v = a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
      System.arraycopy(v, 0, flat, offset, v.length);
      offset += v.length;
    }
    s.setParameters(flat);
  }

  private static long length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
