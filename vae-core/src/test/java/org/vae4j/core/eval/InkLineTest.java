package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.AnomalyScorer.ScoreType;

/**
 * The ink-normalised squared error against its definition: the least-squares line by the normal
 * equations, the residual of the plain scorer's squared error against that line with the ink
 * summed by hand, and the line kept by a detector file.
 */
class InkLineTest {

  private static final int D = 12;
  private Vae vae;

  @BeforeEach
  void model() {
    vae = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).seed(3).build();
  }

  @AfterEach
  void close() {
    vae.close();
  }

  private static AnomalyScorer plain() {
    return AnomalyScorer.builder().scoreType(ScoreType.RECONSTRUCTION_ERROR).seed(2).build();
  }

  /** Images in [0, 1] whose ink varies a lot from row to row (each row scaled by its own factor). */
  private static INDArray inky(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * D];
    for (int i = 0; i < n; i++) {
      double scale = r.nextDouble();
      for (int j = 0; j < D; j++) {
        v[i * D + j] = (float) (scale * r.nextDouble());
      }
    }
    return Nd4j.create(v, new long[] {n, D}, 'c');
  }

  @Test
  void theFittedLineSolvesTheNormalEquations() {
    qt().withExamples(60).forAll(integers().between(2, 40), longs().between(0, 1L << 40))
        .checkAssert((m, seed) -> {
          SplittableRandom r = new SplittableRandom(seed);
          double[] se = new double[m];
          double[] ink = new double[m];
          for (int i = 0; i < m; i++) {
            ink[i] = r.nextInt(4) == 0 ? 3.0 : 50 * r.nextDouble(); // ties included
            se[i] = r.nextInt(5) == 0 ? 0 : Math.exp(4 * r.nextGaussian());
          }
          InkLine line = InkLine.fit(se, ink);
          // residuals of a least-squares line: zero sum, zero covariance with the regressor
          double sum = 0;
          double cross = 0;
          double scale = 0;
          for (int i = 0; i < m; i++) {
            double res = line.residual(se[i], ink[i]);
            sum += res;
            cross += res * Math.log1p(ink[i]);
            scale += Math.abs(Math.log(se[i] + InkLine.EPSILON)) * (1 + Math.log1p(ink[i]));
          }
          assertThat(sum).isCloseTo(0, within(1e-9 * (1 + scale)));
          assertThat(cross).isCloseTo(0, within(1e-9 * (1 + scale)));
        });
  }

  @Test
  void aRowWithETimesTheErrorItsInkPredictsScoresT() {
    // training errors exactly c * (1 + ink)^b: every residual is 0 on the line, and a test row
    // with e^t times the error its ink predicts scores t
    qt().forAll(doubles().between(0.1, 10), doubles().between(-1, 2), integers().between(2, 50),
        integers().all()).checkAssert((c, b, m, seed) -> {
          SplittableRandom r = new SplittableRandom(seed);
          double[] ink = new double[m];
          double[] se = new double[m];
          for (int i = 0; i < m; i++) {
            ink[i] = i == 0 ? 1 : 300 * r.nextDouble() + 1; // at least two distinct inks
            se[i] = c * Math.pow(1 + ink[i], b);
          }
          InkLine line = InkLine.fit(se, ink);
          for (int i = 0; i < m; i++) {
            assertThat(line.residual(se[i], ink[i])).isCloseTo(0, within(1e-6));
          }
          double t = r.nextDouble() * 4 - 2;
          double testInk = r.nextDouble() * 300;
          assertThat(line.residual(c * Math.pow(1 + testInk, b) * Math.exp(t), testInk))
              .isCloseTo(t, within(1e-6));
        });
  }

  @Test
  void anExactPowerLawIsRecoveredAndEqualInksGiveTheMean() {
    double[] ink = {0, 1, 5, 20, 99};
    double[] se = new double[ink.length];
    for (int i = 0; i < ink.length; i++) {
      se[i] = Math.exp(-1.5 + 0.75 * Math.log1p(ink[i])) - InkLine.EPSILON;
    }
    InkLine line = InkLine.fit(se, ink);
    assertThat(line.intercept()).isCloseTo(-1.5, within(1e-9));
    assertThat(line.slope()).isCloseTo(0.75, within(1e-9));
    InkLine flat = InkLine.fit(new double[] {Math.E, Math.exp(3)}, new double[] {2, 2});
    assertThat(flat.slope()).isZero();
    assertThat(flat.intercept()).isCloseTo(2, within(1e-9));
  }

  @Test
  void scoresAreResidualsOfThePlainSquaredErrorAgainstTheLineFittedOnTheNormalRows() {
    INDArray normal = inky(60, 4);
    INDArray test = inky(25, 9);
    AnomalyScorer fitted = plain().fitInkLine(vae, normal, null);
    // the line, by hand: the plain errors of the normal rows against their inks summed here
    double[] inkNormal = sums(normal);
    InkLine expected = InkLine.fit(plain().score(vae, normal), inkNormal);
    assertThat(fitted.inkLine()).contains(expected);
    assertThat(InkLine.inks(normal)).containsExactly(inkNormal, within(1e-4));
    double[] se = plain().score(vae, test);
    double[] ink = sums(test);
    double[] s = fitted.score(vae, test);
    for (int i = 0; i < s.length; i++) {
      assertThat(s[i]).isCloseTo(Math.log(se[i] + 1e-12) - expected.intercept()
          - expected.slope() * Math.log1p(ink[i]), within(1e-6));
    }
    // chunks scored from their first row equal the whole call; contributions stay the error's
    double[] tail = fitted.score(vae, test.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(10,
        25)), null, 10);
    for (int i = 0; i < tail.length; i++) {
      assertThat(tail[i]).isCloseTo(s[10 + i], within(1e-9));
    }
    assertThat(fitted.contributions(vae, test).reconstruction())
        .isEqualTo(plain().contributions(vae, test).reconstruction());
    // the ratio against a background: the line cancels, log of the two errors' ratio
    try (Vae bg = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).seed(8).build()) {
      double[] ratio = fitted.scoreRatio(vae, bg, test);
      double[] seBg = plain().score(bg, test);
      for (int i = 0; i < ratio.length; i++) {
        assertThat(ratio[i]).isCloseTo(Math.log((se[i] + 1e-12) / (seBg[i] + 1e-12)),
            within(1e-6));
      }
    }
  }

  private static double[] sums(INDArray x) {
    double[] v = x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(x.length())
        .toDoubleVector();
    int n = (int) x.size(0);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < D; j++) {
        out[i] += v[i * D + j];
      }
    }
    return out;
  }

  @Test
  void theLineIsRefusedWhereItHasNoMeaning() {
    InkLine line = new InkLine(0, 1);
    assertThatThrownBy(() -> AnomalyScorer.builder().scoreType(ScoreType.NEGATIVE_ELBO)
        .inkLine(line).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RECONSTRUCTION_ERROR").hasMessageContaining("NEGATIVE_ELBO");
    assertThatThrownBy(() -> plain().toBuilder().inputComplexityCorrection(true).inkLine(line)
        .build()).hasMessageContaining("input complexity");
    assertThatThrownBy(() -> AnomalyScorer.builder().build().fitInkLine(vae, inky(5, 1), null))
        .hasMessageContaining("RECONSTRUCTION_ERROR"); // the builder's default is NEGATIVE_ELBO
    INDArray negative = inky(4, 2);
    negative.putScalar(2, 5, -0.5);
    AnomalyScorer fitted = plain().toBuilder().inkLine(line).build();
    // a Gaussian (MSE) model takes any value; the ink line needs non-negative ones
    try (Vae mse = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).mseLoss().seed(3)
        .build()) {
      assertThatThrownBy(() -> plain().fitInkLine(mse, negative, null))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 2")
          .hasMessageContaining("value 5").hasMessageContaining("-0.5");
      assertThatThrownBy(() -> fitted.score(mse, negative)).hasMessageContaining("row 2");
      assertThat(plain().score(mse, negative)).hasSize(4); // without a line any value is scored
    }
    assertThatThrownBy(() -> plain().fitInkLine(vae, inky(1, 3), null))
        .hasMessageContaining("at least two rows");
    assertThatThrownBy(() -> InkLine.fit(new double[] {1, -1}, new double[] {1, 1}))
        .hasMessageContaining("row 1");
    assertThatThrownBy(() -> new InkLine(Double.NaN, 0)).hasMessageContaining("finite");
  }

  @Test
  void aDetectorFileKeepsTheLine(@TempDir Path dir) throws Exception {
    INDArray normal = inky(40, 5);
    AnomalyScorer fitted = plain().fitInkLine(vae, normal, null);
    AnomalyDetector det = AnomalyDetector.fitQuantile(fitted, vae, normal, null, 0.9);
    Path f = dir.resolve("ink.detector.json");
    det.save(f);
    AnomalyDetector back = AnomalyDetector.load(f);
    assertThat(back.scorer().inkLine()).isEqualTo(fitted.inkLine());
    assertThat(back.scorer().toString()).isEqualTo(fitted.toString());
    INDArray test = inky(15, 6);
    assertThat(back.predict(vae, test).scores()).isEqualTo(det.predict(vae, test).scores());
    // a file without the field (written before it existed) has no line
    AnomalyDetector old = AnomalyDetector.of(plain(), 1.0);
    assertThat(old.toJson()).doesNotContain("inkLine");
    assertThat(AnomalyDetector.fromJson("old", old.toJson()).scorer().inkLine()).isEmpty();
    String json = det.toJson();
    assertThatThrownBy(() -> AnomalyDetector.fromJson("x", json.replaceFirst(
        "\"slope\" : [^\\n]*", "\"slope\" : \"steep\""))).hasMessageContaining("x: ")
        .hasMessageContaining("inkLine");
    assertThatThrownBy(() -> AnomalyDetector.fromJson("y", json.replace(
        "\"scoreType\" : \"RECONSTRUCTION_ERROR\"", "\"scoreType\" : \"NEGATIVE_ELBO\"")))
        .hasMessageContaining("y: ").hasMessageContaining("RECONSTRUCTION_ERROR");
  }
}
