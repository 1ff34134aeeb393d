package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.quicktheories.core.Gen;

/**
 * Properties of the shared VAE math, checked against plain-Java double references and through
 * the SameDiff sub-graphs of {@link LatentMath} (built in double precision).
 */
class LatentMathProperties {

  /** A batch of n examples of dimension d: means, log-variances and noise, row-major. */
  record Batch(int n, int d, double[] mean, double[] logVar, double[] eps) {
    INDArray meanArr() {
      return Nd4j.create(mean, new long[] {n, d}, DataType.DOUBLE);
    }

    INDArray logVarArr() {
      return Nd4j.create(logVar, new long[] {n, d}, DataType.DOUBLE);
    }

    INDArray epsArr() {
      return Nd4j.create(eps, new long[] {n, d}, DataType.DOUBLE);
    }

    double[] row(double[] a, int i) {
      double[] r = new double[d];
      System.arraycopy(a, i * d, r, 0, d);
      return r;
    }
  }

  private static final int EXAMPLES = 60;
  private static final Map<Integer, SameDiff> GRAPHS = new java.util.HashMap<>();

  /** The math sub-graphs for width {@code d}. */
  private static SameDiff graph(int d) {
    return GRAPHS.computeIfAbsent(d, LatentMathProperties::buildGraph);
  }

  private static SameDiff buildGraph(int d) {
    SameDiff sd = SameDiff.create();
    SDVariable mean = sd.placeHolder("mean", DataType.DOUBLE, -1, -1);
    SDVariable logVar = sd.placeHolder("logVar", DataType.DOUBLE, -1, -1);
    SDVariable eps = sd.placeHolder("eps", DataType.DOUBLE, -1, -1);
    SDVariable logits = sd.placeHolder("logits", DataType.DOUBLE, -1, -1);
    SDVariable target = sd.placeHolder("target", DataType.DOUBLE, -1, -1);
    LatentMath.klPerExample(sd, mean, logVar, d).rename("kl");
    LatentMath.reparameterize(sd, mean, logVar, eps).rename("z");
    LatentMath.bcePerExample(sd, logits, target, d).rename("bce");
    LatentMath.ssePerExample(sd, logits, target, d).rename("sse");
    return sd;
  }

  private static Gen<Batch> batches(double meanRange, double logVarRange) {
    return integers().between(1, 5).zip(integers().between(1, 6), (n, d) -> new int[] {n, d})
        .flatMap(nd -> {
          int len = nd[0] * nd[1];
          Gen<List<Double>> m = lists().of(doubles().between(-meanRange, meanRange)).ofSize(len);
          Gen<List<Double>> lv = lists().of(doubles().between(-logVarRange, logVarRange)).ofSize(len);
          Gen<List<Double>> e = lists().of(doubles().between(-4, 4)).ofSize(len);
          return m.zip(lv, e, (a, b, c) -> new Batch(nd[0], nd[1], unbox(a), unbox(b), unbox(c)));
        });
  }

  private static double[] unbox(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] graphKl(Batch b) {
    return graph(b.d()).output(Map.of("mean", b.meanArr(), "logVar", b.logVarArr()), "kl").get("kl")
        .data().asDouble();
  }

  @Test
  void klIsNonNegativeInTheReferenceAndTheGraph() {
    qt().withExamples(EXAMPLES).forAll(batches(20, 15)).checkAssert(b -> {
      double[] k = graphKl(b);
      for (int i = 0; i < b.n(); i++) {
        double ref = MathReference.kl(b.row(b.mean(), i), b.row(b.logVar(), i));
        assertThat(ref).isGreaterThanOrEqualTo(0.0);
        assertThat(k[i]).isGreaterThanOrEqualTo(0.0);
        assertThat(k[i]).isCloseTo(ref, within(1e-9 * Math.max(1, Math.abs(ref))));
      }
    });
  }

  @Test
  void klIsExactlyZeroAtThePrior() {
    qt().withExamples(20).forAll(integers().between(1, 5), integers().between(1, 8)).checkAssert((n, d) -> {
      Batch b = new Batch(n, d, new double[n * d], new double[n * d], new double[n * d]);
      for (double k : graphKl(b)) {
        assertThat(k).isEqualTo(0.0);
      }
    });
  }

  @Test
  void klIsAdditiveOverDimensionsAndBatch() {
    qt().withExamples(EXAMPLES).forAll(batches(10, 10)).checkAssert(b -> {
      double[] k = graphKl(b);
      double batchTotal = 0;
      double dimTotal = 0;
      for (int i = 0; i < b.n(); i++) {
        batchTotal += k[i];
        for (int j = 0; j < b.d(); j++) {
          Batch one = new Batch(1, 1, new double[] {b.mean()[i * b.d() + j]},
              new double[] {b.logVar()[i * b.d() + j]}, new double[] {0});
          dimTotal += graphKl(one)[0];
        }
      }
      INDArray all = Nd4j.create(b.mean(), new long[] {1, b.n() * b.d()}, DataType.DOUBLE);
      INDArray allLv = Nd4j.create(b.logVar(), new long[] {1, b.n() * b.d()}, DataType.DOUBLE);
      double joined = graph(b.n() * b.d()).output(Map.of("mean", all, "logVar", allLv), "kl").get("kl").getDouble(0);
      assertThat(dimTotal).isCloseTo(batchTotal, within(1e-9 * Math.max(1, batchTotal)));
      assertThat(joined).isCloseTo(batchTotal, within(1e-9 * Math.max(1, batchTotal)));
    });
  }

  @Test
  void klIsEvenInTheMean() {
    qt().withExamples(EXAMPLES).forAll(batches(20, 12)).checkAssert(b -> {
      double[] neg = b.mean().clone();
      for (int i = 0; i < neg.length; i++) {
        neg[i] = -neg[i];
      }
      double[] k1 = graphKl(b);
      double[] k2 = graphKl(new Batch(b.n(), b.d(), neg, b.logVar(), b.eps()));
      assertThat(k2).containsExactly(k1);
    });
  }

  @Test
  void closedFormKlMatchesAMonteCarloEstimate() {
    SplittableRandom random = new SplittableRandom(7);
    qt().withExamples(20).forAll(batches(2, 2)).checkAssert(b -> {
      double[] mean = b.row(b.mean(), 0);
      double[] logVar = b.row(b.logVar(), 0);
      int samples = 40_000;
      double sum = 0;
      double sumSq = 0;
      for (int s = 0; s < samples; s++) {
        double logRatio = 0;
        for (int j = 0; j < mean.length; j++) {
          double e = random.nextGaussian();
          double z = MathReference.z(mean[j], logVar[j], e);
          // log q(z) - log p(z) for one dimension (the 2*pi terms cancel)
          logRatio += -0.5 * logVar[j] - 0.5 * e * e + 0.5 * z * z;
        }
        sum += logRatio;
        sumSq += logRatio * logRatio;
      }
      double mc = sum / samples;
      double se = Math.sqrt(Math.max(0, sumSq / samples - mc * mc) / samples);
      double closed = graphKl(new Batch(1, mean.length, mean, logVar, new double[mean.length]))[0];
      assertThat(closed).isCloseTo(mc, within(5 * se + 1e-9));
    });
  }

  @Test
  void reparameterizationFollowsTheFormulaForAnyBatchAndDimension() {
    qt().withExamples(EXAMPLES).forAll(batches(20, 12)).checkAssert(b -> {
      double[] z = graph(b.d()).output(Map.of("mean", b.meanArr(), "logVar", b.logVarArr(), "eps", b.epsArr()), "z")
          .get("z").data().asDouble();
      assertThat(z).hasSize(b.n() * b.d());
      for (int i = 0; i < z.length; i++) {
        double ref = MathReference.z(b.mean()[i], b.logVar()[i], b.eps()[i]);
        assertThat(z[i]).isCloseTo(ref, within(1e-12 * Math.max(1, Math.abs(ref))));
      }
    });
  }

  @Test
  void sampleMeanAndVarianceOfZMatchMeanAndExpLogVar() {
    qt().withExamples(15).forAll(doubles().between(-5, 5), doubles().between(-6, 6)).checkAssert((m, lv) -> {
      int n = 20_000;
      INDArray eps = Noise.gaussianArray(new SplittableRandom(11), n, 1, DataType.DOUBLE);
      INDArray mean = Nd4j.valueArrayOf(new long[] {n, 1}, m, DataType.DOUBLE);
      INDArray logVar = Nd4j.valueArrayOf(new long[] {n, 1}, lv, DataType.DOUBLE);
      double[] z = graph(1).output(Map.of("mean", mean, "logVar", logVar, "eps", eps), "z").get("z")
          .data().asDouble();
      double s = 0;
      double ss = 0;
      for (double v : z) {
        s += v;
      }
      double avg = s / n;
      for (double v : z) {
        ss += (v - avg) * (v - avg);
      }
      double var = ss / (n - 1);
      double sigma2 = Math.exp(lv);
      // standard errors: of the mean sqrt(sigma2 / n), of the variance sigma2 * sqrt(2 / (n - 1))
      assertThat(avg).isCloseTo(m, within(4 * Math.sqrt(sigma2 / n)));
      assertThat(var).isCloseTo(sigma2, within(4 * sigma2 * Math.sqrt(2.0 / (n - 1))));
    });
  }

  @Test
  void gradientsOfZAreOneAndHalfStdTimesEps() {
    SameDiff g = SameDiff.create();
    INDArray init = Nd4j.zeros(DataType.DOUBLE, 1, 1);
    SDVariable mean = g.var("mean", init.dup());
    SDVariable logVar = g.var("logVar", init.dup());
    SDVariable eps = g.placeHolder("eps", DataType.DOUBLE, -1, -1);
    SDVariable z = LatentMath.reparameterize(g, mean, logVar, eps);
    g.setLossVariables(z.sum().rename("total"));
    qt().withExamples(EXAMPLES).forAll(batches(20, 12)).checkAssert(b -> {
      g.getVariable("mean").setArray(b.meanArr());
      g.getVariable("logVar").setArray(b.logVarArr());
      Map<String, INDArray> grads = g.calculateGradients(Map.of("eps", b.epsArr()), "mean", "logVar");
      double[] gm = grads.get("mean").data().asDouble();
      double[] gl = grads.get("logVar").data().asDouble();
      for (int i = 0; i < gm.length; i++) {
        assertThat(gm[i]).isEqualTo(1.0);
        double ref = 0.5 * Math.exp(0.5 * b.logVar()[i]) * b.eps()[i];
        assertThat(gl[i]).isCloseTo(ref, within(1e-12 * Math.max(1, Math.abs(ref))));
      }
    });
  }

  @Test
  void bceFromLogitsEqualsNaiveBceWhereFiniteAndStaysFiniteElsewhere() {
    int w = 64;
    qt().withExamples(40)
        .forAll(lists().of(doubles().between(-1000, 1000)).ofSize(w),
            lists().of(doubles().between(-40, 40)).ofSize(w),
            lists().of(doubles().between(0, 1)).ofSize(w))
        .checkAssert((wide, narrow, xs) -> {
          double[] l = new double[2 * w];
          double[] x = new double[2 * w];
          for (int i = 0; i < w; i++) {
            l[i] = wide.get(i);
            l[w + i] = narrow.get(i);
            x[i] = xs.get(i);
            x[w + i] = xs.get(i);
          }
          INDArray logits = Nd4j.create(l, new long[] {2 * w, 1}, DataType.DOUBLE);
          INDArray target = Nd4j.create(x, new long[] {2 * w, 1}, DataType.DOUBLE);
          double[] bce = graph(1).output(Map.of("logits", logits, "target", target), "bce").get("bce")
              .data().asDouble();
          for (int i = 0; i < l.length; i++) {
            assertThat(Double.isFinite(bce[i])).isTrue();
            assertThat(bce[i]).isGreaterThanOrEqualTo(0.0);
            assertThat(bce[i]).isCloseTo(MathReference.stableBce(l[i], x[i]),
                within(1e-12 * Math.max(1, Math.abs(bce[i]))));
            double naive = MathReference.naiveBce(l[i], x[i]);
            // The naive form loses digits to rounding in 1 - p (and p) for large |logit|: its
            // absolute error is about ulp(1) / min(p, 1 - p). Compare where it is finite, with a
            // tolerance that covers that loss.
            if (Double.isFinite(naive)) {
              double p = MathReference.sigmoid(l[i]);
              double naiveError = 4 * Math.ulp(1.0) / Math.min(p, 1 - p);
              assertThat(bce[i]).isCloseTo(naive, within(1e-9 * Math.max(1, naive) + naiveError));
            }
          }
        });
  }

  @Test
  void bceStaysFiniteAtExtremeLogitsWhereTheNaiveFormIsNot() {
    INDArray logits = Nd4j.create(new double[] {1000, -1000, 1000, -1000}, new long[] {1, 4}, DataType.DOUBLE);
    INDArray target = Nd4j.create(new double[] {0, 1, 1, 0}, new long[] {1, 4}, DataType.DOUBLE);
    double bce = graph(4).output(Map.of("logits", logits, "target", target), "bce").get("bce").getDouble(0);
    assertThat(MathReference.naiveBce(1000, 0)).isInfinite();
    assertThat(bce).isCloseTo(2000.0, within(1e-9));
  }

  @Test
  void sumOfSquaredErrorsMatchesTheReference() {
    qt().withExamples(EXAMPLES).forAll(batches(50, 50)).checkAssert(b -> {
      double[] s = graph(b.d()).output(Map.of("logits", b.meanArr(), "target", b.logVarArr()), "sse").get("sse")
          .data().asDouble();
      for (int i = 0; i < b.n(); i++) {
        double ref = 0;
        for (int j = 0; j < b.d(); j++) {
          double diff = b.mean()[i * b.d() + j] - b.logVar()[i * b.d() + j];
          ref += diff * diff;
        }
        assertThat(s[i]).isCloseTo(ref, within(1e-9 * Math.max(1, ref)));
      }
    });
  }

  @Test
  void bceGradientIsSigmoidMinusTargetForAnyLogitIncludingExactlyZero() {
    SameDiff g = SameDiff.create();
    SDVariable logits = g.var("l", Nd4j.zeros(DataType.DOUBLE, 1, 3));
    SDVariable target = g.placeHolder("x", DataType.DOUBLE, -1, 3);
    g.setLossVariables(LatentMath.bcePerExample(g, logits, target, 3).sum().rename("total"));
    qt().withExamples(EXAMPLES)
        .forAll(doubles().between(-40, 40), doubles().between(0, 1), doubles().between(0, 1))
        .checkAssert((l, x0, x1) -> {
          double[] ls = {l, 0.0, -l};
          double[] xs = {x0, x1, x0};
          g.getVariable("l").setArray(Nd4j.create(ls, new long[] {1, 3}, DataType.DOUBLE));
          INDArray grad = g.calculateGradients(
              Map.of("x", Nd4j.create(xs, new long[] {1, 3}, DataType.DOUBLE)), "l").get("l");
          for (int i = 0; i < 3; i++) {
            assertThat(grad.getDouble(0, i))
                .isCloseTo(MathReference.sigmoid(ls[i]) - xs[i], within(1e-12));
          }
        });
  }
}
