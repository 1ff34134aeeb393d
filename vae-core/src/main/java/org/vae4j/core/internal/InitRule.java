package org.vae4j.core.internal;

/**
 * The initialisation rule of every parameter a model creates, per layer, in one place.
 *
 * <p>Weights are drawn from U(−b, b) and biases start at 0, where b depends on the layer's fan-in
 * (the input width of a dense layer, labels included for a conditional model; input channels × 9
 * for a 3×3 convolution and for a 3×3 transposed convolution alike) and on what its output goes
 * through next:
 *
 * <ul>
 *   <li>a layer followed by a ReLU (hidden dense layers, convolutions and transposed convolutions
 *       of the encoder and decoder): He et al. (2015), b = √(6 / fan_in), i.e. variance 2 / fan_in,
 *       which keeps the scale of the signal through ReLU layers;
 *   <li>a layer with a linear output (the posterior heads {@code mean} and {@code logVar}, and the
 *       decoder's output layer): b = 1 / √fan_in, i.e. variance 1 / (3 fan_in), PyTorch's default
 *       and the libtorch peer's.
 * </ul>
 *
 * <p>Why: with 1 / √fan_in everywhere (PyTorch's {@code Linear} default, kaiming-uniform with
 * a = √5) each ReLU layer shrinks the signal's variance by a factor of 6, and seed 000's conv VAE
 * (dense 16, latent 2, 9,000 digits, 5 epochs) lost the 16-unit layer to dead ReLUs and collapsed to
 * the prior in 4 of 10 seeds; docs/models.md has the study.
 */
final class InitRule {

  private InitRule() {}

  /** What a layer's output goes through next. */
  enum Next {
    /** A ReLU. */
    RELU,
    /** Nothing: the output is a posterior parameter or the decoder's output. */
    LINEAR
  }

  /**
   * The bound b of U(−b, b) for the weights of a layer with {@code fanIn} inputs per output.
   *
   * @throws IllegalArgumentException when {@code fanIn} is not positive
   */
  static double weightBound(long fanIn, Next next) {
    if (fanIn < 1) {
      throw new IllegalArgumentException("fanIn must be positive, got " + fanIn);
    }
    return (next == Next.RELU ? Math.sqrt(6.0) : 1.0) / Math.sqrt(fanIn);
  }

  /** The bound of the biases: 0, every bias starts at 0. */
  static double biasBound() {
    return 0;
  }
}
