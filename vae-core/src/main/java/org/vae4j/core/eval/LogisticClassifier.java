package org.vae4j.core.eval;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Multinomial logistic regression on ND4J arrays (double precision), for linear probes of latent
 * features. Features are standardised with the training set's per-column mean and standard
 * deviation (a constant column is only centred); the weights {@code W [f, classes]} and biases
 * start at zero and are trained by mini-batch Adam on
 *
 * <pre>{@code loss = mean_i(-log softmax(x_i W + b)[y_i]) + (l2 / 2) * |W|^2}</pre>
 *
 * whose gradient is {@code Xᵀ(softmax - Y)/n + l2·W} for {@code W} and {@code mean(softmax - Y)}
 * for {@code b} (the bias is not regularised; internally it is the last row of one weight matrix
 * applied to the features with a column of ones appended). Mini-batches come from a seeded permutation per
 * epoch, so a fit is reproducible. Inputs of any rank {@code [n, ...]} are flattened to {@code [n,
 * f]}.
 */
public final class SoftmaxRegression {

  /**
   * The training budget.
   *
   * @param epochs passes over the training set, {@code >= 1}
   * @param batchSize examples per step, {@code >= 1} (a larger value than n means full batch)
   * @param learningRate Adam step size, finite and {@code > 0}
   * @param l2 weight of {@code (1/2)|W|^2}, finite and {@code >= 0}
   * @param seed seed of the mini-batch order
   */
  public record Config(int epochs, int batchSize, double learningRate, double l2, long seed) {

    /** Validates every field. */
    public Config {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
      }
      if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
        throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
      }
      if (!(l2 >= 0) || !Double.isFinite(l2)) {
        throw new IllegalArgumentException("l2 must be finite and >= 0, got " + l2);
      }
    }

    /** 30 epochs, batch 128, Adam learning rate 0.01, l2 1e-4, seed 0. */
    public static Config defaults() {
      return new Config(30, 128, 0.01, 1e-4, 0L);
    }
  }

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double ADAM_EPS = 1e-8;

  private final INDArray featureMean;
  private final INDArray featureScale;
  /** {@code [f + 1, classes]}: the weights, then the biases as the last row. */
  private final INDArray weights;
  private final int numClasses;

  private SoftmaxRegression(INDArray mean, INDArray scale, INDArray weights, int numClasses) {
    this.featureMean = mean;
    this.featureScale = scale;
    this.weights = weights;
    this.numClasses = numClasses;
  }

  /**
   * Trains on {@code features} {@code [n, ...]} with labels in {@code [0, numClasses)}.
   *
   * @throws IllegalArgumentException for an empty or non-finite input, wrong label count or range,
   *     or {@code numClasses < 2}
   */
  public static SoftmaxRegression fit(INDArray features, int[] labels, int numClasses, Config config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    }
    INDArray x = matrix("features", features);
    int n = Math.toIntExact(x.size(0));
    int[] y = Inputs.labels("labels", labels, n, numClasses);
    INDArray mean = x.mean(true, 0);
    double[] std = x.std(false, 0).toDoubleVector();
    for (int j = 0; j < std.length; j++) {
      // A constant column (std ~ 0) is only centred.
      std[j] = std[j] > 1e-12 ? std[j] : 1.0;
    }
    INDArray scale = Nd4j.create(std, new long[] {1, std.length}, DataType.DOUBLE);
    INDArray xs = x.subRowVector(mean).diviRowVector(scale);
    INDArray oneHot = oneHot(y, numClasses);

    INDArray xb1 = withBias(xs);
    long f = xs.size(1);
    INDArray w = Nd4j.zeros(DataType.DOUBLE, f + 1, numClasses);
    INDArray l2Mask = l2Mask(f + 1, numClasses, config.l2());
    Adam adam = new Adam(config.learningRate(), BETA1, BETA2, ADAM_EPS);
    GradientUpdater<?> updater = adam.instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 2 * w.length()), true);
    SplittableRandom random = new SplittableRandom(config.seed());
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    int batch = Math.min(config.batchSize(), n);
    int step = 0;
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      // One gather per epoch; the mini-batches are then contiguous row views.
      INDArray xe = batch == n ? xb1 : Nd4j.pullRows(xb1, 1, perm);
      INDArray ye = batch == n ? oneHot : Nd4j.pullRows(oneHot, 1, perm);
      for (int from = 0; from < n; from += batch) {
        int to = Math.min(n, from + batch);
        INDArray xb = to - from == n ? xe : xe.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
        INDArray yb = to - from == n ? ye : ye.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
        step(w, gradient(xb, yb, w, l2Mask), updater, step, epoch);
        step++;
      }
    }
    return new SoftmaxRegression(mean, scale, w, numClasses);
  }

  /** One Adam step in place: ND4J's updater turns the gradient into the update. */
  private static void step(INDArray p, INDArray g, GradientUpdater<?> u, int step, int epoch) {
    INDArray flat = g.dup('c').reshape('c', 1, p.length());
    u.applyUpdater(flat, step, epoch);
    p.subi(flat.reshape('c', p.shape()));
  }

  /** Number of classes. */
  public int numClasses() {
    return numClasses;
  }

  /** Class probabilities {@code [n, numClasses]} of {@code features} {@code [n, ...]}. */
  public INDArray probabilities(INDArray features) {
    return softmax(standardised(features).mmul(weights));
  }

  /** The most probable class of each example. */
  public int[] predict(INDArray features) {
    return standardised(features).mmul(weights).argMax(1).toIntVector();
  }

  /** Accuracy and confusion matrix on labelled {@code features}. */
  public ClassifierScore score(INDArray features, int[] labels) {
    int[] predicted = predict(features);
    int[] truth = Inputs.labels("labels", labels, predicted.length, numClasses);
    return ClassifierScore.of(truth, predicted, numClasses);
  }

  private INDArray standardised(INDArray features) {
    INDArray x = matrix("features", features);
    if (x.size(1) != featureMean.size(1)) {
      throw new IllegalArgumentException("features must have " + featureMean.size(1)
          + " values per example (as in training), got " + x.size(1));
    }
    return withBias(x.subRowVector(featureMean).diviRowVector(featureScale));
  }

  // ---------------------------------------------------------------- the math, package-private for tests

  /**
   * {@code [x, 1]}: the features with a column of ones appended, so that the last row of the
   * weights is the bias. (ND4J 1.0.0-M2.1's row-vector broadcast ops cost milliseconds each; one
   * matrix product with the bias folded in avoids them in the training loop.)
   */
  static INDArray withBias(INDArray x) {
    return Nd4j.hstack(x, Nd4j.ones(DataType.DOUBLE, x.size(0), 1));
  }

  /** {@code l2} on the weight rows, 0 on the last (bias) row: the bias is not regularised. */
  static INDArray l2Mask(long rows, int numClasses, double l2) {
    INDArray m = Nd4j.valueArrayOf(new long[] {rows, numClasses}, l2, DataType.DOUBLE);
    m.getRow(rows - 1).assign(0.0);
    return m;
  }

  /**
   * Row-wise softmax, shifted by the row maximum so that it is exact for any logits (ND4J's own
   * softmax op returned NaN for rows of logits near -1e4). The per-row maximum and sum are spread
   * over the row by a matrix product with a row of ones rather than a broadcast op.
   */
  static INDArray softmax(INDArray logits) {
    INDArray ones = Nd4j.ones(logits.dataType(), 1, logits.size(1));
    INDArray shifted = logits.sub(logits.max(true, 1).mmul(ones));
    INDArray e = Transforms.exp(shifted, false);
    return e.divi(e.sum(true, 1).mmul(ones));
  }

  /**
   * {@code mean_i(-log softmax(x_i W)[y_i]) + (1/2) sum(l2Mask * W^2)} for one-hot {@code y} and
   * {@code x} with its bias column; computed independently of {@link #softmax} (log-sum-exp in
   * plain Java), for tests.
   */
  static double loss(INDArray x, INDArray y, INDArray w, INDArray l2Mask) {
    double[][] logits = x.mmul(w).toDoubleMatrix();
    double[][] oneHot = y.toDoubleMatrix();
    double nll = 0;
    for (int i = 0; i < logits.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : logits[i]) {
        max = Math.max(max, v);
      }
      double z = 0;
      for (double v : logits[i]) {
        z += Math.exp(v - max);
      }
      double logZ = max + Math.log(z);
      for (int c = 0; c < logits[i].length; c++) {
        nll -= oneHot[i][c] * (logits[i][c] - logZ);
      }
    }
    return nll / logits.length + 0.5 * l2Mask.mul(w).mul(w).sumNumber().doubleValue();
  }

  /** {@code dLoss/dW = xᵀ(softmax(x W) - y)/n + l2Mask * W}. */
  static INDArray gradient(INDArray x, INDArray y, INDArray w, INDArray l2Mask) {
    INDArray g = softmax(x.mmul(w)).subi(y);
    return x.transpose().mmul(g).divi(x.size(0)).addi(w.mul(l2Mask));
  }

  static INDArray oneHot(int[] y, int numClasses) {
    INDArray out = Nd4j.zeros(DataType.DOUBLE, y.length, numClasses);
    for (int i = 0; i < y.length; i++) {
      out.putScalar(i, y[i], 1.0);
    }
    return out;
  }

  /** {@code [n, ...]} checked (non-empty, finite, floating point) and flattened to DOUBLE {@code [n, f]}. */
  static INDArray matrix(String arg, INDArray features) {
    if (features == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    if (features.rank() < 1 || features.size(0) < 1 || features.length() == 0) {
      throw new IllegalArgumentException(arg + " must hold at least one example, got shape "
          + java.util.Arrays.toString(features.shape()));
    }
    if (!features.dataType().isFPType()) {
      throw new IllegalArgumentException(arg + " must hold floating-point values, got " + features.dataType());
    }
    if (features.isNaN().any() || features.isInfinite().any()) {
      throw new IllegalArgumentException(arg + " must hold only finite values, got NaN or infinity");
    }
    long n = features.size(0);
    return features.castTo(DataType.DOUBLE).dup('c').reshape('c', n, features.length() / n);
  }
}
