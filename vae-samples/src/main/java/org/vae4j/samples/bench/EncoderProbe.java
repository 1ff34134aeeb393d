package org.vae4j.samples.bench;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vae4j.core.ModelConfig;

/**
 * Recomputes a conv VAE's encoder from its parameters with plain ND4J ops, to look inside it: the
 * activations of the dense ReLU layer before the posterior heads (the 16-unit layer of the seed
 * model), and from them the posterior means. A unit of that layer is <em>dead</em> on a data set
 * when it is zero on every example: it passes no signal forward and gets no gradient back, and a
 * layer whose units are all dead gives every image the same posterior.
 *
 * <p>Written for the study programs of this package; it reads the parameters by the names the
 * current engine gives them ({@code enc_conv<i>_W}, {@code enc_dense_W}, {@code enc_mean_W}, ...)
 * and handles unconditional conv encoders only.
 */
final class EncoderProbe {

  /** Rows per chunk, to bound the memory of the convolution activations. */
  static final int CHUNK = 1000;

  private final Map<String, INDArray> params;
  private final int convLayers;

  /**
   * @param config the model's config: an unconditional VAE with a conv encoder
   * @param params the model's parameters by name
   */
  EncoderProbe(ModelConfig config, Map<String, INDArray> params) {
    if (config.encoder() != ModelConfig.EncoderKind.CONV || config.numClasses() != 0) {
      throw new IllegalArgumentException("config must be an unconditional conv model, got "
          + config.encoder() + " with " + config.numClasses() + " classes");
    }
    this.params = params;
    this.convLayers = config.channels().length;
  }

  /** The dense layer's activations {@code [n, denseUnits]} of images {@code [n, C, H, W]}. */
  INDArray hidden(INDArray x) {
    long n = x.size(0);
    INDArray out = null;
    for (long from = 0; from < n; from += CHUNK) {
      long to = Math.min(n, from + CHUNK);
      INDArray h = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)).dup();
      for (int i = 0; i < convLayers; i++) {
        Conv2DConfig cc = Conv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(1).pW(1)
            .dataFormat(Conv2DConfig.NCHW).build();
        h = Transforms.relu(Nd4j.cnn().conv2d(h, params.get("enc_conv" + i + "_W"),
            params.get("enc_conv" + i + "_b"), cc), false);
      }
      h = h.reshape('c', to - from, -1);
      INDArray a = Transforms.relu(h.mmul(params.get("enc_dense_W"))
          .addiRowVector(params.get("enc_dense_b")), false);
      if (out == null) {
        out = Nd4j.create(a.dataType(), n, a.size(1));
      }
      out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
          org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(a);
    }
    return out;
  }

  /** The posterior means {@code [n, latentDim]} from the dense layer's activations. */
  INDArray mean(INDArray hidden) {
    return hidden.mmul(params.get("enc_mean_W")).addiRowVector(params.get("enc_mean_b"));
  }

  /** The number of units of {@code hidden} {@code [n, units]} that are zero on every row. */
  static int deadUnits(INDArray hidden) {
    double[] max = hidden.max(0).toDoubleVector();
    int dead = 0;
    for (double m : max) {
      if (m <= 0) {
        dead++;
      }
    }
    return dead;
  }
}
