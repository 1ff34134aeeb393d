package org.vae4j.core.train.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Adam}, the one optimiser update (a Java loop over the flat parameters), against two
 * independent implementations over random hyper-parameters, gradients and step counts: a plain
 * double loop of the textbook formula, and ND4J's own {@code AdamUpdater} op on the same flat
 * vectors in float. Also: the state layout checkpoints rely on, and that no moment is ever
 * subnormal.
 */
class AdamProperties {

  @Test
  void adamEqualsTheTextbookFormulaAndNd4jsUpdater() {
    qt().withExamples(40).withShrinkCycles(0).forAll(integers().between(1, 1_000_000)).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      double lr = Math.pow(10, r.nextDouble(-4, -1));
      double b1 = r.nextDouble(0.5, 0.99);
      double b2 = r.nextDouble(0.9, 0.9999);
      double eps = Math.pow(10, r.nextDouble(-8, -4));
      int size = 1 + r.nextInt(300);
      int steps = 1 + r.nextInt(12);
      Adam adam = new Adam(size, lr, b1, b2, eps);
      float[] p = new float[size];
      double[] pd = new double[size];
      double[] m = new double[size];
      double[] v = new double[size];
      for (int i = 0; i < size; i++) {
        p[i] = (float) r.nextGaussian();
        pd[i] = p[i];
      }
      INDArray pn = Nd4j.createFromArray(p.clone());
      INDArray state = Nd4j.zeros(DataType.FLOAT, 2 * size);
      INDArray mn = state.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, size));
      INDArray vn = state.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(size, 2 * size));
      for (int t = 1; t <= steps; t++) {
        double scale = Math.pow(10, r.nextDouble(-4, 2));
        float[] g = new float[size];
        for (int i = 0; i < size; i++) {
          g[i] = (float) (r.nextGaussian() * scale);
        }
        adam.update(p, g.clone(), t);
        double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        for (int i = 0; i < size; i++) {
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
          pd[i] -= alpha * m[i] / (Math.sqrt(v[i]) + eps);
        }
        INDArray update = Nd4j.createFromArray(g);
        Nd4j.exec(new AdamUpdater(update, vn, mn, lr, b1, b2, eps, t - 1));
        pn.subi(update);
      }
      float[] fromNd4j = pn.data().asFloat();
      float[] s = adam.state();
      for (int i = 0; i < size; i++) {
        double tol = 1e-5 * (1 + Math.abs(pd[i]));
        assertThat((double) p[i]).as("parameter %d vs double reference", i).isCloseTo(pd[i],
            org.assertj.core.data.Offset.offset(tol));
        assertThat(p[i]).as("parameter %d vs ND4J's AdamUpdater", i).isCloseTo(fromNd4j[i],
            org.assertj.core.data.Offset.offset((float) tol));
        // the layout a checkpoint stores: all first moments, then all second moments
        assertThat((double) s[i]).as("m[%d]", i).isCloseTo(m[i], org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(m[i]))));
        assertThat((double) s[size + i]).as("v[%d]", i).isCloseTo(v[i], org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(v[i]))));
      }
    });
  }

  @Test
  void momentsOfParametersWithoutGradientNeverBecomeSubnormal() {
    int size = 64;
    Adam adam = new Adam(size, 1e-3, 0.9, 0.999, 1e-8);
    float[] p = new float[size];
    float[] g = new float[size];
    for (int i = 0; i < size; i++) {
      // gradients down to 1e-15; below about 1e-19 the square itself is subnormal in float (see Adam)
      g[i] = (float) Math.pow(10, -3 - i % 13);
    }
    adam.update(p, g, 1);
    float[] zero = new float[size];
    boolean sawFlush = false;
    for (int t = 2; t <= 3000; t++) {
      adam.update(p, zero, t);
      for (float s : adam.state()) {
        assertThat(s == 0f || Math.abs(s) >= Float.MIN_NORMAL).as("moment %s at step %d", s, t).isTrue();
      }
      sawFlush |= adam.state()[0] == 0f;
    }
    // the first moments decay by 0.9 per step: they are flushed to 0, not left to go subnormal
    assertThat(sawFlush).isTrue();
  }

  @Test
  void aStateOfTheWrongLengthIsRefused() {
    Adam adam = new Adam(3, 1e-3, 0.9, 0.999, 1e-8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> adam.setState(new float[5]))
        .hasMessage("optimizer state must have 6 values, got 5");
  }
}
