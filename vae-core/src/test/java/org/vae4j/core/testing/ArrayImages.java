package org.vae4j.core.testing;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.ImageData;

/** Images {@code [n, C, H, W]} and optional labels as {@link ImageData}, for tests. */
public record ArrayImages(INDArray images, int[] labels, int numClasses) implements ImageData {

  /** Unlabelled images. */
  public static ArrayImages of(INDArray images) {
    return new ArrayImages(images, null, 0);
  }

  /** Labelled images; the class count is one more than the largest label. */
  public static ArrayImages of(INDArray images, int[] labels) {
    return new ArrayImages(images, labels, Arrays.stream(labels).max().orElse(0) + 1);
  }

  @Override
  public int size() {
    return (int) images.size(0);
  }

  @Override
  public long[] imageShape() {
    return Arrays.copyOfRange(images.shape(), 1, images.rank());
  }

  @Override
  public boolean hasLabels() {
    return labels != null;
  }

  @Override
  public int[] labels() {
    if (labels == null) {
      throw new IllegalStateException("no labels");
    }
    return labels.clone();
  }
}
