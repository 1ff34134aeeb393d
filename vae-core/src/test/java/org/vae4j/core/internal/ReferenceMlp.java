package org.vae4j.core.internal;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.ModelConfig;

/**
 * A plain-Java double forward pass of an MLP (conditional) VAE or autoencoder, reading the same
 * parameters as the SameDiff graph: loops over double arrays, no ND4J ops.
 */
final class ReferenceMlp {

  final ModelConfig config;
  final Map<String, INDArray> params;

  ReferenceMlp(ModelConfig config, Map<String, INDArray> params) {
    this.config = config;
    this.params = params;
  }

  /** Row-major values of a parameter. */
  double[] p(String name) {
    return params.get(name).dup('c').data().asDouble();
  }

  double[] dense(String name, double[] in, int outWidth, boolean relu) {
    double[] w = p(name + "_W");
    double[] b = p(name + "_b");
    int inWidth = in.length;
    double[] out = new double[outWidth];
    for (int o = 0; o < outWidth; o++) {
      double s = b[o];
      for (int i = 0; i < inWidth; i++) {
        s += in[i] * w[i * outWidth + o];
      }
      out[o] = relu ? Math.max(0, s) : s;
    }
    return out;
  }

  static double[] concat(double[] a, double[] b) {
    if (b == null) {
      return a;
    }
    double[] r = new double[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** {mean, logVar (null for an autoencoder)} of one example. */
  double[][] encode(double[] x, double[] oneHot) {
    double[] h = concat(x, oneHot);
    int[] hidden = config.hidden();
    for (int i = 0; i < hidden.length; i++) {
      h = dense("enc_dense" + i, h, hidden[i], true);
    }
    double[] mean = dense("enc_mean", h, config.latentDim(), false);
    double[] logVar = config.isVariational() ? dense("enc_logVar", h, config.latentDim(), false) : null;
    return new double[][] {mean, logVar};
  }

  /** Decoder output of one latent vector: logits (BCE) or values (MSE). */
  double[] decodeRaw(double[] z, double[] oneHot) {
    double[] h = concat(z, oneHot);
    int[] hidden = config.hidden();
    for (int i = hidden.length - 1; i >= 0; i--) {
      h = dense("dec_dense" + i, h, hidden[i], true);
    }
    return dense("dec_out", h, (int) config.inputSize(), false);
  }

  /** {total, reconstruction, kl} per example averaged over the batch (rows of x, eps). */
  double[] loss(double[][] x, double[][] oneHot, double[][] eps, double beta) {
    double recon = 0;
    double kl = 0;
    for (int i = 0; i < x.length; i++) {
      double[] y = oneHot == null ? null : oneHot[i];
      double[][] q = encode(x[i], y);
      double[] z = q[0].clone();
      if (q[1] != null) {
        for (int j = 0; j < z.length; j++) {
          z[j] = MathReference.z(q[0][j], q[1][j], eps[i][j]);
        }
        kl += MathReference.kl(q[0], q[1]);
      }
      double[] out = decodeRaw(z, y);
      for (int j = 0; j < out.length; j++) {
        if (config.loss() == ModelConfig.LossKind.BCE) {
          recon += MathReference.stableBce(out[j], x[i][j]);
        } else {
          recon += (out[j] - x[i][j]) * (out[j] - x[i][j]);
        }
      }
    }
    recon /= x.length;
    kl /= x.length;
    return new double[] {recon + beta * kl, recon, kl};
  }
}
