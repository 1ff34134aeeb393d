package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Joins the one-hot labels of the batch to the features: {@code out = [in | labels]}, {@code
 * [n, width + classes]}. How a conditional VAE conditions its encoder (before the first dense
 * layer) and its decoder (on {@code z}).
 */
public final class AppendLabels implements Layer {

  private final long width;
  private final long classes;

  public AppendLabels(long width, long classes) {
    this.width = width;
    this.classes = classes;
  }

  @Override
  public long[] inputShape() {
    return new long[] {width};
  }

  @Override
  public long[] outputShape() {
    return new long[] {width + classes};
  }

  @Override
  public void forward(BatchContext batch, INDArray x, INDArray y) {
    Kernels.assign(y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, width)), x);
    Kernels.assign(y.get(NDArrayIndex.all(), NDArrayIndex.interval(width, width + classes)), batch.labels());
  }

  @Override
  public void backward(BatchContext batch, INDArray x, INDArray y, INDArray dy, INDArray dx) {
    if (dx != null) {
      Kernels.assign(dx, dy.get(NDArrayIndex.all(), NDArrayIndex.interval(0, width)));
    }
  }
}
