package org.vae4j.core.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link BatchNorm2d} against the SameDiff oracle (batch norm written from SameDiff's elementwise
 * and reduction ops): the train-mode forward and backward with the batch's statistics, the
 * inference-mode forward with given running statistics, and the running-statistics update, over
 * random shapes and slopes.
 */
class BatchNorm2dOracleTest {

  private static final double TOL = 1e-9;

  @Test
  void trainAndInferenceMatchSameDiffOverRandomShapes() {
    Random r = new Random(21);
    for (int trial = 0; trial < 12; trial++) {
      int n = 1 + r.nextInt(4);
      int c = 1 + r.nextInt(4);
      int h = 1 + r.nextInt(4);
      int w = 2 + r.nextInt(3);
      boolean relu = r.nextBoolean();
      double alpha = relu ? (r.nextBoolean() ? 0.2 : 0.05) : 0;
      check(r, n, c, h, w, relu, alpha);
    }
  }

  private static INDArray random(Random r, double scale, double shift, long... shape) {
    long len = 1;
    for (long s : shape) {
      len *= s;
    }
    double[] v = new double[(int) len];
    for (int i = 0; i < v.length; i++) {
      v[i] = shift + scale * r.nextGaussian();
    }
    return Nd4j.create(v, shape, 'c').castTo(DataType.DOUBLE);
  }

  private static void check(Random r, int n, int c, int h, int w, boolean relu, double alpha) {
    String what = "n=" + n + " c=" + c + " h=" + h + " w=" + w + " relu=" + relu + " alpha=" + alpha;
    Parameters params = new Parameters();
    Workspace ws = new Workspace(DataType.DOUBLE);
    BatchNorm2d bn = new BatchNorm2d("bn", new long[] {c, h, w}, relu, alpha, params, ws);
    params.allocate(DataType.DOUBLE);
    ws.reserve(n, true);
    INDArray gamma = random(r, 0.5, 1, c);
    INDArray beta = random(r, 0.5, 0, c);
    params.get("bn_gamma").value().assign(gamma);
    params.get("bn_beta").value().assign(beta);
    INDArray x = random(r, 2, 0.7, n, c, h, w);
    INDArray weights = random(r, 1, 0, n, c, h, w);

    // train mode, ours
    INDArray y = Nd4j.create(DataType.DOUBLE, n, c, h, w);
    BatchContext train = new BatchContext(n, null, true);
    bn.forward(train, x, y);
    INDArray dy = weights.dup();
    INDArray dx = Nd4j.create(DataType.DOUBLE, n, c, h, w);
    bn.backward(train, x, y, dy, dx);

    // train mode, SameDiff
    SameDiff sd = SameDiff.create();
    SDVariable sx = sd.var("x", x.dup());
    SDVariable sg = sd.var("g", gamma.reshape(1, c, 1, 1).dup());
    SDVariable sb = sd.var("b", beta.reshape(1, c, 1, 1).dup());
    SDVariable mean = sx.mean(true, 0, 2, 3);
    SDVariable d = sx.sub(mean);
    SDVariable var = d.mul(d).mean(true, 0, 2, 3);
    SDVariable out = d.div(sd.math.sqrt(var.add(BatchNorm2d.EPS))).mul(sg).add(sb);
    if (relu) {
      out = sd.nn.leakyRelu(out, alpha);
    }
    out.rename("y");
    SDVariable loss = out.mul(sd.constant("w", weights.dup())).sum();
    loss.rename("loss");
    sd.setLossVariables("loss");
    INDArray yRef = sd.output(Map.of(), "y").get("y");
    Map<String, INDArray> grads = sd.calculateGradients(Map.of(), "x", "g", "b");
    assertThat(maxAbs(y, yRef)).as("train forward " + what).isLessThan(TOL);
    assertThat(maxAbs(dx, grads.get("x"))).as("dx " + what).isLessThan(TOL);
    assertThat(maxAbs(params.get("bn_gamma").gradient(), grads.get("g").reshape(c)))
        .as("dgamma " + what).isLessThan(TOL);
    assertThat(maxAbs(params.get("bn_beta").gradient(), grads.get("b").reshape(c)))
        .as("dbeta " + what).isLessThan(TOL);

    // running statistics after one training pass from (0, 1), plain Java
    long m = (long) n * h * w;
    for (int ch = 0; ch < c; ch++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        for (int a = 0; a < h; a++) {
          for (int b = 0; b < w; b++) {
            s += x.getDouble(i, ch, a, b);
          }
        }
      }
      double mu = s / m;
      double ss = 0;
      for (int i = 0; i < n; i++) {
        for (int a = 0; a < h; a++) {
          for (int b = 0; b < w; b++) {
            double e = x.getDouble(i, ch, a, b) - mu;
            ss += e * e;
          }
        }
      }
      assertThat(bn.runningMean().getDouble(ch)).as("running mean " + what)
          .isCloseTo(0.1 * mu, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(bn.runningVar().getDouble(ch)).as("running var " + what)
          .isCloseTo(0.9 + 0.1 * ss / (m - 1), org.assertj.core.data.Offset.offset(1e-12));
    }

    // inference mode with given running statistics
    INDArray rm = random(r, 1, 0, c);
    INDArray rv = random(r, 0.3, 0, c);
    rv = rv.mul(rv).add(0.1);
    bn.runningMean().assign(rm);
    bn.runningVar().assign(rv);
    INDArray yInf = Nd4j.create(DataType.DOUBLE, n, c, h, w);
    bn.forward(new BatchContext(n, null), x, yInf);
    SameDiff si = SameDiff.create();
    SDVariable ix = si.var("x", x.dup());
    SDVariable iout = ix.sub(si.constant(rm.reshape(1, c, 1, 1).dup()))
        .div(si.math.sqrt(si.constant(rv.reshape(1, c, 1, 1).dup()).add(BatchNorm2d.EPS)))
        .mul(si.constant(gamma.reshape(1, c, 1, 1).dup()))
        .add(si.constant(beta.reshape(1, c, 1, 1).dup()));
    if (relu) {
      iout = si.nn.leakyRelu(iout, alpha);
    }
    iout.rename("y");
    assertThat(maxAbs(yInf, si.output(Map.of(), "y").get("y"))).as("inference " + what)
        .isLessThan(TOL);
    assertThat(maxAbs(bn.runningMean(), rm)).as("inference leaves running mean").isZero();
    assertThat(maxAbs(bn.runningVar(), rv)).as("inference leaves running var").isZero();
    params.close();
    ws.close();
  }

  @Test
  void aTrainingBatchOfOneValuePerChannelIsRefused() {
    Parameters params = new Parameters();
    Workspace ws = new Workspace(DataType.DOUBLE);
    BatchNorm2d bn = new BatchNorm2d("bn", new long[] {2, 1, 1}, false, 0, params, ws);
    params.allocate(DataType.DOUBLE);
    ws.reserve(1, true);
    assertThatThrownBy(() -> bn.forward(new BatchContext(1, null, true),
        Nd4j.ones(DataType.DOUBLE, 1, 2, 1, 1), Nd4j.create(DataType.DOUBLE, 1, 2, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than one value per channel");
  }

  /** Train-mode gradients against central finite differences of {@code sum(w * y)}. */
  @Test
  void trainGradientsMatchFiniteDifferences() {
    Random r = new Random(7);
    int n = 3;
    int c = 2;
    int h = 2;
    int w = 3;
    Parameters params = new Parameters();
    Workspace ws = new Workspace(DataType.DOUBLE);
    BatchNorm2d bn = new BatchNorm2d("bn", new long[] {c, h, w}, true, 0.1, params, ws);
    params.allocate(DataType.DOUBLE);
    ws.reserve(n, true);
    params.get("bn_gamma").value().assign(random(r, 0.5, 1, c));
    params.get("bn_beta").value().assign(random(r, 0.5, 0, c));
    INDArray x = random(r, 2, 0.3, n, c, h, w);
    INDArray weights = random(r, 1, 0, n, c, h, w);
    BatchContext train = new BatchContext(n, null, true);
    INDArray y = Nd4j.create(DataType.DOUBLE, n, c, h, w);
    bn.forward(train, x, y);
    INDArray dx = Nd4j.create(DataType.DOUBLE, n, c, h, w);
    bn.backward(train, x, y, weights.dup(), dx);
    INDArray dGamma = params.get("bn_gamma").gradient().dup();
    INDArray dBeta = params.get("bn_beta").gradient().dup();
    double step = 1e-6;
    INDArray flatX = x.reshape(x.length());
    for (long i = 0; i < x.length(); i++) {
      double fd = difference(bn, train, x, weights, flatX, i, step);
      assertThat(dx.reshape(dx.length()).getDouble(i)).as("dx[" + i + "]")
          .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-6 * (1 + Math.abs(fd))));
    }
    for (String name : new String[] {"bn_gamma", "bn_beta"}) {
      INDArray v = params.get(name).value();
      INDArray g = name.equals("bn_gamma") ? dGamma : dBeta;
      for (long i = 0; i < c; i++) {
        double fd = difference(bn, train, x, weights, v, i, step);
        assertThat(g.getDouble(i)).as(name + "[" + i + "]")
            .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-6 * (1 + Math.abs(fd))));
      }
    }
    params.close();
    ws.close();
  }

  private static double difference(BatchNorm2d bn, BatchContext b, INDArray x, INDArray w,
      INDArray target, long i, double step) {
    double v = target.getDouble(i);
    target.putScalar(i, v + step);
    double plus = loss(bn, b, x, w);
    target.putScalar(i, v - step);
    double minus = loss(bn, b, x, w);
    target.putScalar(i, v);
    return (plus - minus) / (2 * step);
  }

  private static double loss(BatchNorm2d bn, BatchContext b, INDArray x, INDArray w) {
    INDArray y = Nd4j.create(DataType.DOUBLE, x.shape());
    bn.forward(b, x, y);
    return y.mul(w).sumNumber().doubleValue();
  }

  private static double maxAbs(INDArray a, INDArray b) {
    return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE).reshape(a.shape()))
        .amaxNumber().doubleValue();
  }
}
