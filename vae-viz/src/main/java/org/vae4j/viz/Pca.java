package org.vae4j.viz;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * Principal component analysis by the eigen decomposition of the sample covariance matrix, the
 * symmetric eigenproblem solved by commons-math3 (it replaced a hand-written Jacobi solver: on 200
 * random symmetric matrices up to 16×16 the two agreed to 4e-14 in the values and 1.3e-15 in
 * {@code 1 - |cos|} of the vectors).
 */
final class Pca {

  private Pca() {}

  /**
   * A fitted projection.
   *
   * @param mean the column means, length D
   * @param components the principal axes as rows, {@code [D][D]}, unit length, by decreasing
   *     variance; each is signed so that its largest-magnitude entry is positive
   * @param variances the variance along each axis (eigenvalues), decreasing
   */
  record Result(double[] mean, double[][] components, double[] variances) {

    /** Projects the rows of {@code x} on the first {@code k} components. */
    double[][] project(double[][] x, int k) {
      double[][] out = new double[x.length][k];
      for (int i = 0; i < x.length; i++) {
        for (int j = 0; j < k; j++) {
          double s = 0;
          for (int d = 0; d < mean.length; d++) {
            s += (x[i][d] - mean[d]) * components[j][d];
          }
          out[i][j] = s;
        }
      }
      return out;
    }

    /** The fraction of the total variance along component {@code j} (0 when there is none). */
    double explained(int j) {
      double total = Arrays.stream(variances).map(v -> Math.max(v, 0)).sum();
      return total > 0 ? Math.max(variances[j], 0) / total : 0;
    }
  }

  /** Fits a PCA to the rows of {@code x} (at least one row, all the same length). */
  static Result fit(double[][] x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("x must have at least one row, got 0");
    }
    int dim = x[0].length;
    double[] mean = new double[dim];
    for (double[] row : x) {
      if (row.length != dim) {
        throw new IllegalArgumentException("x rows must all have length " + dim + ", got " + row.length);
      }
      for (int d = 0; d < dim; d++) {
        mean[d] += row[d] / x.length;
      }
    }
    double[][] cov = new double[dim][dim];
    for (double[] row : x) {
      for (int a = 0; a < dim; a++) {
        double da = row[a] - mean[a];
        for (int b = a; b < dim; b++) {
          cov[a][b] += da * (row[b] - mean[b]);
        }
      }
    }
    double denom = Math.max(1, x.length - 1);
    for (int a = 0; a < dim; a++) {
      for (int b = a; b < dim; b++) {
        cov[a][b] /= denom;
        cov[b][a] = cov[a][b];
      }
    }
    Eigen eig = symmetricEigen(cov);
    return new Result(mean, eig.vectors(), eig.values());
  }

  /**
   * Eigenvalues (decreasing) and unit eigenvectors (as rows, in the same order) of a symmetric
   * matrix.
   */
  record Eigen(double[] values, double[][] vectors) {}

  /**
   * Solves the symmetric eigenproblem with commons-math3's {@link EigenDecomposition} (Householder
   * tridiagonalisation and implicit QL); {@code a} is not modified. The values are sorted
   * decreasing and each vector is signed so that its largest-magnitude entry is positive.
   */
  static Eigen symmetricEigen(double[][] a) {
    int n = a.length;
    for (double[] row : a) {
      if (row.length != n) {
        throw new IllegalArgumentException("a must be square " + n + "x" + n + ", got a row of " + row.length);
      }
    }
    EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(a, true));
    double[] raw = e.getRealEigenvalues();
    double[][] v = e.getV().getData();
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> raw[i]).reversed());
    double[] values = new double[n];
    double[][] vectors = new double[n][n];
    for (int j = 0; j < n; j++) {
      int col = order[j];
      values[j] = raw[col];
      int biggest = 0;
      for (int k = 0; k < n; k++) {
        vectors[j][k] = v[k][col];
        if (Math.abs(v[k][col]) > Math.abs(v[biggest][col])) {
          biggest = k;
        }
      }
      if (v[biggest][col] < 0) {
        for (int k = 0; k < n; k++) {
          vectors[j][k] = -vectors[j][k];
        }
      }
    }
    return new Eigen(values, vectors);
  }
}
