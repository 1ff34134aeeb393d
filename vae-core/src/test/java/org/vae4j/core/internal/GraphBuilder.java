package org.vae4j.core.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;

/**
 * Builds the single SameDiff graph of any model from its {@link ModelConfig}: encoder, latent
 * heads, reparameterization, decoder and loss for training, plus a second use of the same decoder
 * weights on a latent placeholder for {@code decode}.
 *
 * <p>Architecture (NCHW): the MLP encoder is dense ReLU layers of the configured sizes on the
 * flattened input; its decoder is dense ReLU layers of the sizes reversed and a dense output. The
 * conv encoder is 3×3 stride-2 pad-1 convolutions with ReLU, a flatten and a dense ReLU layer of
 * {@code denseUnits}; its decoder is a dense ReLU layer to the last conv feature map, transposed
 * 3×3 stride-2 convolutions (padding 0, output cropped by one row and column at the top-left and to
 * the encoder's size at that depth, which equals PyTorch's {@code ConvTranspose2d(k=3, s=2, p=1,
 * output_padding=1)} when sizes are even) with ReLU, and a 3×3 pad-1 output convolution. A
 * conditional VAE concatenates the one-hot label to the flattened encoder features before the
 * first dense layer (for conv: after the conv stack) and to {@code z} in the decoder.
 *
 * <p>With batch norm every conv and transposed conv but the output convolution is followed by
 * {@code (h - mu) / sqrt(var + 1e-5) gamma + beta} (written from elementwise and reduction ops),
 * then the activation. The training path ({@link #LOSS}) normalises with the batch's mean and
 * biased variance over {@code (n, H, W)} (outputs {@code <layer>_batchMean}, {@code
 * <layer>_batchVar}); every other output ({@link #MEAN}, {@link #LOG_VAR}, {@link #DECODED},
 * {@link #RECON_GIVEN_Z}) with the running statistics, variables {@code <layer>_runningMean} and
 * {@code <layer>_runningVar} that are not parameters ({@link Built#stateNames()}).
 */
public final class GraphBuilder {

  /** Placeholder: a batch of examples {@code [n, inputShape...]}. */
  public static final String X = "x";
  /** Placeholder: the reparameterization noise {@code [n, latentDim]} (variational models). */
  public static final String EPS = "eps";
  /** Placeholder: the scalar KL weight (variational models). */
  public static final String BETA = "beta";
  /** Placeholder: one-hot labels {@code [n, numClasses]} (conditional VAE). */
  public static final String LABELS = "labels";
  /** Placeholder: latent vectors to decode {@code [n, latentDim]}. */
  public static final String Z_IN = "zIn";
  /** Output: posterior means (the code of an autoencoder). */
  public static final String MEAN = "out_mean";
  /** Output: posterior log-variances (variational models). */
  public static final String LOG_VAR = "out_logVar";
  /** Output: the sampled latent used by the training decoder. */
  public static final String Z = "out_z";
  /** Output: mean reconstruction loss per example. */
  public static final String RECON = "out_recon";
  /** Output: mean KL per example (variational models). */
  public static final String KL = "out_kl";
  /** Output: the objective {@code recon + beta * kl}. */
  public static final String LOSS = "out_loss";
  /** Output: decoded {@code zIn}: probabilities (BCE) or values (MSE), {@code [n, inputShape...]}. */
  public static final String DECODED = "out_decoded";
  /**
   * Output: the reconstruction loss of each example of {@code x} decoded from the matching row of
   * {@code zIn}, {@code [n]}: BCE from the decoder's logits (stable for every logit) or the sum of
   * squared errors, as in training. Used by evaluation to score many latent draws per input.
   */
  public static final String RECON_GIVEN_Z = "out_reconGivenZ";

  private final ModelConfig config;
  private final DataType dataType;
  private final SplittableRandom init;
  private final SameDiff sd = SameDiff.create();
  private final Map<String, SDVariable> params = new LinkedHashMap<>();
  private final Map<String, SDVariable> state = new LinkedHashMap<>();
  /** Whether the layers being built are on the training path (batch statistics). */
  private boolean training;
  private SDVariable labels;
  private long featureWidth;

  private GraphBuilder(ModelConfig config, DataType dataType) {
    this.config = config;
    this.dataType = dataType;
    this.init = new SplittableRandom(config.seed());
  }

  /**
   * A built graph, its trainable parameters in creation order, and its state variables (batch
   * norm's running statistics; none without batch norm).
   */
  public record Built(SameDiff sd, List<String> parameterNames, List<String> stateNames) {}

  /**
   * Builds the graph for {@code config} in {@code dataType}. Parameters are initialised
   * U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for weights and 0 for biases from a generator seeded with
   * {@code config.seed()}, where fanIn is the input width of a dense layer (labels included for a
   * conditional VAE), and input channels × 9 for a 3×3 convolution <em>and for a 3×3 transposed
   * convolution alike</em>.
   *
   * <p>The transposed-convolution rule is the one of the libtorch peer benchmark (DJL's {@code
   * XavierInitializer(UNIFORM, IN, 1)} on its weight {@code [out, in, 3, 3]}) and of DL4J's {@code
   * Deconvolution2D}; PyTorch's own {@code ConvTranspose2d} default computes out × 9 instead. The
   * two differ only where a transposed convolution changes the channel count (64→32 in the seed
   * model, whose bound this makes 1/√576 instead of 1/√288). Matching the peer removes one known
   * difference from the vae4j-vs-libtorch loss comparison (docs/performance.md).
   */
  public static Built build(ModelConfig config, DataType dataType) {
    GraphBuilder b = new GraphBuilder(config, dataType);
    b.assemble();
    return new Built(b.sd, List.copyOf(b.params.keySet()), List.copyOf(b.state.keySet()));
  }


  /** Spatial sizes of the conv encoder: entry i is the size before conv layer i (entry 0 = input). */
  public static long[] convSizes(long input, int layers) {
    return convSizes(input, layers, 3, 2, 1);
  }

  /** As {@link #convSizes(long, int)} for k×k stride-s pad-p convolutions. */
  public static long[] convSizes(long input, int layers, int k, int s, int p) {
    long[] sizes = new long[layers + 1];
    sizes[0] = input;
    for (int i = 0; i < layers; i++) {
      sizes[i + 1] = (sizes[i] + 2 * p - k) / s + 1;
    }
    return sizes;
  }

  /** The hidden activation: ReLU, or LeakyReLU with the config's slope. */
  private SDVariable act(SDVariable h) {
    double alpha = config.layerOptions().leakyReluAlpha();
    return alpha == 0 ? sd.nn.relu(h, 0.0) : sd.nn.leakyRelu(h, alpha);
  }

  private void assemble() {
    long[] shape = config.inputShape();
    long d = config.inputSize();
    long[] xShape = new long[shape.length + 1];
    xShape[0] = -1;
    System.arraycopy(shape, 0, xShape, 1, shape.length);
    SDVariable x = sd.placeHolder(X, dataType, xShape);
    if (config.kind() == ModelConfig.Kind.CONDITIONAL_VAE) {
      labels = sd.placeHolder(LABELS, dataType, -1, config.numClasses());
    }
    SDVariable xFlat = sd.reshape(x, -1, d);

    training = true;
    SDVariable features = config.encoder() == ModelConfig.EncoderKind.MLP
        ? mlpEncoder(xFlat) : convEncoder(x);
    SDVariable mean = dense("enc_mean", features, featureWidth, config.latentDim());
    // the outputs MEAN and LOG_VAR: an inference pass (running statistics) when batch norm differs
    SDVariable inferenceFeatures = features;
    if (config.batchNorm()) {
      training = false;
      inferenceFeatures = convEncoder(x);
      training = true;
    }
    sd.identity(MEAN, config.batchNorm()
        ? dense("enc_mean", inferenceFeatures, featureWidth, config.latentDim()) : mean);
    SDVariable z;
    SDVariable kl = null;
    if (config.isVariational()) {
      SDVariable logVar = dense("enc_logVar", features, featureWidth, config.latentDim());
      sd.identity(LOG_VAR, config.batchNorm()
          ? dense("enc_logVar", inferenceFeatures, featureWidth, config.latentDim()) : logVar);
      SDVariable eps = sd.placeHolder(EPS, dataType, -1, config.latentDim());
      z = sd.identity(Z, LatentMath.reparameterize(sd, mean, logVar, eps));
      kl = sd.identity(KL, LatentMath.klPerExample(sd, mean, logVar, config.latentDim()).mean());
    } else {
      z = sd.identity(Z, mean);
    }

    // Decoder parameters are created once, by the first call; the second call reuses them.
    SDVariable out = decoder(z);
    SDVariable perExample = reconstructionPerExample(out, xFlat, d);
    SDVariable recon = sd.identity(RECON, perExample.mean());
    SDVariable loss;
    if (kl != null) {
      SDVariable beta = sd.placeHolder(BETA, dataType);
      loss = sd.identity(LOSS, recon.add(kl.mul(beta)));
    } else {
      loss = sd.identity(LOSS, recon);
    }
    sd.setLossVariables(loss);

    SDVariable zIn = sd.placeHolder(Z_IN, dataType, -1, config.latentDim());
    training = false;
    SDVariable decodedFlat = decoder(zIn);
    sd.identity(RECON_GIVEN_Z, reconstructionPerExample(decodedFlat, xFlat, d));
    if (config.loss().equals(ModelConfig.LossKind.BCE)) {
      decodedFlat = sd.nn.sigmoid(decodedFlat);
    } else if (config.loss().equals(ModelConfig.LossKind.LEARNED_VARIANCE_GAUSSIAN)) {
      decodedFlat = half(decodedFlat, 0, d);
    }
    sd.reshape(DECODED, decodedFlat, xShape);
  }

  /** The likelihood's loss per example, written from the formulas in elementwise SameDiff ops. */
  private SDVariable reconstructionPerExample(SDVariable out, SDVariable xFlat, long d) {
    if (config.loss().equals(ModelConfig.LossKind.BCE)) {
      return LatentMath.bcePerExample(sd, out, xFlat, d);
    }
    if (config.loss().equals(ModelConfig.LossKind.MSE)) {
      return LatentMath.ssePerExample(sd, out, xFlat, d);
    }
    if (config.loss().equals(ModelConfig.LossKind.LEARNED_VARIANCE_GAUSSIAN)) {
      SDVariable mu = half(out, 0, d);
      SDVariable raw = half(out, 1, d);
      return LatentMath.learnedVarianceGaussianPerExample(sd, mu, raw, xFlat, d);
    }
    throw new IllegalArgumentException("no oracle for loss " + config.loss());
  }

  /**
   * Columns {@code [part d, (part + 1) d)} of {@code out} {@code [n, 2d]}, as a product with a
   * constant 0/1 selection matrix ({@code strided_slice_bp} fails on a batch of one in ND4J
   * 1.0.0-M2.1: "NDArray::assign: lengths of arrays are mismatched").
   */
  private SDVariable half(SDVariable out, int part, long d) {
    INDArray select = Nd4j.zeros(dataType, 2 * d, d);
    for (long j = 0; j < d; j++) {
      select.putScalar(new long[] {part * d + j, j}, 1.0);
    }
    return out.mmul(sd.constant(select));
  }

  /** Decoder outputs per data value. */
  private long outputsPerValue() {
    return config.loss().equals(ModelConfig.LossKind.LEARNED_VARIANCE_GAUSSIAN) ? 2 : 1;
  }

  private SDVariable mlpEncoder(SDVariable xFlat) {
    SDVariable h = xFlat;
    long width = config.inputSize();
    if (labels != null) {
      h = sd.concat(1, h, labels);
      width += config.numClasses();
    }
    int[] hidden = config.hidden();
    for (int i = 0; i < hidden.length; i++) {
      h = act(dense("enc_dense" + i, h, width, hidden[i]));
      width = hidden[i];
    }
    featureWidth = width;
    return h;
  }

  private SDVariable convEncoder(SDVariable x) {
    long[] shape = config.inputShape();
    int[] ch = config.channels();
    int kk = config.layerOptions().convKernel();
    int st = config.layerOptions().convStride();
    int pd = config.layerOptions().convPadding();
    long[] hs = convSizes(shape[1], ch.length, kk, st, pd);
    long[] ws = convSizes(shape[2], ch.length, kk, st, pd);
    SDVariable h = x;
    long in = shape[0];
    for (int i = 0; i < ch.length; i++) {
      SDVariable w = param("enc_conv" + i + "_W", new long[] {kk, kk, in, ch[i]}, in * kk * kk);
      SDVariable b = param("enc_conv" + i + "_b", new long[] {ch[i]}, 0);
      Conv2DConfig cc = Conv2DConfig.builder().kH(kk).kW(kk).sH(st).sW(st).pH(pd).pW(pd)
          .dataFormat(Conv2DConfig.NCHW).build();
      h = act(batchNorm("enc_bn" + i, sd.cnn.conv2d(h, w, b, cc), ch[i]));
      in = ch[i];
    }
    long width = in * hs[ch.length] * ws[ch.length];
    h = sd.reshape(h, -1, width);
    if (labels != null) {
      h = sd.concat(1, h, labels);
      width += config.numClasses();
    }
    featureWidth = config.denseUnits();
    return act(dense("enc_dense", h, width, config.denseUnits()));
  }

  private SDVariable decoder(SDVariable z) {
    SDVariable h = z;
    long width = config.latentDim();
    if (labels != null) {
      h = sd.concat(1, h, labels);
      width += config.numClasses();
    }
    return config.encoder() == ModelConfig.EncoderKind.MLP ? mlpDecoder(h, width) : convDecoder(h, width);
  }

  private SDVariable mlpDecoder(SDVariable h, long width) {
    int[] hidden = config.hidden();
    for (int i = hidden.length - 1; i >= 0; i--) {
      h = act(dense("dec_dense" + i, h, width, hidden[i]));
      width = hidden[i];
    }
    return dense("dec_out", h, width, config.inputSize() * outputsPerValue());
  }

  private SDVariable convDecoder(SDVariable h, long width) {
    long[] shape = config.inputShape();
    int[] ch = config.channels();
    int k = ch.length;
    int kk = config.layerOptions().convKernel();
    int st = config.layerOptions().convStride();
    int pd = config.layerOptions().convPadding();
    long[] hs = convSizes(shape[1], k, kk, st, pd);
    long[] ws = convSizes(shape[2], k, kk, st, pd);
    long c = ch[k - 1];
    h = act(dense("dec_dense", h, width, c * hs[k] * ws[k]));
    h = sd.reshape(h, -1, c, hs[k], ws[k]);
    for (int j = 0; j < k; j++) {
      int level = k - 1 - j;
      long out = ch[level];
      // deconv2d weights are [kH, kW, outChannels, inChannels]; fan-in = input channels x 9, the
      // rule of the libtorch peer and of DL4J's Deconvolution2D (not PyTorch's default, out x 9).
      SDVariable w = param("dec_deconv" + j + "_W", new long[] {kk, kk, out, c}, c * kk * kk);
      SDVariable b = param("dec_deconv" + j + "_b", new long[] {out}, 0);
      DeConv2DConfig dc = DeConv2DConfig.builder().kH(kk).kW(kk).sH(st).sW(st).pH(0).pW(0)
          .isSameMode(false).dataFormat(DeConv2DConfig.NCHW).build();
      h = sd.cnn.deconv2d(h, w, b, dc);
      long th = hs[level];
      long tw = ws[level];
      long p0 = pd;
      h = h.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(p0, p0 + th),
          SDIndex.interval(p0, p0 + tw));
      h = act(batchNorm("dec_bn" + j, h, out));
      c = out;
    }
    long outChannels = shape[0] * outputsPerValue();
    SDVariable w = param("dec_out_W", new long[] {3, 3, c, outChannels}, c * 9);
    SDVariable b = param("dec_out_b", new long[] {outChannels}, 0);
    Conv2DConfig cc = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1)
        .dataFormat(Conv2DConfig.NCHW).build();
    h = sd.cnn.conv2d(h, w, b, cc);
    return sd.reshape(h, -1, config.inputSize() * outputsPerValue());
  }

  /**
   * Batch norm of {@code h} {@code [n, c, H, W]} when the config has it (else {@code h}): batch
   * statistics on the training path, the running statistics elsewhere.
   */
  private SDVariable batchNorm(String name, SDVariable h, long c) {
    if (!config.batchNorm()) {
      return h;
    }
    SDVariable gamma = sd.reshape(param(name + "_gamma", new long[] {c}, 0), 1, c, 1, 1);
    SDVariable beta = sd.reshape(param(name + "_beta", new long[] {c}, 0), 1, c, 1, 1);
    SDVariable mu;
    SDVariable var;
    if (training) {
      mu = h.mean(true, 0, 2, 3);
      var = sd.math.square(h.sub(mu)).mean(true, 0, 2, 3);
      sd.reshape(name + "_batchMean", mu, c);
      sd.reshape(name + "_batchVar", var, c);
    } else {
      mu = sd.reshape(stateVariable(name + "_runningMean", c, 0), 1, c, 1, 1);
      var = sd.reshape(stateVariable(name + "_runningVar", c, 1), 1, c, 1, 1);
    }
    return h.sub(mu).div(sd.math.sqrt(var.add(1e-5))).mul(gamma).add(beta);
  }

  private SDVariable stateVariable(String name, long c, double value) {
    SDVariable v = state.get(name);
    if (v == null) {
      v = sd.var(name, Nd4j.valueArrayOf(new long[] {c}, value).castTo(dataType));
      state.put(name, v);
    }
    return v;
  }

  private SDVariable dense(String name, SDVariable in, long inWidth, long outWidth) {
    SDVariable w = param(name + "_W", new long[] {inWidth, outWidth}, inWidth);
    SDVariable b = param(name + "_b", new long[] {outWidth}, 0);
    return sd.nn.biasAdd(in.mmul(w), b, false);
  }

  /** Creates a parameter once; later calls with the same name return the existing variable. */
  private SDVariable param(String name, long[] shape, long fanIn) {
    SDVariable existing = params.get(name);
    if (existing != null) {
      return existing;
    }
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] values = new double[Math.toIntExact(n)];
    if (fanIn > 0) {
      double bound = 1.0 / Math.sqrt(fanIn);
      for (int i = 0; i < values.length; i++) {
        values[i] = init.nextDouble(-bound, bound);
      }
    }
    INDArray arr = Nd4j.create(values, shape, 'c').castTo(dataType);
    SDVariable v = sd.var(name, arr);
    params.put(name, v);
    return v;
  }

}
