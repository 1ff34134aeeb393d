package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.internal.nn.Initialization;
import org.vae4j.core.internal.nn.Param;
import org.vae4j.core.ModelConfig.EncoderKind;
import org.vae4j.core.ModelConfig.Kind;
import org.vae4j.core.ModelConfig.LossKind;

/**
 * Every parameter's initial distribution ({@link Initialization}): weights U(-b, b) with b = sqrt(6/fanIn)
 * (He) for a layer followed by a ReLU and b = 1/sqrt(fanIn) for the posterior heads and the output
 * layer; biases 0. fanIn is the input width of a dense layer, and input channels × 9 for a 3×3
 * convolution and for a 3×3 transposed convolution alike. The expected bounds are written out per
 * model from the architecture, not computed by the code under test.
 */
class InitializationTest {

  /** He-uniform bound of a layer followed by a ReLU. */
  static double relu(long fanIn) {
    return Math.sqrt(6.0 / fanIn);
  }

  /** The bound of a layer with a linear output. */
  static double linear(long fanIn) {
    return 1 / Math.sqrt(fanIn);
  }

  static Stream<Arguments> models() {
    // The benchmark's seed conv VAE: Vae.builder().convEncoder().latentDim(2).bceLoss().
    Map<String, Double> seed = new LinkedHashMap<>();
    seed.put("enc_conv0_W", relu(1L * 9));
    seed.put("enc_conv1_W", relu(32L * 9));
    seed.put("enc_dense_W", relu(64L * 7 * 7));
    seed.put("enc_mean_W", linear(16L));
    seed.put("enc_logVar_W", linear(16L));
    seed.put("dec_dense_W", relu(2L));
    seed.put("dec_deconv0_W", relu(64L * 9));
    seed.put("dec_deconv1_W", relu(64L * 9)); // 64 -> 32 channels: input channels, not 32
    seed.put("dec_out_W", linear(32L * 9));
    ModelConfig seedConfig = new ModelConfig(Kind.VAE, EncoderKind.CONV, null, new int[] {32, 64},
        16, new long[] {1, 28, 28}, 2, LossKind.BCE, 1.0, 42, 0);

    // A conditional conv VAE with channels 2 -> 4 -> 6 -> 8 (sizes 16 -> 8 -> 4 -> 2) and back.
    Map<String, Double> cond = new LinkedHashMap<>();
    cond.put("enc_conv0_W", relu(2L * 9));
    cond.put("enc_conv1_W", relu(4L * 9));
    cond.put("enc_conv2_W", relu(6L * 9));
    cond.put("enc_dense_W", relu(8L * 2 * 2 + 3)); // flattened features and the one-hot label
    cond.put("enc_mean_W", linear(10L));
    cond.put("enc_logVar_W", linear(10L));
    cond.put("dec_dense_W", relu(3L + 3)); // z and the one-hot label
    cond.put("dec_deconv0_W", relu(8L * 9)); // 8 -> 8 channels
    cond.put("dec_deconv1_W", relu(8L * 9)); // 8 -> 6
    cond.put("dec_deconv2_W", relu(6L * 9)); // 6 -> 4
    cond.put("dec_out_W", linear(4L * 9));
    ModelConfig condConfig = new ModelConfig(Kind.CONDITIONAL_VAE, EncoderKind.CONV, null,
        new int[] {4, 6, 8}, 10, new long[] {2, 16, 16}, 3, LossKind.BCE, 1.0, 7, 3);

    // An MLP VAE.
    Map<String, Double> mlp = new LinkedHashMap<>();
    mlp.put("enc_dense0_W", relu(24L));
    mlp.put("enc_dense1_W", relu(30L));
    mlp.put("enc_mean_W", linear(20L));
    mlp.put("enc_logVar_W", linear(20L));
    mlp.put("dec_dense1_W", relu(3L));
    mlp.put("dec_dense0_W", relu(20L));
    mlp.put("dec_out_W", linear(30L));
    ModelConfig mlpConfig = new ModelConfig(Kind.VAE, EncoderKind.MLP, new int[] {30, 20}, null, 0,
        new long[] {24}, 3, LossKind.BCE, 1.0, 3, 0);

    return Stream.of(Arguments.of("seed conv VAE", seedConfig, seed),
        Arguments.of("conditional conv VAE", condConfig, cond),
        Arguments.of("MLP VAE", mlpConfig, mlp));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void weightsAreHeUniformBeforeAReluAndOneOverRootFanInElseAndBiasesAreZero(String name,
      ModelConfig config, Map<String, Double> bounds) {
    try (Network network = new Network(config, DataType.FLOAT)) {
      check(network, bounds);
    }
  }

  private static void check(Network network, Map<String, Double> bounds) {
    // Every parameter is a weight listed above or its bias: nothing escapes the check.
    Map<String, Double> expectedNames = new LinkedHashMap<>();
    for (String w : bounds.keySet()) {
      expectedNames.put(w, 0.0);
      expectedNames.put(w.substring(0, w.length() - 2) + "_b", 0.0);
    }
    List<String> names = network.parameters().list().stream().map(Param::name).toList();
    assertThat(names).containsExactlyInAnyOrderElementsOf(expectedNames.keySet());

    for (String p : names) {
      INDArray a = network.parameters().get(p).value();
      double maxAbs = a.amaxNumber().doubleValue();
      if (p.endsWith("_b")) {
        assertThat(maxAbs).as("bias %s", p).isZero();
        continue;
      }
      long n = a.length();
      double bound = bounds.get(p);
      assertThat(maxAbs).as("%s: max |w| within %s", p, bound)
          .isLessThanOrEqualTo(bound * (1 + 1e-6));
      // For n draws of U(-b, b), P(max |w| < b (1 - t)) = (1 - t)^n < exp(-t n): with t = 10 / n
      // below e^-10, so a smaller bound (a larger fan-in, or 1/sqrt(fanIn) for a ReLU layer) fails.
      assertThat(maxAbs).as("%s: max |w| reaches %s", p, bound)
          .isGreaterThan(bound * (1 - Math.min(0.9, 10.0 / n)));
      // Symmetric around 0: the mean is within 6 standard errors (sd of U(-b, b) is b / sqrt(3)).
      double mean = a.meanNumber().doubleValue();
      assertThat(Math.abs(mean)).as("%s: mean", p).isLessThan(6 * bound / Math.sqrt(3 * n));
    }
  }

  @Test
  void aFanInBelowOneIsRejectedNamingIt() {
    assertThatThrownBy(() -> Initialization.weightBound(0, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("fanIn must be >= 1, got 0");
  }
}
