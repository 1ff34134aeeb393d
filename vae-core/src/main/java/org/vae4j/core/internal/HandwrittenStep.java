package org.vae4j.core.internal;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.ModelConfig;

/**
 * A model's training step (loss parts and the gradient of the total for every parameter) with the
 * backward pass written out by hand as ND4J operations on buffers reused from step to step: the
 * same function and gradient as the SameDiff graph of {@link GraphBuilder}, without the graph
 * interpreter's per-operation overhead and allocations, and with cheaper ReLU backward passes (a
 * sign mask and a multiply). {@link DenseStep} implements the MLP bodies, {@link ConvStep} the
 * conv bodies; this base holds what both share: the latent heads, the reparameterization and KL
 * (computed on the host in double: {@code n × latentDim} values), the reconstruction loss and the
 * dense-layer helpers.
 *
 * <p>The math, for a batch of {@code n} rows with loss {@code L = mean(recon) + beta * mean(kl)}:
 * heads {@code mean = f Wm + bm}, {@code logVar = f Wl + bl} on the encoder's features {@code f};
 * {@code z = mean + exp(logVar / 2) eps}; the decoder's input is {@code [z | labels]}. Backward:
 * {@code dL/dlogits = (sigmoid(l) - x) / n} for BCE, {@code 2 (out - x) / n} for squared error;
 * through a dense layer {@code dW = aᵀ d}, {@code db = colsum(d)}, {@code da = d Wᵀ}; through ReLU
 * {@code d * [a' > 0]} (0 at 0, as ND4J's relu); at the latent {@code dmean = dz + beta mean / n},
 * {@code dlogVar = dz eps exp(logVar / 2) / 2 + beta (exp(logVar) - 1) / (2 n)}.
 *
 * <p>Not thread-safe: the engine calls it under its lock. The gradient arrays a step returns are
 * buffers owned by this object, valid until its next call. Tests: {@code HandwrittenStepProperties}
 * (against the graph, random configs, double) and {@code GradientCheckTest} (finite differences).
 */
abstract class HandwrittenStep {

  final ModelConfig config;
  final DataType dataType;
  final long inputSize;
  final int latent;
  final int classes;
  final boolean variational;
  final boolean conditional;
  final boolean bce;
  private final Map<String, INDArray> gradientBuffers = new HashMap<>();
  private final Map<Long, Head> heads = new HashMap<>();

  HandwrittenStep(ModelConfig config, DataType dataType) {
    this.config = config;
    this.dataType = dataType;
    this.inputSize = config.inputSize();
    this.latent = config.latentDim();
    this.conditional = config.kind() == ModelConfig.Kind.CONDITIONAL_VAE;
    this.classes = conditional ? config.numClasses() : 0;
    this.variational = config.isVariational();
    this.bce = config.loss() == ModelConfig.LossKind.BCE;
  }

  /** The step for {@code config}: {@link DenseStep} for MLP models, {@link ConvStep} for conv. */
  static HandwrittenStep of(ModelConfig config, DataType dataType) {
    return config.encoder() == ModelConfig.EncoderKind.MLP
        ? new DenseStep(config, dataType) : new ConvStep(config, dataType);
  }

  /**
   * Loss parts and the gradient of the total loss w.r.t. every parameter of {@code params} (the
   * engine's live arrays by name), for a checked batch {@code x}, one-hot {@code labels} (conditional
   * VAE, else null) and noise {@code eps} (variational models, else ignored).
   */
  abstract ModelEngine.Step lossAndGradients(Map<String, INDArray> params, INDArray x,
      INDArray labels, INDArray eps, double beta);

  // ---------------------------------------------------------------- latent heads

  /** The heads' work arrays for one batch size, and the host values between forward and backward. */
  final class Head {
    final long n;
    final INDArray mean;
    final INDArray logVar;
    /** The decoder's input {@code [z | labels]}. */
    final INDArray decIn;
    /** The gradient of the loss w.r.t. {@link #decIn}, filled by the decoder's backward pass. */
    final INDArray decInGrad;
    private double[] m;
    private double[] eps;
    private double[] std;

    private Head(long n) {
      this.n = n;
      mean = Nd4j.create(dataType, n, latent);
      logVar = variational ? Nd4j.create(dataType, n, latent) : null;
      decIn = Nd4j.create(dataType, n, latent + classes);
      decInGrad = Nd4j.create(dataType, n, latent + classes);
    }
  }

  /** The head arrays for batch size {@code n}, allocated once per size. */
  final Head head(long n) {
    return heads.computeIfAbsent(n, Head::new);
  }

  /**
   * The heads on {@code features}, the reparameterization, and the decoder input {@code [z |
   * labels]} in {@code h.decIn}. Returns the mean KL per example (0 for an autoencoder).
   */
  final double headsForward(Map<String, INDArray> params, INDArray features, INDArray eps,
      INDArray labels, Head h) {
    dense(features, params.get("enc_mean_W"), params.get("enc_mean_b"), h.mean);
    if (variational) {
      dense(features, params.get("enc_logVar_W"), params.get("enc_logVar_b"), h.logVar);
    }
    long n = h.n;
    h.m = h.mean.data().asDouble();
    double[] z = h.m.clone();
    double kl = 0;
    if (variational) {
      double[] lv = h.logVar.data().asDouble();
      h.eps = eps.reshape('c', n, latent).dup('c').data().asDouble();
      h.std = new double[lv.length];
      double sum = 0;
      for (int k = 0; k < z.length; k++) {
        h.std[k] = Math.exp(0.5 * lv[k]);
        z[k] = h.m[k] + h.std[k] * h.eps[k];
        sum += 1 + lv[k] - h.m[k] * h.m[k] - h.std[k] * h.std[k];
      }
      kl = -0.5 * sum / n;
    }
    h.decIn.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent))
        .assign(Nd4j.create(z, new long[] {n, latent}, dataType));
    if (conditional) {
      h.decIn.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, latent + classes)).assign(labels);
    }
    return kl;
  }

  /**
   * The heads' backward pass from {@code h.decInGrad}: the head parameters' gradients into {@code
   * grads}, and {@code featureGrad = dL/dfeatures} unless it is null.
   */
  final void headsBackward(Map<String, INDArray> params, INDArray features, INDArray featureGrad,
      double beta, Head h, Map<String, INDArray> grads) {
    long n = h.n;
    double[] dzAll = h.decInGrad.data().asDouble();
    int width = latent + classes;
    double[] dMean = new double[h.m.length];
    double[] dLogVar = variational ? new double[h.m.length] : null;
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < latent; c++) {
        int k = r * latent + c;
        double dz = dzAll[r * width + c];
        if (variational) {
          dMean[k] = dz + beta * h.m[k] / n;
          dLogVar[k] = 0.5 * dz * h.eps[k] * h.std[k] + beta * 0.5 * (h.std[k] * h.std[k] - 1) / n;
        } else {
          dMean[k] = dz;
        }
      }
    }
    backDense("enc_mean", features, params.get("enc_mean_W"),
        Nd4j.create(dMean, new long[] {n, latent}, dataType), featureGrad, grads);
    if (variational) {
      INDArray d = Nd4j.create(dLogVar, new long[] {n, latent}, dataType);
      INDArray w = params.get("enc_logVar_W");
      gemm(features, d, gradientBuffer(grads, "enc_logVar_W", w), true, false, 0.0);
      grads.put("enc_logVar_b", d.sum(0));
      if (featureGrad != null) {
        gemm(d, w, featureGrad, false, true, 1.0);
      }
    }
  }

  // ---------------------------------------------------------------- reconstruction

  /**
   * The mean reconstruction loss per example of {@code out} (the decoder's logits for BCE, its
   * values for squared error, {@code [n, inputSize]}) against {@code xFlat}; overwrites {@code out}
   * with {@code dL/dout}. {@code scratch} has the shape of {@code out}.
   */
  final double reconstruction(INDArray out, INDArray xFlat, INDArray scratch) {
    long n = out.size(0);
    double sum;
    if (bce) {
      // sum(max(l, 0) - l x + log1p(exp(-|l|))): stable for every logit
      double dot = Nd4j.getBlasWrapper().dot(out.reshape(-1), xFlat.reshape(-1));
      Nd4j.exec(new Abs(out, scratch));
      scratch.negi();
      Nd4j.exec(new Exp(scratch, scratch));
      Nd4j.exec(new Log1p(scratch, scratch));
      double tail = scratch.sumNumber().doubleValue();
      Nd4j.exec(new RectifiedLinear(out, scratch, 0.0));
      double positive = scratch.sumNumber().doubleValue();
      sum = positive - dot + tail;
      Nd4j.exec(new Sigmoid(out, out));
      out.subi(xFlat).muli(1.0 / n);
    } else {
      out.subi(xFlat);
      sum = Nd4j.getBlasWrapper().dot(out.reshape(-1), out.reshape(-1));
      out.muli(2.0 / n);
    }
    return sum / n;
  }

  // ---------------------------------------------------------------- layer helpers

  /** {@code out = in W + b}. */
  static void dense(INDArray in, INDArray w, INDArray b, INDArray out) {
    gemm(in, w, out, false, false, 0.0);
    out.addiRowVector(b);
  }

  /**
   * The parameter gradients of a dense layer, {@code dW = inᵀ d} and {@code db = colsum(d)}, put
   * under {@code name}, and the input gradient {@code dInput = d Wᵀ} unless {@code dInput} is null.
   */
  final void backDense(String name, INDArray in, INDArray w, INDArray d, INDArray dInput,
      Map<String, INDArray> grads) {
    gemm(in, d, gradientBuffer(grads, name + "_W", w), true, false, 0.0);
    grads.put(name + "_b", d.sum(0));
    if (dInput != null) {
      gemm(d, w, dInput, false, true, 0.0);
    }
  }

  /** ReLU in place. */
  static void relu(INDArray a) {
    Nd4j.exec(new RectifiedLinear(a, a, 0.0));
  }

  /**
   * {@code d *= [a > 0]} for {@code a} a ReLU output (so {@code sign(a)} is the mask), using the
   * first {@code a.length()} values of the vector {@code scratch}.
   */
  static void reluBack(INDArray d, INDArray a, INDArray scratch) {
    INDArray mask = scratch.get(NDArrayIndex.interval(0, a.length())).reshape(a.shape());
    Nd4j.exec(new Sign(a, mask));
    d.muli(mask);
  }

  /** The reusable gradient array of parameter {@code name} (shaped like {@code like}), recorded in {@code grads}. */
  final INDArray gradientBuffer(Map<String, INDArray> grads, String name, INDArray like) {
    INDArray g = gradientBuffers.computeIfAbsent(name, k -> Nd4j.create(dataType, like.shape()));
    grads.put(name, g);
    return g;
  }

  /** {@code c = op(a) op(b) + beta c}. */
  static void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double beta) {
    Nd4j.exec(new Mmul(a, b, c, 1.0, beta,
        MMulTranspose.builder().transposeA(ta).transposeB(tb).build()));
  }
}
