package org.vae4j.core.eval;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LIBLINEAR solves the objective {@link LogisticClassifier} documents: at the fitted weights the
 * gradient of {@code mean_i log(1 + exp(-t_i (w · x_i / scale + b))) + (l2 / 2)|w|^2} (bias not
 * regularised), computed here independently in plain Java, is close to zero for every class, for
 * random problems of any size, scale and class count. The objective is strictly convex, so this
 * pins the unique optimum the old hand-written Adam solver was also approaching.
 */
class LogisticClassifierProperties {

  @Test
  void theFittedWeightsAreTheOptimumOfTheDocumentedObjective() {
    qt().withExamples(60).forAll(integers().between(2, 4), integers().between(1, 6),
            doubles().between(-3, 0), longs().all())
        .checkAssert((classes, f, logL2, seed) -> {
          SplittableRandom r = new SplittableRandom(seed);
          int n = 20 + r.nextInt(100);
          double colScale = Math.pow(10, r.nextInt(7) - 3);
          double[] v = new double[n * f];
          int[] y = new int[n];
          for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int j = 0; j < f; j++) {
              // every third value exactly zero (LIBLINEAR's sparse rows leave them out)
              v[i * f + j] = r.nextInt(3) == 0 ? 0 : colScale * (r.nextGaussian() + 0.7 * y[i] * (j % 2 == 0 ? 1 : -1));
            }
          }
          INDArray x = Nd4j.create(v, new long[] {n, f}, DataType.DOUBLE);
          double l2 = Math.pow(10, logL2);
          LogisticClassifier model = LogisticClassifier.fit(x, y, classes, new LogisticClassifier.Config(l2, 1e-8));
          double[][] w = model.weights();
          double[] scale = model.featureScale();
          for (int c = 0; c < classes; c++) {
            double[] g = new double[f + 1];
            double[] g0 = new double[f + 1];
            for (int i = 0; i < n; i++) {
              double s = w[c][f];
              for (int j = 0; j < f; j++) {
                s += w[c][j] * v[i * f + j] / scale[j];
              }
              double target = y[i] == c ? 1 : 0;
              double err = 1 / (1 + Math.exp(-s)) - target;
              for (int j = 0; j < f; j++) {
                g[j] += err * v[i * f + j] / scale[j] / n;
                g0[j] += (0.5 - target) * v[i * f + j] / scale[j] / n;
              }
              g[f] += err / n;
              g0[f] += (0.5 - target) / n;
            }
            for (int j = 0; j < f; j++) {
              g[j] += l2 * w[c][j];
            }
            double norm = 0;
            double norm0 = 0;
            for (int j = 0; j <= f; j++) {
              norm += g[j] * g[j];
              norm0 += g0[j] * g0[j];
            }
            if (Math.sqrt(norm) > 1e-6 * Math.sqrt(norm0) + 1e-12) {
              throw new AssertionError("class " + c + " of " + classes + ", n=" + n + ", f=" + f + ", l2=" + l2
                  + ": |gradient| " + Math.sqrt(norm) + " at the fit, " + Math.sqrt(norm0) + " at zero");
            }
          }
        });
  }
}
