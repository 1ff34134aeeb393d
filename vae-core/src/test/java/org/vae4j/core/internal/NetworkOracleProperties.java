package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelConfig.EncoderKind;
import org.vae4j.core.ModelConfig.Kind;
import org.vae4j.core.ModelConfig.LossKind;
import org.vae4j.core.internal.nn.Param;

/**
 * The product network ({@link Network}: the layers, the flat parameters, the workspace) against
 * the SameDiff oracle ({@link SameDiffOracle}), in double precision on random models — autoencoder,
 * VAE and conditional VAE; MLP (on {@code [C, H, W]} and on flat {@code [D]} inputs) and conv; BCE
 * and MSE; odd and even image sizes — and random batches, down to a batch of one: the encoder's
 * outputs, the decoded values, the per-example reconstruction loss, the loss parts and the
 * gradient of every parameter agree to 1e-9.
 */
class NetworkOracleProperties {

  private static final double TOLERANCE = 1e-9;

  /** A random config, from one integer. */
  static ModelConfig config(int code) {
    SplittableRandom r = new SplittableRandom(code);
    Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
    int l = r.nextInt(6);
    LossKind loss = l == 0 ? LossKind.MSE : l == 1 ? LossKind.LEARNED_VARIANCE_GAUSSIAN : LossKind.BCE;
    boolean conv = r.nextBoolean();
    int depth = conv ? 1 + r.nextInt(2) : r.nextInt(3);
    int[] sizes = new int[depth];
    for (int i = 0; i < depth; i++) {
      // widths >= 2: the oracle's matmul_bp fails on a [1, 1] x [1, 1] product (an ND4J
      // 1.0.0-M2.1 bug, "mulRowVector: wrong arguments"), which a width-1 layer and a batch of 1 make
      sizes[i] = conv ? 1 + r.nextInt(3) : 2 + r.nextInt(6);
    }
    long channels = conv ? 1 + r.nextInt(2) : 1;
    long height = (conv ? 3 : 2) + r.nextInt(5);
    long width = (conv ? 3 : 2) + r.nextInt(5);
    long[] shape = !conv && r.nextBoolean()
        ? new long[] {channels * height * width} : new long[] {channels, height, width};
    int latent = 1 + r.nextInt(3);
    double beta = kind == Kind.AUTOENCODER ? 0 : r.nextDouble(0.1, 4);
    return new ModelConfig(kind, conv ? EncoderKind.CONV : EncoderKind.MLP, conv ? null : sizes,
        conv ? sizes : null, conv ? 2 + r.nextInt(4) : 0, shape, latent, loss, beta, code,
        kind == Kind.CONDITIONAL_VAE ? 2 + r.nextInt(3) : 0);
  }

  /**
   * A random config of {@link #config(int)} with random layer options: for a conv encoder a kernel
   * in [1, 5] and a stride in [1, min(kernel, 3)] (combinations the input size cannot take are
   * drawn again), for both encoders ReLU or a LeakyReLU slope in [0.01, 0.5].
   */
  static ModelConfig configWithOptions(int code) {
    ModelConfig c = config(code);
    SplittableRandom r = new SplittableRandom(code * 31L + 7);
    for (int attempt = 0; ; attempt++) {
      boolean conv = c.encoder() == EncoderKind.CONV;
      int kernel = conv ? 1 + r.nextInt(5) : 3;
      int stride = conv ? 1 + r.nextInt(Math.min(kernel, 3)) : 2;
      double alpha = r.nextInt(4) == 0 ? 0 : r.nextDouble(0.01, 0.5);
      try {
        return new ModelConfig(c.kind(), c.encoder(), c.hidden(), c.channels(), c.denseUnits(),
            c.inputShape(), c.latentDim(), c.loss(), c.beta(), c.seed(), c.numClasses(),
            new ModelConfig.LayerOptions(kernel, stride, alpha));
      } catch (IllegalArgumentException e) {
        assertThat(e).hasMessageContaining("enc_conv");
        if (attempt > 50) {
          throw e;
        }
      }
    }
  }

  record Batch(INDArray x, INDArray labels, double[] eps) {
    INDArray epsArray(int latent) {
      return eps == null ? null : Nd4j.create(eps, new long[] {x.size(0), latent}, DataType.DOUBLE);
    }
  }

  static Batch batch(ModelConfig c, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] xv = new double[Math.toIntExact(n * c.inputSize())];
    for (int i = 0; i < xv.length; i++) {
      xv[i] = r.nextDouble();
    }
    long[] shape = new long[c.inputShape().length + 1];
    shape[0] = n;
    System.arraycopy(c.inputShape(), 0, shape, 1, shape.length - 1);
    INDArray x = Nd4j.create(xv, shape, DataType.DOUBLE);
    INDArray labels = null;
    if (c.kind() == Kind.CONDITIONAL_VAE) {
      int[] l = new int[n];
      for (int i = 0; i < n; i++) {
        l[i] = r.nextInt(c.numClasses());
      }
      labels = new InputChecks(c, DataType.DOUBLE).oneHot("labels", l, n);
    }
    double[] eps = c.isVariational() ? Noise.gaussian(r, n, c.latentDim()) : null;
    return new Batch(x, labels, eps);
  }

  /**
   * Moves zero biases to random values so that ReLUs are neither all dead nor on their kink, and
   * batch norm's scales (1) and shifts (0) to random values so that the check does not rest on them.
   */
  static void randomBiases(Network network, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (Param p : network.parameters().list()) {
      boolean bias = p.name().endsWith("_b") || p.name().endsWith("_beta");
      if (bias || p.name().endsWith("_gamma")) {
        INDArray b = p.value();
        for (long i = 0; i < b.length(); i++) {
          b.putScalar(i, bias ? r.nextDouble(-0.3, 0.5) : r.nextDouble(0.5, 1.5));
        }
      }
    }
  }

  /**
   * A random conv config of {@link #configWithOptions(int)}'s kind with batch norm (conv → BN →
   * activation in every conv block); MLP draws are drawn again.
   */
  static ModelConfig configWithBatchNorm(int code) {
    for (int c = code; ; c += 1_000_003) {
      ModelConfig config = configWithOptions(c);
      if (config.encoder() == EncoderKind.CONV) {
        return config.withBatchNorm(true);
      }
    }
  }

  /** Running statistics {@code [C]}: means in [-1, 1], variances in [0.05, 2]. */
  static void randomState(Network network, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (Param p : network.state().list()) {
      boolean var = p.name().endsWith("_runningVar");
      for (long i = 0; i < p.length(); i++) {
        p.value().putScalar(i, var ? r.nextDouble(0.05, 2) : r.nextDouble(-1, 1));
      }
    }
  }

  private static void assertClose(INDArray actual, INDArray expected, String what) {
    assertThat(actual.shape()).as("%s shape", what).isEqualTo(expected.shape());
    double scale = 1 + expected.amaxNumber().doubleValue();
    double diff = actual.sub(expected).amaxNumber().doubleValue();
    assertThat(diff).as("%s: max |network - oracle| (max |oracle| %s)", what, scale - 1)
        .isLessThan(TOLERANCE * scale);
  }

  private static void assertClose(double actual, double expected, String what) {
    assertThat(actual).as(what).isCloseTo(expected, Offset.offset(TOLERANCE * (1 + Math.abs(expected))));
  }

  /** Every output and gradient of {@code network} on {@code b} equals the oracle's. */
  static void assertAgrees(Network network, Batch b, double beta, String what) {
    ModelConfig c = network.config();
    try (SameDiffOracle oracle = new SameDiffOracle(c, DataType.DOUBLE, network.parameters())) {
      INDArray eps = b.epsArray(c.latentDim());
      SameDiffOracle.Step expected = oracle.lossAndGradients(b.x(), b.labels(), eps, beta);
      Map<String, INDArray> before = new java.util.LinkedHashMap<>();
      network.state().valuesByName().forEach((k, v) -> before.put(k, v.dup()));
      Network.Loss loss = network.lossAndGradient(b.x(), b.labels(), b.eps(), beta);
      assertClose(loss.total(), expected.total(), what + " total loss");
      assertThat(network.state().list().stream().map(Param::name).toList())
          .as("%s state order", what).isEqualTo(oracle.stateNames());
      if (!before.isEmpty()) {
        // the training step moved the running statistics by PyTorch's rule from the oracle's
        // batch statistics (the unbiased variance: M / (M - 1) times the biased)
        Map<String, INDArray> stats = oracle.batchStatistics(b.x(), b.labels(), eps, beta);
        for (ArchitecturePlan.Step s : bnSteps(network.plan())) {
          double m = b.x().size(0) * s.in()[1] * s.in()[2];
          INDArray mean = before.get(s.name() + "_runningMean").mul(0.9)
              .add(stats.get(s.name() + "_batchMean").mul(0.1));
          INDArray var = before.get(s.name() + "_runningVar").mul(0.9)
              .add(stats.get(s.name() + "_batchVar").mul(0.1 * m / (m - 1)));
          assertClose(network.state().get(s.name() + "_runningMean").value(), mean,
              what + " running mean of " + s.name());
          assertClose(network.state().get(s.name() + "_runningVar").value(), var,
              what + " running variance of " + s.name());
        }
        oracle.setState(network.state());
      }
      assertClose(loss.reconstruction(), expected.reconstruction(), what + " reconstruction");
      assertClose(loss.kl(), expected.kl(), what + " kl");
      assertThat(network.parameters().list().stream().map(Param::name).toList())
          .as("%s parameter order", what).isEqualTo(oracle.parameterNames());
      for (Param p : network.parameters().list()) {
        assertClose(p.gradient(), expected.gradients().get(p.name()), what + " gradient of " + p.name());
      }

      INDArray[] enc = network.encode(b.x(), b.labels());
      INDArray[] encExpected = oracle.encode(b.x(), b.labels());
      assertClose(enc[0], encExpected[0], what + " mean");
      if (c.isVariational()) {
        assertClose(enc[1], encExpected[1], what + " logVar");
      } else {
        assertThat(enc[1]).isNull();
      }
      INDArray z = enc[0].add(0.25);
      assertClose(network.decode(z, b.labels()), oracle.decode(z, b.labels()), what + " decode");
      assertClose(network.reconstructionLoss(b.x(), z, b.labels()),
          oracle.reconstructionGivenZ(b.x(), z, b.labels()), what + " reconstruction given z");
      if (!c.batchNorm()) {
        // (with batch norm the loss without gradients is an inference pass: running statistics)
        Network.Loss evaluated = network.loss(b.x(), b.labels(), b.eps(), beta);
        assertClose(evaluated.total(), expected.total(), what + " loss without gradients");
      }
    }
  }

  private static List<ArchitecturePlan.Step> bnSteps(ArchitecturePlan plan) {
    List<ArchitecturePlan.Step> all = new java.util.ArrayList<>(plan.encoder());
    all.addAll(plan.decoder());
    return all.stream().filter(s -> s.op() == ArchitecturePlan.Op.BATCH_NORM).toList();
  }

  /** Inference outputs of a batch-norm network with given running statistics equal the oracle's. */
  static void assertInferenceAgrees(Network network, Batch b, String what) {
    ModelConfig c = network.config();
    try (SameDiffOracle oracle = new SameDiffOracle(c, DataType.DOUBLE, network.parameters())) {
      oracle.setState(network.state());
      INDArray[] enc = network.encode(b.x(), b.labels());
      INDArray[] encExpected = oracle.encode(b.x(), b.labels());
      assertClose(enc[0], encExpected[0], what + " mean (running statistics)");
      if (c.isVariational()) {
        assertClose(enc[1], encExpected[1], what + " logVar (running statistics)");
      }
      INDArray z = enc[0].sub(0.5);
      assertClose(network.decode(z, b.labels()), oracle.decode(z, b.labels()),
          what + " decode (running statistics)");
      assertClose(network.reconstructionLoss(b.x(), z, b.labels()),
          oracle.reconstructionGivenZ(b.x(), z, b.labels()), what + " reconstruction given z"
              + " (running statistics)");
    }
  }

  @Test
  void batchNormNetworksEqualTheOracleInTrainingAndInference() {
    // Batches of 2 to 4 (a training batch needs more than one value per channel). The training
    // step (batch statistics, forward and backward, the running-statistics update) and then the
    // inference passes with the updated statistics; then inference with random running statistics.
    qt().withExamples(40).withShrinkCycles(0)
        .forAll(integers().between(1, 1_000_000), integers().between(2, 4))
        .checkAssert((code, n) -> {
          ModelConfig config = configWithBatchNorm(code);
          try (Network network = new Network(config, DataType.DOUBLE)) {
            randomBiases(network, code);
            Batch b = batch(config, n, code + 1L);
            assertAgrees(network, b, config.beta(), config + ", n = " + n);
            randomState(network, code + 2L);
            assertInferenceAgrees(network, batch(config, 1 + n % 3, code + 3L),
                config + ", random running statistics");
          }
        });
  }

  @Test
  void batchNormStartsAtTheIdentityScaleAndItsRunningStatisticsAtZeroAndOne() {
    ModelConfig config = configWithBatchNorm(17);
    try (Network network = new Network(config, DataType.FLOAT)) {
      assertThat(network.state().total()).isPositive();
      int gammas = 0;
      for (Param p : network.parameters().list()) {
        if (p.name().endsWith("_gamma") || p.name().endsWith("_beta")) {
          double want = p.name().endsWith("_gamma") ? 1 : 0;
          assertThat(p.value().minNumber().doubleValue()).as(p.name()).isEqualTo(want);
          assertThat(p.value().maxNumber().doubleValue()).as(p.name()).isEqualTo(want);
          gammas += p.name().endsWith("_gamma") ? 1 : 0;
        }
      }
      assertThat(gammas).as("one gamma per conv block").isEqualTo(2 * config.channels().length);
      for (Param p : network.state().list()) {
        double want = p.name().endsWith("_runningVar") ? 1 : 0;
        assertThat(p.value().minNumber().doubleValue()).as(p.name()).isEqualTo(want);
        assertThat(p.value().maxNumber().doubleValue()).as(p.name()).isEqualTo(want);
      }
    }
  }

  @Test
  void theNetworkEqualsTheOracleForRandomModelsAndBatches() {
    // Batches of 2 to 6 here: with one example SameDiff's own backward pass (the oracle, not the
    // network) fails for configs with a width-1 product ("matmul_bp ... NDArray::mulRowVector:
    // wrong arguments", DL4J-NOTES trap 10; seen for config code 163900, n = 1), so a random n = 1
    // made this property fail now and then. Single examples are checked below on a fixed sample.
    qt().withExamples(60).withShrinkCycles(0)
        .forAll(integers().between(1, 1_000_000), integers().between(2, 6))
        .checkAssert((code, n) -> agreesOn(code, n));
  }

  @Test
  void theNetworkEqualsTheOracleOnSingleExamplesOfAFixedSampleOfModels() {
    // a fixed seed: the same 30 configs every run, each one the oracle can differentiate at n = 1
    qt().withFixedSeed(20261207L).withExamples(30).withShrinkCycles(0)
        .forAll(integers().between(1, 1_000_000))
        .checkAssert(code -> agreesOn(code, 1));
  }

  private static void agreesOn(int code, int n) {
    ModelConfig config = config(code);
    try (Network network = new Network(config, DataType.DOUBLE)) {
      randomBiases(network, code);
      assertAgrees(network, batch(config, n, code + 1L), config.beta(), config + ", n = " + n);
    }
  }

  @Test
  void theNetworkEqualsTheOracleWithRandomKernelsStridesAndLeakyRelu() {
    // Batches of 2 to 4: with one example, SameDiff's own backward pass (the oracle, not the
    // network) fails for some of these configs ("matmul_bp ... NDArray::mulRowVector: wrong
    // arguments", seen for config code 425388, n = 1); single examples are checked with the
    // default layer options above.
    qt().withExamples(40).withShrinkCycles(0)
        .forAll(integers().between(1, 1_000_000), integers().between(2, 4))
        .checkAssert((code, n) -> {
          ModelConfig config = configWithOptions(code);
          try (Network network = new Network(config, DataType.DOUBLE)) {
            randomBiases(network, code);
            assertAgrees(network, batch(config, n, code + 1L), config.beta(), config + ", n = " + n);
          }
        });
  }

  @Test
  void modelZooShapedConvStacksOnOddAndEvenSizesEqualTheOracleAndReproduceTheInputSize() {
    long[][] shapes = {{3, 16, 16}, {3, 17, 13}, {2, 9, 11}};
    int[][] kernelStride = {{4, 2}, {5, 2}, {3, 1}, {4, 3}};
    int checked = 0;
    for (long[] shape : shapes) {
      for (int[] ks : kernelStride) {
        ModelConfig config;
        try {
          config = new ModelConfig(Kind.VAE, EncoderKind.CONV, null, new int[] {2, 3, 2}, 4, shape,
              2, LossKind.BCE, 1.0, 11, 0, new ModelConfig.LayerOptions(ks[0], ks[1], 0.2));
        } catch (IllegalArgumentException e) {
          // 4x4 stride 3 (padding 1 < stride - 1) cannot mirror every size: refused by name
          assertThat(ks).containsExactly(4, 3);
          assertThat(e).hasMessageContaining("enc_conv").hasMessageContaining("stride-3");
          continue;
        }
        try (Network network = new Network(config, DataType.DOUBLE)) {
          randomBiases(network, 5);
          Batch b = batch(config, 3, 9);
          assertAgrees(network, b, 1.0, config.toString());
          INDArray[] enc = network.encode(b.x(), null);
          assertThat(network.decode(enc[0], null).shape()).as("decoded shape of %s", config)
              .isEqualTo(new long[] {3, shape[0], shape[1], shape[2]});
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(9);
  }

  @Test
  void everyKindOfModelWithABatchOfOne() {
    int found = 0;
    boolean[] seen = new boolean[18];
    for (int code = 1; found < 18 && code < 10_000; code++) {
      ModelConfig c = config(code);
      int loss = c.loss().equals(LossKind.BCE) ? 0 : c.loss().equals(LossKind.MSE) ? 1 : 2;
      int key = c.kind().ordinal() * 6 + c.encoder().ordinal() * 3 + loss;
      if (!seen[key]) {
        seen[key] = true;
        found++;
        try (Network network = new Network(c, DataType.DOUBLE)) {
          randomBiases(network, code);
          assertAgrees(network, batch(c, 1, code), 1.0, "n = 1, " + c);
        }
      }
    }
    assertThat(found).as("kinds x encoders x losses covered").isEqualTo(18);
  }

  @Test
  void workArraysDoNotLeakBetweenBatchSizes() {
    ModelConfig config = config(7);
    try (Network network = new Network(config, DataType.DOUBLE)) {
      randomBiases(network, 7);
      Batch three = batch(config, 3, 1);
      Batch five = batch(config, 5, 2);
      network.lossAndGradient(three.x(), three.labels(), three.eps(), 1.0);
      network.lossAndGradient(five.x(), five.labels(), five.eps(), 1.0);
      assertAgrees(network, batch(config, 3, 3), 1.0, "after batches of 3 and 5");
    }
  }

  @Test
  void theSeedModelsInFloatMatchTheOracleToFloatPrecision() {
    for (ModelConfig config : new ModelConfig[] {
        new ModelConfig(Kind.VAE, EncoderKind.MLP, new int[] {256}, null, 0, new long[] {1, 28, 28},
            2, LossKind.BCE, 1.0, 42, 0),
        new ModelConfig(Kind.VAE, EncoderKind.CONV, null, new int[] {32, 64}, 16,
            new long[] {1, 28, 28}, 2, LossKind.BCE, 1.0, 42, 0)}) {
      try (Network network = new Network(config, DataType.FLOAT);
          SameDiffOracle oracle = new SameDiffOracle(config, DataType.FLOAT, network.parameters())) {
        SplittableRandom r = new SplittableRandom(3);
        float[] xv = new float[32 * 784];
        for (int i = 0; i < xv.length; i++) {
          xv[i] = r.nextInt(3) == 0 ? (float) r.nextDouble() : 0f;
        }
        INDArray x = Nd4j.create(xv, new long[] {32, 1, 28, 28}, 'c');
        double[] eps = Noise.gaussian(r, 32, 2);
        float[] epsF = new float[eps.length];
        for (int i = 0; i < eps.length; i++) {
          epsF[i] = (float) eps[i];
          eps[i] = epsF[i];
        }
        SameDiffOracle.Step expected = oracle.lossAndGradients(x, null,
            Nd4j.create(epsF, new long[] {32, 2}, 'c'), 1.0);
        Network.Loss loss = network.lossAndGradient(x, null, eps, 1.0);
        assertThat(loss.total() / expected.total()).isCloseTo(1.0, Offset.offset(1e-5));
        for (Param p : network.parameters().list()) {
          INDArray g = expected.gradients().get(p.name());
          double diff = p.gradient().sub(g).norm2Number().doubleValue();
          assertThat(diff / g.norm2Number().doubleValue()).as("relative error of %s", p.name())
              .isLessThan(1e-4);
        }
      }
    }
  }
}
