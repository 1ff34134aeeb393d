package org.vae4j.core.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.internal.Seeds;

/**
 * A seeded split of {@code n} example indices into a training and a test part: a Fisher–Yates
 * permutation of {@code 0..n-1}, the first {@code trainSize} for training, the rest for testing.
 * Each part is sorted.
 *
 * @param train indices of the training part (a copy is kept)
 * @param test indices of the test part (a copy is kept)
 */
public record DataSplit(int[] train, int[] test) {

  /** Copies both arrays. */
  public DataSplit {
    if (train == null || test == null) {
      throw new IllegalArgumentException("train and test must not be null");
    }
    train = train.clone();
    test = test.clone();
  }

  /**
   * A seeded shuffled split of {@code n} indices.
   *
   * @throws IllegalArgumentException unless {@code 1 <= trainSize < n}
   */
  public static DataSplit shuffled(int n, int trainSize, long seed) {
    if (n < 2) {
      throw new IllegalArgumentException("n must be >= 2 to split, got " + n);
    }
    if (trainSize < 1 || trainSize >= n) {
      throw new IllegalArgumentException("trainSize must be in [1, " + (n - 1) + "], got " + trainSize);
    }
    int[] perm = Seeds.permutation(new SplittableRandom(seed), n);
    int[] train = Arrays.copyOfRange(perm, 0, trainSize);
    int[] test = Arrays.copyOfRange(perm, trainSize, n);
    Arrays.sort(train);
    Arrays.sort(test);
    return new DataSplit(train, test);
  }

  /** Training indices (a copy). */
  @Override
  public int[] train() {
    return train.clone();
  }

  /** Test indices (a copy). */
  @Override
  public int[] test() {
    return test.clone();
  }

  /** The training rows of {@code data} {@code [n, ...]}, as a new array. */
  public INDArray trainRows(INDArray data) {
    return select(data, train);
  }

  /** The test rows of {@code data} {@code [n, ...]}, as a new array. */
  public INDArray testRows(INDArray data) {
    return select(data, test);
  }

  /** The training labels. */
  public int[] trainLabels(int[] labels) {
    return select(labels, train);
  }

  /** The test labels. */
  public int[] testLabels(int[] labels) {
    return select(labels, test);
  }

  private int size() {
    return train.length + test.length;
  }

  private INDArray select(INDArray data, int[] idx) {
    if (data == null || data.rank() < 1 || data.size(0) != size()) {
      throw new IllegalArgumentException("data must have " + size() + " rows for this split, got "
          + (data == null ? "null" : Arrays.toString(data.shape())));
    }
    long[] shape = data.shape();
    long width = data.length() / shape[0];
    INDArray flat = data.reshape('c', shape[0], width);
    INDArray picked = Nd4j.pullRows(flat, 1, idx);
    long[] out = shape.clone();
    out[0] = idx.length;
    return picked.reshape('c', out).detach();
  }

  private int[] select(int[] labels, int[] idx) {
    if (labels == null || labels.length != size()) {
      throw new IllegalArgumentException("labels must have " + size() + " entries for this split, got "
          + (labels == null ? "null" : labels.length));
    }
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = labels[idx[i]];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataSplit s && Arrays.equals(train, s.train) && Arrays.equals(test, s.test);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(train) + Arrays.hashCode(test);
  }

  @Override
  public String toString() {
    return "DataSplit[train " + train.length + ", test " + test.length + "]";
  }
}
