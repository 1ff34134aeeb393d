package org.vae4j.core.internal.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The initial parameter values: every weight array uniform in {@code ±1/sqrt(fanIn)} and every
 * bias 0, drawn in declaration order and row-major order from one generator seeded with the
 * model's seed — so a config always gives the same initial network. Fan-ins: a dense layer's input
 * width (labels included for a conditional VAE), input channels × 9 for a 3×3 convolution and,
 * as in the libtorch peer and DL4J's Deconvolution2D, for a 3×3 transposed convolution (docs/models.md).
 */
public final class Initialization {

  private Initialization() {}

  /** Sets every parameter of {@code params} (allocated) from {@code seed}. */
  public static void initialize(Parameters params, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] all = new double[Math.toIntExact(params.total())];
    for (Param p : params.list()) {
      if (p.fanIn() > 0) {
        double bound = 1.0 / Math.sqrt(p.fanIn());
        int from = Math.toIntExact(p.offset());
        int to = Math.toIntExact(p.offset() + p.length());
        for (int i = from; i < to; i++) {
          all[i] = random.nextDouble(-bound, bound);
        }
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
