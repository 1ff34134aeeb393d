package org.vae4j.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.ModelConfig;

/**
 * Owns one model's SameDiff graph and parameters and runs it: chunked inference, loss evaluation
 * and the one-call loss-and-gradient step the trainer uses. Every public method is synchronized
 * on the engine, so one engine may be shared by several threads (calls are serialised). Arrays
 * returned are detached copies owned by the caller.
 */
public final class ModelEngine implements AutoCloseable {

  /** Inference batches larger than this are split into chunks of this size. */
  public static final int CHUNK = 1024;

  private final ModelConfig config;
  private final DataType dataType;
  private final List<String> parameterNames;
  private final SplittableRandom samplingRandom;
  private final HandwrittenStep handwrittenStep;
  private SameDiff sd;

  /** Loss parts of one batch, per example. */
  public record Loss(double total, double reconstruction, double kl) {}

  /** Loss parts and the gradient of the total for each parameter, by name. */
  public record Step(Loss loss, Map<String, INDArray> gradients) {}

  /** Builds the graph of {@code config} with freshly initialised parameters. */
  public ModelEngine(ModelConfig config, DataType dataType) {
    BackendInfo.logOnce();
    this.config = config;
    this.dataType = dataType;
    GraphBuilder.Built built = GraphBuilder.build(config, dataType);
    this.sd = built.sd();
    this.parameterNames = built.parameterNames();
    this.samplingRandom = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
    this.handwrittenStep = HandwrittenStep.of(config, dataType);
  }

  /** The config. */
  public ModelConfig config() {
    return config;
  }

  /** The floating-point type of parameters and computation. */
  public DataType dataType() {
    return dataType;
  }

  /** Parameter names in creation order. */
  public List<String> parameterNames() {
    return parameterNames;
  }

  /** The live parameter arrays by name, in creation order (the trainer updates them in place). */
  public synchronized Map<String, INDArray> parameters() {
    ensureOpen();
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (String n : parameterNames) {
      m.put(n, sd.getVariable(n).getArr());
    }
    return m;
  }

  /** Total number of scalar parameters. */
  public synchronized long parameterCount() {
    long n = 0;
    for (INDArray a : parameters().values()) {
      n += a.length();
    }
    return n;
  }

  /** True after {@link #close()}. */
  public synchronized boolean isClosed() {
    return sd == null;
  }

  /** Throws {@link IllegalStateException} when closed. */
  public synchronized void ensureOpen() {
    if (sd == null) {
      throw new IllegalStateException("model is closed");
    }
  }

  /** Releases the parameter arrays and the graph. Idempotent. */
  @Override
  public synchronized void close() {
    if (sd == null) {
      return;
    }
    for (String n : parameterNames) {
      INDArray a = sd.getVariable(n).getArr();
      if (a != null && a.closeable()) {
        a.close();
      }
    }
    sd = null;
  }

  // ---------------------------------------------------------------- validation at the boundary

  /**
   * Checks a data batch {@code [n, inputShape...]} (n >= 1, finite values) and returns it in the
   * engine's data type. Single examples of shape {@code inputShape} are accepted when {@code
   * allowSingle} is true and returned as a batch of one.
   */
  public INDArray checkData(String arg, INDArray x, boolean allowSingle) {
    if (x == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    long[] shape = config.inputShape();
    long[] expected = new long[shape.length + 1];
    expected[0] = x.rank() > 0 ? x.size(0) : -1;
    System.arraycopy(shape, 0, expected, 1, shape.length);
    INDArray batch = x;
    if (allowSingle && Arrays.equals(x.shape(), shape)) {
      long[] one = expected.clone();
      one[0] = 1;
      batch = x.reshape(one);
    } else if (!Arrays.equals(x.shape(), expected) || x.size(0) < 1) {
      throw new IllegalArgumentException(
          arg + " must have shape [n, " + joined(shape) + "] with n >= 1, got "
              + Arrays.toString(x.shape()));
    }
    return finite(arg, batch);
  }

  /** Checks a latent batch {@code [n, latentDim]} (n >= 1, finite values). */
  public INDArray checkLatent(String arg, INDArray z) {
    if (z == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    if (z.rank() != 2 || z.size(1) != config.latentDim() || z.size(0) < 1) {
      throw new IllegalArgumentException(
          arg + " must have shape [n, " + config.latentDim() + "] with n >= 1, got "
              + Arrays.toString(z.shape()));
    }
    return finite(arg, z);
  }

  /** One-hot labels {@code [n, numClasses]} from class indices, each checked in range. */
  public INDArray oneHot(String arg, int[] labels, long n) {
    if (labels == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    if (labels.length != n) {
      throw new IllegalArgumentException(
          arg + " must have one label per example (" + n + "), got " + labels.length);
    }
    int k = config.numClasses();
    INDArray out = Nd4j.zeros(dataType, n, k);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= k) {
        throw new IllegalArgumentException(
            arg + "[" + i + "] must be in [0, " + k + "), got " + labels[i]);
      }
      out.putScalar(i, labels[i], 1.0);
    }
    return out;
  }

  /** Checks a one-hot label matrix {@code [n, numClasses]} (each row one 1, the rest 0). */
  public INDArray checkOneHot(String arg, INDArray labels, long n) {
    if (labels == null) {
      throw new IllegalArgumentException(arg + " must not be null");
    }
    int k = config.numClasses();
    if (labels.rank() != 2 || labels.size(0) != n || labels.size(1) != k) {
      throw new IllegalArgumentException(
          arg + " must have shape [" + n + ", " + k + "], got " + Arrays.toString(labels.shape()));
    }
    INDArray l = finite(arg, labels);
    INDArray ones = l.eq(1.0).castTo(DataType.INT32).sum(1);
    INDArray zeros = l.eq(0.0).castTo(DataType.INT32).sum(1);
    if (ones.minNumber().intValue() != 1 || zeros.minNumber().intValue() != k - 1) {
      throw new IllegalArgumentException(arg + " must be one-hot (one 1 per row, zeros elsewhere)");
    }
    return l;
  }

  private INDArray finite(String arg, INDArray a) {
    if (!a.dataType().isFPType()) {
      throw new IllegalArgumentException(
          arg + " must hold floating-point values, got " + a.dataType());
    }
    if (a.isNaN().any() || a.isInfinite().any()) {
      throw new IllegalArgumentException(arg + " must hold only finite values, got NaN or infinity");
    }
    return a.dataType() == dataType ? a : a.castTo(dataType);
  }

  private static String joined(long[] shape) {
    String s = Arrays.toString(shape);
    return s.substring(1, s.length() - 1);
  }

  // ---------------------------------------------------------------- inference

  /**
   * Posterior of a checked batch: {@code [mean, logVar]} for variational models, {@code [code,
   * null]} for an autoencoder. {@code labels} is the one-hot matrix of a conditional VAE, else null.
   */
  public synchronized INDArray[] encode(INDArray x, INDArray labels) {
    ensureOpen();
    List<String> outs = new ArrayList<>(List.of(GraphBuilder.MEAN));
    if (config.isVariational()) {
      outs.add(GraphBuilder.LOG_VAR);
    }
    List<INDArray[]> parts = new ArrayList<>();
    long n = x.size(0);
    for (long from = 0; from < n; from += CHUNK) {
      long to = Math.min(n, from + CHUNK);
      Map<String, INDArray> ph = new HashMap<>();
      ph.put(GraphBuilder.X, rows(x, from, to));
      if (labels != null) {
        ph.put(GraphBuilder.LABELS, rows(labels, from, to));
      }
      Map<String, INDArray> r = sd.output(ph, outs);
      INDArray[] p = new INDArray[outs.size()];
      for (int i = 0; i < p.length; i++) {
        p[i] = r.get(outs.get(i)).detach();
      }
      parts.add(p);
    }
    INDArray mean = concat(parts, 0);
    INDArray logVar = config.isVariational() ? concat(parts, 1) : null;
    return new INDArray[] {mean, logVar};
  }

  /** Decodes a checked latent batch; {@code labels} is one-hot for a conditional VAE, else null. */
  public synchronized INDArray decode(INDArray z, INDArray labels) {
    ensureOpen();
    List<INDArray[]> parts = new ArrayList<>();
    long n = z.size(0);
    for (long from = 0; from < n; from += CHUNK) {
      long to = Math.min(n, from + CHUNK);
      Map<String, INDArray> ph = new HashMap<>();
      ph.put(GraphBuilder.Z_IN, rows(z, from, to));
      if (labels != null) {
        ph.put(GraphBuilder.LABELS, rows(labels, from, to));
      }
      Map<String, INDArray> r = sd.output(ph, GraphBuilder.DECODED);
      parts.add(new INDArray[] {r.get(GraphBuilder.DECODED).detach()});
    }
    return concat(parts, 0);
  }

  /**
   * The reconstruction loss of each row of a checked batch {@code x} decoded from the matching row
   * of a checked latent batch {@code z} (same n), as {@code [n]} in the engine's type: BCE computed
   * from the decoder's logits (stable for every logit, never from clipped probabilities) for a BCE
   * model, the sum of squared errors for an MSE model. {@code labels} is one-hot for a conditional
   * VAE, else null. Runs in chunks of {@link #CHUNK} rows.
   */
  public synchronized INDArray reconstructionGivenZ(INDArray x, INDArray z, INDArray labels) {
    ensureOpen();
    if (x.size(0) != z.size(0)) {
      throw new IllegalArgumentException(
          "z must have one row per example of x (" + x.size(0) + "), got " + z.size(0));
    }
    List<INDArray[]> parts = new ArrayList<>();
    long n = z.size(0);
    for (long from = 0; from < n; from += CHUNK) {
      long to = Math.min(n, from + CHUNK);
      Map<String, INDArray> ph = new HashMap<>();
      ph.put(GraphBuilder.X, rows(x, from, to));
      ph.put(GraphBuilder.Z_IN, rows(z, from, to));
      if (labels != null) {
        ph.put(GraphBuilder.LABELS, rows(labels, from, to));
      }
      Map<String, INDArray> r = sd.output(ph, GraphBuilder.RECON_GIVEN_Z);
      parts.add(new INDArray[] {r.get(GraphBuilder.RECON_GIVEN_Z).detach()});
    }
    return concat(parts, 0);
  }

  /** Draws {@code n} latent vectors from N(0, I) with the engine's own generator. */
  public synchronized INDArray priorDraws(int n) {
    ensureOpen();
    return gaussian(samplingRandom, n, config.latentDim(), dataType);
  }

  /**
   * Evaluates the loss parts of a batch (no gradients). {@code eps} is ignored by an autoencoder.
   */
  public synchronized Loss loss(INDArray x, INDArray labels, INDArray eps, double beta) {
    ensureOpen();
    Map<String, INDArray> ph = placeholders(x, labels, eps, beta);
    List<String> outs = lossOutputs();
    Map<String, INDArray> r = sd.output(ph, outs);
    return lossOf(r);
  }

  /**
   * Loss parts and gradients of the total loss w.r.t. every parameter, from the hand-written step
   * ({@link HandwrittenStep}: the same function and gradient as the graph, without the graph
   * interpreter's overhead). The gradient arrays are not the parameters and may be modified by the
   * caller; they are valid until the next call.
   */
  public synchronized Step lossAndGradients(INDArray x, INDArray labels, INDArray eps, double beta) {
    ensureOpen();
    return handwrittenStep.lossAndGradients(parameters(), x, labels, eps, beta);
  }

  /**
   * Loss parts and gradients from one execution of the SameDiff graph, for any model. The
   * gradient arrays are fresh.
   */
  synchronized Step graphLossAndGradients(INDArray x, INDArray labels, INDArray eps, double beta) {
    ensureOpen();
    Map<String, INDArray> ph = placeholders(x, labels, eps, beta);
    OutAndGrad og = sd.calculateGradientsAndOutputs(ph, lossOutputs(), parameterNames);
    return new Step(lossOf(og.getOutputs()), og.getGradients());
  }

  private List<String> lossOutputs() {
    List<String> outs = new ArrayList<>(List.of(GraphBuilder.LOSS, GraphBuilder.RECON));
    if (config.isVariational()) {
      outs.add(GraphBuilder.KL);
    }
    return outs;
  }

  private Loss lossOf(Map<String, INDArray> r) {
    double kl = config.isVariational() ? r.get(GraphBuilder.KL).getDouble(0) : 0.0;
    return new Loss(r.get(GraphBuilder.LOSS).getDouble(0), r.get(GraphBuilder.RECON).getDouble(0), kl);
  }

  private Map<String, INDArray> placeholders(INDArray x, INDArray labels, INDArray eps, double beta) {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(GraphBuilder.X, x);
    if (config.isVariational()) {
      ph.put(GraphBuilder.EPS, eps);
      ph.put(GraphBuilder.BETA, Nd4j.scalar(dataType, beta));
    }
    if (config.kind() == ModelConfig.Kind.CONDITIONAL_VAE) {
      ph.put(GraphBuilder.LABELS, labels);
    }
    return ph;
  }

  // ---------------------------------------------------------------- helpers

  /** Rows {@code [from, to)} of an array of any rank, as a view. */
  public static INDArray rows(INDArray a, long from, long to) {
    if (from == 0 && to == a.size(0)) {
      return a;
    }
    INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
    idx[0] = NDArrayIndex.interval(from, to);
    for (int i = 1; i < idx.length; i++) {
      idx[i] = NDArrayIndex.all();
    }
    return a.get(idx);
  }

  private static INDArray concat(List<INDArray[]> parts, int which) {
    if (parts.size() == 1) {
      return parts.get(0)[which].dup();
    }
    INDArray[] arrs = new INDArray[parts.size()];
    for (int i = 0; i < arrs.length; i++) {
      arrs[i] = parts.get(i)[which];
    }
    return Nd4j.concat(0, arrs).detach();
  }

  /** A {@code [n, dim]} array of standard normal draws from {@code random}. */
  public static INDArray gaussian(SplittableRandom random, long n, int dim, DataType dataType) {
    int len = Math.toIntExact(n * dim);
    if (dataType == DataType.DOUBLE) {
      double[] v = new double[len];
      for (int i = 0; i < len; i++) {
        v[i] = random.nextGaussian();
      }
      return Nd4j.create(v, new long[] {n, dim}, DataType.DOUBLE);
    }
    float[] v = new float[len];
    for (int i = 0; i < len; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Nd4j.create(v, new long[] {n, dim}, 'c').castTo(dataType);
  }
}
