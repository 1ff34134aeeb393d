package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.vae4j.core.ModelConfig;

/**
 * {@link ModelConfig#parameterCount()}, a pure function of the config, equals what the engine
 * allocates, for random configs of every kind, both encoders and odd and even image sizes.
 */
class ParameterCountProperties {

  /** A random valid config drawn from {@code seed}. */
  static ModelConfig randomConfig(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    ModelConfig.Kind kind = ModelConfig.Kind.values()[r.nextInt(3)];
    boolean conv = r.nextBoolean();
    int latent = 1 + r.nextInt(6);
    int classes = kind == ModelConfig.Kind.CONDITIONAL_VAE ? 2 + r.nextInt(4) : 0;
    double beta = kind == ModelConfig.Kind.AUTOENCODER ? 0 : 1;
    // TABLE needs a table's columns (TableModelLearningTest covers it)
    ModelConfig.LossKind[] losses = java.util.Arrays.stream(ModelConfig.LossKind.values())
        .filter(l -> !l.equals(ModelConfig.LossKind.TABLE)).toArray(ModelConfig.LossKind[]::new);
    ModelConfig.LossKind loss = losses[r.nextInt(losses.length)];
    if (conv) {
      int[] channels = new int[1 + r.nextInt(3)];
      for (int i = 0; i < channels.length; i++) {
        channels[i] = 1 + r.nextInt(5);
      }
      long[] shape = {1 + r.nextInt(3), 1 + r.nextInt(11), 1 + r.nextInt(11)};
      return new ModelConfig(kind, ModelConfig.EncoderKind.CONV, new int[0], channels,
          1 + r.nextInt(7), shape, latent, loss, beta, seed, classes);
    }
    int[] hidden = new int[r.nextInt(4)];
    for (int i = 0; i < hidden.length; i++) {
      hidden[i] = 1 + r.nextInt(9);
    }
    long[] shape = r.nextBoolean() ? new long[] {1 + r.nextInt(30)}
        : new long[] {1 + r.nextInt(2), 1 + r.nextInt(5), 1 + r.nextInt(5)};
    return new ModelConfig(kind, ModelConfig.EncoderKind.MLP, hidden, new int[0], 0, shape,
        latent, loss, beta, seed, classes);
  }

  @Test
  void parameterCountIsWhatTheNetworkAllocates() {
    qt().withExamples(80).withShrinkCycles(0)
        .forAll(longs().between(1, Long.MAX_VALUE / 2))
        .checkAssert(seed -> {
          ModelConfig c = randomConfig(seed);
          try (Network network = new Network(c, DataType.FLOAT)) {
            assertThat(c.parameterCount()).as("%s", c).isEqualTo(network.parameters().total());
          }
        });
  }

  @Test
  void parameterCountOfTheSeedModelsIsKnown() {
    // 784-512-256-2 MLP VAE: 784*512+512 + 512*256+256 + 2*(256*2+2) + 2*256+256 + 256*512+512
    // + 512*784+784
    ModelConfig mlp = new ModelConfig(ModelConfig.Kind.VAE, ModelConfig.EncoderKind.MLP,
        new int[] {512, 256}, new int[0], 0, new long[] {784}, 2, ModelConfig.LossKind.BCE, 1, 0, 0);
    assertThat(mlp.parameterCount()).isEqualTo(
        784L * 512 + 512 + 512 * 256 + 256 + 2 * (256 * 2 + 2) + 2 * 256 + 256 + 256 * 512 + 512
            + 512 * 784 + 784);
  }

  @Test
  void wideLayersCountWithoutOverflow() {
    qt().withExamples(40)
        .forAll(integers().between(1, ModelConfig.MAX_WIDTH), integers().between(1, 64))
        .checkAssert((width, latent) -> {
          ModelConfig c;
          try {
            c = new ModelConfig(ModelConfig.Kind.AUTOENCODER, ModelConfig.EncoderKind.MLP,
                new int[] {width}, new int[0], 0, new long[] {10}, latent,
                ModelConfig.LossKind.MSE, 0, 0, 0);
          } catch (IllegalArgumentException tooMany) {
            assertThat(tooMany).hasMessageStartingWith("parameter count must be <= ");
            return;
          }
          long expected = (10L * width + width) + (width * (long) latent + latent)
              + (latent * (long) width + width) + (width * 10L + 10);
          assertThat(c.parameterCount()).isEqualTo(expected);
        });
  }
}
