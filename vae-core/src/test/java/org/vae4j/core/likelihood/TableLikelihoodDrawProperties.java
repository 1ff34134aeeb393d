package org.vae4j.core.likelihood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.Scaling;

/**
 * The TABLE likelihood's draws follow its densities: for decoder outputs repeated over many rows,
 * the numeric draws' mean and standard deviation match {@code mu} and {@code exp(s / 2)} with the
 * bounded log-variance {@code s = B tanh(r / B)}, the binary draws' rate matches {@code
 * sigmoid(l)}, the categorical levels' frequencies match the block's softmax (each within 5
 * standard errors of the estimate, so a correct draw fails about once in 10^6 checks per
 * statistic); draws are seeded and do not depend on how rows are batched.
 */
class TableLikelihoodDrawProperties {

  private static final int ROWS = 4000;
  private static final List<ColumnEncoding> COLUMNS = List.of(
      new ColumnEncoding("n", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
      new ColumnEncoding("b", ColumnType.BINARY, Scaling.NONE, 0, 1, List.of("no", "yes")),
      new ColumnEncoding("c", ColumnType.CATEGORICAL, Scaling.NONE, 0, 1, List.of("x", "y", "z")));
  // encoded: n | b | c0 c1 c2; outputs: 5 means/logits, then 5 raw log-variances
  private static final int W = 5;

  private static INDArray outputs(double mu, double r, double logit, double[] cat) {
    double[] o = new double[ROWS * 2 * W];
    for (int i = 0; i < ROWS; i++) {
      int b = i * 2 * W;
      o[b] = mu;
      o[b + 1] = logit;
      o[b + 2] = cat[0];
      o[b + 3] = cat[1];
      o[b + 4] = cat[2];
      o[b + W] = r;
      o[b + W + 1] = 123; // unused second outputs of binary and categorical values
    }
    return Nd4j.create(o, new long[] {ROWS, 2 * W}, DataType.DOUBLE);
  }

  private static double[] draw(Likelihood l, INDArray out, long seed) {
    INDArray into = Nd4j.create(DataType.DOUBLE, out.size(0), W);
    l.draw(out, new SplittableRandom(seed), into);
    return into.dup('c').data().asDouble();
  }

  @Test
  void drawsFollowEachColumnsDensity() {
    Likelihood l = Likelihoods.table(COLUMNS);
    double bound = LearnedVarianceGaussian.LOG_VAR_BOUND;
    qt().withExamples(40).forAll(longs().all(), doubles().between(-50, 50),
        doubles().between(-3 * bound, 3 * bound), doubles().between(-6, 6))
        .checkAssert((seed, mu, r, logit) -> {
          int shift = (int) Math.floorMod(seed, 11L) - 5;
          double[] cat = {shift * 0.7, -0.5 * shift, 1.0};
          double[] v = draw(l, outputs(mu, r, logit, cat), seed);
          double sd = Math.exp(0.5 * bound * Math.tanh(r / bound));
          double sum = 0;
          double ss = 0;
          int ones = 0;
          int[] counts = new int[3];
          for (int i = 0; i < ROWS; i++) {
            sum += v[i * W];
            ss += (v[i * W] - mu) * (v[i * W] - mu);
            assertThat(v[i * W + 1]).isIn(0.0, 1.0);
            ones += (int) v[i * W + 1];
            double blockSum = v[i * W + 2] + v[i * W + 3] + v[i * W + 4];
            assertThat(blockSum).isEqualTo(1.0);
            for (int k = 0; k < 3; k++) {
              assertThat(v[i * W + 2 + k]).isIn(0.0, 1.0);
              counts[k] += (int) v[i * W + 2 + k];
            }
          }
          assertThat(Math.abs(sum / ROWS - mu)).isLessThan(5 * sd / Math.sqrt(ROWS));
          // the variance estimate about the true mean has sd sqrt(2 / n) sigma^2
          assertThat(Math.abs(ss / ROWS / (sd * sd) - 1)).isLessThan(5 * Math.sqrt(2.0 / ROWS));
          double p = 1 / (1 + Math.exp(-logit));
          assertThat(Math.abs((double) ones / ROWS - p))
              .isLessThan(5 * Math.sqrt(p * (1 - p) / ROWS) + 1e-9);
          double z = Math.exp(cat[0]) + Math.exp(cat[1]) + Math.exp(cat[2]);
          for (int k = 0; k < 3; k++) {
            double pk = Math.exp(cat[k]) / z;
            assertThat(Math.abs((double) counts[k] / ROWS - pk))
                .isLessThan(5 * Math.sqrt(pk * (1 - pk) / ROWS) + 1e-9);
          }
        });
  }

  @Test
  void drawsAreSeededAndIndependentOfBatching() {
    Likelihood l = Likelihoods.table(COLUMNS);
    qt().withExamples(20).forAll(longs().all(), integers().between(1, ROWS - 1))
        .checkAssert((seed, split) -> {
          SplittableRandom r = new SplittableRandom(seed ^ 99);
          double[] o = new double[ROWS * 2 * W];
          for (int i = 0; i < o.length; i++) {
            o[i] = 3 * r.nextGaussian();
          }
          INDArray out = Nd4j.create(o, new long[] {ROWS, 2 * W}, DataType.DOUBLE);
          double[] all = draw(l, out, seed);
          assertThat(draw(l, out, seed)).containsExactly(all);
          assertThat(draw(l, out, seed + 1)).isNotEqualTo(all);
          SplittableRandom one = new SplittableRandom(seed);
          INDArray a = Nd4j.create(DataType.DOUBLE, split, W);
          INDArray b = Nd4j.create(DataType.DOUBLE, ROWS - split, W);
          l.draw(out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, split),
              org.nd4j.linalg.indexing.NDArrayIndex.all()), one, a);
          l.draw(out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(split, ROWS),
              org.nd4j.linalg.indexing.NDArrayIndex.all()), one, b);
          double[] joined = new double[ROWS * W];
          System.arraycopy(a.dup('c').data().asDouble(), 0, joined, 0, split * W);
          System.arraycopy(b.dup('c').data().asDouble(), 0, joined, split * W, (ROWS - split) * W);
          assertThat(joined).containsExactly(all);
        });
  }

  @Test
  void likelihoodsThatCannotDrawSaySo() {
    INDArray out = Nd4j.zeros(DataType.FLOAT, 2, 3);
    assertThatThrownBy(() -> Likelihoods.of("BCE").draw(out, new SplittableRandom(1),
        Nd4j.zeros(DataType.FLOAT, 2, 3)))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("the BCE likelihood cannot draw values");
    assertThatThrownBy(() -> Likelihoods.table(COLUMNS).draw(Nd4j.zeros(DataType.DOUBLE, 2, W),
        new SplittableRandom(1), Nd4j.zeros(DataType.DOUBLE, 2, W)))
        .hasMessage("out must have shape [2, 10], got [2, 5]");
  }
}
