package org.vae4j.core.internal.nn;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layers applied in order, each output feeding the next layer (reshaped without a copy when the
 * next layer sees the same values in another shape, e.g. a feature map flattened for a dense
 * layer). The stack owns one forward slot per layer output and one backward slot per output
 * gradient in the workspace.
 */
public final class LayerStack {

  private final List<Layer> layers;
  private final long[] inputShape;
  private final Workspace.Slot[] outputs;
  private final Workspace.Slot[] gradients;
  private final Map<INDArray, INDArray> reshaped = new IdentityHashMap<>();

  /** A stack of {@code layers} (at least one), declaring its slots in {@code workspace}. */
  public LayerStack(List<Layer> layers, Workspace workspace) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a layer stack needs at least one layer");
    }
    this.layers = List.copyOf(layers);
    this.inputShape = layers.get(0).inputShape();
    this.outputs = new Workspace.Slot[layers.size()];
    this.gradients = new Workspace.Slot[layers.size()];
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      if (i > 0 && size(layers.get(i - 1).outputShape()) != size(l.inputShape())) {
        throw new IllegalArgumentException("layer " + i + " takes " + Arrays.toString(l.inputShape())
            + " but layer " + (i - 1) + " gives " + Arrays.toString(layers.get(i - 1).outputShape()));
      }
      outputs[i] = workspace.forward(l.outputShape());
      gradients[i] = workspace.backward(l.outputShape());
    }
  }

  /** The shape of one input example. */
  public long[] inputShape() {
    return inputShape.clone();
  }

  /** The shape of one output example. */
  public long[] outputShape() {
    return layers.get(layers.size() - 1).outputShape();
  }

  /** The layers, in order. */
  public List<Layer> layers() {
    return layers;
  }

  /** Runs every layer on {@code input} {@code [n, inputShape...]}; returns the last output. */
  public INDArray forward(BatchContext batch, INDArray input) {
    long n = batch.n();
    INDArray in = as(input, inputShape, n);
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      INDArray out = outputs[i].rows(n);
      l.forward(batch, i == 0 ? in : as(outputs[i - 1].rows(n), l.inputShape(), n), out);
    }
    return outputs[layers.size() - 1].rows(n);
  }

  /** The last layer's output of the latest forward pass. */
  public INDArray output(long n) {
    return outputs[layers.size() - 1].rows(n);
  }

  /** Where the caller writes dL/doutput before {@link #backward}. */
  public INDArray outputGradient(long n) {
    return gradients[layers.size() - 1].rows(n);
  }

  /**
   * Back-propagates {@link #outputGradient} through every layer (after a forward pass on the same
   * {@code input}); writes dL/dinput into {@code inputGradient} unless it is null.
   */
  public void backward(BatchContext batch, INDArray input, INDArray inputGradient) {
    long n = batch.n();
    for (int i = layers.size() - 1; i >= 0; i--) {
      Layer l = layers.get(i);
      INDArray in = i == 0 ? as(input, inputShape, n)
          : as(outputs[i - 1].rows(n), l.inputShape(), n);
      INDArray gradIn = i == 0
          ? (inputGradient == null ? null : as(inputGradient, inputShape, n))
          : as(gradients[i - 1].rows(n), l.inputShape(), n);
      l.backward(batch, in, outputs[i].rows(n), gradients[i].rows(n), gradIn);
    }
  }

  /**
   * {@code a} ({@code [n, ...]}) viewed as {@code [n, shape...]}; cached per source array (each
   * array this stack reshapes is reshaped to one shape only).
   */
  private INDArray as(INDArray a, long[] shape, long n) {
    if (a.rank() == shape.length + 1 && Arrays.equals(Arrays.copyOfRange(a.shape(), 1, a.rank()), shape)) {
      return a;
    }
    INDArray v = reshaped.get(a);
    if (v == null) {
      long[] s = new long[shape.length + 1];
      s[0] = n;
      System.arraycopy(shape, 0, s, 1, shape.length);
      v = a.reshape('c', s);
      if (reshaped.size() > 64) {
        reshaped.clear();
      }
      reshaped.put(a, v);
    }
    return v;
  }

  static long size(long[] shape) {
    long s = 1;
    for (long d : shape) {
      s = Math.multiplyExact(s, d);
    }
    return s;
  }
}
