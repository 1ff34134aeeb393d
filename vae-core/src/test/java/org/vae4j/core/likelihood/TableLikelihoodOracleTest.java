package org.vae4j.core.likelihood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.Scaling;

/**
 * The table likelihood (numeric, binary and categorical columns) against a SameDiff graph of
 * each column's density written independently, and against finite differences of its own loss,
 * with missing values masked.
 */
class TableLikelihoodOracleTest {

  // encoded: a | b | c0 c1 c2 | d | e0 e1   (width 8, decoder outputs 16)
  private static final List<ColumnEncoding> COLUMNS = List.of(
      new ColumnEncoding("a", ColumnType.NUMERIC, Scaling.STANDARDIZE, 1.5, 2.0, List.of()),
      new ColumnEncoding("b", ColumnType.BINARY, Scaling.NONE, 0, 1, List.of("no", "yes")),
      new ColumnEncoding("c", ColumnType.CATEGORICAL, Scaling.NONE, 0, 1, List.of("x", "y", "z")),
      new ColumnEncoding("d", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
      new ColumnEncoding("e", ColumnType.CATEGORICAL, Scaling.NONE, 0, 1, List.of("p", "q")));
  private static final int W = 8;
  private static final double B = LearnedVarianceGaussian.LOG_VAR_BOUND;

  private static INDArray data(Random r, int n, double missingRate) {
    INDArray x = Nd4j.zeros(DataType.DOUBLE, n, W);
    for (int i = 0; i < n; i++) {
      x.putScalar(i, 0, 2 * r.nextGaussian());
      x.putScalar(i, 1, r.nextInt(2));
      x.putScalar(i, 2 + r.nextInt(3), 1);
      x.putScalar(i, 5, r.nextGaussian());
      x.putScalar(i, 6 + r.nextInt(2), 1);
      for (int[] block : new int[][] {{0, 1}, {1, 1}, {2, 3}, {5, 1}, {6, 2}}) {
        if (r.nextDouble() < missingRate) {
          for (int j = 0; j < block[1]; j++) {
            x.putScalar(i, block[0] + j, Double.NaN);
          }
        }
      }
    }
    return x;
  }

  private static INDArray outputs(Random r, int n, double spread) {
    INDArray o = Nd4j.create(DataType.DOUBLE, n, 2 * W);
    for (long i = 0; i < o.length(); i++) {
      o.putScalar(i, spread * r.nextGaussian());
    }
    return o;
  }

  private static INDArray col(INDArray a, int from, int count) {
    return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + count)).dup();
  }

  /** SameDiff: scale * (sum of -log p over the observed entries), and d/d out. */
  private static INDArray[] oracle(INDArray out, INDArray x, double scale) {
    long n = x.size(0);
    INDArray x0 = x.dup();
    INDArray m = Nd4j.ones(DataType.DOUBLE, x.shape());
    for (long i = 0; i < x.length(); i++) {
      if (Double.isNaN(x.getDouble(i))) {
        x0.putScalar(i, 0);
        m.putScalar(i, 0);
      }
    }
    SameDiff sd = SameDiff.create();
    List<SDVariable> terms = new ArrayList<>();
    for (int j : new int[] {0, 5}) { // numeric
      SDVariable mu = sd.var("o" + j, col(out, j, 1));
      SDVariable r = sd.var("r" + j, col(out, W + j, 1));
      SDVariable s = sd.math.tanh(r.div(B)).mul(B);
      SDVariable d = mu.sub(sd.constant(col(x0, j, 1)));
      SDVariable nll = d.mul(d).mul(sd.math.exp(s.neg())).add(s).mul(0.5)
          .add(0.5 * Math.log(2 * Math.PI));
      terms.add(nll.mul(sd.constant(col(m, j, 1))).sum());
    }
    { // binary, as -(x log sigmoid(l) + (1 - x) log(1 - sigmoid(l)))
      SDVariable l = sd.var("o1", col(out, 1, 1));
      SDVariable xb = sd.constant(col(x0, 1, 1));
      SDVariable p = sd.nn.sigmoid(l);
      SDVariable nll = xb.mul(sd.math.log(p)).add(xb.rsub(1.0).mul(sd.math.log(p.rsub(1.0)))).neg();
      terms.add(nll.mul(sd.constant(col(m, 1, 1))).sum());
    }
    for (int[] block : new int[][] {{2, 3}, {6, 2}}) { // categorical
      INDArray lb = col(out, block[0], block[1]);
      SDVariable l = sd.var("o" + block[0], lb);
      SDVariable shifted = l.sub(sd.constant(lb.max(true, 1)));
      SDVariable logp = shifted.sub(sd.math.log(sd.math.exp(shifted).sum(true, 1)));
      terms.add(logp.mul(sd.constant(col(x0, block[0], block[1])))
          .mul(sd.constant(col(m, block[0], block[1]))).sum().neg());
    }
    SDVariable total = terms.get(0);
    for (int i = 1; i < terms.size(); i++) {
      total = total.add(terms.get(i));
    }
    SDVariable loss = total.mul(scale).rename("loss");
    loss.markAsLoss();
    INDArray value = sd.output(Map.of(), "loss").get("loss");
    Map<String, INDArray> g = sd.calculateGradients(Map.of(), "o0", "o1", "o2", "o5", "o6", "r0", "r5");
    INDArray grad = Nd4j.zeros(DataType.DOUBLE, n, 2 * W);
    Map<String, int[]> where = new HashMap<>();
    where.put("o0", new int[] {0, 1});
    where.put("o1", new int[] {1, 1});
    where.put("o2", new int[] {2, 3});
    where.put("o5", new int[] {5, 1});
    where.put("o6", new int[] {6, 2});
    where.put("r0", new int[] {W, 1});
    where.put("r5", new int[] {W + 5, 1});
    where.forEach((name, at) -> grad.get(NDArrayIndex.all(), NDArrayIndex.interval(at[0], at[0] + at[1]))
        .assign(g.get(name)));
    return new INDArray[] {value, grad};
  }

  private static void check(long seed, double missingRate, double spread) {
    Random r = new Random(seed);
    int n = 1 + r.nextInt(6);
    INDArray out = outputs(r, n, spread);
    INDArray x = data(r, n, missingRate);
    String xBefore = x.toString();
    INDArray outBefore = out.dup();
    Likelihood t = Likelihoods.table(COLUMNS);
    INDArray loss = Nd4j.create(DataType.DOUBLE, n, W);
    INDArray grad = Nd4j.create(DataType.DOUBLE, n, 2 * W);
    double scale = 1.0 / n;
    t.loss(out, x, loss, grad, scale, i -> Nd4j.create(DataType.DOUBLE, n, W));
    INDArray[] o = oracle(out, x, scale);
    double expected = o[0].getDouble(0);
    assertThat(loss.sumNumber().doubleValue() * scale)
        .as("seed %d", seed).isCloseTo(expected, within(1e-9 * (1 + Math.abs(expected))));
    assertThat(grad.equalsWithEps(o[1], 1e-8)).as("seed %d gradient\n%s\n%s", seed, grad, o[1]).isTrue();
    assertThat(out.equalsWithEps(outBefore, 0)).isTrue();
    assertThat(x.toString()).isEqualTo(xBefore);
    INDArray logp = Nd4j.create(DataType.DOUBLE, n, W);
    t.logProbability(out, x, logp, i -> Nd4j.create(DataType.DOUBLE, n, W));
    for (long i = 0; i < x.length(); i++) {
      assertThat(loss.getDouble(i)).isFinite();
      assertThat(logp.getDouble(i)).isCloseTo(-loss.getDouble(i), within(1e-12));
      if (Double.isNaN(x.getDouble(i))) {
        assertThat(loss.getDouble(i)).isZero();
        assertThat(logp.getDouble(i)).isZero();
        assertThat(grad.getDouble(i / W, i % W)).isZero();
        assertThat(grad.getDouble(i / W, W + i % W)).isZero();
      }
    }
  }

  @Test
  void lossAndGradientMatchSameDiffOnCompleteRows() {
    for (long seed = 0; seed < 15; seed++) {
      check(seed, 0, 1.5);
    }
  }

  @Test
  void lossAndGradientMatchSameDiffWithMissingEntriesMasked() {
    for (long seed = 50; seed < 65; seed++) {
      check(seed, 0.3, 1.5);
    }
  }

  @Test
  void gradientMatchesFiniteDifferencesWithMasks() {
    Random r = new Random(11);
    int n = 3;
    INDArray out = outputs(r, n, 1.0);
    INDArray x = data(r, n, 0.25);
    Likelihood t = Likelihoods.table(COLUMNS);
    INDArray loss = Nd4j.create(DataType.DOUBLE, n, W);
    INDArray grad = Nd4j.create(DataType.DOUBLE, n, 2 * W);
    t.loss(out, x, loss, grad, 0.5, i -> null);
    double h = 1e-6;
    for (long i = 0; i < out.length(); i++) {
      double v = out.getDouble(i);
      out.putScalar(i, v + h);
      t.loss(out, x, loss, null, 0, k -> null);
      double up = 0.5 * loss.sumNumber().doubleValue();
      out.putScalar(i, v - h);
      t.loss(out, x, loss, null, 0, k -> null);
      double down = 0.5 * loss.sumNumber().doubleValue();
      out.putScalar(i, v);
      assertThat(grad.getDouble(i)).as("d loss / d out[%d]", i)
          .isCloseTo((up - down) / (2 * h), within(1e-6));
    }
  }

  @Test
  void theMeanIsEachColumnsMeanAndTheLayoutHasTwoOutputsPerValue() {
    Likelihood t = Likelihoods.table(COLUMNS);
    assertThat(t.outputsPerValue()).isEqualTo(2);
    assertThat(t.supportsMissing()).isTrue();
    INDArray out = outputs(new Random(5), 2, 2.0);
    INDArray mean = Nd4j.create(DataType.DOUBLE, 2, W);
    t.mean(out, mean, i -> null);
    for (int i = 0; i < 2; i++) {
      assertThat(mean.getDouble(i, 0)).isEqualTo(out.getDouble(i, 0));
      assertThat(mean.getDouble(i, 1)).isCloseTo(1 / (1 + Math.exp(-out.getDouble(i, 1))), within(1e-12));
      assertThat(mean.getDouble(i, 2) + mean.getDouble(i, 3) + mean.getDouble(i, 4)).isCloseTo(1, within(1e-12));
      assertThat(mean.getDouble(i, 6) + mean.getDouble(i, 7)).isCloseTo(1, within(1e-12));
      double z = Math.exp(out.getDouble(i, 6)) + Math.exp(out.getDouble(i, 7));
      assertThat(mean.getDouble(i, 6)).isCloseTo(Math.exp(out.getDouble(i, 6)) / z, within(1e-12));
    }
    assertThatThrownBy(() -> Likelihoods.table(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one column");
    INDArray narrow = Nd4j.zeros(DataType.DOUBLE, 1, 3);
    assertThatThrownBy(() -> t.loss(Nd4j.zeros(DataType.DOUBLE, 1, 6), narrow, narrow.dup(), null, 1, i -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 8 encoded values per example, got 3");
  }
}
