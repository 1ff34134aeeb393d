package org.vae4j.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vae4j.core.ModelConfig;

/**
 * The one description of a model's architecture, computed from its config: the encoder's layers,
 * the latent head, the decoder's layers and every parameter array (name and shape) in the order of
 * the flat parameter buffer. {@link Network} builds its layers from it (and checks that what it
 * allocated is exactly {@link #arrays()}), {@link ModelConfig#parameterCount()} is {@link
 * #parameterCount()}, and the model and checkpoint readers bound and check a file's arrays by it.
 * Every size is computed in {@code long} with overflow checks ({@link ArithmeticException}).
 *
 * <p>The architecture (see {@code docs/models.md}): MLP — dense ReLU layers on the flattened input
 * (joined with the one-hot label of a conditional VAE), the head, the hidden sizes reversed on
 * {@code [z | label]}, a dense output layer; conv — k×k stride-s ReLU convolutions with padding
 * {@code p = (k - 1) / 2} ({@link ModelConfig.LayerOptions}; 3×3 stride 2 by default), flatten,
 * labels, a dense ReLU layer, the head, a dense ReLU layer to the last feature map, k×k stride-s
 * transposed ReLU convolutions (padding 0, cropped by {@code p} at the top-left to the encoder's
 * sizes), a 3×3 pad-1 output convolution. With a LeakyReLU slope every "ReLU" above is a
 * LeakyReLU. With batch norm ({@link ModelConfig#batchNorm()}) every convolution and transposed
 * convolution but the output convolution is followed by a {@link Op#BATCH_NORM} step that carries
 * the activation instead (conv → BN → ReLU); its {@code gamma} and {@code beta} are parameters,
 * its running mean and variance are state ({@link #stateArrays()}), not parameters. The output
 * layer has the likelihood's outputs per data value times the data's values.
 *
 * @param encoder the encoder's layers, in order
 * @param head the latent head: {@code in} the feature width, {@code out} the latent width
 * @param decoder the decoder's layers, in order, from {@code [z | label]} to the likelihood's input
 */
public record ArchitecturePlan(List<Step> encoder, Step head, List<Step> decoder) {

  /** What a step computes. */
  public enum Op {
    /** Joins the one-hot label to a flat input (no parameters). */
    APPEND_LABELS,
    /** {@code x W + b} on the flattened input, {@code W [in, out]}, {@code b [out]}. */
    DENSE,
    /** A k×k pad-p convolution, {@code W [k, k, inChannels, outChannels]}, {@code b [outChannels]}. */
    CONV,
    /**
     * A k×k transposed convolution (padding 0) cropped by {@code pad} at the top-left to {@code
     * out}, {@code W [k, k, out, in]}.
     */
    DECONV,
    /**
     * Batch normalisation of a {@code [C, H, W]} map per channel, {@code gamma [C]}, {@code beta
     * [C]}, with running statistics {@code name_runningMean [C]} and {@code name_runningVar [C]}
     * as state.
     */
    BATCH_NORM,
    /** The posterior heads: {@code enc_mean} and, for a variational model, {@code enc_logVar}. */
    HEAD
  }

  /** One parameter array: its name in the model file and its shape. */
  public record Array(String name, long[] shape) {

    /** The number of values, {@link Math#multiplyExact} throughout. */
    public long size() {
      long n = 1;
      for (long d : shape) {
        n = Math.multiplyExact(n, d);
      }
      return n;
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    @Override
    public String toString() {
      return name + " " + Arrays.toString(shape);
    }
  }

  /**
   * One layer: {@code in} and {@code out} are the shapes of one example ({@code [width]} or {@code
   * [C, H, W]}); {@code kernel}, {@code stride} and {@code pad} describe a (transposed)
   * convolution (1, 1, 0 otherwise); {@code relu} whether an activation follows, {@code alpha} its
   * negative slope (0: ReLU, else LeakyReLU).
   */
  public record Step(Op op, String name, long[] in, long[] out, int kernel, int stride, int pad,
      boolean relu, double alpha, List<Array> arrays) {

    /** The values of one example's input. */
    public long inSize() {
      return product(in);
    }

    /** The values of one example's output. */
    public long outSize() {
      return product(out);
    }

    @Override
    public long[] in() {
      return in.clone();
    }

    @Override
    public long[] out() {
      return out.clone();
    }
  }

  /** The plan of {@code c}. */
  public static ArchitecturePlan of(ModelConfig c) {
    return of(c.kind(), c.encoder(), c.hidden(), c.channels(), c.denseUnits(), c.inputShape(),
        c.latentDim(), c.numClasses(), c.loss().likelihood().outputsPerValue(), c.layerOptions(),
        c.batchNorm());
  }

  /**
   * The plan of a config's fields (for {@link ModelConfig}'s own validation, before the config
   * exists).
   *
   * @throws ArithmeticException when a size does not fit in a long
   * @throws IllegalArgumentException when a convolution cannot take its input size (naming the
   *     layer and the sizes)
   */
  public static ArchitecturePlan of(ModelConfig.Kind kind, ModelConfig.EncoderKind encoderKind,
      int[] hidden, int[] channels, int denseUnits, long[] inputShape, int latentDim,
      int numClasses, int outputsPerValue, ModelConfig.LayerOptions options, boolean batchNorm) {
    int k = options.convKernel();
    int s = options.convStride();
    int p = options.convPadding();
    double a = options.leakyReluAlpha();
    long inputSize = product(inputShape);
    List<Step> enc = new ArrayList<>();
    List<Step> dec = new ArrayList<>();
    long features;
    if (encoderKind == ModelConfig.EncoderKind.MLP) {
      long width = inputSize;
      if (numClasses > 0) {
        enc.add(appendLabels(width, numClasses));
        width = Math.addExact(width, numClasses);
      }
      for (int i = 0; i < hidden.length; i++) {
        enc.add(dense("enc_dense" + i, width, hidden[i], true, a));
        width = hidden[i];
      }
      features = width;
    } else {
      long[] shape = inputShape.clone();
      for (int i = 0; i < channels.length; i++) {
        String name = "enc_conv" + i;
        long[] out = {channels[i], convSize(name, shape[1], shape[2], shape[1], k, s, p),
            convSize(name, shape[1], shape[2], shape[2], k, s, p)};
        // the mirrored transposed convolution must reach back to this layer's input size
        checkDeconv(name, shape, out, k, s, p);
        enc.add(conv(name, shape, out, k, s, p, !batchNorm, a));
        if (batchNorm) {
          enc.add(batchNorm("enc_bn" + i, out, a));
        }
        shape = out;
      }
      long width = product(shape);
      if (numClasses > 0) {
        enc.add(appendLabels(width, numClasses));
        width = Math.addExact(width, numClasses);
      }
      enc.add(dense("enc_dense", width, denseUnits, true, a));
      features = denseUnits;
    }
    List<Array> headArrays = new ArrayList<>(List.of(
        new Array("enc_mean_W", new long[] {features, latentDim}),
        new Array("enc_mean_b", new long[] {latentDim})));
    if (kind != ModelConfig.Kind.AUTOENCODER) {
      headArrays.add(new Array("enc_logVar_W", new long[] {features, latentDim}));
      headArrays.add(new Array("enc_logVar_b", new long[] {latentDim}));
    }
    Step head = new Step(Op.HEAD, "enc_head", new long[] {features}, new long[] {latentDim}, 1, 1,
        0, false, 0, List.copyOf(headArrays));

    long decIn = (long) latentDim + numClasses;
    if (encoderKind == ModelConfig.EncoderKind.MLP) {
      long width = decIn;
      for (int i = hidden.length - 1; i >= 0; i--) {
        dec.add(dense("dec_dense" + i, width, hidden[i], true, a));
        width = hidden[i];
      }
      dec.add(dense("dec_out", width, Math.multiplyExact(inputSize, outputsPerValue), false, 0));
    } else {
      int depth = channels.length;
      long[][] sizes = new long[depth + 1][];
      sizes[0] = new long[] {inputShape[1], inputShape[2]};
      for (int i = 0; i < depth; i++) {
        sizes[i + 1] = new long[] {convSize(sizes[i][0], k, s, p), convSize(sizes[i][1], k, s, p)};
      }
      long[] shape = {channels[depth - 1], sizes[depth][0], sizes[depth][1]};
      dec.add(dense("dec_dense", decIn, product(shape), true, a));
      for (int j = 0; j < depth; j++) {
        int level = depth - 1 - j;
        long[] out = {channels[level], sizes[level][0], sizes[level][1]};
        dec.add(new Step(Op.DECONV, "dec_deconv" + j, shape, out, k, s, p, !batchNorm, a, List.of(
            new Array("dec_deconv" + j + "_W", new long[] {k, k, out[0], shape[0]}),
            new Array("dec_deconv" + j + "_b", new long[] {out[0]}))));
        if (batchNorm) {
          dec.add(batchNorm("dec_bn" + j, out, a));
        }
        shape = out;
      }
      long[] out = {Math.multiplyExact(inputShape[0], outputsPerValue), inputShape[1],
          inputShape[2]};
      dec.add(conv("dec_out", shape, out, 3, 1, 1, false, 0));
    }
    return new ArchitecturePlan(List.copyOf(enc), head, List.copyOf(dec));
  }

  /** Every parameter array, in the order of the flat parameter buffer. */
  public List<Array> arrays() {
    List<Array> all = new ArrayList<>();
    for (Step s : encoder) {
      all.addAll(s.arrays());
    }
    all.addAll(head.arrays());
    for (Step s : decoder) {
      all.addAll(s.arrays());
    }
    return Collections.unmodifiableList(all);
  }

  /** The shape of every parameter array by name, in buffer order. */
  public Map<String, long[]> shapes() {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (Array a : arrays()) {
      m.put(a.name(), a.shape());
    }
    return m;
  }

  /**
   * The state arrays, in layer order: per {@link Op#BATCH_NORM} step its running mean and running
   * variance ({@code name_runningMean [C]}, {@code name_runningVar [C]}). Not parameters: no
   * gradient, no optimiser state; saved in model files and checkpoints beside the parameters.
   */
  public List<Array> stateArrays() {
    List<Array> all = new ArrayList<>();
    for (List<Step> part : List.of(encoder, decoder)) {
      for (Step s : part) {
        if (s.op() == Op.BATCH_NORM) {
          all.add(new Array(s.name() + "_runningMean", new long[] {s.in()[0]}));
          all.add(new Array(s.name() + "_runningVar", new long[] {s.in()[0]}));
        }
      }
    }
    return Collections.unmodifiableList(all);
  }

  /** The shape of every state array by name, in layer order (empty without batch norm). */
  public Map<String, long[]> stateShapes() {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (Array a : stateArrays()) {
      m.put(a.name(), a.shape());
    }
    return m;
  }

  /** The number of scalar state values: the sum of the state arrays' sizes. */
  public long stateCount() {
    long n = 0;
    for (Array a : stateArrays()) {
      n = Math.addExact(n, a.size());
    }
    return n;
  }

  /** The number of scalar parameters: the sum of the arrays' sizes. */
  public long parameterCount() {
    long n = 0;
    for (Array a : arrays()) {
      n = Math.addExact(n, a.size());
    }
    return n;
  }

  /** The spatial size after a 3×3 stride-2 pad-1 convolution (the default layer options). */
  public static long convSize(long size) {
    return convSize(size, 3, 2, 1);
  }

  /**
   * The spatial size after a {@code kernel}×{@code kernel} stride-{@code stride} pad-{@code pad}
   * convolution: {@code (size + 2 pad - kernel) / stride + 1}; at least 1 only when {@code size +
   * 2 pad >= kernel}.
   */
  public static long convSize(long size, int kernel, int stride, int pad) {
    return Math.floorDiv(size + 2L * pad - kernel, stride) + 1;
  }

  private static long convSize(String layer, long h, long w, long size, int k, int s, int p) {
    if (size + 2L * p < k) {
      throw new IllegalArgumentException(layer + ": a " + k + "x" + k + " stride-" + s
          + " convolution with padding " + p + " cannot take a " + h + "x" + w
          + " input (each side must be at least " + (k - 2 * p) + "); use fewer conv layers, a"
          + " smaller convKernel or a larger input");
    }
    return convSize(size, k, s, p);
  }

  /**
   * The decoder's transposed convolution from {@code out} back to {@code in}: its padding-0 output
   * {@code (h - 1) s + k} must hold the crop {@code [p, p + H)}.
   */
  private static void checkDeconv(String layer, long[] in, long[] out, int k, int s, int p) {
    for (int d = 1; d <= 2; d++) {
      long full = (out[d] - 1) * s + k;
      if (full < in[d] + p) {
        throw new IllegalArgumentException(layer + ": the decoder cannot mirror a " + k + "x" + k
            + " stride-" + s + " convolution with padding " + p + " from " + in[1] + "x" + in[2]
            + " to " + out[1] + "x" + out[2] + " (its transposed convolution reaches " + full
            + ", needs " + (in[d] + p) + "); choose convKernel >= 2 * convStride - 1 or another"
            + " input size");
      }
    }
  }

  private static Step appendLabels(long width, int classes) {
    return new Step(Op.APPEND_LABELS, "labels", new long[] {width},
        new long[] {Math.addExact(width, classes)}, 1, 1, 0, false, 0, List.of());
  }

  private static Step dense(String name, long in, long out, boolean relu, double alpha) {
    return new Step(Op.DENSE, name, new long[] {in}, new long[] {out}, 1, 1, 0, relu, alpha,
        List.of(new Array(name + "_W", new long[] {in, out}),
            new Array(name + "_b", new long[] {out})));
  }

  private static Step conv(String name, long[] in, long[] out, int kernel, int stride, int pad,
      boolean relu, double alpha) {
    return new Step(Op.CONV, name, in, out, kernel, stride, pad, relu, alpha, List.of(
        new Array(name + "_W", new long[] {kernel, kernel, in[0], out[0]}),
        new Array(name + "_b", new long[] {out[0]})));
  }

  private static Step batchNorm(String name, long[] shape, double alpha) {
    return new Step(Op.BATCH_NORM, name, shape, shape, 1, 1, 0, true, alpha, List.of(
        new Array(name + "_gamma", new long[] {shape[0]}),
        new Array(name + "_beta", new long[] {shape[0]})));
  }

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}
