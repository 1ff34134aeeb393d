package org.vae4j.viz;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaProperties {

  /** A random symmetric matrix of size n, entries up to 10^scale in magnitude, with repeated values sometimes. */
  private static double[][] symmetric(int n, long seed) {
    Random r = new Random(seed);
    double scale = Math.pow(10, r.nextInt(7) - 3);
    double[][] a = new double[n][n];
    boolean repeated = r.nextInt(4) == 0;
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        a[i][j] = repeated ? (i == j ? 2 * scale : 0) : scale * r.nextGaussian();
        a[j][i] = a[i][j];
      }
    }
    return a;
  }

  @Test
  void eigenpairsSatisfyTheDefinitionAndVectorsAreOrthonormal() {
    qt().forAll(integers().between(1, 12), longs().all())
        .check((n, seed) -> {
          double[][] a = symmetric(n, seed);
          double norm = 0;
          for (double[] row : a) {
            for (double v : row) {
              norm = Math.max(norm, Math.abs(v));
            }
          }
          Pca.Eigen e = Pca.symmetricEigen(a);
          double tol = 1e-10 * Math.max(norm, 1e-300) * n;
          for (int k = 0; k < n; k++) {
            double[] v = e.vectors()[k];
            for (int i = 0; i < n; i++) {
              double av = 0;
              for (int j = 0; j < n; j++) {
                av += a[i][j] * v[j];
              }
              if (Math.abs(av - e.values()[k] * v[i]) > tol) {
                return false;
              }
            }
            for (int m = 0; m < n; m++) {
              double dot = 0;
              for (int i = 0; i < n; i++) {
                dot += v[i] * e.vectors()[m][i];
              }
              if (Math.abs(dot - (k == m ? 1 : 0)) > 1e-10) {
                return false;
              }
            }
            if (k > 0 && e.values()[k] > e.values()[k - 1]) {
              return false;
            }
          }
          return true;
        });
  }

  @Test
  void traceEqualsTheSumOfEigenvalues() {
    qt().forAll(integers().between(1, 12), longs().all())
        .check((n, seed) -> {
          double[][] a = symmetric(n, seed);
          double trace = 0;
          double scale = 0;
          for (int i = 0; i < n; i++) {
            trace += a[i][i];
            scale += Math.abs(a[i][i]);
          }
          double sum = java.util.Arrays.stream(Pca.symmetricEigen(a).values()).sum();
          return Math.abs(trace - sum) <= 1e-10 * (scale + 1e-300) * n + 1e-300;
        });
  }
}
