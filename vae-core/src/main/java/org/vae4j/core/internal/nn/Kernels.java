package org.vae4j.core.internal.nn;

import java.lang.ref.Reference;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSet;
import org.nd4j.linalg.api.ops.impl.transforms.any.Assign;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.internal.OpenMpThreads;

/**
 * Every ND4J operation the network runs, each writing into an array the caller owns (nothing here
 * allocates native memory beyond ND4J's few bytes of per-operation arguments).
 *
 * <p>Every operation goes through {@link #exec}, which keeps the operation object — and with it
 * every array it references, including the argument arrays ND4J creates inside operation objects
 * (a broadcast's or reduction's dimensions, a scalar operation's scalar) — reachable until the
 * native call has returned. Without that, the JIT may consider them dead while the native code
 * still reads them, and a garbage collection at that moment frees their native memory under the
 * operation: the {@code SIGSEGV in sd::DataBuffer::primary()} the earlier engine met under
 * collector pressure ({@code CollectorPressureTest}).
 */
public final class Kernels {

  private Kernels() {}

  /** Runs {@code op}, keeping it and everything it references reachable until it has finished. */
  public static void exec(Op op) {
    try {
      Nd4j.exec(op);
    } finally {
      Reference.reachabilityFence(op);
    }
  }

  /** Runs {@code op}, keeping it and its input and output arrays reachable until it has finished. */
  public static void exec(CustomOp op) {
    try {
      Nd4j.exec(op);
    } finally {
      Reference.reachabilityFence(op);
    }
  }

  /** {@code c = op(a) op(b) + beta c}. */
  public static void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double beta) {
    long m = ta ? a.size(1) : a.size(0);
    long k = ta ? a.size(0) : a.size(1);
    long n = tb ? b.size(0) : b.size(1);
    OpenMpThreads.wide(m * k * n, () -> exec(new Mmul(a, b, c, 1.0, beta,
        MMulTranspose.builder().transposeA(ta).transposeB(tb).build())));
  }

  /** {@code a += row} for every row of the matrix {@code a}. */
  public static void addRow(INDArray a, INDArray row) {
    exec(new BroadcastAddOp(a, row, a, 1));
  }

  /** ReLU in place. */
  public static void relu(INDArray a) {
    exec(new RectifiedLinear(a, a, 0.0));
  }

  /**
   * {@code d *= [a > 0]} for {@code a} a ReLU output ({@code sign(a)} is then the 0/1 mask, 0 at
   * 0 as ND4J's relu derivative), using {@code mask} (shaped like {@code a}) as scratch.
   */
  public static void reluBackward(INDArray d, INDArray a, INDArray mask) {
    exec(new Sign(a, mask));
    mul(d, mask, d);
  }

  /** ReLU ({@code alpha == 0}) or LeakyReLU {@code max(a, alpha a)} ({@code 0 < alpha < 1}) in place. */
  public static void activation(INDArray a, double alpha) {
    if (alpha == 0) {
      relu(a);
    } else {
      exec(new org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU(a, a, alpha));
    }
  }

  /**
   * The backward pass of {@link #activation}: {@code d *= f'(a)} for {@code a} its output, using
   * {@code mask} as scratch. With {@code alpha > 0} the factor is 1 where {@code a > 0}, else
   * {@code alpha} (the sign of the output is the sign of the input); ND4J's {@code lrelu_bp}
   * takes alpha as a double (the legacy {@code LeakyReLUDerivative} rounds it to float, 3e-9
   * relative off in double precision).
   */
  public static void activationBackward(INDArray d, INDArray a, INDArray mask, double alpha) {
    if (alpha == 0) {
      reluBackward(d, a, mask);
    } else {
      leakyReluBackward(d, a, alpha);
    }
  }

  /**
   * {@link #activationBackward(INDArray, INDArray, INDArray, double)} taking its scratch from
   * {@code mask}'s first {@code n} rows only when it needs one (ReLU): with {@code alpha > 0} the
   * mask slot is never used, so it is never allocated.
   */
  public static void activationBackward(INDArray d, INDArray a, Workspace.Slot mask, long n,
      double alpha) {
    if (alpha == 0) {
      reluBackward(d, a, mask.rows(n));
    } else {
      leakyReluBackward(d, a, alpha);
    }
  }

  /** {@code d *= a > 0 ? 1 : alpha} in place ({@code lrelu_bp} is elementwise, so in place is exact). */
  private static void leakyReluBackward(INDArray d, INDArray a, double alpha) {
    exec(new org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp(a, d, d, alpha));
  }

  /** {@code a = 0} everywhere (views allowed). */
  public static void zero(INDArray a) {
    exec(new ScalarSet(a, 0.0));
  }

  /** {@code into[j] = sum_i a[i, j]} for a matrix {@code a}. */
  public static void columnSums(INDArray a, INDArray into) {
    exec(new Sum(a, into, 0));
  }

  /** {@code into[i] = sum_j a[i, j]} for a matrix {@code a}. */
  public static void rowSums(INDArray a, INDArray into) {
    exec(new Sum(a, into, 1));
  }

  /** {@code dst = src} (same shape; views allowed), as {@code INDArray.assign} does it. */
  public static void assign(INDArray dst, INDArray src) {
    exec(new Assign(src, dst));
  }

  /** {@code z = x * y} elementwise. */
  public static void mul(INDArray x, INDArray y, INDArray z) {
    exec(new MulOp(x, y, z));
  }

  /** {@code z = x - y} elementwise. */
  public static void sub(INDArray x, INDArray y, INDArray z) {
    exec(new SubOp(x, y, z));
  }

  /** {@code z = x + y} elementwise. */
  public static void add(INDArray x, INDArray y, INDArray z) {
    exec(new AddOp(x, y, z));
  }

  /** {@code z = x * s}. */
  public static void scale(INDArray x, double s, INDArray z) {
    exec(new ScalarMultiplication(x, null, z, s));
  }

  /** {@code z = -x}. */
  public static void negate(INDArray x, INDArray z) {
    exec(new Negative(x, z));
  }

  /** {@code z = |x|}. */
  public static void abs(INDArray x, INDArray z) {
    exec(new Abs(x, z));
  }

  /** {@code z = exp(x)}. */
  public static void exp(INDArray x, INDArray z) {
    exec(new Exp(x, z));
  }

  /** {@code z = log(1 + x)}. */
  public static void log1p(INDArray x, INDArray z) {
    exec(new Log1p(x, z));
  }

  /** {@code z = 1 / (1 + exp(-x))}. */
  public static void sigmoid(INDArray x, INDArray z) {
    exec(new Sigmoid(x, z));
  }

  /** {@code z = tanh(x)}. */
  public static void tanh(INDArray x, INDArray z) {
    exec(new Tanh(x, z));
  }

  /** {@code z = s - x}. */
  public static void reverseSubtract(INDArray x, double s, INDArray z) {
    exec(new ScalarReverseSubtraction(x, null, z, s));
  }

  /** {@code z = max(x, 0)}. */
  public static void relu(INDArray x, INDArray z) {
    exec(new RectifiedLinear(x, z, 0.0));
  }

  /** Runs custom op {@code name} with integer arguments on the given inputs and outputs. */
  public static void custom(String name, int[] args, long macs, INDArray[] inputs, INDArray... outputs) {
    OpenMpThreads.wide(macs, () -> exec(DynamicCustomOp.builder(name).addInputs(inputs)
        .addOutputs(outputs).addIntegerArguments(args).build()));
  }
}
