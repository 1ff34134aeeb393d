package org.vae4j.core.train.internal;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Adam update as one loop in Java over host memory, for the CPU backend: the gradients and
 * parameters are copied in bulk from their native buffers into Java arrays, updated in one pass
 * and copied back; the state ({@code [m | v]}) stays in Java arrays between updates ({@link #load}
 * and {@link #store} move it to and from the native array that checkpoints read). On a 2-core machine this takes about a sixth of the time of the same update as a
 * dozen ND4J elementwise operations (whose square root runs at several ns per element), which was
 * a third of an MLP training step. Arithmetic in the arrays' own type (float or double), in the
 * order of {@link TrainingState#apply}'s ND4J path; {@code AdamProperties} checks both paths
 * against a plain double reference.
 *
 * <p>No arithmetic here meets a subnormal number: gradient values below {@value #TINY_GRADIENT_F}
 * (float; {@value #TINY_GRADIENT_D} in double) count as 0, so {@code (1 - b2) g²} stays normal, and
 * moments below {@value #TINY_MOMENT_F} ({@value #TINY_MOMENT_D}) are set to 0 after each update.
 * The first moment of a parameter whose gradient is 0 (a dead ReLU unit's weights) decays by
 * {@code beta1} per step and became subnormal after about 700 steps in float; x86 arithmetic on
 * subnormals is ~100 times slower, and the MNIST MLP epoch time doubled from epoch 10 on. The
 * change to an update is below 1e-25 per value.
 */
final class HostAdam {

  static final float TINY_GRADIENT_F = 1e-15f;
  static final float TINY_MOMENT_F = 1e-30f;
  static final double TINY_GRADIENT_D = 1e-150;
  static final double TINY_MOMENT_D = 1e-290;

  private final DataType dataType;
  private final int total;
  private final float[] gradientF;
  private final float[] stateF;
  private final float[] paramsF;
  private final double[] gradientD;
  private final double[] stateD;
  private final double[] paramsD;

  private HostAdam(DataType dataType, int total) {
    this.dataType = dataType;
    this.total = total;
    boolean f = dataType == DataType.FLOAT;
    gradientF = f ? new float[total] : null;
    stateF = f ? new float[2 * total] : null;
    paramsF = f ? new float[total] : null;
    gradientD = f ? null : new double[total];
    stateD = f ? null : new double[2 * total];
    paramsD = f ? null : new double[total];
  }

  /**
   * The host update for arrays of {@code dataType} holding {@code total} parameters, or null when
   * it does not apply: another backend than the CPU one (whose buffers are not host memory), a type
   * other than float or double, or more parameters than a Java array holds.
   */
  static HostAdam forCpu(DataType dataType, long total) {
    boolean cpu = Nd4j.getBackend().getClass().getSimpleName().equals("CpuBackend");
    if (!cpu || (dataType != DataType.FLOAT && dataType != DataType.DOUBLE)
        || 2 * total > Integer.MAX_VALUE - 8) {
      return null;
    }
    return new HostAdam(dataType, (int) total);
  }

  /** True when {@code a} owns its whole buffer from offset 0 in row-major order (bulk copy works). */
  static boolean plain(INDArray a) {
    return !a.isView() && a.ordering() == 'c' && a.offset() == 0 && a.data().length() == a.length();
  }

  /**
   * Copies the Adam state from the native array {@code state} ({@code 2 total}: all m, then all v)
   * into this object, which holds it between updates. Call after anything writes {@code state}.
   */
  void load(INDArray state) {
    if (dataType == DataType.FLOAT) {
      floats(plainCopy(state)).get(0, stateF);
    } else {
      doubles(plainCopy(state)).get(0, stateD);
    }
  }

  /** Copies the Adam state held here into the native array {@code state} (must be {@link #plain}). */
  void store(INDArray state) {
    if (dataType == DataType.FLOAT) {
      floats(state).put(0, stateF);
    } else {
      doubles(state).put(0, stateD);
    }
  }

  /**
   * One update from the gradients of the parameters, in order: {@code m = b1 m + (1 - b1) g},
   * {@code v = b2 v + (1 - b2) g²}, {@code p -= alpha m / (sqrt(v) + eps)}, on the state held
   * here. The parameters must be {@link #plain}; gradients that are not are copied first.
   */
  void update(List<INDArray> gradients, List<INDArray> params, double beta1, double beta2,
      double alpha, double epsilon) {
    if (dataType == DataType.FLOAT) {
      int offset = 0;
      for (int i = 0; i < params.size(); i++) {
        int n = (int) params.get(i).length();
        floats(plainCopy(gradients.get(i))).get(0, gradientF, offset, n);
        floats(params.get(i)).get(0, paramsF, offset, n);
        offset += n;
      }
      float b1 = (float) beta1;
      float c1 = (float) (1 - beta1);
      float b2 = (float) beta2;
      float c2 = (float) (1 - beta2);
      float a = (float) alpha;
      float e = (float) epsilon;
      for (int k = 0; k < total; k++) {
        float g = gradientF[k];
        g = Math.abs(g) < TINY_GRADIENT_F ? 0f : g;
        float m = b1 * stateF[k] + c1 * g;
        float v = b2 * stateF[total + k] + c2 * (g * g);
        m = Math.abs(m) < TINY_MOMENT_F ? 0f : m;
        v = v < TINY_MOMENT_F ? 0f : v;
        stateF[k] = m;
        stateF[total + k] = v;
        paramsF[k] -= a * m / ((float) Math.sqrt(v) + e);
      }
      offset = 0;
      for (INDArray p : params) {
        floats(p).put(0, paramsF, offset, (int) p.length());
        offset += (int) p.length();
      }
    } else {
      int offset = 0;
      for (int i = 0; i < params.size(); i++) {
        int n = (int) params.get(i).length();
        doubles(plainCopy(gradients.get(i))).get(0, gradientD, offset, n);
        doubles(params.get(i)).get(0, paramsD, offset, n);
        offset += n;
      }
      double c1 = 1 - beta1;
      double c2 = 1 - beta2;
      for (int k = 0; k < total; k++) {
        double g = gradientD[k];
        g = Math.abs(g) < TINY_GRADIENT_D ? 0 : g;
        double m = beta1 * stateD[k] + c1 * g;
        double v = beta2 * stateD[total + k] + c2 * (g * g);
        m = Math.abs(m) < TINY_MOMENT_D ? 0 : m;
        v = v < TINY_MOMENT_D ? 0 : v;
        stateD[k] = m;
        stateD[total + k] = v;
        paramsD[k] -= alpha * m / (Math.sqrt(v) + epsilon);
      }
      offset = 0;
      for (INDArray p : params) {
        doubles(p).put(0, paramsD, offset, (int) p.length());
        offset += (int) p.length();
      }
    }
  }

  /** {@code a} itself when {@link #plain}, else a plain copy in this object's type. */
  private INDArray plainCopy(INDArray a) {
    INDArray c = a.dataType() == dataType ? a : a.castTo(dataType);
    return plain(c) ? c : c.dup('c');
  }

  private static FloatBuffer floats(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  private static DoubleBuffer doubles(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
  }
}
