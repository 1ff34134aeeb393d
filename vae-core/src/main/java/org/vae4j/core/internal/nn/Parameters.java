package org.vae4j.core.internal.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A network's parameters as one flat vector of values and one flat vector of gradients, both
 * {@code [total]}; each {@link Param} is a view of both, in the order the layers declared them
 * (which is also the order of model files and of the optimiser state). The layers register their
 * parameters while the network is composed ({@link #add}); {@link #allocate} then creates the two
 * buffers once. {@link #close()} frees both.
 */
public final class Parameters implements AutoCloseable {

  private final List<Param> params = new ArrayList<>();
  private final Map<String, Param> byName = new LinkedHashMap<>();
  private long total;
  private INDArray values;
  private INDArray gradients;

  /**
   * Registers a parameter (before {@link #allocate}): {@code fanIn} 0 marks a bias; {@code
   * beforeRelu} the weights of a layer whose output goes through a ReLU ({@link Initialization}).
   */
  public Param add(String name, long[] shape, long fanIn, boolean beforeRelu) {
    return add(name, shape, fanIn, beforeRelu, 0);
  }

  /**
   * Registers a parameter that {@link Initialization} sets to the constant {@code initialValue}
   * (fan-in 0: drawn from no generator), e.g. a batch-norm scale at 1.
   */
  public Param add(String name, long[] shape, double initialValue) {
    return add(name, shape, 0, false, initialValue);
  }

  private Param add(String name, long[] shape, long fanIn, boolean beforeRelu,
      double initialValue) {
    if (values != null) {
      throw new IllegalStateException("parameters are already allocated");
    }
    if (byName.containsKey(name)) {
      throw new IllegalArgumentException("parameter " + name + " is declared twice");
    }
    Param p = new Param(name, shape, fanIn, beforeRelu, total, initialValue);
    total = Math.addExact(total, p.length());
    params.add(p);
    byName.put(name, p);
    return p;
  }

  /** Creates the flat value and gradient buffers (zeros) and binds every parameter's views. */
  public void allocate(DataType dataType) {
    if (values != null) {
      throw new IllegalStateException("parameters are already allocated");
    }
    values = Nd4j.zeros(dataType, total);
    gradients = Nd4j.zeros(dataType, total);
    for (Param p : params) {
      p.bind(slice(values, p), slice(gradients, p));
    }
  }

  private static INDArray slice(INDArray flat, Param p) {
    return flat.get(NDArrayIndex.interval(p.offset(), p.offset() + p.length())).reshape('c', p.shape());
  }

  /** The parameters in declaration order. */
  public List<Param> list() {
    return Collections.unmodifiableList(params);
  }

  /** The parameter called {@code name}, or null. */
  public Param get(String name) {
    return byName.get(name);
  }

  /** Total number of scalar parameters. */
  public long total() {
    return total;
  }

  /** The flat values {@code [total]} (live: the layers read them; the optimiser writes them). */
  public INDArray values() {
    return values;
  }

  /** The flat gradient {@code [total]} (written by a backward pass). */
  public INDArray gradients() {
    return gradients;
  }

  /** The values by name, as views in declaration order (for model files). */
  public Map<String, INDArray> valuesByName() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (Param p : params) {
      m.put(p.name(), p.value());
    }
    return m;
  }

  /** Bytes of native memory held. */
  public long bytes() {
    return values == null ? 0 : 2 * total * values.dataType().width();
  }

  /** Frees both buffers. Idempotent. */
  @Override
  public void close() {
    if (values != null) {
      values.close();
      gradients.close();
      values = null;
      gradients = null;
    }
  }
}
