package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The softmax regression: gradient, learning, scores and validation. */
class SoftmaxRegressionTest {

  private static INDArray random(long seed, int rows, int cols, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = scale * r.nextGaussian();
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
  }

  @Test
  void gradientMatchesCentralFiniteDifferences() {
    int n = 7;
    int f = 4;
    int k = 3;
    INDArray x = SoftmaxRegression.withBias(random(1, n, f, 1.0));
    int[] y = {0, 2, 1, 1, 0, 2, 2};
    INDArray oneHot = SoftmaxRegression.oneHot(y, k);
    INDArray w = random(2, f + 1, k, 0.7);
    INDArray mask = SoftmaxRegression.l2Mask(f + 1, k, 0.3);
    INDArray g = SoftmaxRegression.gradient(x, oneHot, w, mask);
    double h = 1e-6;
    double worst = 0;
    for (int i = 0; i < w.length(); i++) {
      double old = w.getDouble(i);
      w.putScalar(i, old + h);
      double up = SoftmaxRegression.loss(x, oneHot, w, mask);
      w.putScalar(i, old - h);
      double down = SoftmaxRegression.loss(x, oneHot, w, mask);
      w.putScalar(i, old);
      double numeric = (up - down) / (2 * h);
      double analytic = g.getDouble(i);
      worst = Math.max(worst, Math.abs(numeric - analytic) / Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic)));
    }
    assertThat(worst).isLessThan(1e-6);
  }

  @Test
  void lossIsTheMeanNegativeLogProbabilityPlusTheL2TermWithoutTheBias() {
    INDArray x = random(4, 3, 2, 1.0);
    INDArray w = random(5, 3, 3, 1.0);
    int[] y = {2, 0, 1};
    double expected = 0;
    for (int i = 0; i < 3; i++) {
      double[] logits = new double[3];
      double z = 0;
      for (int c = 0; c < 3; c++) {
        logits[c] = w.getDouble(2, c) + x.getDouble(i, 0) * w.getDouble(0, c) + x.getDouble(i, 1) * w.getDouble(1, c);
        z += Math.exp(logits[c]);
      }
      expected -= Math.log(Math.exp(logits[y[i]]) / z) / 3;
    }
    double sq = 0;
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        sq += w.getDouble(r, c) * w.getDouble(r, c);
      }
    }
    INDArray withBias = SoftmaxRegression.withBias(x);
    assertThat(SoftmaxRegression.loss(withBias, SoftmaxRegression.oneHot(y, 3), w,
        SoftmaxRegression.l2Mask(3, 3, 0.2))).isCloseTo(expected + 0.1 * sq, within(1e-12));
  }

  @Test
  void softmaxIsStableForLargeLogits() {
    INDArray logits = Nd4j.create(new double[][] {{1000, 999, -1000}, {-1e4, -1e4 + 1, -1e4 - 1}});
    double[][] p = SoftmaxRegression.softmax(logits).toDoubleMatrix();
    double e1 = Math.exp(-1);
    assertThat(p[0][0]).isCloseTo(1 / (1 + e1), within(1e-12));
    assertThat(p[0][1]).isCloseTo(e1 / (1 + e1), within(1e-12));
    assertThat(p[0][2]).isCloseTo(0.0, within(1e-300));
    double z = e1 + 1 + Math.exp(-2);
    assertThat(p[1][1]).isCloseTo(1 / z, within(1e-12));
  }

  @Test
  void learnsALinearlySeparableProblemToFullAccuracy() {
    // Three well separated clusters in 5-D, with one constant and one large-scale column.
    int n = 300;
    SplittableRandom r = new SplittableRandom(7);
    double[] v = new double[n * 5];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      v[i * 5] = 4.0 * y[i] + 0.3 * r.nextGaussian();
      v[i * 5 + 1] = (y[i] == 1 ? 3.0 : -3.0) + 0.3 * r.nextGaussian();
      v[i * 5 + 2] = 5.0;
      v[i * 5 + 3] = 1000 * r.nextGaussian();
      v[i * 5 + 4] = r.nextGaussian();
    }
    INDArray x = Nd4j.create(v, new long[] {n, 5}, DataType.DOUBLE).castTo(DataType.FLOAT);
    SoftmaxRegression model = SoftmaxRegression.fit(x, y, 3, new SoftmaxRegression.Config(20, 64, 0.05, 0.0, 1));
    ClassifierScore s = model.score(x, y);
    assertThat(s.accuracy()).isEqualTo(1.0);
    INDArray p = model.probabilities(x);
    for (double t : p.sum(1).toDoubleVector()) {
      assertThat(t).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void confusionMatrixSumsToTheCountWithTheCorrectOnesOnItsDiagonal() {
    INDArray x = random(8, 60, 3, 1.0);
    int[] y = new int[60];
    for (int i = 0; i < 60; i++) {
      y[i] = (x.getDouble(i, 0) > 0 ? 1 : 0) + (i % 7 == 0 ? 2 : 0);
    }
    SoftmaxRegression model = SoftmaxRegression.fit(x, y, 4, new SoftmaxRegression.Config(5, 16, 0.05, 1e-3, 2));
    int[] predicted = model.predict(x);
    ClassifierScore s = model.score(x, y);
    long[][] m = s.confusion();
    long correct = 0;
    for (int i = 0; i < 60; i++) {
      correct += predicted[i] == y[i] ? 1 : 0;
    }
    long diagonal = 0;
    for (int c = 0; c < 4; c++) {
      diagonal += m[c][c];
    }
    assertThat(s.count()).isEqualTo(60);
    assertThat(diagonal).isEqualTo(correct);
    assertThat(s.accuracy()).isEqualTo(correct / 60.0);
    assertThat(correct).isLessThan(60);
    for (int i = 0; i < 60; i++) {
      assertThat(m[y[i]][predicted[i]]).isPositive();
    }
  }

  @Test
  void theSameSeedGivesTheSameModel() {
    INDArray x = random(9, 40, 3, 1.0);
    int[] y = new int[40];
    for (int i = 0; i < 40; i++) {
      y[i] = x.getDouble(i, 1) > 0.2 ? 1 : 0;
    }
    SoftmaxRegression.Config c = new SoftmaxRegression.Config(3, 8, 0.05, 1e-3, 5);
    INDArray a = SoftmaxRegression.fit(x, y, 2, c).probabilities(x);
    INDArray b = SoftmaxRegression.fit(x, y, 2, c).probabilities(x);
    INDArray other = SoftmaxRegression.fit(x, y, 2, new SoftmaxRegression.Config(3, 8, 0.05, 1e-3, 6))
        .probabilities(x);
    assertThat(b).isEqualTo(a);
    assertThat(other).isNotEqualTo(a);
  }

  @Test
  void rejectsBadConfigsAndInputs() {
    assertThatThrownBy(() -> new SoftmaxRegression.Config(0, 8, 0.1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("epochs must be >= 1, got 0");
    assertThatThrownBy(() -> new SoftmaxRegression.Config(1, 0, 0.1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("batchSize must be >= 1, got 0");
    assertThatThrownBy(() -> new SoftmaxRegression.Config(1, 8, Double.NaN, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
    assertThatThrownBy(() -> new SoftmaxRegression.Config(1, 8, 0.1, -1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("l2 must be finite and >= 0, got -1.0");
    SoftmaxRegression.Config c = SoftmaxRegression.Config.defaults();
    INDArray x = random(1, 4, 2, 1.0);
    assertThatThrownBy(() -> SoftmaxRegression.fit(x, new int[] {0, 1, 0}, 2, c))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels").hasMessageContaining("(4)");
    assertThatThrownBy(() -> SoftmaxRegression.fit(x, new int[] {0, 1, 0, 2}, 2, c))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[3]");
    assertThatThrownBy(() -> SoftmaxRegression.fit(x, new int[] {0, 1, 0, 1}, 1, c))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("numClasses must be >= 2, got 1");
    assertThatThrownBy(() -> SoftmaxRegression.fit(Nd4j.create(DataType.DOUBLE, 0, 2), new int[0], 2, c))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    INDArray nan = x.dup();
    nan.putScalar(2, 1, Double.NaN);
    assertThatThrownBy(() -> SoftmaxRegression.fit(nan, new int[] {0, 1, 0, 1}, 2, c))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features").hasMessageContaining("NaN");
    SoftmaxRegression m = SoftmaxRegression.fit(x, new int[] {0, 1, 0, 1}, 2, new SoftmaxRegression.Config(1, 2, 0.1, 0, 0));
    assertThatThrownBy(() -> m.predict(random(1, 4, 3, 1.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features")
        .hasMessageContaining("2").hasMessageContaining("3");
  }
}
