package org.vae4j.core.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DeConv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.ModelConfig;

/**
 * The hand-written training step of a conv model, the graph of {@link GraphBuilder} op for op:
 * 3×3 stride-2 pad-1 convolutions with ReLU, a flatten (joined with the one-hot label for a
 * conditional VAE) and a dense ReLU layer, the heads of {@link HandwrittenStep}, a dense ReLU layer
 * to the last feature map, 3×3 stride-2 transposed convolutions (padding 0, cropped by one row and
 * column at the top-left to the encoder's size at that depth) with ReLU, and a 3×3 pad-1 output
 * convolution. The convolutions run ND4J's own {@code conv2d}/{@code deconv2d} forward and
 * {@code _bp} ops (oneDNN on the CPU backend), as the graph does; what this saves is the graph
 * interpreter's overhead, ND4J's slow ReLU backward op ({@code thresholdedrelu_bp}, replaced by a
 * sign mask and a multiply), and the crop's {@code strided_slice} ops (replaced by view copies).
 */
final class ConvStep extends HandwrittenStep {

  private final int[] channels;
  private final int layers;
  private final long[] hs;
  private final long[] ws;
  private final long imageChannels;
  private final long flatWidth;
  private final int units;
  private final int[] encoderConvArgs;
  private final int[] decoderConvArgs;
  private final int[] deconvArgs;
  private final Map<Long, Buffers> buffers = new HashMap<>();

  ConvStep(ModelConfig config, DataType dataType) {
    super(config, dataType);
    if (config.encoder() != ModelConfig.EncoderKind.CONV) {
      throw new IllegalArgumentException("config must have a conv encoder, got " + config.encoder());
    }
    long[] shape = config.inputShape();
    this.channels = config.channels();
    this.layers = channels.length;
    this.imageChannels = shape[0];
    this.hs = GraphBuilder.convSizes(shape[1], layers);
    this.ws = GraphBuilder.convSizes(shape[2], layers);
    this.flatWidth = channels[layers - 1] * hs[layers] * ws[layers];
    this.units = config.denseUnits();
    this.encoderConvArgs = ints(new Conv2D(new INDArray[] {Nd4j.create(dataType, 1, 1, 3, 3),
        Nd4j.create(dataType, 3, 3, 1, 1)}, new INDArray[] {Nd4j.create(dataType, 1, 1, 2, 2)},
        Conv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(1).pW(1)
            .dataFormat(Conv2DConfig.NCHW).build()).iArgs());
    this.decoderConvArgs = ints(new Conv2D(new INDArray[] {Nd4j.create(dataType, 1, 1, 3, 3),
        Nd4j.create(dataType, 3, 3, 1, 1)}, new INDArray[] {Nd4j.create(dataType, 1, 1, 3, 3)},
        Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1)
            .dataFormat(Conv2DConfig.NCHW).build()).iArgs());
    this.deconvArgs = ints(new DeConv2D(new INDArray[] {Nd4j.create(dataType, 1, 1, 2, 2),
        Nd4j.create(dataType, 3, 3, 1, 1)}, new INDArray[] {Nd4j.create(dataType, 1, 1, 5, 5)},
        DeConv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(0).pW(0).isSameMode(false)
            .dataFormat(DeConv2DConfig.NCHW).build()).iArgs());
  }

  /** Per-batch-size work arrays, allocated once per batch size seen. */
  private final class Buffers {
    /** Encoder conv outputs after ReLU, and their gradients. */
    final INDArray[] enc = new INDArray[layers];
    final INDArray[] encGrad = new INDArray[layers];
    /** The first conv's input gradient (computed by conv2d_bp, not used). */
    final INDArray inputGrad;
    /** The dense layer's input: the flattened conv output, joined with the labels (CVAE). */
    final INDArray denseIn;
    final INDArray denseInGrad;
    final INDArray features;
    final INDArray featureGrad;
    /** The decoder's dense output after ReLU (the first feature map, flat), and its gradient. */
    final INDArray decDense;
    final INDArray decDenseGrad;
    /** Transposed-conv outputs before the crop, their gradients (zero border), and the crops. */
    final INDArray[] full = new INDArray[layers];
    final INDArray[] fullGrad = new INDArray[layers];
    final INDArray[] crop = new INDArray[layers];
    final INDArray[] cropGrad = new INDArray[layers];
    final INDArray out;
    final INDArray scratch;
    final INDArray mask;
    final Map<String, INDArray> gradients = new LinkedHashMap<>();

    Buffers(long n) {
      long widest = units;
      for (int i = 0; i < layers; i++) {
        enc[i] = Nd4j.create(dataType, n, channels[i], hs[i + 1], ws[i + 1]);
        encGrad[i] = Nd4j.create(dataType, n, channels[i], hs[i + 1], ws[i + 1]);
        widest = Math.max(widest, enc[i].length() / n);
      }
      inputGrad = Nd4j.create(dataType, n, imageChannels, hs[0], ws[0]);
      denseIn = conditional ? Nd4j.create(dataType, n, flatWidth + classes)
          : enc[layers - 1].reshape('c', n, flatWidth);
      denseInGrad = conditional ? Nd4j.create(dataType, n, flatWidth + classes)
          : encGrad[layers - 1].reshape('c', n, flatWidth);
      features = Nd4j.create(dataType, n, units);
      featureGrad = Nd4j.create(dataType, n, units);
      decDense = Nd4j.create(dataType, n, flatWidth);
      decDenseGrad = Nd4j.create(dataType, n, flatWidth);
      long h = hs[layers];
      long w = ws[layers];
      for (int j = 0; j < layers; j++) {
        int level = layers - 1 - j;
        long outC = channels[level];
        full[j] = Nd4j.create(dataType, n, outC, 2 * h + 1, 2 * w + 1);
        fullGrad[j] = Nd4j.zeros(dataType, n, outC, 2 * h + 1, 2 * w + 1);
        crop[j] = Nd4j.create(dataType, n, outC, hs[level], ws[level]);
        cropGrad[j] = Nd4j.create(dataType, n, outC, hs[level], ws[level]);
        widest = Math.max(widest, crop[j].length() / n);
        h = hs[level];
        w = ws[level];
      }
      widest = Math.max(widest, flatWidth);
      out = Nd4j.create(dataType, n, imageChannels, hs[0], ws[0]);
      scratch = Nd4j.create(dataType, n, inputSize);
      mask = Nd4j.create(dataType, n * widest);
    }
  }

  /** The top-left-cropped interior {@code [:, :, 1:1+h, 1:1+w]} of a transposed-conv output. */
  private static INDArray interior(INDArray full, long h, long w) {
    INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + h),
        NDArrayIndex.interval(1, 1 + w)};
    return full.get(idx);
  }

  @Override
  ModelEngine.Step lossAndGradients(Map<String, INDArray> params, INDArray x, INDArray labels,
      INDArray eps, double beta) {
    long n = x.size(0);
    Buffers buf = buffers.computeIfAbsent(n, Buffers::new);
    Head head = head(n);
    Map<String, INDArray> grads = buf.gradients;
    grads.clear();

    // encoder
    INDArray a = x;
    for (int i = 0; i < layers; i++) {
      conv(encoderConvArgs, a, params.get("enc_conv" + i + "_W"), params.get("enc_conv" + i + "_b"),
          buf.enc[i]);
      relu(buf.enc[i]);
      a = buf.enc[i];
    }
    if (conditional) {
      buf.denseIn.get(NDArrayIndex.all(), NDArrayIndex.interval(0, flatWidth))
          .assign(buf.enc[layers - 1].reshape('c', n, flatWidth));
      buf.denseIn.get(NDArrayIndex.all(), NDArrayIndex.interval(flatWidth, flatWidth + classes))
          .assign(labels);
    }
    dense(buf.denseIn, params.get("enc_dense_W"), params.get("enc_dense_b"), buf.features);
    relu(buf.features);
    double kl = headsForward(params, buf.features, eps, labels, head);

    // decoder
    dense(head.decIn, params.get("dec_dense_W"), params.get("dec_dense_b"), buf.decDense);
    relu(buf.decDense);
    a = buf.decDense.reshape('c', n, channels[layers - 1], hs[layers], ws[layers]);
    for (int j = 0; j < layers; j++) {
      int level = layers - 1 - j;
      deconv(a, params.get("dec_deconv" + j + "_W"), params.get("dec_deconv" + j + "_b"), buf.full[j]);
      buf.crop[j].assign(interior(buf.full[j], hs[level], ws[level]));
      relu(buf.crop[j]);
      a = buf.crop[j];
    }
    conv(decoderConvArgs, a, params.get("dec_out_W"), params.get("dec_out_b"), buf.out);
    INDArray out = buf.out.reshape('c', n, inputSize);
    double recon = reconstruction(out, x.reshape('c', n, inputSize), buf.scratch);

    // decoder backward
    convBack(decoderConvArgs, buf.crop[layers - 1], params.get("dec_out_W"),
        params.get("dec_out_b"), buf.out, buf.cropGrad[layers - 1], "dec_out", grads);
    for (int j = layers - 1; j >= 0; j--) {
      int level = layers - 1 - j;
      reluBack(buf.cropGrad[j], buf.crop[j], buf.mask);
      interior(buf.fullGrad[j], hs[level], ws[level]).assign(buf.cropGrad[j]);
      INDArray input = j > 0 ? buf.crop[j - 1]
          : buf.decDense.reshape('c', n, channels[layers - 1], hs[layers], ws[layers]);
      INDArray inputGrad = j > 0 ? buf.cropGrad[j - 1]
          : buf.decDenseGrad.reshape('c', n, channels[layers - 1], hs[layers], ws[layers]);
      deconvBack(input, params.get("dec_deconv" + j + "_W"), params.get("dec_deconv" + j + "_b"),
          buf.fullGrad[j], inputGrad, "dec_deconv" + j, grads);
    }
    reluBack(buf.decDenseGrad, buf.decDense, buf.mask);
    backDense("dec_dense", head.decIn, params.get("dec_dense_W"), buf.decDenseGrad, head.decInGrad,
        grads);
    headsBackward(params, buf.features, buf.featureGrad, beta, head, grads);

    // encoder backward
    reluBack(buf.featureGrad, buf.features, buf.mask);
    backDense("enc_dense", buf.denseIn, params.get("enc_dense_W"), buf.featureGrad, buf.denseInGrad,
        grads);
    if (conditional) {
      buf.encGrad[layers - 1].reshape('c', n, flatWidth)
          .assign(buf.denseInGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, flatWidth)));
    }
    for (int i = layers - 1; i >= 0; i--) {
      reluBack(buf.encGrad[i], buf.enc[i], buf.mask);
      convBack(encoderConvArgs, i > 0 ? buf.enc[i - 1] : x, params.get("enc_conv" + i + "_W"),
          params.get("enc_conv" + i + "_b"), buf.encGrad[i], i > 0 ? buf.encGrad[i - 1] : buf.inputGrad,
          "enc_conv" + i, grads);
    }
    return new ModelEngine.Step(new ModelEngine.Loss(recon + beta * kl, recon, kl), Map.copyOf(grads));
  }

  /** The integer arguments ND4J's op class computed from its config, for the {@code _bp} ops too. */
  private static int[] ints(long[] args) {
    int[] out = new int[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = Math.toIntExact(args[i]);
    }
    return out;
  }

  private static void conv(int[] args, INDArray in, INDArray w, INDArray b, INDArray out) {
    Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(in, w, b).addOutputs(out)
        .addIntegerArguments(args).build());
  }

  private void convBack(int[] args, INDArray in, INDArray w, INDArray b, INDArray gradOut,
      INDArray gradIn, String name, Map<String, INDArray> grads) {
    Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(in, w, b, gradOut)
        .addOutputs(gradIn, gradientBuffer(grads, name + "_W", w), gradientBuffer(grads, name + "_b", b))
        .addIntegerArguments(args).build());
  }

  private void deconv(INDArray in, INDArray w, INDArray b, INDArray out) {
    Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(in, w, b).addOutputs(out)
        .addIntegerArguments(deconvArgs).build());
  }

  private void deconvBack(INDArray in, INDArray w, INDArray b, INDArray gradOut, INDArray gradIn,
      String name, Map<String, INDArray> grads) {
    Nd4j.exec(DynamicCustomOp.builder("deconv2d_bp").addInputs(in, w, b, gradOut)
        .addOutputs(gradIn, gradientBuffer(grads, name + "_W", w), gradientBuffer(grads, name + "_b", b))
        .addIntegerArguments(deconvArgs).build());
  }
}
