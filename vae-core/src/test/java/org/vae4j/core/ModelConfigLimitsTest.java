package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The size limits of {@link ModelConfig}: each names the field, the value and the limit. */
class ModelConfigLimitsTest {

  private static ModelConfig mlp(int[] hidden, long[] shape, int latent) {
    return new ModelConfig(ModelConfig.Kind.VAE, ModelConfig.EncoderKind.MLP, hidden, new int[0],
        0, shape, latent, ModelConfig.LossKind.BCE, 1, 0, 0);
  }

  @Test
  void rejectsAHugeLatentDim() {
    assertThatThrownBy(() -> mlp(new int[] {16}, new long[] {784}, Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latentDim must be <= 65536, got 2147483647");
  }

  @Test
  void rejectsAHugeInput() {
    assertThatThrownBy(() -> mlp(new int[] {16}, new long[] {1_000_000_000L}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputShape must hold at most 16777216 values per example, got [1000000000]");
    assertThatThrownBy(() -> mlp(new int[] {16}, new long[] {3, Long.MAX_VALUE, Long.MAX_VALUE}, 2))
        .hasMessageStartingWith("inputShape must hold at most 16777216 values per example, got [3, ");
    assertThatThrownBy(() -> mlp(new int[] {16}, new long[] {3, 1 << 20, 1 << 20}, 2))
        .hasMessageStartingWith("inputShape must hold at most 16777216 values per example");
  }

  @Test
  void rejectsTooWideAndTooDeepLayers() {
    assertThatThrownBy(() -> mlp(new int[] {16, Integer.MAX_VALUE}, new long[] {784}, 2))
        .hasMessage("hidden layer sizes must be in [1, 1048576], got [16, 2147483647]");
    assertThatThrownBy(() -> mlp(new int[101], new long[] {784}, 2))
        .hasMessage("hidden must have at most 100 layers, got 101");
    assertThatThrownBy(() -> Vae.builder().convEncoder(8, 1 << 21).build())
        .hasMessage("channels must be in [1, 1048576], got [8, 2097152]");
    assertThatThrownBy(() -> Vae.builder().convEncoder(8).denseUnits(Integer.MAX_VALUE).build())
        .hasMessage("denseUnits must be <= 1048576, got 2147483647");
  }

  @Test
  void rejectsTooManyParametersBeforeAllocatingThem() {
    assertThatThrownBy(() -> Vae.builder().mlpEncoder(12000, 12000).inputShape(784).latentDim(2)
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter count must be <= 100000000 (raise it with -Dvae4j.maxParameters=N), "
            + "got 306936788 for MLP encoder [12000, 12000], inputShape [784], latentDim 2");
  }

  @Test
  void countsThatOverflowALongAreRefusedAsSuch() {
    // conv: flat width 2^20 channels x 4096 x 4096 / 4 ... times denseUnits overflows a long
    assertThatThrownBy(() -> new ModelConfig(ModelConfig.Kind.VAE, ModelConfig.EncoderKind.CONV,
        new int[0], new int[] {1 << 20}, 1 << 20, new long[] {1, 4096, 4096}, 2,
        ModelConfig.LossKind.BCE, 1, 0, 0))
        .hasMessageStartingWith("parameter count must be <= 100000000 (raise it with "
            + "-Dvae4j.maxParameters=N), got ");
  }

  @Test
  void theLimitIsASystemPropertyReadAtEachValidation() {
    String before = System.getProperty(ModelConfig.MAX_PARAMETERS_PROPERTY);
    try {
      System.setProperty(ModelConfig.MAX_PARAMETERS_PROPERTY, "1000");
      assertThat(ModelConfig.maxParameters()).isEqualTo(1000);
      assertThatThrownBy(() -> mlp(new int[] {32}, new long[] {64}, 2))
          .hasMessageStartingWith("parameter count must be <= 1000 ");
      ModelConfig small = mlp(new int[] {4}, new long[] {16}, 2);
      assertThat(small.parameterCount()).isLessThanOrEqualTo(1000);
      System.setProperty(ModelConfig.MAX_PARAMETERS_PROPERTY, "400000000");
      assertThat(mlp(new int[] {12000, 12000}, new long[] {784}, 2).parameterCount())
          .isEqualTo(306_936_788L);
      System.setProperty(ModelConfig.MAX_PARAMETERS_PROPERTY, "lots");
      assertThatThrownBy(() -> mlp(new int[] {4}, new long[] {16}, 2))
          .hasMessage("system property vae4j.maxParameters must be a whole number >= 1, got 'lots'");
    } finally {
      if (before == null) {
        System.clearProperty(ModelConfig.MAX_PARAMETERS_PROPERTY);
      } else {
        System.setProperty(ModelConfig.MAX_PARAMETERS_PROPERTY, before);
      }
    }
    assertThat(ModelConfig.maxParameters()).isEqualTo(ModelConfig.DEFAULT_MAX_PARAMETERS);
  }

  @Test
  void aHostileConfigJsonIsRefusedNamingTheField() {
    String json = mlp(new int[] {16}, new long[] {784}, 2).toJson()
        .replace("\"latentDim\" : 2", "\"latentDim\" : 2147483647");
    assertThatThrownBy(() -> ModelConfig.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latentDim must be <= 65536, got 2147483647");
  }
}
