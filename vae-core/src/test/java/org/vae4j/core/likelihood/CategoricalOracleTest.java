package org.vae4j.core.likelihood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The categorical likelihood against SameDiff (log-softmax per block, cross-entropy, its
 * gradient) and against finite differences of its own loss, with and without missing blocks.
 */
class CategoricalOracleTest {

  private static final int[] BLOCKS = {2, 3, 4};
  private static final int W = 9;

  private static INDArray[] scratchFor(Likelihood l, long n) {
    INDArray[] s = new INDArray[l.scratchArrays()];
    for (int i = 0; i < s.length; i++) {
      s[i] = Nd4j.create(DataType.DOUBLE, n, W);
    }
    return s;
  }

  /** n rows of one-hot blocks; with {@code missing}, some blocks are all NaN. */
  private static INDArray oneHot(Random r, int n, boolean missing) {
    INDArray x = Nd4j.zeros(DataType.DOUBLE, n, W);
    for (int i = 0; i < n; i++) {
      int from = 0;
      for (int b : BLOCKS) {
        if (missing && r.nextDouble() < 0.3) {
          for (int j = 0; j < b; j++) {
            x.putScalar(i, from + j, Double.NaN);
          }
        } else {
          x.putScalar(i, from + r.nextInt(b), 1.0);
        }
        from += b;
      }
    }
    return x;
  }

  private static INDArray logits(Random r, int n, double spread) {
    INDArray l = Nd4j.create(DataType.DOUBLE, n, W);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < W; j++) {
        l.putScalar(i, j, spread * r.nextGaussian());
      }
    }
    return l;
  }

  /** SameDiff: scale * sum over observed blocks of -sum(x * logSoftmax(l)), and d/dl. */
  private static INDArray[] oracle(INDArray l, INDArray x, double scale) {
    INDArray x0 = x.dup();
    INDArray mask = Nd4j.ones(DataType.DOUBLE, x.shape());
    for (long i = 0; i < x.length(); i++) {
      if (Double.isNaN(x.getDouble(i))) {
        x0.putScalar(i, 0);
        mask.putScalar(i, 0);
      }
    }
    SameDiff sd = SameDiff.create();
    // one variable per block (SameDiff's strided_slice_bp fails on a batch of one in M2.1)
    SDVariable total = null;
    int from = 0;
    for (int b : BLOCKS) {
      SDVariable lb = sd.var("l" + from,
          l.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + b)).dup());
      // log-softmax from elementwise ops (SameDiff's logSoftmax fails to build its gradient in
      // M2.1): l - c - log(sum(exp(l - c))), with the row maximum c as a constant (any c gives
      // the same value and gradient)
      INDArray c = l.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + b)).max(true, 1);
      SDVariable shifted = lb.sub(sd.constant(c.dup()));
      SDVariable logp = shifted.sub(sd.math.log(sd.math.exp(shifted).sum(true, 1)));
      SDVariable xb = sd.constant(x0.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + b)).dup());
      SDVariable mb = sd.constant(mask.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + b)).dup());
      SDVariable term = logp.mul(xb).mul(mb).sum().neg();
      total = total == null ? term : total.add(term);
      from += b;
    }
    SDVariable loss = total.mul(scale).rename("loss");
    loss.markAsLoss();
    INDArray value = sd.output(Map.of(), "loss").get("loss");
    Map<String, INDArray> g = sd.calculateGradients(Map.of(), "l0", "l2", "l5");
    INDArray grad = Nd4j.hstack(g.get("l0"), g.get("l2"), g.get("l5"));
    return new INDArray[] {value, grad};
  }

  private static void checkAgainstOracle(long seed, boolean missing, double spread) {
    Random r = new Random(seed);
    int n = 1 + r.nextInt(6);
    INDArray l = logits(r, n, spread);
    INDArray x = oneHot(r, n, missing);
    INDArray lBefore = l.dup();
    INDArray xBefore = x.dup();
    Likelihood c = Likelihoods.categorical(BLOCKS);
    INDArray loss = Nd4j.create(DataType.DOUBLE, n, W);
    INDArray grad = Nd4j.create(DataType.DOUBLE, n, W);
    INDArray[] s = scratchFor(c, n);
    double scale = 1.0 / n;
    c.loss(l, x, loss, grad, scale, i -> s[i]);
    INDArray[] o = oracle(l, x, scale);
    assertThat(loss.sumNumber().doubleValue() * scale)
        .isCloseTo(o[0].getDouble(0), within(1e-9 * (1 + Math.abs(o[0].getDouble(0)))));
    assertThat(grad.equalsWithEps(o[1], 1e-9)).as("gradient vs SameDiff\n%s\n%s", grad, o[1]).isTrue();
    // arguments untouched
    assertThat(l.equalsWithEps(lBefore, 0)).isTrue();
    assertThat(x.toString()).isEqualTo(xBefore.toString());
    // no NaN anywhere, and missing entries are exactly 0 in loss, gradient and log-probability
    INDArray logp = Nd4j.create(DataType.DOUBLE, n, W);
    c.logProbability(l, x, logp, i -> s[i]);
    for (long i = 0; i < x.length(); i++) {
      assertThat(loss.getDouble(i)).isFinite();
      assertThat(grad.getDouble(i)).isFinite();
      assertThat(logp.getDouble(i)).isCloseTo(-loss.getDouble(i), within(1e-12));
      if (Double.isNaN(x.getDouble(i))) {
        assertThat(loss.getDouble(i)).isZero();
        assertThat(grad.getDouble(i)).isZero();
        assertThat(logp.getDouble(i)).isZero();
      }
    }
  }

  @Test
  void lossAndGradientMatchSameDiffOnCompleteData() {
    for (long seed = 0; seed < 20; seed++) {
      checkAgainstOracle(seed, false, 2.0);
    }
  }

  @Test
  void lossAndGradientMatchSameDiffWithMissingBlocksMasked() {
    for (long seed = 100; seed < 120; seed++) {
      checkAgainstOracle(seed, true, 2.0);
    }
  }

  @Test
  void isStableForHugeLogits() {
    for (long seed = 200; seed < 205; seed++) {
      checkAgainstOracle(seed, true, 1e4);
    }
  }

  @Test
  void gradientMatchesFiniteDifferencesWithMasks() {
    Random r = new Random(7);
    int n = 4;
    INDArray l = logits(r, n, 1.5);
    INDArray x = oneHot(r, n, true);
    Likelihood c = Likelihoods.categorical(BLOCKS);
    INDArray[] s = scratchFor(c, n);
    INDArray loss = Nd4j.create(DataType.DOUBLE, n, W);
    INDArray grad = Nd4j.create(DataType.DOUBLE, n, W);
    c.loss(l, x, loss, grad, 0.5, i -> s[i]);
    double h = 1e-6;
    for (long i = 0; i < l.length(); i++) {
      double v = l.getDouble(i);
      l.putScalar(i, v + h);
      c.loss(l, x, loss, null, 0, k -> s[k]);
      double up = 0.5 * loss.sumNumber().doubleValue();
      l.putScalar(i, v - h);
      c.loss(l, x, loss, null, 0, k -> s[k]);
      double down = 0.5 * loss.sumNumber().doubleValue();
      l.putScalar(i, v);
      assertThat(grad.getDouble(i)).as("d loss / d l[%d]", i).isCloseTo((up - down) / (2 * h), within(1e-6));
    }
  }

  @Test
  void theMeanIsEachBlocksProbabilities() {
    Random r = new Random(3);
    INDArray l = logits(r, 3, 3.0);
    Likelihood c = Likelihoods.categorical(BLOCKS);
    INDArray mean = Nd4j.create(DataType.DOUBLE, 3, W);
    c.mean(l, mean, i -> null);
    int from = 0;
    for (int b : BLOCKS) {
      for (int i = 0; i < 3; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < b; j++) {
          max = Math.max(max, l.getDouble(i, from + j));
        }
        double z = 0;
        for (int j = 0; j < b; j++) {
          z += Math.exp(l.getDouble(i, from + j) - max);
        }
        double sum = 0;
        for (int j = 0; j < b; j++) {
          double p = Math.exp(l.getDouble(i, from + j) - max) / z;
          assertThat(mean.getDouble(i, from + j)).isCloseTo(p, within(1e-12));
          sum += mean.getDouble(i, from + j);
        }
        assertThat(sum).isCloseTo(1.0, within(1e-12));
      }
      from += b;
    }
  }

  @Test
  void refusesBadBlocksAndWidths() {
    assertThatThrownBy(() -> Likelihoods.categorical())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> Likelihoods.categorical(3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("categorical block 1 must have at least 1 value");
    Likelihood c = Likelihoods.categorical(BLOCKS);
    INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, 5);
    assertThatThrownBy(() -> c.loss(x, x, x.dup(), null, 1, i -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 9 values per example, got 5");
    assertThat(c.supportsMissing()).isTrue();
    assertThat(Likelihoods.of("MSE").supportsMissing()).isFalse();
  }
}
