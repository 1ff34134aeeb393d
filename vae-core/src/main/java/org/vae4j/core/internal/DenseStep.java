package org.vae4j.core.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.vae4j.core.ModelConfig;

/**
 * The training step of an MLP model (autoencoder, VAE or conditional VAE) with its backward pass
 * written out by hand: the same function and gradient as the SameDiff graph of {@link
 * GraphBuilder}, in about 60 ND4J operations on buffers reused from step to step instead of the
 * graph interpreter's ~90 operations with fresh arrays each. SameDiff's per-operation overhead
 * (about 0.1 ms of Java and allocation per op) is most of an MLP step's time; this path exists
 * only for speed, and {@code DenseStepTest} checks it against the graph and against finite
 * differences.
 *
 * <p>The math, for a batch of {@code n} rows with loss {@code L = mean(recon) + beta * mean(kl)}:
 * dense layers {@code a' = relu(a W + b)}; heads {@code mean = f Wm + bm}, {@code logVar = f Wl +
 * bl}; {@code z = mean + exp(logVar / 2) eps}; decoder dense ReLU layers and output logits {@code
 * l}. Backward: {@code dL/dl = (sigmoid(l) - x) / n} for BCE, {@code 2 (l - x) / n} for squared
 * error; through a dense layer {@code dW = aᵀ d}, {@code db = colsum(d)}, {@code da = d Wᵀ}; through
 * ReLU {@code d * [a' > 0]} (0 at 0, as ND4J's relu); at the latent: {@code dmean = dz + beta mean /
 * n}, {@code dlogVar = dz eps exp(logVar / 2) / 2 + beta (exp(logVar) - 1) / (2 n)}. The latent
 * part ({@code n × latentDim} values) is computed on the host in double.
 *
 * <p>Not thread-safe: the engine calls it under its lock. The gradient arrays it returns are
 * buffers owned by this object, valid until its next call.
 */
final class DenseStep {

  private final ModelConfig config;
  private final DataType dataType;
  private final int[] hidden;
  private final long inputSize;
  private final int latent;
  private final boolean variational;
  private final boolean conditional;
  private final boolean bce;
  private final Map<Long, Buffers> buffers = new HashMap<>();

  DenseStep(ModelConfig config, DataType dataType) {
    if (!supports(config)) {
      throw new IllegalArgumentException("config must have an MLP encoder, got " + config.encoder());
    }
    this.config = config;
    this.dataType = dataType;
    this.hidden = config.hidden();
    this.inputSize = config.inputSize();
    this.latent = config.latentDim();
    this.variational = config.isVariational();
    this.conditional = config.kind() == ModelConfig.Kind.CONDITIONAL_VAE;
    this.bce = config.loss() == ModelConfig.LossKind.BCE;
  }

  /** True for the configs this step implements: every MLP model. */
  static boolean supports(ModelConfig config) {
    return config.encoder() == ModelConfig.EncoderKind.MLP;
  }

  /** Per-batch-size work arrays, allocated once per batch size seen. */
  private final class Buffers {
    final INDArray encIn;
    final INDArray[] enc;
    final INDArray[] encGrad;
    final INDArray mean;
    final INDArray logVar;
    final INDArray decIn;
    final INDArray[] dec;
    final INDArray[] decGrad;
    final INDArray out;
    final INDArray scratch;
    final INDArray mask;
    final INDArray decInGrad;
    final INDArray featureGrad;
    final Map<String, INDArray> gradients = new LinkedHashMap<>();

    Buffers(long n) {
      int layers = hidden.length;
      long encWidth = inputSize + (conditional ? config.numClasses() : 0);
      encIn = conditional ? Nd4j.create(dataType, n, encWidth) : null;
      enc = new INDArray[layers];
      encGrad = new INDArray[layers];
      for (int i = 0; i < layers; i++) {
        enc[i] = Nd4j.create(dataType, n, hidden[i]);
        encGrad[i] = Nd4j.create(dataType, n, hidden[i]);
      }
      mean = Nd4j.create(dataType, n, latent);
      logVar = variational ? Nd4j.create(dataType, n, latent) : null;
      long decWidth = latent + (conditional ? config.numClasses() : 0);
      decIn = Nd4j.create(dataType, n, decWidth);
      dec = new INDArray[layers];
      decGrad = new INDArray[layers];
      for (int j = 0; j < layers; j++) {
        dec[j] = Nd4j.create(dataType, n, hidden[layers - 1 - j]);
        decGrad[j] = Nd4j.create(dataType, n, hidden[layers - 1 - j]);
      }
      out = Nd4j.create(dataType, n, inputSize);
      scratch = Nd4j.create(dataType, n, inputSize);
      int widest = 1;
      for (int h : hidden) {
        widest = Math.max(widest, h);
      }
      mask = Nd4j.create(dataType, n * widest);
      decInGrad = Nd4j.create(dataType, n, decWidth);
      featureGrad = layers > 0 ? Nd4j.create(dataType, n, hidden[layers - 1]) : null;
    }
  }

  /**
   * Loss parts and the gradient of the total loss w.r.t. every parameter of {@code params} (the
   * engine's live arrays by name), for a checked batch {@code x}, one-hot {@code labels} (conditional
   * VAE, else null) and noise {@code eps} (variational models, else ignored).
   */
  ModelEngine.Step lossAndGradients(Map<String, INDArray> params, INDArray x, INDArray labels,
      INDArray eps, double beta) {
    long n = x.size(0);
    Buffers buf = buffers.computeIfAbsent(n, Buffers::new);
    Map<String, INDArray> grads = buf.gradients;
    grads.clear();
    INDArray xFlat = x.reshape('c', n, inputSize);
    int layers = hidden.length;

    // ---- encoder
    INDArray a = xFlat;
    if (conditional) {
      buf.encIn.get(NDArrayIndex.all(), NDArrayIndex.interval(0, inputSize)).assign(xFlat);
      buf.encIn.get(NDArrayIndex.all(), NDArrayIndex.interval(inputSize, inputSize + labels.size(1)))
          .assign(labels);
      a = buf.encIn;
    }
    INDArray encInput = a;
    for (int i = 0; i < layers; i++) {
      dense(a, params.get("enc_dense" + i + "_W"), params.get("enc_dense" + i + "_b"), buf.enc[i]);
      relu(buf.enc[i]);
      a = buf.enc[i];
    }
    INDArray features = a;
    dense(features, params.get("enc_mean_W"), params.get("enc_mean_b"), buf.mean);
    if (variational) {
      dense(features, params.get("enc_logVar_W"), params.get("enc_logVar_b"), buf.logVar);
    }

    // ---- latent (host, double)
    double[] m = buf.mean.data().asDouble();
    double[] lv = variational ? buf.logVar.data().asDouble() : null;
    double[] e = variational ? eps.reshape('c', n, latent).dup('c').data().asDouble() : null;
    double[] z = new double[m.length];
    double[] std = variational ? new double[m.length] : null;
    double klSum = 0;
    for (int k = 0; k < m.length; k++) {
      if (variational) {
        std[k] = Math.exp(0.5 * lv[k]);
        z[k] = m[k] + std[k] * e[k];
        klSum += 1 + lv[k] - m[k] * m[k] - std[k] * std[k];
      } else {
        z[k] = m[k];
      }
    }
    double kl = variational ? -0.5 * klSum / n : 0.0;
    INDArray zArr = Nd4j.create(z, new long[] {n, latent}, dataType);
    buf.decIn.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent)).assign(zArr);
    if (conditional) {
      buf.decIn.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, latent + labels.size(1)))
          .assign(labels);
    }

    // ---- decoder
    a = buf.decIn;
    for (int j = 0; j < layers; j++) {
      int i = layers - 1 - j;
      dense(a, params.get("dec_dense" + i + "_W"), params.get("dec_dense" + i + "_b"), buf.dec[j]);
      relu(buf.dec[j]);
      a = buf.dec[j];
    }
    INDArray out = buf.out;
    dense(a, params.get("dec_out_W"), params.get("dec_out_b"), out);

    // ---- reconstruction loss and its gradient, into scratch then out
    double reconSum;
    INDArray s = buf.scratch;
    if (bce) {
      // sum(max(l,0) - l x + log1p(exp(-|l|)))
      double dot = Nd4j.getBlasWrapper().dot(out.reshape(-1), xFlat.reshape(-1));
      Nd4j.exec(new Abs(out, s));
      s.negi();
      Nd4j.exec(new Exp(s, s));
      Nd4j.exec(new Log1p(s, s));
      double tail = s.sumNumber().doubleValue();
      Nd4j.exec(new RectifiedLinear(out, s, 0.0));
      double positive = s.sumNumber().doubleValue();
      reconSum = positive - dot + tail;
      Nd4j.exec(new Sigmoid(out, out));
      out.subi(xFlat).muli(1.0 / n);
    } else {
      out.subi(xFlat);
      reconSum = Nd4j.getBlasWrapper().dot(out.reshape(-1), out.reshape(-1));
      out.muli(2.0 / n);
    }
    double recon = reconSum / n;
    INDArray d = out;

    // ---- decoder backward: layer j's output is dec[j], its input dec[j - 1] (decIn for j = 0)
    backDense("dec_out", layers > 0 ? buf.dec[layers - 1] : buf.decIn, params.get("dec_out_W"), d,
        layers > 0 ? buf.decGrad[layers - 1] : buf.decInGrad, grads);
    for (int j = layers - 1; j >= 0; j--) {
      reluBack(buf.decGrad[j], buf.dec[j], buf.mask);
      String name = "dec_dense" + (layers - 1 - j);
      backDense(name, j > 0 ? buf.dec[j - 1] : buf.decIn, params.get(name + "_W"), buf.decGrad[j],
          j > 0 ? buf.decGrad[j - 1] : buf.decInGrad, grads);
    }

    // ---- latent backward (host, double); decInGrad holds dL/d[z | labels]
    double[] dzAll = buf.decInGrad.data().asDouble();
    int width = (int) buf.decInGrad.size(1);
    double[] dMean = new double[m.length];
    double[] dLogVar = variational ? new double[m.length] : null;
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < latent; c++) {
        int k = r * latent + c;
        double dz = dzAll[r * width + c];
        if (variational) {
          dMean[k] = dz + beta * m[k] / n;
          dLogVar[k] = 0.5 * dz * e[k] * std[k] + beta * 0.5 * (std[k] * std[k] - 1) / n;
        } else {
          dMean[k] = dz;
        }
      }
    }
    INDArray featureGrad = layers > 0 ? buf.featureGrad : null;
    backDense("enc_mean", features, params.get("enc_mean_W"),
        Nd4j.create(dMean, new long[] {n, latent}, dataType), featureGrad, grads);
    if (variational) {
      INDArray dLogVarArr = Nd4j.create(dLogVar, new long[] {n, latent}, dataType);
      INDArray w = params.get("enc_logVar_W");
      gemm(features, dLogVarArr, gradBuffer(grads, "enc_logVar_W", w), true, false, 0.0);
      grads.put("enc_logVar_b", dLogVarArr.sum(0));
      if (featureGrad != null) {
        gemm(dLogVarArr, w, featureGrad, false, true, 1.0);
      }
    }

    // ---- encoder backward: layer i's output is enc[i], its input enc[i - 1] (the input for i = 0)
    for (int i = layers - 1; i >= 0; i--) {
      INDArray di = i == layers - 1 ? featureGrad : buf.encGrad[i];
      reluBack(di, buf.enc[i], buf.mask);
      String name = "enc_dense" + i;
      backDense(name, i > 0 ? buf.enc[i - 1] : encInput, params.get(name + "_W"), di,
          i > 0 ? buf.encGrad[i - 1] : null, grads);
    }

    double total = recon + beta * kl;
    return new ModelEngine.Step(new ModelEngine.Loss(total, recon, kl), Map.copyOf(grads));
  }

  private static void relu(INDArray a) {
    Nd4j.exec(new RectifiedLinear(a, a, 0.0));
  }

  /** {@code out = in W + b}. */
  private static void dense(INDArray in, INDArray w, INDArray b, INDArray out) {
    gemm(in, w, out, false, false, 0.0);
    out.addiRowVector(b);
  }

  /**
   * The parameter gradients of a dense layer, {@code dW = inᵀ d} and {@code db = colsum(d)}, put
   * under {@code name}, and the input gradient {@code dInput = d Wᵀ} when {@code dInput} is not
   * null.
   */
  private void backDense(String name, INDArray in, INDArray w, INDArray d, INDArray dInput,
      Map<String, INDArray> grads) {
    gemm(in, d, gradBuffer(grads, name + "_W", w), true, false, 0.0);
    grads.put(name + "_b", d.sum(0));
    if (dInput != null) {
      gemm(d, w, dInput, false, true, 0.0);
    }
  }

  /** {@code d *= [a > 0]}, for {@code a} a ReLU output (so {@code sign(a)} is the mask). */
  private static void reluBack(INDArray d, INDArray a, INDArray scratch) {
    INDArray mask = scratch.get(NDArrayIndex.interval(0, a.length())).reshape(a.shape());
    Nd4j.exec(new Sign(a, mask));
    d.muli(mask);
  }

  private final Map<String, INDArray> weightGrads = new HashMap<>();

  private INDArray gradBuffer(Map<String, INDArray> grads, String name, INDArray like) {
    INDArray g = weightGrads.computeIfAbsent(name, k -> Nd4j.create(dataType, like.shape()));
    grads.put(name, g);
    return g;
  }

  /** {@code c = op(a) op(b) + beta c}. */
  private static void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double beta) {
    Nd4j.exec(new Mmul(a, b, c, 1.0, beta,
        MMulTranspose.builder().transposeA(ta).transposeB(tb).build()));
  }
}
