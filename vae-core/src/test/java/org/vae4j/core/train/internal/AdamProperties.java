package org.vae4j.core.train.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.internal.ModelEngine;
import org.vae4j.core.train.TrainingOptions;

/**
 * {@link TrainingState#apply}'s flat Adam update, on both its paths (the host loop of {@link
 * HostAdam} and ND4J operations), against two independent implementations: a plain-Java double
 * loop of the textbook formula, and ND4J's own {@code AdamUpdater} applied per parameter (what
 * vae4j used before), over random hyper-parameters, gradients and step counts; and the host path
 * against the ND4J path in float.
 */
class AdamProperties {

  private static ModelConfig tinyMlp(long seed) {
    return new ModelConfig(ModelConfig.Kind.VAE, ModelConfig.EncoderKind.MLP, new int[] {3}, null, 0,
        new long[] {1, 2, 2}, 2, ModelConfig.LossKind.BCE, 1.0, seed, 0);
  }

  /** Random gradients of the engine's parameter shapes; scale 10^[-4, 2]. */
  private static List<Map<String, INDArray>> gradients(ModelEngine engine, int steps, SplittableRandom r) {
    List<Map<String, INDArray>> out = new ArrayList<>();
    for (int s = 0; s < steps; s++) {
      Map<String, INDArray> g = new LinkedHashMap<>();
      double scale = Math.pow(10, r.nextDouble(-4, 2));
      for (Map.Entry<String, INDArray> e : engine.parameters().entrySet()) {
        double[] v = new double[(int) e.getValue().length()];
        for (int k = 0; k < v.length; k++) {
          v[k] = r.nextGaussian() * scale;
        }
        g.put(e.getKey(), Nd4j.create(v, e.getValue().shape(), DataType.DOUBLE));
      }
      out.add(g);
    }
    return out;
  }

  @Test
  void flatAdamEqualsTheTextbookFormulaAndNd4jsUpdater() {
    qt().withExamples(25).withShrinkCycles(0).forAll(integers().between(1, 1_000_000)).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      double lr = Math.pow(10, r.nextDouble(-4, -1));
      double b1 = r.nextDouble(0.5, 0.99);
      double b2 = r.nextDouble(0.9, 0.9999);
      double eps = Math.pow(10, r.nextDouble(-9, -4));
      int steps = 1 + r.nextInt(6);
      TrainingOptions config = TrainingOptions.builder().learningRate(lr).adamBeta1(b1).adamBeta2(b2)
          .adamEpsilon(eps).build();
      try (ModelEngine engine = new ModelEngine(tinyMlp(seed), DataType.DOUBLE)) {
        Map<String, INDArray> start = new LinkedHashMap<>();
        engine.parameters().forEach((k, v) -> start.put(k, v.dup()));
        List<Map<String, INDArray>> grads = gradients(engine, steps, r);

        // 1. the plain-Java reference, in double
        Map<String, double[]> p = new LinkedHashMap<>();
        Map<String, double[]> m = new LinkedHashMap<>();
        Map<String, double[]> v = new LinkedHashMap<>();
        start.forEach((k, a) -> {
          p.put(k, a.dup('c').data().asDouble());
          m.put(k, new double[(int) a.length()]);
          v.put(k, new double[(int) a.length()]);
        });
        for (int t = 1; t <= steps; t++) {
          double at = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
          for (String k : p.keySet()) {
            double[] g = grads.get(t - 1).get(k).dup('c').data().asDouble();
            for (int i = 0; i < g.length; i++) {
              m.get(k)[i] = b1 * m.get(k)[i] + (1 - b1) * g[i];
              v.get(k)[i] = b2 * v.get(k)[i] + (1 - b2) * g[i] * g[i];
              p.get(k)[i] -= at * m.get(k)[i] / (Math.sqrt(v.get(k)[i]) + eps);
            }
          }
        }

        // 2. ND4J's AdamUpdater, one per parameter
        Adam adam = new Adam(lr, b1, b2, eps);
        Map<String, INDArray> nd4j = new LinkedHashMap<>();
        Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
        start.forEach((k, a) -> {
          nd4j.put(k, a.dup());
          updaters.put(k, adam.instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 2 * a.length()), true));
        });
        for (int t = 0; t < steps; t++) {
          for (String k : nd4j.keySet()) {
            INDArray g = grads.get(t).get(k).dup('c').reshape(1, nd4j.get(k).length());
            updaters.get(k).applyUpdater(g, t, 0);
            nd4j.get(k).subi(g.reshape(nd4j.get(k).shape()));
          }
        }

        // 3. vae4j, on the host (CPU backend) and through ND4J operations
        for (boolean host : new boolean[] {true, false}) {
          start.forEach((k, a) -> engine.parameters().get(k).assign(a));
          TrainingState state = new TrainingState(engine, config, host);
          assertThat(state.hostUpdate()).as("host update in use").isEqualTo(host);
          for (int t = 0; t < steps; t++) {
            Map<String, INDArray> g = new LinkedHashMap<>();
            grads.get(t).forEach((k, a) -> g.put(k, a.dup()));
            assertThat(state.apply(g)).isNull();
            for (Map.Entry<String, INDArray> e : g.entrySet()) {
              assertThat(e.getValue()).as("gradient %s is not modified", e.getKey())
                  .isEqualTo(grads.get(t).get(e.getKey()));
            }
          }
          assertThat(state.step()).isEqualTo(steps);
          for (Map.Entry<String, INDArray> e : engine.parameters().entrySet()) {
            double[] got = e.getValue().dup('c').data().asDouble();
            double[] want = p.get(e.getKey());
            double[] viaNd4j = nd4j.get(e.getKey()).dup('c').data().asDouble();
            double[] before = start.get(e.getKey()).dup('c').data().asDouble();
            for (int i = 0; i < got.length; i++) {
              double moved = Math.abs(want[i] - before[i]);
              assertThat(got[i]).as("host %s: %s[%d] vs reference (moved %s)", host, e.getKey(), i, moved)
                  .isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-12 + 1e-9 * moved));
              assertThat(got[i]).as("host %s: %s[%d] vs ND4J AdamUpdater", host, e.getKey(), i)
                  .isCloseTo(viaNd4j[i], org.assertj.core.data.Offset.offset(1e-12 + 1e-9 * moved));
            }
          }
        }
      }
    });
  }

  @Test
  void theStateHoldsAllFirstMomentsThenAllSecondMoments() {
    try (ModelEngine engine = new ModelEngine(tinyMlp(3), DataType.DOUBLE)) {
      TrainingState state = new TrainingState(engine,
          TrainingOptions.builder().adamBeta1(0.5).adamBeta2(0.75).build());
      Map<String, INDArray> g = new LinkedHashMap<>();
      double value = 1;
      for (Map.Entry<String, INDArray> e : engine.parameters().entrySet()) {
        g.put(e.getKey(), Nd4j.valueArrayOf(e.getValue().shape(), value++, DataType.DOUBLE));
      }
      state.apply(g);
      double[] s = state.updaterState().dup('c').data().asDouble();
      long total = engine.parameterCount();
      assertThat((long) s.length).isEqualTo(2 * total);
      int offset = 0;
      value = 1;
      for (INDArray p : engine.parameters().values()) {
        for (int i = 0; i < p.length(); i++) {
          assertThat(s[offset + i]).isEqualTo(0.5 * value);
          assertThat(s[(int) total + offset + i]).isEqualTo(0.25 * value * value);
        }
        offset += (int) p.length();
        value++;
      }
    }
  }

  @Test
  void inFloatTheHostLoopAndTheNd4jOperationsAgreeToRounding() {
    ModelConfig seedMlp = new ModelConfig(ModelConfig.Kind.VAE, ModelConfig.EncoderKind.MLP,
        new int[] {256}, null, 0, new long[] {1, 28, 28}, 2, ModelConfig.LossKind.BCE, 1.0, 42, 0);
    TrainingOptions config = TrainingOptions.builder().build();
    Map<String, float[]> results = new LinkedHashMap<>();
    for (boolean host : new boolean[] {true, false}) {
      try (ModelEngine engine = new ModelEngine(seedMlp, DataType.FLOAT)) {
        TrainingState state = new TrainingState(engine, config, host);
        assertThat(state.hostUpdate()).isEqualTo(host);
        SplittableRandom r = new SplittableRandom(8);
        for (int t = 0; t < 5; t++) {
          Map<String, INDArray> g = new LinkedHashMap<>();
          for (Map.Entry<String, INDArray> e : engine.parameters().entrySet()) {
            float[] v = new float[(int) e.getValue().length()];
            for (int k = 0; k < v.length; k++) {
              v[k] = (float) (r.nextGaussian() * 0.01);
            }
            g.put(e.getKey(), Nd4j.create(v, e.getValue().shape(), 'c'));
          }
          assertThat(state.apply(g)).isNull();
        }
        engine.parameters().forEach((k, v) -> results.put(host + k, v.dup('c').data().asFloat()));
        float[] s = state.updaterState().dup('c').data().asFloat();
        results.put(host + "state", s);
      }
    }
    for (String key : results.keySet()) {
      if (key.startsWith("true")) {
        float[] a = results.get(key);
        float[] b = results.get("false" + key.substring(4));
        for (int i = 0; i < a.length; i++) {
          assertThat(a[i]).as("%s[%d]", key.substring(4), i)
              .isCloseTo(b[i], org.assertj.core.data.Offset.offset(2e-6f * (1 + Math.abs(b[i]))));
        }
      }
    }
  }

  @Test
  void theHostLoopZeroesMomentsTooSmallToMatterBeforeTheyTurnSubnormal() {
    try (ModelEngine engine = new ModelEngine(tinyMlp(4), DataType.FLOAT)) {
      TrainingState state = new TrainingState(engine, TrainingOptions.builder().adamBeta1(0.01).build());
      assertThat(state.hostUpdate()).isTrue();
      double[] firstMoment = new double[12];
      for (int t = 0; t < firstMoment.length; t++) {
        float value = t == 0 ? 1e-12f : t == 1 ? 1e-16f : 0f;
        Map<String, INDArray> g = new LinkedHashMap<>();
        engine.parameters().forEach((k, v) -> g.put(k, Nd4j.valueArrayOf(v.shape(), value, DataType.FLOAT)));
        state.apply(g);
        firstMoment[t] = state.updaterState().getDouble(0);
      }
      // m = 0.99e-12 after step 1; the gradient 1e-16 of step 2 counts as 0; then m shrinks 100x
      // per step while it is at least 1e-30, and is 0 from there on
      for (int t = 0; t < firstMoment.length; t++) {
        double expected = 0.99e-12 * Math.pow(0.01, t);
        if (expected >= 1e-30) {
          assertThat(firstMoment[t]).as("m after step %d", t + 1)
              .isCloseTo(expected, org.assertj.core.data.Offset.offset(expected * 1e-5));
        } else {
          assertThat(firstMoment[t]).as("m after step %d", t + 1).isZero();
        }
      }
    }
  }
}
