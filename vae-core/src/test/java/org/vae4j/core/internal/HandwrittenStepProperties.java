package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelConfig.EncoderKind;
import org.vae4j.core.ModelConfig.Kind;
import org.vae4j.core.ModelConfig.LossKind;

/**
 * The hand-written steps ({@link DenseStep}, {@link ConvStep}: what {@link
 * ModelEngine#lossAndGradients} runs) against the SameDiff graph ({@link
 * ModelEngine#graphLossAndGradients}), the independent implementation of the same loss: random
 * model kinds, encoders, losses, depths, widths, channels, image sizes (odd and even, so the
 * transposed convolutions' crops differ), latent sizes, batch sizes, inputs, noise and beta, in
 * double precision. {@code GradientCheckTest} checks the same steps against finite differences.
 */
class HandwrittenStepProperties {

  private static final double TOLERANCE = 1e-9;

  /** A random MLP or conv config, from one integer. */
  private static ModelConfig config(int code) {
    SplittableRandom r = new SplittableRandom(code);
    Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
    LossKind loss = r.nextInt(4) == 0 ? LossKind.MSE : LossKind.BCE;
    boolean conv = r.nextBoolean();
    int depth = conv ? 1 + r.nextInt(2) : r.nextInt(3);
    int[] sizes = new int[depth];
    for (int i = 0; i < depth; i++) {
      // widths >= 2: the graph's matmul_bp fails on a [1, 1] x [1, 1] product (an ND4J 1.0.0-M2.1
      // bug, "mulRowVector: wrong arguments"), which a width-1 layer and a batch of 1 produce
      sizes[i] = conv ? 1 + r.nextInt(3) : 2 + r.nextInt(6);
    }
    long channels = conv ? 1 + r.nextInt(2) : 1;
    long height = (conv ? 3 : 2) + r.nextInt(5);
    long width = (conv ? 3 : 2) + r.nextInt(5);
    int latent = 1 + r.nextInt(3);
    double beta = kind == Kind.AUTOENCODER ? 0 : r.nextDouble(0.1, 4);
    return new ModelConfig(kind, conv ? EncoderKind.CONV : EncoderKind.MLP, conv ? null : sizes,
        conv ? sizes : null, conv ? 2 + r.nextInt(4) : 0, new long[] {channels, height, width},
        latent, loss, beta, code, kind == Kind.CONDITIONAL_VAE ? 2 + r.nextInt(3) : 0);
  }

  private record Batch(INDArray x, INDArray labels, INDArray eps) {}

  private static Batch batch(ModelEngine engine, int n, long seed) {
    ModelConfig c = engine.config();
    SplittableRandom r = new SplittableRandom(seed);
    double[] xv = new double[Math.toIntExact(n * c.inputSize())];
    for (int i = 0; i < xv.length; i++) {
      xv[i] = r.nextDouble();
    }
    long[] shape = c.inputShape();
    INDArray x = Nd4j.create(xv, new long[] {n, shape[0], shape[1], shape[2]}, DataType.DOUBLE);
    INDArray labels = null;
    if (c.kind() == Kind.CONDITIONAL_VAE) {
      int[] l = new int[n];
      for (int i = 0; i < n; i++) {
        l[i] = r.nextInt(c.numClasses());
      }
      labels = engine.oneHot("labels", l, n);
    }
    INDArray eps = ModelEngine.gaussian(r, n, c.latentDim(), DataType.DOUBLE);
    return new Batch(x, labels, eps);
  }

  /** Moves zero biases to random values so that ReLUs are neither all dead nor on their kink. */
  private static void randomBiases(ModelEngine engine, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (Map.Entry<String, INDArray> e : engine.parameters().entrySet()) {
      if (e.getKey().endsWith("_b")) {
        INDArray b = e.getValue();
        for (long i = 0; i < b.length(); i++) {
          b.putScalar(i, r.nextDouble(-0.3, 0.5));
        }
      }
    }
  }

  private static void assertSameStep(ModelEngine engine, ModelEngine.Step fast, ModelEngine.Step graph,
      String what) {
    assertThat(fast.loss().total()).as("%s total loss", what)
        .isCloseTo(graph.loss().total(), org.assertj.core.data.Offset.offset(TOLERANCE * (1 + Math.abs(graph.loss().total()))));
    assertThat(fast.loss().reconstruction()).as("%s reconstruction", what)
        .isCloseTo(graph.loss().reconstruction(), org.assertj.core.data.Offset.offset(TOLERANCE * (1 + Math.abs(graph.loss().reconstruction()))));
    assertThat(fast.loss().kl()).as("%s kl", what)
        .isCloseTo(graph.loss().kl(), org.assertj.core.data.Offset.offset(TOLERANCE * (1 + Math.abs(graph.loss().kl()))));
    assertThat(fast.gradients().keySet()).as("%s parameters", what)
        .containsExactlyInAnyOrderElementsOf(engine.parameterNames());
    for (String name : engine.parameterNames()) {
      INDArray f = fast.gradients().get(name);
      INDArray g = graph.gradients().get(name);
      assertThat(f.shape()).as("%s shape of %s", what, name).isEqualTo(g.shape());
      double scale = 1 + g.amaxNumber().doubleValue();
      double diff = f.sub(g).amaxNumber().doubleValue();
      assertThat(diff).as("%s gradient of %s: max |fast - graph| (max |graph| %s)", what, name, scale - 1)
          .isLessThan(TOLERANCE * scale);
    }
  }

  @Test
  void theHandWrittenStepEqualsTheGraphForRandomModelsAndBatches() {
    qt().withExamples(60).withShrinkCycles(0)
        // batches of 2 or more: with a batch of 1, layers of width 1 make [1, 1] x [1, 1] products,
        // on which the graph's matmul_bp fails (see config); batchOfOne covers n = 1
        .forAll(integers().between(1, 1_000_000), integers().between(2, 6))
        .checkAssert((code, n) -> {
          ModelConfig config = config(code);
          try (ModelEngine engine = new ModelEngine(config, DataType.DOUBLE)) {
            randomBiases(engine, code);
            Batch b = batch(engine, n, code + 1L);
            double beta = config.beta();
            ModelEngine.Step graph = engine.graphLossAndGradients(b.x(), b.labels(), b.eps(), beta);
            ModelEngine.Step fast = engine.lossAndGradients(b.x(), b.labels(), b.eps(), beta);
            assertSameStep(engine, fast, graph, config.toString());
          }
        });
  }

  @Test
  void batchOfOne() {
    for (int code : new int[] {3, 4, 10, 11}) {
      ModelConfig config = config(code);
      try (ModelEngine engine = new ModelEngine(config, DataType.DOUBLE)) {
        randomBiases(engine, code);
        Batch b = batch(engine, 1, code);
        ModelEngine.Step graph = engine.graphLossAndGradients(b.x(), b.labels(), b.eps(), 1.0);
        ModelEngine.Step fast = engine.lossAndGradients(b.x(), b.labels(), b.eps(), 1.0);
        assertSameStep(engine, fast, graph, "n = 1, " + config);
      }
    }
  }

  @Test
  void reusedBuffersDoNotLeakBetweenBatchSizes() {
    ModelConfig config = config(7);
    try (ModelEngine engine = new ModelEngine(config, DataType.DOUBLE)) {
      randomBiases(engine, 7);
      Batch three = batch(engine, 3, 1);
      Batch five = batch(engine, 5, 2);
      Batch otherThree = batch(engine, 3, 3);
      engine.lossAndGradients(three.x(), three.labels(), three.eps(), 1.0);
      engine.lossAndGradients(five.x(), five.labels(), five.eps(), 1.0);
      ModelEngine.Step fast = engine.lossAndGradients(otherThree.x(), otherThree.labels(), otherThree.eps(), 1.0);
      ModelEngine.Step graph = engine.graphLossAndGradients(otherThree.x(), otherThree.labels(), otherThree.eps(), 1.0);
      assertSameStep(engine, fast, graph, "third call");
    }
  }

  @Test
  void theSeedMlpVaeInFloatMatchesTheGraphToFloatPrecision() {
    assertFloatStepMatchesGraph(new ModelConfig(Kind.VAE, EncoderKind.MLP, new int[] {256}, null, 0,
        new long[] {1, 28, 28}, 2, LossKind.BCE, 1.0, 42, 0));
  }

  @Test
  void theSeedConvVaeInFloatMatchesTheGraphToFloatPrecision() {
    assertFloatStepMatchesGraph(new ModelConfig(Kind.VAE, EncoderKind.CONV, null, new int[] {32, 64},
        16, new long[] {1, 28, 28}, 2, LossKind.BCE, 1.0, 42, 0));
  }

  private static void assertFloatStepMatchesGraph(ModelConfig config) {
    try (ModelEngine engine = new ModelEngine(config, DataType.FLOAT)) {
      SplittableRandom r = new SplittableRandom(3);
      float[] xv = new float[32 * 784];
      for (int i = 0; i < xv.length; i++) {
        xv[i] = r.nextInt(3) == 0 ? (float) r.nextDouble() : 0f;
      }
      INDArray x = Nd4j.create(xv, new long[] {32, 1, 28, 28}, 'c');
      INDArray eps = ModelEngine.gaussian(r, 32, 2, DataType.FLOAT);
      ModelEngine.Step graph = engine.graphLossAndGradients(x, null, eps, 1.0);
      ModelEngine.Step fast = engine.lossAndGradients(x, null, eps, 1.0);
      assertThat(fast.loss().total() / graph.loss().total()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
      for (String name : engine.parameterNames()) {
        INDArray g = graph.gradients().get(name);
        double diff = fast.gradients().get(name).sub(g).norm2Number().doubleValue();
        assertThat(diff / g.norm2Number().doubleValue()).as("relative error of %s", name).isLessThan(1e-4);
      }
    }
  }
}
