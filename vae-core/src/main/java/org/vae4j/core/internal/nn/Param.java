package org.vae4j.core.internal.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One named parameter array of a network: its shape, its place in the flat parameter vector and
 * what its initialisation depends on: the fan-in (0 for a bias) and whether a ReLU follows. {@link #value()} and {@link #gradient()} are
 * views of the flat buffers of {@link Parameters}, valid once they are allocated and until they
 * are closed.
 */
public final class Param {

  private final String name;
  private final long[] shape;
  private final long fanIn;
  private final boolean beforeRelu;
  private final long offset;
  private final long length;
  private final double initialValue;
  private INDArray value;
  private INDArray gradient;

  Param(String name, long[] shape, long fanIn, boolean beforeRelu, long offset) {
    this(name, shape, fanIn, beforeRelu, offset, 0);
  }

  Param(String name, long[] shape, long fanIn, boolean beforeRelu, long offset,
      double initialValue) {
    this.initialValue = initialValue;
    this.name = name;
    this.shape = shape.clone();
    this.fanIn = fanIn;
    this.beforeRelu = beforeRelu;
    this.offset = offset;
    long n = 1;
    for (long s : shape) {
      n = Math.multiplyExact(n, s);
    }
    this.length = n;
  }

  /** The name, as stored in model files ({@code enc_dense0_W}, ...). */
  public String name() {
    return name;
  }

  /** The shape (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  /** The fan-in of the initialisation; 0 for a bias (initialised to 0). */
  public long fanIn() {
    return fanIn;
  }

  /**
   * The value every entry starts at when {@link #fanIn()} is 0: 0 for a bias, 1 for a batch-norm
   * scale ({@code gamma}) and a running variance.
   */
  public double initialValue() {
    return initialValue;
  }

  /** True for the weights of a layer whose output goes through a ReLU (their initialisation). */
  public boolean beforeRelu() {
    return beforeRelu;
  }

  /** The offset of the first value in the flat vector. */
  public long offset() {
    return offset;
  }

  /** Number of values. */
  public long length() {
    return length;
  }

  /** The values: a view of the flat parameter buffer with this parameter's shape. */
  public INDArray value() {
    return value;
  }

  /** The gradient: a view of the flat gradient buffer with this parameter's shape. */
  public INDArray gradient() {
    return gradient;
  }

  void bind(INDArray value, INDArray gradient) {
    this.value = value;
    this.gradient = gradient;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
