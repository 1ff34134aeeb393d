package org.vae4j.datasets;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch drawn from an {@link ImageDataset}: image-shaped features {@code [b, C, H, W]},
 * their labels (when the dataset is labelled) and the dataset indices they came from. The caller
 * owns the arrays.
 */
public final class ImageBatch {
  private final INDArray features;
  private final int[] labels;
  private final int[] indices;
  private final int numClasses;

  ImageBatch(INDArray features, int[] labels, int[] indices, int numClasses) {
    this.features = Objects.requireNonNull(features, "features");
    this.labels = labels;
    this.indices = indices;
    this.numClasses = numClasses;
  }

  /** Number of examples in this batch. */
  public int size() {
    return indices.length;
  }

  /** Features shaped as images, {@code [b, C, H, W]}. */
  public INDArray features() {
    return features;
  }

  /** Features flattened to vectors, {@code [b, C*H*W]}. */
  public INDArray flatFeatures() {
    return features.reshape('c', features.size(0), features.length() / features.size(0));
  }

  /** True when the batch carries labels. */
  public boolean hasLabels() {
    return labels != null;
  }

  /** Labels of the examples; throws {@link IllegalStateException} when unlabelled. A copy. */
  public int[] labels() {
    if (labels == null) {
      throw new IllegalStateException("labels() called on a batch of an unlabelled dataset");
    }
    return labels.clone();
  }

  /** One-hot labels {@code [b, numClasses]}; throws {@link IllegalStateException} when unlabelled. */
  public INDArray oneHotLabels() {
    return ImageDataset.oneHot(labels(), numClasses);
  }

  /** Positions of these examples in the dataset they were drawn from. A copy. */
  public int[] indices() {
    return indices.clone();
  }
}
