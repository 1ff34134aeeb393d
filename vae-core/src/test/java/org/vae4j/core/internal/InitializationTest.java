package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.internal.nn.Param;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelConfig.EncoderKind;
import org.vae4j.core.ModelConfig.Kind;
import org.vae4j.core.ModelConfig.LossKind;

/**
 * Every parameter's initial distribution: weights U(-1/sqrt(fanIn), 1/sqrt(fanIn)) and biases 0,
 * with fanIn as the libtorch peer benchmark computes it for the same models (DJL's {@code
 * XavierInitializer(UNIFORM, IN, 1)}): the input width of a dense layer, and input channels × 9 for
 * a 3×3 convolution and for a 3×3 transposed convolution alike.
 * The expected fan-ins are written out per model from the architecture, not computed by the code
 * under test.
 */
class InitializationTest {

  static Stream<Arguments> models() {
    // The benchmark's seed conv VAE: Vae.builder().convEncoder().latentDim(2).bceLoss().
    Map<String, Long> seed = new LinkedHashMap<>();
    seed.put("enc_conv0_W", 1L * 9);
    seed.put("enc_conv1_W", 32L * 9);
    seed.put("enc_dense_W", 64L * 7 * 7);
    seed.put("enc_mean_W", 16L);
    seed.put("enc_logVar_W", 16L);
    seed.put("dec_dense_W", 2L);
    seed.put("dec_deconv0_W", 64L * 9);
    seed.put("dec_deconv1_W", 64L * 9); // 64 -> 32 channels: input channels (PyTorch would use 32)
    seed.put("dec_out_W", 32L * 9);
    ModelConfig seedConfig = new ModelConfig(Kind.VAE, EncoderKind.CONV, null, new int[] {32, 64},
        16, new long[] {1, 28, 28}, 2, LossKind.BCE, 1.0, 42, 0);

    // A conditional conv VAE with channels 2 -> 4 -> 6 -> 8 (sizes 16 -> 8 -> 4 -> 2) and back.
    Map<String, Long> cond = new LinkedHashMap<>();
    cond.put("enc_conv0_W", 2L * 9);
    cond.put("enc_conv1_W", 4L * 9);
    cond.put("enc_conv2_W", 6L * 9);
    cond.put("enc_dense_W", 8L * 2 * 2 + 3); // flattened features and the one-hot label
    cond.put("enc_mean_W", 10L);
    cond.put("enc_logVar_W", 10L);
    cond.put("dec_dense_W", 3L + 3); // z and the one-hot label
    cond.put("dec_deconv0_W", 8L * 9); // 8 -> 8 channels
    cond.put("dec_deconv1_W", 8L * 9); // 8 -> 6
    cond.put("dec_deconv2_W", 6L * 9); // 6 -> 4
    cond.put("dec_out_W", 4L * 9);
    ModelConfig condConfig = new ModelConfig(Kind.CONDITIONAL_VAE, EncoderKind.CONV, null,
        new int[] {4, 6, 8}, 10, new long[] {2, 16, 16}, 3, LossKind.BCE, 1.0, 7, 3);

    // An MLP VAE.
    Map<String, Long> mlp = new LinkedHashMap<>();
    mlp.put("enc_dense0_W", 24L);
    mlp.put("enc_dense1_W", 30L);
    mlp.put("enc_mean_W", 20L);
    mlp.put("enc_logVar_W", 20L);
    mlp.put("dec_dense1_W", 3L);
    mlp.put("dec_dense0_W", 20L);
    mlp.put("dec_out_W", 30L);
    ModelConfig mlpConfig = new ModelConfig(Kind.VAE, EncoderKind.MLP, new int[] {30, 20}, null, 0,
        new long[] {24}, 3, LossKind.BCE, 1.0, 3, 0);

    return Stream.of(Arguments.of("seed conv VAE", seedConfig, seed),
        Arguments.of("conditional conv VAE", condConfig, cond),
        Arguments.of("MLP VAE", mlpConfig, mlp));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void weightsAreUniformWithinOneOverRootFanInAndBiasesAreZero(String name, ModelConfig config,
      Map<String, Long> fanIns) {
    try (Network network = new Network(config, DataType.FLOAT)) {
      check(network, fanIns);
    }
  }

  private static void check(Network network, Map<String, Long> fanIns) {
    // Every parameter is a weight listed above or its bias: nothing escapes the check.
    Map<String, Long> expectedNames = new LinkedHashMap<>();
    for (String w : fanIns.keySet()) {
      expectedNames.put(w, 0L);
      expectedNames.put(w.substring(0, w.length() - 2) + "_b", 0L);
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
      double bound = 1 / Math.sqrt(fanIns.get(p));
      assertThat(maxAbs).as("%s: max |w| within 1/sqrt(%d)", p, fanIns.get(p))
          .isLessThanOrEqualTo(bound * (1 + 1e-6));
      // For n draws of U(-b, b), P(max |w| < b (1 - t)) = (1 - t)^n < exp(-t n): with t = 10 / n
      // below e^-10, so a smaller bound (a larger fan-in than expected) fails here.
      assertThat(maxAbs).as("%s: max |w| reaches 1/sqrt(%d)", p, fanIns.get(p))
          .isGreaterThan(bound * (1 - Math.min(0.9, 10.0 / n)));
      // Symmetric around 0: the mean is within 6 standard errors (sd of U(-b, b) is b / sqrt(3)).
      double mean = a.meanNumber().doubleValue();
      assertThat(Math.abs(mean)).as("%s: mean", p).isLessThan(6 * bound / Math.sqrt(3 * n));
    }
  }
}
