package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaTest {

  @Test
  void recoversTheDirectionOfLargestSpread() {
    // points along (1, 2, 2)/3 with large spread, plus small noise in every direction
    Random r = new Random(3);
    double[][] x = new double[500][3];
    for (double[] row : x) {
      double t = 5 * r.nextGaussian();
      row[0] = 1 + t / 3 + 0.1 * r.nextGaussian();
      row[1] = -2 + 2 * t / 3 + 0.1 * r.nextGaussian();
      row[2] = 4 + 2 * t / 3 + 0.1 * r.nextGaussian();
    }
    Pca.Result pca = Pca.fit(x);
    assertThat(pca.components()[0][0]).isCloseTo(1 / 3.0, within(0.01));
    assertThat(pca.components()[0][1]).isCloseTo(2 / 3.0, within(0.01));
    assertThat(pca.components()[0][2]).isCloseTo(2 / 3.0, within(0.01));
    assertThat(pca.variances()[0]).isCloseTo(25, within(4.0));
    assertThat(pca.explained(0)).isGreaterThan(0.99);
    assertThat(pca.mean()[1]).isCloseTo(-2, within(0.5));
  }

  @Test
  void diagonalMatrixGivesSortedDiagonalAndUnitVectors() {
    Pca.Eigen e = Pca.symmetricEigen(new double[][] {{1, 0, 0}, {0, 5, 0}, {0, 0, 3}});
    assertThat(e.values()).containsExactly(5, 3, 1);
    assertThat(e.vectors()[0]).containsExactly(0, 1, 0);
    assertThat(e.vectors()[1]).containsExactly(0, 0, 1);
    assertThat(e.vectors()[2]).containsExactly(1, 0, 0);
  }

  @Test
  void knownTwoByTwoEigenpairs() {
    // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with vectors (1, 1)/sqrt2 and (1, -1)/sqrt2 (sign fixed)
    Pca.Eigen e = Pca.symmetricEigen(new double[][] {{2, 1}, {1, 2}});
    assertThat(e.values()[0]).isCloseTo(3, within(1e-14));
    assertThat(e.values()[1]).isCloseTo(1, within(1e-14));
    assertThat(Math.abs(e.vectors()[0][0])).isCloseTo(Math.sqrt(0.5), within(1e-14));
    assertThat(e.vectors()[0][0] * e.vectors()[0][1]).isCloseTo(0.5, within(1e-14));
    assertThat(e.vectors()[1][0] * e.vectors()[1][1]).isCloseTo(-0.5, within(1e-14));
  }

  @Test
  void projectionOfCentredDataHasZeroMeanAndTheEigenvalueAsVariance() {
    Random r = new Random(11);
    double[][] x = new double[200][4];
    for (double[] row : x) {
      for (int d = 0; d < 4; d++) {
        row[d] = (d + 1) * r.nextGaussian() + d;
      }
    }
    Pca.Result pca = Pca.fit(x);
    double[][] p = pca.project(x, 2);
    for (int j = 0; j < 2; j++) {
      double mean = 0;
      double sq = 0;
      for (double[] row : p) {
        mean += row[j] / p.length;
      }
      for (double[] row : p) {
        sq += (row[j] - mean) * (row[j] - mean) / (p.length - 1);
      }
      assertThat(mean).isCloseTo(0, within(1e-9));
      assertThat(sq).isCloseTo(pca.variances()[j], within(1e-9 * pca.variances()[j]));
    }
  }

  @Test
  void rejectsRaggedAndEmptyInput() {
    assertThatThrownBy(() -> Pca.fit(new double[0][]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one row");
    assertThatThrownBy(() -> Pca.fit(new double[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 2");
  }
}
