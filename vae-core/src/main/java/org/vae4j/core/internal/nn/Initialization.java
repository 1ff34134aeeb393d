package org.vae4j.core.internal.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The initial parameter values, the rule for every layer in one place. Weights are drawn from
 * U(−b, b), biases start at 0 and batch norm's scales ({@code gamma}) at 1 (PyTorch's), its shifts
 * ({@code beta}) at 0, in declaration order and row-major order from one generator
 * seeded with the model's seed, so a config always gives the same initial network. The bound
 * depends on the layer's fan-in (the input width of a dense layer, labels included for a
 * conditional VAE; input channels × 9 for a 3×3 convolution and, as in the libtorch peer and
 * DL4J's Deconvolution2D, for a 3×3 transposed convolution) and on what its output goes through:
 *
 * <ul>
 *   <li>a layer followed by a ReLU (hidden dense layers, convolutions and transposed convolutions
 *       of the encoder and decoder): He et al. (2015), b = √(6 / fanIn), variance 2 / fanIn, which
 *       keeps the scale of the signal through ReLU layers;
 *   <li>a layer with a linear output (the posterior heads and the decoder's output layer): b = 1 /
 *       √fanIn, PyTorch's default and the libtorch peer's.
 * </ul>
 *
 * <p>Why: with 1 / √fanIn everywhere each ReLU layer shrinks the signal's variance sixfold; the
 * encoder of the seed conv VAE then starts out saying almost nothing about its input (posterior-mean
 * variance 1e-5 to 2e-4), and in 4 of 10 seeds the run collapsed to the prior (docs/models.md has
 * the study). With He bounds none of the 10 did.
 */
public final class Initialization {

  private Initialization() {}

  /**
   * The bound b of U(−b, b) for the weights of a layer with {@code fanIn} inputs per output.
   *
   * @throws IllegalArgumentException when {@code fanIn} is not positive
   */
  public static double weightBound(long fanIn, boolean beforeRelu) {
    if (fanIn < 1) {
      throw new IllegalArgumentException("fanIn must be >= 1, got " + fanIn);
    }
    return (beforeRelu ? Math.sqrt(6.0) : 1.0) / Math.sqrt(fanIn);
  }

  /** Sets every parameter of {@code params} (allocated) from {@code seed}. */
  public static void initialize(Parameters params, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] all = new double[Math.toIntExact(params.total())];
    for (Param p : params.list()) {
      if (p.fanIn() > 0) {
        double bound = weightBound(p.fanIn(), p.beforeRelu());
        int from = Math.toIntExact(p.offset());
        int to = Math.toIntExact(p.offset() + p.length());
        for (int i = from; i < to; i++) {
          all[i] = random.nextDouble(-bound, bound);
        }
      } else if (p.initialValue() != 0) {
        // a constant (batch norm's gamma and running variance: 1), from no generator
        java.util.Arrays.fill(all, Math.toIntExact(p.offset()),
            Math.toIntExact(p.offset() + p.length()), p.initialValue());
      }
    }
    INDArray values = params.values();
    try (INDArray host = Nd4j.createFromArray(all)) {
      if (values.dataType() == DataType.DOUBLE) {
        values.assign(host);
      } else {
        try (INDArray cast = host.castTo(values.dataType())) {
          values.assign(cast);
        }
      }
    }
  }
}
