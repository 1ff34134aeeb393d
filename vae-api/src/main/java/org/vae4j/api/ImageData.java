package org.vae4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A set of images held in memory, with optional class labels. Implemented by {@code vae-datasets};
 * consumed by the trainer and evaluator in {@code vae-core} and by the samples, so that neither
 * side depends on the other.
 */
public interface ImageData {

  /** Number of images (at least 1). */
  int size();

  /** Shape of one image, {@code [C, H, W]}. The returned array is a copy. */
  long[] imageShape();

  /**
   * All images as one float array {@code [size, C, H, W]} with values in [0, 1]. Treat it as
   * read-only: it may be the dataset's own storage.
   */
  INDArray images();

  /** True when every image has a class label. */
  boolean hasLabels();

  /**
   * Class labels in {@code [0, numClasses)}, one per image. Throws {@link IllegalStateException}
   * when {@link #hasLabels()} is false. The returned array is a copy.
   */
  int[] labels();

  /** Number of classes (0 when unlabelled). */
  int numClasses();
}
