package org.vae4j.core.eval;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.internal.InputChecks;
import org.vae4j.core.internal.nn.HostValues;
import org.vae4j.api.ImageData;

/** Checks of data and labels at the boundary of this package, naming the argument. */
final class Inputs {

  private Inputs() {}

  /**
   * Checks that {@code x} is a non-empty batch {@code [n, dataShape...]} of values the model
   * accepts (finite floating point; in [0, 1] for a BCE model: {@link InputChecks#values}) and
   * returns it as FLOAT.
   */
  static INDArray data(String arg, INDArray x, ModelConfig config) {
    shape(arg, x, config.inputShape());
    return new InputChecks(config, DataType.FLOAT).values(arg, x);
  }

  /**
   * Checks that {@code x} is a non-empty batch {@code [n, dataShape...]} (its values are the
   * model's to check).
   */
  static INDArray shape(String arg, INDArray x, long[] dataShape) {
    if (x == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    if (x.rank() == 0 || x.size(0) < 1 || x.length() == 0) {
      throw new IllegalArgumentException(
          arg + " must hold at least one example, got shape " + Arrays.toString(x.shape()));
    }
    long[] expected = new long[dataShape.length + 1];
    expected[0] = x.size(0);
    System.arraycopy(dataShape, 0, expected, 1, dataShape.length);
    if (!Arrays.equals(x.shape(), expected)) {
      throw new IllegalArgumentException(arg + " must have shape [n, "
          + Arrays.toString(dataShape).replaceAll("[\\[\\]]", "") + "] for this model, got "
          + Arrays.toString(x.shape()) + InputChecks.shapeHint(x.shape(), dataShape));
    }
    return x;
  }

  /**
   * The images of {@code data} shaped for a model of {@code dataShape}: as they are for {@code [C,
   * H, W]}, flattened for a {@code [D]} model when {@code C * H * W = D}.
   */
  static INDArray images(String arg, ImageData data, long[] dataShape) {
    if (data == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    if (data.size() < 1) {
      throw new IllegalArgumentException(arg + " must hold at least one image, got 0");
    }
    INDArray images = data.images();
    if (dataShape.length == 1 && images.rank() > 2
        && images.length() / images.size(0) == dataShape[0]) {
      images = images.reshape('c', images.size(0), dataShape[0]);
    }
    return images;
  }

  /**
   * Refuses missing labels for a conditional model (one conditioned on classes), whose condition
   * is part of its input.
   */
  static void requireCondition(int[] labels, ModelConfig config) {
    if (config.numClasses() > 0 && labels == null) {
      throw new IllegalArgumentException("labels must be given for a model conditioned on "
          + config.numClasses() + " classes (a conditional VAE), got none");
    }
  }

  /**
   * The condition labels of {@code n} examples for a model of {@code config}: for a conditional
   * model the checked copy of {@code labels} (required; one per example, each in {@code [0,
   * numClasses)}); for any other null, {@code labels} being ignored after the same check of
   * their count and sign when given (a wrong array is the caller's mistake either way).
   */
  static int[] condition(String arg, int[] labels, long n, ModelConfig config) {
    requireCondition(labels, config);
    if (labels == null) {
      return null;
    }
    int[] checked = labels(arg, labels, n, config.numClasses());
    return config.numClasses() > 0 ? checked : null;
  }

  /** Checks one label per example, each {@code >= 0} and, when {@code numClasses > 0}, below it. */
  static int[] labels(String arg, int[] labels, long n, int numClasses) {
    if (labels == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    if (labels.length != n) {
      throw new IllegalArgumentException(
          arg + " must have one label per example (" + n + "), got " + labels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || (numClasses > 0 && labels[i] >= numClasses)) {
        throw new IllegalArgumentException(arg + "[" + i + "] must be in [0, "
            + (numClasses > 0 ? numClasses : "infinity") + "), got " + labels[i]);
      }
    }
    return labels.clone();
  }

  /** The values of {@code x} as a flat row-major float array. */
  static float[] flatFloats(INDArray x) {
    double[] d = flatDoubles(x);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** The values of an array this package owns, which is closed after reading. */
  static double[] drain(INDArray owned) {
    try (owned) {
      return flatDoubles(owned);
    }
  }

  /** The values of {@code x} as a flat row-major double array. */
  static double[] flatDoubles(INDArray x) {
    return HostValues.readAny(x);
  }

  /** The product of the dimensions of one example. */
  static long width(long[] dataShape) {
    long d = 1;
    for (long s : dataShape) {
      d *= s;
    }
    return d;
  }
}
