package org.vae4j.samples;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.datasets.ImageDataset;

/**
 * A small multinomial logistic regression in plain Java (standardised features, L2 penalty,
 * mini-batch SGD), used to compare latent means with raw pixels as features.
 */
final class Classifiers {

  private Classifiers() {}

  /** Fits on the training features and logs the test accuracy of latent means and of pixels. */
  static void compare(SampleRun run, INDArray trainMeans, ImageDataset train, INDArray testMeans,
      ImageDataset test, long seed) {
    int classes = train.numClasses();
    double latent = accuracy(fit(matrix(trainMeans), train.labels(), classes, 30, seed),
        matrix(testMeans), test.labels());
    double pixels = accuracy(fit(matrix(train.flatImages()), train.labels(), classes, 10, seed),
        matrix(test.flatImages()), test.labels());
    run.number("logistic regression accuracy on " + trainMeans.size(1) + "-D latent means",
        latent);
    run.number("logistic regression accuracy on " + train.pixelsPerImage() + " raw pixels",
        pixels);
  }

  static double[][] matrix(INDArray a) {
    return a.castTo(DataType.DOUBLE).toDoubleMatrix();
  }

  /** A fitted model: standardisation and weights {@code [classes][features + 1]}. */
  record Model(double[] mean, double[] scale, double[][] weights) {
    int predict(double[] x) {
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < weights.length; k++) {
        double s = score(weights[k], x);
        if (s > bestScore) {
          bestScore = s;
          best = k;
        }
      }
      return best;
    }

    double score(double[] w, double[] x) {
      double s = w[x.length];
      for (int j = 0; j < x.length; j++) {
        s += w[j] * (x[j] - mean[j]) * scale[j];
      }
      return s;
    }
  }

  static Model fit(double[][] x, int[] y, int classes, int epochs, long seed) {
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException(
          "y must have one label per row of x (" + x.length + "), got " + y.length);
    }
    int d = x[0].length;
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / x.length;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
      }
    }
    for (int j = 0; j < d; j++) {
      scale[j] = scale[j] > 1e-12 ? 1 / Math.sqrt(scale[j]) : 0;
    }
    Model m = new Model(mean, scale, new double[classes][d + 1]);
    SplittableRandom random = new SplittableRandom(seed);
    int[] order = Samples.indices(x.length);
    double[] p = new double[classes];
    double l2 = 1e-4;
    for (int epoch = 0; epoch < epochs; epoch++) {
      double lr = 0.05 / (1 + epoch);
      for (int i = order.length - 1; i > 0; i--) {
        int r = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[r];
        order[r] = t;
      }
      for (int i : order) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
          p[k] = m.score(m.weights()[k], x[i]);
          max = Math.max(max, p[k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
          p[k] = Math.exp(p[k] - max);
          sum += p[k];
        }
        for (int k = 0; k < classes; k++) {
          double g = p[k] / sum - (y[i] == k ? 1 : 0);
          double[] w = m.weights()[k];
          for (int j = 0; j < d; j++) {
            w[j] -= lr * (g * (x[i][j] - mean[j]) * scale[j] + l2 * w[j]);
          }
          w[d] -= lr * g;
        }
      }
    }
    return m;
  }

  static double accuracy(Model m, double[][] x, int[] y) {
    int right = 0;
    for (int i = 0; i < x.length; i++) {
      if (m.predict(x[i]) == y[i]) {
        right++;
      }
    }
    return right / (double) x.length;
  }
}
