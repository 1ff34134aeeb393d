package org.vae4j.core.eval;

/**
 * Accuracy and confusion matrix of a classifier on a labelled set.
 *
 * @param accuracy fraction of examples whose predicted class is the true class
 * @param confusion {@code confusion[t][p]} = number of examples of true class {@code t} predicted
 *     as {@code p}; it sums to the number of examples and its diagonal to the correct ones. A copy
 *     is kept and returned.
 */
public record ClassifierScore(double accuracy, long[][] confusion) {

  /** Validates and copies the matrix. */
  public ClassifierScore {
    if (confusion == null || confusion.length == 0) {
      throw new IllegalArgumentException("confusion must be a non-empty square matrix");
    }
    long[][] copy = new long[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      if (confusion[i] == null || confusion[i].length != confusion.length) {
        throw new IllegalArgumentException("confusion must be square, row " + i + " has "
            + (confusion[i] == null ? "null" : confusion[i].length) + " entries, expected "
            + confusion.length);
      }
      copy[i] = confusion[i].clone();
    }
    confusion = copy;
  }

  /** Scores predictions against true labels, both in {@code [0, numClasses)}. */
  public static ClassifierScore of(int[] truth, int[] predicted, int numClasses) {
    if (truth.length != predicted.length || truth.length == 0) {
      throw new IllegalArgumentException("truth and predicted must have the same non-zero length, got "
          + truth.length + " and " + predicted.length);
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
    long[][] m = new long[numClasses][numClasses];
    long correct = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] < 0 || truth[i] >= numClasses || predicted[i] < 0 || predicted[i] >= numClasses) {
        throw new IllegalArgumentException("truth[" + i + "] and predicted[" + i + "] must be in [0, "
            + numClasses + "), got " + truth[i] + " and " + predicted[i]);
      }
      m[truth[i]][predicted[i]]++;
      if (truth[i] == predicted[i]) {
        correct++;
      }
    }
    return new ClassifierScore((double) correct / truth.length, m);
  }

  /** The confusion matrix (a copy). */
  @Override
  public long[][] confusion() {
    long[][] copy = new long[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  /** Number of classes (the matrix side). */
  public int numClasses() {
    return confusion.length;
  }

  /** Number of examples scored (the matrix sum). */
  public long count() {
    long s = 0;
    for (long[] row : confusion) {
      for (long v : row) {
        s += v;
      }
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassifierScore s && accuracy == s.accuracy
        && java.util.Arrays.deepEquals(confusion, s.confusion);
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(accuracy) + java.util.Arrays.deepHashCode(confusion);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "ClassifierScore[accuracy %.4f, n %d, classes %d]",
        accuracy, count(), numClasses());
  }
}
