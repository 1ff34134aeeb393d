package org.vae4j.core.eval;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * for {@code b} (the bias is not regularised). Mini-batches come from a seeded permutation per
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
  private final INDArray weights;
  private final INDArray bias;
  private final int numClasses;

  private SoftmaxRegression(INDArray mean, INDArray scale, INDArray w, INDArray b, int numClasses) {
    this.featureMean = mean;
    this.featureScale = scale;
    this.weights = w;
    this.bias = b;
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

    long f = xs.size(1);
    INDArray w = Nd4j.zeros(DataType.DOUBLE, f, numClasses);
    INDArray b = Nd4j.zeros(DataType.DOUBLE, 1, numClasses);
    INDArray mw = Nd4j.zeros(DataType.DOUBLE, f, numClasses);
    INDArray vw = Nd4j.zeros(DataType.DOUBLE, f, numClasses);
    INDArray mb = Nd4j.zeros(DataType.DOUBLE, 1, numClasses);
    INDArray vb = Nd4j.zeros(DataType.DOUBLE, 1, numClasses);
    SplittableRandom random = new SplittableRandom(config.seed());
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    int batch = Math.min(config.batchSize(), n);
    long step = 0;
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      for (int from = 0; from < n; from += batch) {
        int to = Math.min(n, from + batch);
        int[] idx = java.util.Arrays.copyOfRange(perm, from, to);
        INDArray xb = to - from == n ? xs : Nd4j.pullRows(xs, 1, idx);
        INDArray yb = to - from == n ? oneHot : Nd4j.pullRows(oneHot, 1, idx);
        INDArray[] g = gradient(xb, yb, w, b, config.l2());
        step++;
        adam(w, g[0], mw, vw, step, config.learningRate());
        adam(b, g[1], mb, vb, step, config.learningRate());
      }
    }
    return new SoftmaxRegression(mean, scale, w, b, numClasses);
  }

  private static void adam(INDArray p, INDArray g, INDArray m, INDArray v, long t, double lr) {
    m.muli(BETA1).addi(g.mul(1 - BETA1));
    v.muli(BETA2).addi(g.mul(g).muli(1 - BETA2));
    double c1 = 1 - Math.pow(BETA1, t);
    double c2 = 1 - Math.pow(BETA2, t);
    INDArray denom = Transforms.sqrt(v.div(c2), false).addi(ADAM_EPS);
    p.subi(m.div(c1).divi(denom).muli(lr));
  }

  /** Number of classes. */
  public int numClasses() {
    return numClasses;
  }

  /** Class probabilities {@code [n, numClasses]} of {@code features} {@code [n, ...]}. */
  public INDArray probabilities(INDArray features) {
    return softmax(logits(standardised(features), weights, bias));
  }

  /** The most probable class of each example. */
  public int[] predict(INDArray features) {
    INDArray logits = logits(standardised(features), weights, bias);
    return logits.argMax(1).toIntVector();
  }

  /** Accuracy and confusion matrix on labelled {@code features}. */
  public ClassifierScore score(INDArray features, int[] labels) {
    int[] predicted = predict(features);
    int[] truth = Inputs.labels("labels", labels, predicted.length, numClasses);
    return ClassifierScore.of(truth, predicted, numClasses);
  }

  private INDArray standardised(INDArray features) {
    INDArray x = matrix("features", features);
    if (x.size(1) != weights.size(0)) {
      throw new IllegalArgumentException("features must have " + weights.size(0)
          + " values per example (as in training), got " + x.size(1));
    }
    return x.subRowVector(featureMean).diviRowVector(featureScale);
  }

  // ---------------------------------------------------------------- the math, package-private for tests

  /** {@code x W + b}. */
  static INDArray logits(INDArray x, INDArray w, INDArray b) {
    return x.mmul(w).addiRowVector(b);
  }

  /** Row-wise softmax, shifted by the row maximum. */
  static INDArray softmax(INDArray logits) {
    INDArray shifted = logits.subColumnVector(logits.max(true, 1));
    INDArray e = Transforms.exp(shifted, false);
    return e.diviColumnVector(e.sum(true, 1));
  }

  /** {@code mean_i(-log softmax(x_i W + b)[y_i]) + (l2 / 2) |W|^2} for one-hot {@code y}. */
  static double loss(INDArray x, INDArray y, INDArray w, INDArray b, double l2) {
    INDArray l = logits(x, w, b);
    INDArray max = l.max(true, 1);
    INDArray shifted = l.subColumnVector(max);
    INDArray logZ = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
    INDArray logP = shifted.subColumnVector(logZ);
    double nll = -logP.mul(y).sumNumber().doubleValue() / x.size(0);
    return nll + 0.5 * l2 * w.mul(w).sumNumber().doubleValue();
  }

  /** {@code [dLoss/dW, dLoss/db]}: {@code Xᵀ(softmax - Y)/n + l2 W} and {@code mean(softmax - Y)}. */
  static INDArray[] gradient(INDArray x, INDArray y, INDArray w, INDArray b, double l2) {
    INDArray g = softmax(logits(x, w, b)).subi(y);
    double n = x.size(0);
    INDArray gw = x.transpose().mmul(g).divi(n).addi(w.mul(l2));
    INDArray gb = g.mean(true, 0);
    return new INDArray[] {gw, gb};
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
