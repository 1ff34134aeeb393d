package org.vae4j.core.internal;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;

/**
 * The checks at the boundary between a user's arrays and a model: shapes against the config,
 * finite values, labels in range; arrays returned in the model's data type. Every message names
 * the argument, what was expected and what was found.
 */
public final class InputChecks {

  private final ModelConfig config;
  private final DataType dataType;

  public InputChecks(ModelConfig config, DataType dataType) {
    this.config = config;
    this.dataType = dataType;
  }

  /**
   * Checks a data batch {@code [n, inputShape...]} (n >= 1, finite values) and returns it in the
   * model's data type. Single examples of shape {@code inputShape} are accepted when {@code
   * allowSingle} is true and returned as a batch of one.
   */
  public INDArray data(String arg, INDArray x, boolean allowSingle) {
    if (x == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    long[] shape = config.inputShape();
    long[] expected = new long[shape.length + 1];
    expected[0] = x.rank() > 0 ? x.size(0) : -1;
    System.arraycopy(shape, 0, expected, 1, shape.length);
    INDArray batch = x;
    if (allowSingle && Arrays.equals(x.shape(), shape)) {
      long[] one = expected.clone();
      one[0] = 1;
      batch = x.reshape(one);
    } else if (!Arrays.equals(x.shape(), expected) || x.size(0) < 1) {
      throw new IllegalArgumentException(
          arg + " must have shape [n, " + joined(shape) + "] with n >= 1, got "
              + Arrays.toString(x.shape()) + shapeHint(x.shape(), shape));
    }
    return values(arg, batch);
  }

  /**
   * What to change when data of shape {@code got} {@code [n, ...]} does not fit a model of {@code
   * inputShape}: the builder setting for the data's shape, or the reshape for flattened images;
   * empty when there is nothing useful to say (the message starts with "; ").
   */
  public static String shapeHint(long[] got, long[] inputShape) {
    if (got.length < 2 || got[0] < 1) {
      return "";
    }
    long[] example = Arrays.copyOfRange(got, 1, got.length);
    long width = 1;
    for (long d : inputShape) {
      width *= d;
    }
    if (got.length == 2 && inputShape.length == 3 && example[0] == width) {
      return "; these look like flattened images: reshape them with x.reshape(n, "
          + joined(inputShape) + "), or build the model with mlpEncoder(...).inputShape(" + example[0] + ")";
    }
    if (got.length == 2) {
      return "; for rows of " + example[0] + " values (a table), build the model with an MLP encoder and "
          + "inputShape(" + example[0] + "), e.g. Vae.builder().mlpEncoder(64).inputShape(" + example[0] + ")";
    }
    if (got.length == 4) {
      return "; for images of this shape, build the model with inputShape(" + joined(example) + ")";
    }
    return "";
  }

  /** Checks a latent batch {@code [n, latentDim]} (n >= 1, finite values). */
  public INDArray latent(String arg, INDArray z) {
    if (z == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    if (z.rank() != 2 || z.size(1) != config.latentDim() || z.size(0) < 1) {
      throw new IllegalArgumentException(
          arg + " must have shape [n, " + config.latentDim() + "] with n >= 1, got "
              + Arrays.toString(z.shape()));
    }
    return finite(arg, z);
  }

  /** One-hot labels {@code [n, numClasses]} from class indices, each checked in range. */
  public INDArray oneHot(String arg, int[] labels, long n) {
    if (labels == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    if (labels.length != n) {
      throw new IllegalArgumentException(
          arg + " must have one label per example (" + n + "), got " + labels.length);
    }
    int k = config.numClasses();
    double[] values = new double[Math.multiplyExact(labels.length, k)];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= k) {
        throw new IllegalArgumentException(
            arg + "[" + i + "] must be in [0, " + k + "), got " + labels[i]);
      }
      values[i * k + labels[i]] = 1.0;
    }
    return Nd4j.create(values, new long[] {n, k}, dataType);
  }

  /** Checks a one-hot label matrix {@code [n, numClasses]} (each row one 1, the rest 0). */
  public INDArray oneHot(String arg, INDArray labels, long n) {
    if (labels == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    int k = config.numClasses();
    if (labels.rank() != 2 || labels.size(0) != n || labels.size(1) != k) {
      throw new IllegalArgumentException(
          arg + " must have shape [" + n + ", " + k + "], got " + Arrays.toString(labels.shape()));
    }
    INDArray l = finite(arg, labels);
    double[] v = l.dup('c').data().asDouble();
    for (int r = 0; r < n; r++) {
      int ones = 0;
      for (int c = 0; c < k; c++) {
        double x = v[r * k + c];
        if (x == 1.0) {
          ones++;
        } else if (x != 0.0) {
          ones = -1;
          break;
        }
      }
      if (ones != 1) {
        throw new IllegalArgumentException(arg + " must be one-hot (one 1 per row, zeros elsewhere)");
      }
    }
    return l;
  }

  /**
   * Checks that a batch of data holds floating-point values, all finite and in the domain of the
   * model's likelihood ({@link org.vae4j.core.likelihood.Likelihood#checkDomain}: [0, 1] for a BCE
   * loss); returns it in the model's data type.
   */
  public INDArray values(String arg, INDArray a) {
    ValueRange r = range(arg, a);
    if (!r.finite() && config.likelihood().supportsMissing()) {
      // missing values travel as NaN; infinities are still refused
      long infinite = ValueRange.infinities(a);
      if (infinite > 0) {
        throw new IllegalArgumentException(arg + " must hold finite values or NaN for missing ones,"
            + " got infinity (" + infinite + " of " + a.length() + " values)");
      }
      if (r.nonFinite() == a.length()) {
        throw new IllegalArgumentException(arg + " has no observed value: every one of its "
            + a.length() + " values is NaN (missing)");
      }
      config.likelihood().checkDomain(arg, r.min(), r.max());
      return a.dataType() == dataType ? a : a.castTo(dataType);
    }
    INDArray checked = finite(arg, a, r);
    // the range of the values as given (one pass over them, not two)
    config.likelihood().checkDomain(arg, r.min(), r.max());
    return checked;
  }

  private static ValueRange range(String arg, INDArray a) {
    if (!a.dataType().isFPType()) {
      throw new IllegalArgumentException(
          arg + " must hold floating-point values, got " + a.dataType());
    }
    return ValueRange.of(a);
  }

  private INDArray finite(String arg, INDArray a) {
    return finite(arg, a, range(arg, a));
  }

  private INDArray finite(String arg, INDArray a, ValueRange r) {
    if (!r.finite()) {
      throw new IllegalArgumentException(arg + " must hold only finite values, got NaN or infinity ("
          + r.nonFinite() + " of " + a.length() + " values)");
    }
    return a.dataType() == dataType ? a : a.castTo(dataType);
  }

  /**
   * Checks that {@code out}, computed from finite input {@code in}, is finite: finite but extreme
   * inputs can overflow a model. Returns {@code out}.
   *
   * @throws IllegalArgumentException naming {@code what}, the argument and its range otherwise
   */
  public INDArray finiteResult(String what, INDArray out, String arg, INDArray in) {
    if (!ValueRange.of(out).finite()) {
      ValueRange r = ValueRange.of(in);
      out.close();
      throw new IllegalArgumentException(what + " is not finite for " + arg + " with values in " + r
          + ": values this far from the data the model was trained on overflow it; scale " + arg
          + " to the range of the training data");
    }
    return out;
  }

  /**
   * Checks a count of examples to produce, {@code n} in [1, limit], where the limit keeps the
   * result within {@value #MAX_RESULT_VALUES} values of {@code valuesEach} values per example.
   */
  public static void count(String arg, long n, long valuesEach) {
    long limit = Math.max(1, MAX_RESULT_VALUES / Math.max(1, valuesEach));
    if (n < 1 || n > limit) {
      throw new IllegalArgumentException(arg + " must be in [1, " + limit + "] (at most "
          + MAX_RESULT_VALUES + " values in a result, " + valuesEach + " per example), got " + n);
    }
  }

  /** The most values one call may return (2^28, 1 GiB of floats). */
  public static final long MAX_RESULT_VALUES = 1L << 28;

  private static String joined(long[] shape) {
    String s = Arrays.toString(shape);
    return s.substring(1, s.length() - 1);
  }
}
