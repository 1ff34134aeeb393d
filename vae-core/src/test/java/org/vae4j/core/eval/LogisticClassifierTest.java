package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The logistic regression: learning, scores, determinism and validation. */
class LogisticClassifierTest {

  static INDArray random(long seed, int rows, int cols, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = scale * r.nextGaussian();
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
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
    LogisticClassifier model = LogisticClassifier.fit(x, y, 3, new LogisticClassifier.Config(1e-4, 0.01));
    ClassifierScore s = model.score(x, y);
    assertThat(s.accuracy()).isEqualTo(1.0);
    INDArray p = model.probabilities(x);
    assertThat(p.shape()).containsExactly(n, 3);
    int[] predicted = model.predict(x);
    double[][] pm = p.toDoubleMatrix();
    for (int i = 0; i < n; i++) {
      double t = 0;
      int best = 0;
      for (int c = 0; c < 3; c++) {
        t += pm[i][c];
        best = pm[i][c] > pm[i][best] ? c : best;
      }
      assertThat(t).isCloseTo(1.0, within(1e-9));
      assertThat(best).as("the most probable class is the prediction").isEqualTo(predicted[i]);
    }
  }

  @Test
  void confusionMatrixSumsToTheCountWithTheCorrectOnesOnItsDiagonal() {
    INDArray x = random(8, 60, 3, 1.0);
    int[] y = new int[60];
    for (int i = 0; i < 60; i++) {
      y[i] = (x.getDouble(i, 0) > 0 ? 1 : 0) + (i % 7 == 0 ? 2 : 0);
    }
    LogisticClassifier model = LogisticClassifier.fit(x, y, 4, new LogisticClassifier.Config(1e-3, 0.01));
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
  void theSameDataGivesTheSameModelAndAnotherL2AnotherOne() {
    INDArray x = random(9, 40, 3, 1.0);
    int[] y = new int[40];
    for (int i = 0; i < 40; i++) {
      y[i] = x.getDouble(i, 1) + 0.5 * x.getDouble(i, 2) > 0.2 ? 1 : 0;
    }
    LogisticClassifier.Config c = new LogisticClassifier.Config(1e-2, 0.01);
    INDArray a = LogisticClassifier.fit(x, y, 2, c).probabilities(x);
    INDArray b = LogisticClassifier.fit(x, y, 2, c).probabilities(x);
    INDArray other = LogisticClassifier.fit(x, y, 2, new LogisticClassifier.Config(1.0, 0.01)).probabilities(x);
    assertThat(b).isEqualTo(a);
    assertThat(other).isNotEqualTo(a);
  }

  @Test
  void twoClassesGiveOppositeDecisionsAndTheRightLabelOrder() {
    // Class 1 appears first in the data: LIBLINEAR's own label order is then 1, 0.
    INDArray x = Nd4j.create(new double[][] {{2}, {-2}, {1.5}, {-1}, {3}, {-3}});
    int[] y = {1, 0, 1, 0, 1, 0};
    LogisticClassifier model = LogisticClassifier.fit(x, y, 2, new LogisticClassifier.Config(1e-2, 1e-4));
    assertThat(model.predict(x)).containsExactly(y);
    double[][] w = model.weights();
    assertThat(w[1][0]).isPositive();
    assertThat(w[0][0]).isCloseTo(-w[1][0], within(1e-12));
    assertThat(w[0][1]).isCloseTo(-w[1][1], within(1e-12));
  }

  @Test
  void aClassMissingFromTheTrainingSetIsNeverPredictedAndOneClassIsAlwaysPredicted() {
    INDArray x = random(3, 30, 2, 1.0);
    int[] y = new int[30];
    for (int i = 0; i < 30; i++) {
      y[i] = x.getDouble(i, 0) > 0 ? 3 : 1;
    }
    LogisticClassifier model = LogisticClassifier.fit(x, y, 4, LogisticClassifier.Config.defaults());
    INDArray probe = random(4, 200, 2, 3.0);
    for (int p : model.predict(probe)) {
      assertThat(p).isIn(1, 3);
    }
    double[][] prob = model.probabilities(probe).toDoubleMatrix();
    for (double[] row : prob) {
      assertThat(row[0]).isZero();
      assertThat(row[2]).isZero();
    }
    int[] only2 = new int[30];
    java.util.Arrays.fill(only2, 2);
    LogisticClassifier single = LogisticClassifier.fit(x, only2, 3, LogisticClassifier.Config.defaults());
    assertThat(single.predict(probe)).containsOnly(2);
  }

  @Test
  void rejectsBadConfigsAndInputs() {
    assertThatThrownBy(() -> new LogisticClassifier.Config(0, 0.01))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("l2 must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> new LogisticClassifier.Config(-1, 0.01))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("l2 must be finite and > 0, got -1.0");
    assertThatThrownBy(() -> new LogisticClassifier.Config(1e-4, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tolerance must be finite and > 0, got NaN");
    LogisticClassifier.Config c = LogisticClassifier.Config.defaults();
    INDArray x = random(1, 4, 2, 1.0);
    assertThatThrownBy(() -> LogisticClassifier.fit(x, new int[] {0, 1, 0}, 2, c))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels").hasMessageContaining("(4)");
    assertThatThrownBy(() -> LogisticClassifier.fit(x, new int[] {0, 1, 0, 2}, 2, c))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[3]");
    assertThatThrownBy(() -> LogisticClassifier.fit(x, new int[] {0, 1, 0, 1}, 1, c))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("numClasses must be >= 2, got 1");
    assertThatThrownBy(() -> LogisticClassifier.fit(x, new int[] {0, 1, 0, 1}, 2, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("config must not be null");
    assertThatThrownBy(() -> LogisticClassifier.fit(Nd4j.create(DataType.DOUBLE, 0, 2), new int[0], 2, c))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    assertThatThrownBy(() -> LogisticClassifier.fit(Nd4j.zeros(DataType.INT32, 4, 2), new int[] {0, 1, 0, 1}, 2, c))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("floating-point");
    INDArray nan = x.dup();
    nan.putScalar(2, 1, Double.NaN);
    assertThatThrownBy(() -> LogisticClassifier.fit(nan, new int[] {0, 1, 0, 1}, 2, c))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features")
        .hasMessageContaining("NaN").hasMessageContaining("example 2");
    LogisticClassifier m = LogisticClassifier.fit(x, new int[] {0, 1, 0, 1}, 2, c);
    assertThatThrownBy(() -> m.predict(random(1, 4, 3, 1.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features")
        .hasMessageContaining("2").hasMessageContaining("3");
  }
}
