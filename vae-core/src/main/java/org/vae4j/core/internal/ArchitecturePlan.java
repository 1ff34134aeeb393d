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
 * {@code [z | label]}, a dense output layer; conv — 3×3 stride-2 pad-1 ReLU convolutions, flatten,
 * labels, a dense ReLU layer, the head, a dense ReLU layer to the last feature map, 3×3 stride-2
 * transposed ReLU convolutions cropped to the encoder's sizes, a 3×3 output convolution. The
 * output layer has the likelihood's outputs per data value times the data's values.
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
    /** A 3×3 pad-1 convolution, {@code W [3, 3, inChannels, outChannels]}, {@code b [outChannels]}. */
    CONV,
    /** A 3×3 stride-2 transposed convolution cropped to {@code out}, {@code W [3, 3, out, in]}. */
    DECONV,
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
   * [C, H, W]}).
   */
  public record Step(Op op, String name, long[] in, long[] out, int stride, boolean relu,
      List<Array> arrays) {

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
        c.latentDim(), c.numClasses(), c.loss().likelihood().outputsPerValue());
  }

  /**
   * The plan of a config's fields (for {@link ModelConfig}'s own validation, before the config
   * exists).
   *
   * @throws ArithmeticException when a size does not fit in a long
   */
  public static ArchitecturePlan of(ModelConfig.Kind kind, ModelConfig.EncoderKind encoderKind,
      int[] hidden, int[] channels, int denseUnits, long[] inputShape, int latentDim,
      int numClasses, int outputsPerValue) {
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
        enc.add(dense("enc_dense" + i, width, hidden[i], true));
        width = hidden[i];
      }
      features = width;
    } else {
      long[] shape = inputShape.clone();
      for (int i = 0; i < channels.length; i++) {
        long[] out = {channels[i], convSize(shape[1]), convSize(shape[2])};
        enc.add(conv("enc_conv" + i, shape, out, 2, true));
        shape = out;
      }
      long width = product(shape);
      if (numClasses > 0) {
        enc.add(appendLabels(width, numClasses));
        width = Math.addExact(width, numClasses);
      }
      enc.add(dense("enc_dense", width, denseUnits, true));
      features = denseUnits;
    }
    List<Array> headArrays = new ArrayList<>(List.of(
        new Array("enc_mean_W", new long[] {features, latentDim}),
        new Array("enc_mean_b", new long[] {latentDim})));
    if (kind != ModelConfig.Kind.AUTOENCODER) {
      headArrays.add(new Array("enc_logVar_W", new long[] {features, latentDim}));
      headArrays.add(new Array("enc_logVar_b", new long[] {latentDim}));
    }
    Step head = new Step(Op.HEAD, "enc_head", new long[] {features}, new long[] {latentDim}, 1,
        false, List.copyOf(headArrays));

    long decIn = (long) latentDim + numClasses;
    if (encoderKind == ModelConfig.EncoderKind.MLP) {
      long width = decIn;
      for (int i = hidden.length - 1; i >= 0; i--) {
        dec.add(dense("dec_dense" + i, width, hidden[i], true));
        width = hidden[i];
      }
      dec.add(dense("dec_out", width, Math.multiplyExact(inputSize, outputsPerValue), false));
    } else {
      int k = channels.length;
      long[][] sizes = new long[k + 1][];
      sizes[0] = new long[] {inputShape[1], inputShape[2]};
      for (int i = 0; i < k; i++) {
        sizes[i + 1] = new long[] {convSize(sizes[i][0]), convSize(sizes[i][1])};
      }
      long[] shape = {channels[k - 1], sizes[k][0], sizes[k][1]};
      dec.add(dense("dec_dense", decIn, product(shape), true));
      for (int j = 0; j < k; j++) {
        int level = k - 1 - j;
        long[] out = {channels[level], sizes[level][0], sizes[level][1]};
        dec.add(new Step(Op.DECONV, "dec_deconv" + j, shape, out, 2, true, List.of(
            new Array("dec_deconv" + j + "_W", new long[] {3, 3, out[0], shape[0]}),
            new Array("dec_deconv" + j + "_b", new long[] {out[0]}))));
        shape = out;
      }
      long[] out = {Math.multiplyExact(inputShape[0], outputsPerValue), inputShape[1],
          inputShape[2]};
      dec.add(conv("dec_out", shape, out, 1, false));
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

  /** The number of scalar parameters: the sum of the arrays' sizes. */
  public long parameterCount() {
    long n = 0;
    for (Array a : arrays()) {
      n = Math.addExact(n, a.size());
    }
    return n;
  }

  /** The spatial size after a 3×3 stride-2 pad-1 convolution. */
  public static long convSize(long size) {
    return (size - 1) / 2 + 1;
  }

  private static Step appendLabels(long width, int classes) {
    return new Step(Op.APPEND_LABELS, "labels", new long[] {width},
        new long[] {Math.addExact(width, classes)}, 1, false, List.of());
  }

  private static Step dense(String name, long in, long out, boolean relu) {
    return new Step(Op.DENSE, name, new long[] {in}, new long[] {out}, 1, relu, List.of(
        new Array(name + "_W", new long[] {in, out}), new Array(name + "_b", new long[] {out})));
  }

  private static Step conv(String name, long[] in, long[] out, int stride, boolean relu) {
    return new Step(Op.CONV, name, in, out, stride, relu, List.of(
        new Array(name + "_W", new long[] {3, 3, in[0], out[0]}),
        new Array(name + "_b", new long[] {out[0]})));
  }

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}
