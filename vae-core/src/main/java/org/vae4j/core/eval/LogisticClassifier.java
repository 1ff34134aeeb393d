package org.vae4j.core.eval;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * L2-regularised logistic regression for linear probes of latent features, solved by <a
 * href="https://github.com/bwaldvogel/liblinear-java">LIBLINEAR</a>'s Java port (its primal
 * trust-region Newton solver; BSD licence, no native code). One binary classifier per class (one
 * against the rest) minimises
 *
 * <pre>{@code mean_i log(1 + exp(-t_i (w · x_i + b))) + (l2 / 2) |w|^2}</pre>
 *
 * with {@code t_i = +1} for the class and {@code -1} otherwise; the bias {@code b} is not
 * regularised. A prediction is the class of the largest decision value; the probabilities are the
 * classes' logistic outputs normalised to sum to 1 (LIBLINEAR's own).
 *
 * <p>Features are scaled by the training set's per-column standard deviation (a constant column is
 * left as it is). Because the bias is free, this gives the same classifier as full standardisation
 * while keeping zero values zero, which LIBLINEAR skips: raw MNIST pixels are about 80% zeros. The
 * solver is deterministic (the same data gives the same model) and runs on the Java heap only:
 * {@code fit} reads the features once into Java arrays and allocates no native memory that waits
 * for the collector. Inputs of any rank {@code [n, ...]} are flattened to {@code [n, f]}.
 */
public final class LogisticClassifier {

  /**
   * The regularisation and the solver's stopping rule.
   *
   * @param l2 weight of {@code (1/2)|w|^2} beside the mean loss, finite and {@code > 0}
   * @param tolerance LIBLINEAR's stopping tolerance {@code eps}: the solver stops when the
   *     gradient's norm falls below {@code tolerance} times its norm at the start (scaled by the
   *     smaller class's share), finite and {@code > 0}
   */
  public record Config(double l2, double tolerance) {

    /** Validates every field. */
    public Config {
      if (!(l2 > 0) || !Double.isFinite(l2)) {
        throw new IllegalArgumentException("l2 must be finite and > 0, got " + l2);
      }
      if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
        throw new IllegalArgumentException("tolerance must be finite and > 0, got " + tolerance);
      }
    }

    /** l2 1e-4, tolerance 0.01 (LIBLINEAR's default for this solver). */
    public static Config defaults() {
      return new Config(1e-4, 0.01);
    }
  }

  /** LIBLINEAR gives up after this many Newton iterations (its default). */
  private static final int MAX_NEWTON_ITERATIONS = 1000;

  private final double[] featureScale;
  /** {@code [classes][f + 1]}: each class's weights on the scaled features, then its bias. */
  private final double[][] weights;
  private final int numClasses;

  private LogisticClassifier(double[] scale, double[][] weights, int numClasses) {
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
  public static LogisticClassifier fit(INDArray features, int[] labels, int numClasses, Config config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    }
    Rows x = Rows.of("features", features);
    int[] y = Inputs.labels("labels", labels, x.n, numClasses);
    double[] scale = x.scale();
    Problem problem = new Problem();
    problem.l = x.n;
    problem.n = x.f + 1;
    problem.bias = 1.0;
    problem.x = x.features(scale);
    problem.y = new double[x.n];
    for (int i = 0; i < x.n; i++) {
      problem.y[i] = y[i];
    }
    double[][] w = new double[numClasses][x.f + 1];
    int[] present = Arrays.stream(y).distinct().toArray();
    if (present.length == 1) {
      // One class only: LIBLINEAR would train nothing; a bias towards it predicts it everywhere.
      Arrays.fill(w[present[0]], 0.0);
      w[present[0]][x.f] = 1.0;
      for (int c = 0; c < numClasses; c++) {
        if (c != present[0]) {
          w[c][x.f] = -1.0;
        }
      }
      return new LogisticClassifier(scale, w, numClasses);
    }
    // LIBLINEAR minimises (1/2)|w|^2 + C sum_i loss_i, which is n C times the objective above.
    Parameter parameter = new Parameter(SolverType.L2R_LR, 1.0 / (config.l2() * x.n),
        config.tolerance(), MAX_NEWTON_ITERATIONS, 0.1);
    parameter.setRegularizeBias(false);
    Model model = train(problem, parameter);
    int[] modelLabels = model.getLabels();
    for (int c = 0; c < numClasses; c++) {
      // A class absent from the training labels is never predicted.
      w[c][x.f] = Double.NEGATIVE_INFINITY;
    }
    for (int k = 0; k < modelLabels.length; k++) {
      // LIBLINEAR's k-th label is the class first seen k-th (with two, it negates one vector).
      int c = modelLabels[k];
      for (int j = 0; j < x.f; j++) {
        w[c][j] = model.getDecfunCoef(j + 1, k);
      }
      w[c][x.f] = model.getDecfunBias(k);
    }
    return new LogisticClassifier(scale, w, numClasses);
  }

  /** LIBLINEAR writes its progress to standard output unless told otherwise. */
  private static synchronized Model train(Problem problem, Parameter parameter) {
    Linear.disableDebugOutput();
    return Linear.train(problem, parameter);
  }

  /** Number of classes. */
  public int numClasses() {
    return numClasses;
  }

  /**
   * Class probabilities {@code [n, numClasses]} (DOUBLE; the caller owns the array) of {@code
   * features} {@code [n, ...]}: each class's logistic output, normalised over the classes.
   */
  public INDArray probabilities(INDArray features) {
    double[][] d = decisionValues(features);
    double[] p = new double[d.length * numClasses];
    for (int i = 0; i < d.length; i++) {
      double sum = 0;
      for (int c = 0; c < numClasses; c++) {
        double s = 1 / (1 + Math.exp(-d[i][c]));
        p[i * numClasses + c] = s;
        sum += s;
      }
      for (int c = 0; c < numClasses; c++) {
        p[i * numClasses + c] /= sum;
      }
    }
    return Nd4j.create(p, new long[] {d.length, numClasses}, DataType.DOUBLE);
  }

  /** The most probable class of each example. */
  public int[] predict(INDArray features) {
    double[][] d = decisionValues(features);
    int[] out = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      int best = 0;
      for (int c = 1; c < numClasses; c++) {
        if (d[i][c] > d[i][best]) {
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** Accuracy and confusion matrix on labelled {@code features}. */
  public ClassifierScore score(INDArray features, int[] labels) {
    int[] predicted = predict(features);
    int[] truth = Inputs.labels("labels", labels, predicted.length, numClasses);
    return ClassifierScore.of(truth, predicted, numClasses);
  }

  /** {@code [classes][f + 1]}: the weights on the scaled features and the bias last, for tests. */
  double[][] weights() {
    double[][] copy = new double[numClasses][];
    for (int c = 0; c < numClasses; c++) {
      copy[c] = weights[c].clone();
    }
    return copy;
  }

  /** The per-column scale dividing the features, for tests. */
  double[] featureScale() {
    return featureScale.clone();
  }

  /** {@code w_c · (x / scale) + b_c} per example and class. */
  private double[][] decisionValues(INDArray features) {
    Rows x = Rows.of("features", features);
    if (x.f != featureScale.length) {
      throw new IllegalArgumentException("features must have " + featureScale.length
          + " values per example (as in training), got " + x.f);
    }
    double[][] out = new double[x.n][numClasses];
    for (int i = 0; i < x.n; i++) {
      for (int c = 0; c < numClasses; c++) {
        double[] wc = weights[c];
        double s = wc[x.f];
        for (int j = 0; j < x.f; j++) {
          s += wc[j] * x.values[i * x.f + j] / featureScale[j];
        }
        out[i][c] = s;
      }
    }
    return out;
  }

  /** {@code [n, ...]} read onto the heap as {@code n} rows of {@code f} values. */
  private record Rows(int n, int f, double[] values) {

    /** Checks (non-empty, finite, floating point) and copies {@code features} to the heap. */
    static Rows of(String arg, INDArray features) {
      if (features == null) {
        throw new IllegalArgumentException(arg + " must not be null");
      }
      if (features.rank() < 1 || features.size(0) < 1 || features.length() == 0) {
        throw new IllegalArgumentException(arg + " must hold at least one example, got shape "
            + Arrays.toString(features.shape()));
      }
      if (!features.dataType().isFPType()) {
        throw new IllegalArgumentException(arg + " must hold floating-point values, got " + features.dataType());
      }
      int n = Math.toIntExact(features.size(0));
      double[] values = Inputs.flatDoubles(features);
      for (int i = 0; i < values.length; i++) {
        if (!Double.isFinite(values[i])) {
          throw new IllegalArgumentException(arg + " must hold only finite values, got " + values[i]
              + " in example " + (i / (values.length / n)));
        }
      }
      return new Rows(n, values.length / n, values);
    }

    /** Population standard deviation per column; 1 for a constant column (std at most 1e-12). */
    double[] scale() {
      double[] mean = new double[f];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < f; j++) {
          mean[j] += values[i * f + j];
        }
      }
      double[] sq = new double[f];
      for (int j = 0; j < f; j++) {
        mean[j] /= n;
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < f; j++) {
          double d = values[i * f + j] - mean[j];
          sq[j] += d * d;
        }
      }
      double[] scale = new double[f];
      for (int j = 0; j < f; j++) {
        double std = Math.sqrt(sq[j] / n);
        scale[j] = std > 1e-12 ? std : 1.0;
      }
      return scale;
    }

    /** LIBLINEAR's sparse rows of {@code x / scale}, zeros left out, with the bias feature last. */
    Feature[][] features(double[] scale) {
      Feature[][] rows = new Feature[n][];
      Feature[] buffer = new Feature[f + 1];
      for (int i = 0; i < n; i++) {
        int k = 0;
        for (int j = 0; j < f; j++) {
          double v = values[i * f + j];
          if (v != 0) {
            buffer[k++] = new FeatureNode(j + 1, v / scale[j]);
          }
        }
        buffer[k++] = new FeatureNode(f + 1, 1.0);
        rows[i] = Arrays.copyOf(buffer, k);
      }
      return rows;
    }
  }
}
