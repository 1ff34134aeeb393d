package org.vae4j.core.internal;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.internal.nn.AppendLabels;
import org.vae4j.core.internal.nn.BatchContext;
import org.vae4j.core.internal.nn.BatchNorm2d;
import org.vae4j.core.internal.nn.Conv2d;
import org.vae4j.core.internal.nn.Dense;
import org.vae4j.core.internal.nn.Initialization;
import org.vae4j.core.internal.nn.Kernels;
import org.vae4j.core.internal.nn.LatentHead;
import org.vae4j.core.internal.nn.Layer;
import org.vae4j.core.internal.nn.LayerStack;
import org.vae4j.core.internal.nn.Parameters;
import org.vae4j.core.internal.nn.ReconstructionTerm;
import org.vae4j.core.internal.nn.TransposedConv2d;
import org.vae4j.core.internal.nn.Workspace;

/**
 * One model's network, composed once from its {@link ModelConfig}, and the only code that
 * computes with it: inference ({@link #encode}, {@link #decode}), per-example losses for
 * validation and evaluation ({@link #evaluate}, {@link #reconstructionLoss}) and the training step
 * ({@link #lossAndGradient}) all run the same layers.
 *
 * <p>The network: an encoder {@link LayerStack} (MLP: dense ReLU layers on the flattened input,
 * joined with the one-hot label for a conditional VAE; conv: 3×3 stride-2 pad-1 ReLU convolutions,
 * flatten, labels, a dense ReLU layer), the {@link LatentHead} (means, log-variances,
 * reparameterization, KL, the decoder's input {@code [z | labels]}), a decoder stack (MLP: the
 * hidden sizes reversed, then a dense output layer; conv: a dense ReLU layer to the last feature
 * map, 3×3 stride-2 transposed ReLU convolutions cropped to the encoder's sizes, a 3×3 output
 * convolution) and the {@link Likelihood}. Parameters live in one flat buffer and gradients in
 * another ({@link Parameters}); every work array in the {@link Workspace}, bounded by the largest
 * batch. Inference runs in chunks of at most {@link #chunkRows} rows.
 *
 * <p>With batch norm ({@link ModelConfig#batchNorm()}) only the training step ({@link
 * #lossAndGradient}) is a training pass: it normalises with the batch's statistics and moves the
 * running statistics ({@link #state()}) towards them. Every other call (encode, decode, sample,
 * validation, evaluation, anomaly scores) normalises with the running statistics and leaves them
 * as they are, so its results do not depend on how the rows are chunked.
 *
 * <p>Every public method is synchronized on the network (a model may be shared by several threads;
 * calls run one at a time) and runs its ND4J operations single-threaded except the large ones
 * ({@link OpenMpThreads}). Arrays returned are new and belong to the caller. After {@link
 * #close()} every call throws {@link IllegalStateException}.
 */
public final class Network implements AutoCloseable {

  /** Inference batches are split into chunks of at most this many rows (or the training batch size, if larger). */
  public static final int DEFAULT_CHUNK = 256;

  private final ModelConfig config;
  private final ArchitecturePlan plan;
  private final DataType dataType;
  private final Parameters params = new Parameters();
  /** Batch norm's running statistics: state, not parameters (their gradient buffer is unused). */
  private final Parameters state = new Parameters();
  private final Workspace workspace;
  private final LayerStack encoder;
  private final LatentHead head;
  private final LayerStack decoder;
  private final ReconstructionTerm likelihood;
  /** The encoder's copy of the input with missing values as 0; null when none can be missing. */
  private final Workspace.Slot encoderInput;
  /** The decoder's output width per example: the likelihood's outputs per value times {@link #inputSize}. */
  private final long outputSize;
  private final Workspace.Slot input;
  private final Workspace.Slot labels;
  private final long inputSize;
  /** The multiply-adds of the largest layer's forward pass on one example. */
  private final long maxMacsPerExample;
  private boolean closed;

  /**
   * Mean loss parts per example of a batch, and the batch's posterior means and KL terms ({@code
   * [n, latentDim]} row-major) for the run's latent-usage statistics.
   */
  public record Loss(double total, double reconstruction, double kl, LatentHead.Sample latent) {}

  /**
   * Loss parts of each example: {@code reconstruction[i]} and {@code kl[i]} (0 for an autoencoder),
   * and each example's posterior mean and KL term per dimension ({@code [n, latentDim]} row-major).
   */
  public record PerExample(double[] reconstruction, double[] kl, double[] klTerms, double[] means) {

    /** The mean loss parts, with {@code beta} weighing the KL. */
    public Loss mean(double beta) {
      double r = 0;
      double k = 0;
      for (int i = 0; i < reconstruction.length; i++) {
        r += reconstruction[i];
        k += kl[i];
      }
      int n = reconstruction.length;
      return new Loss((r + beta * k) / n, r / n, k / n, new LatentHead.Sample(kl, klTerms, means));
    }
  }

  /** A freshly initialised network for {@code config}, computing in {@code dataType}. */
  public Network(ModelConfig config, DataType dataType) {
    BackendInfo.logOnce();
    this.config = config;
    this.dataType = dataType;
    this.workspace = new Workspace(dataType);
    this.inputSize = config.inputSize();
    boolean conditional = config.numClasses() > 0;
    int classes = conditional ? config.numClasses() : 0;
    this.input = workspace.forward(config.inputShape());
    this.labels = conditional ? workspace.forward(classes) : null;
    this.encoderInput = config.likelihood().supportsMissing()
        ? workspace.forward(config.inputShape()) : null;

    this.plan = ArchitecturePlan.of(config);
    List<Layer> enc = new ArrayList<>();
    for (ArchitecturePlan.Step step : plan.encoder()) {
      enc.add(layer(step));
    }
    this.encoder = enc.isEmpty() ? null : new LayerStack(enc, workspace);
    this.head = new LatentHead(plan.head().inSize(), config.latentDim(), classes,
        config.isVariational(), params, workspace);
    List<Layer> dec = new ArrayList<>();
    for (ArchitecturePlan.Step step : plan.decoder()) {
      dec.add(layer(step));
    }
    this.decoder = new LayerStack(dec, workspace);
    this.outputSize = plan.decoder().get(plan.decoder().size() - 1).outSize();
    long macs = 0;
    for (Layer l : enc) {
      macs = Math.max(macs, l.macsPerExample());
    }
    for (Layer l : dec) {
      macs = Math.max(macs, l.macsPerExample());
    }
    this.maxMacsPerExample = macs;
    this.likelihood = new ReconstructionTerm(config.likelihood(), inputSize, workspace);
    checkAgainstPlan();
    params.allocate(dataType);
    Initialization.initialize(params, config.seed());
    state.allocate(dataType);
    if (state.total() > 0) {
      Initialization.initialize(state, config.seed());
    }
  }

  /** The layer of one step of the plan. */
  private Layer layer(ArchitecturePlan.Step s) {
    return switch (s.op()) {
      case APPEND_LABELS -> new AppendLabels(s.inSize(), s.outSize() - s.inSize());
      case DENSE -> new Dense(s.name(), s.inSize(), s.outSize(), s.relu(), s.alpha(), params,
          workspace);
      case CONV -> new Conv2d(s.name(), s.in(), Math.toIntExact(s.out()[0]), s.kernel(),
          s.stride(), s.pad(), s.relu(), s.alpha(),
          params, workspace);
      case DECONV -> new TransposedConv2d(s.name(), s.in(), Math.toIntExact(s.out()[0]),
          s.kernel(), s.stride(), s.pad(), s.out()[1], s.out()[2], s.relu(), s.alpha(), params,
          workspace);
      case BATCH_NORM -> new BatchNorm2d(s.name(), s.in(), s.relu(), s.alpha(), params, state,
          workspace);
      case HEAD -> throw new IllegalStateException("the latent head is not a layer of a stack");
    };
  }

  /** The layers declared exactly the plan's parameter and state arrays, in its order. */
  private void checkAgainstPlan() {
    checkAgainstPlan("parameter", plan.arrays(), params.list());
    checkAgainstPlan("state", plan.stateArrays(), state.list());
  }

  private static void checkAgainstPlan(String what, List<ArchitecturePlan.Array> planned,
      List<org.vae4j.core.internal.nn.Param> declared) {
    for (int i = 0; i < Math.max(planned.size(), declared.size()); i++) {
      ArchitecturePlan.Array a = i < planned.size() ? planned.get(i) : null;
      org.vae4j.core.internal.nn.Param p = i < declared.size() ? declared.get(i) : null;
      if (a == null || p == null || !a.name().equals(p.name())
          || !java.util.Arrays.equals(a.shape(), p.shape())) {
        throw new IllegalStateException(what + " array " + i + " of the network must be "
            + (a == null ? "absent" : a) + " as the plan says, got "
            + (p == null ? "none" : p.name() + " " + java.util.Arrays.toString(p.shape())));
      }
    }
  }

  /** The architecture the network was built from. */
  public ArchitecturePlan plan() {
    return plan;
  }

  /** The config. */
  public ModelConfig config() {
    return config;
  }

  /** The floating-point type of parameters and computation. */
  public DataType dataType() {
    return dataType;
  }

  /** The parameters: flat values and gradients, and a view per named array. */
  public Parameters parameters() {
    ensureOpen();
    return params;
  }

  /**
   * The state: batch norm's running statistics ({@link ArchitecturePlan#stateArrays()}), flat and
   * by name; empty ({@code total() == 0}) without batch norm. Training steps update it; every
   * other pass reads it.
   */
  public Parameters state() {
    ensureOpen();
    return state;
  }

  /** Native bytes held by the parameters, the state and the workspace. */
  public synchronized long nativeBytes() {
    return params.bytes() + state.bytes() + workspace.bytes();
  }

  /** True after {@link #close()}. */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Throws {@link IllegalStateException} when closed. */
  public synchronized void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("model is closed");
    }
  }

  /** Frees the parameters and every work array. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      params.close();
      state.close();
      workspace.close();
    }
  }

  /**
   * Whether a pass over {@code rows} rows at once runs every operation on the caller's threads
   * ({@link OpenMpThreads#run(boolean, java.util.function.Supplier)}): when its largest layer is
   * large enough that the operations around it are too.
   */
  boolean wide(long rows) {
    return rows * maxMacsPerExample >= OpenMpThreads.WIDE_CALL_MIN_MACS;
  }

  /** The rows one inference chunk holds for a call on {@code n} rows. */
  public synchronized long chunkRows(long n) {
    return Math.min(n, Math.max(DEFAULT_CHUNK, workspace.forwardCapacity()));
  }

  // ---------------------------------------------------------------- passes on one chunk

  /**
   * Copies rows {@code [from, to)} of {@code x} (and of the labels) into the workspace; {@code
   * backward}: for the training step (room for gradients, and a training pass: batch norm uses the
   * batch's statistics and updates the running ones).
   */
  private BatchContext load(INDArray x, INDArray y, long from, long to, boolean backward) {
    long m = to - from;
    workspace.reserve(m, backward);
    Kernels.assign(input.rows(m), ArrayRows.rows(x, from, to));
    INDArray l = null;
    if (labels != null) {
      l = labels.rows(m);
      Kernels.assign(l, ArrayRows.rows(y, from, to));
    }
    return new BatchContext(m, l, backward);
  }

  /**
   * The encoder's view of the loaded batch: the data itself, or for a likelihood that supports
   * missing values a copy with every missing value (NaN) as 0, the mean of a standardised column.
   * The likelihood still sees the NaN and masks it. With {@code keep} (training with a denoising
   * mask; {@code [n, inputSize]} of 0 and 1) the values where it is 0 are also 0 to the encoder.
   */
  private INDArray encoderInput(long n, INDArray keep) {
    INDArray x = input.rows(n);
    if (encoderInput == null) {
      return x;
    }
    INDArray e = encoderInput.rows(n);
    Kernels.assign(e, x);
    org.nd4j.linalg.indexing.BooleanIndexing.replaceWhere(e, 0.0,
        org.nd4j.linalg.indexing.conditions.Conditions.isNan());
    if (keep != null) {
      e.muli(keep.reshape(e.shape()));
    }
    return e;
  }

  private INDArray encoderForward(BatchContext b) {
    return encoderForward(b, null);
  }

  private INDArray encoderForward(BatchContext b, INDArray keep) {
    INDArray x = encoderInput(b.n(), keep);
    INDArray f = encoder == null ? x.reshape('c', b.n(), inputSize) : encoder.forward(b, x);
    head.encode(b, f);
    return f;
  }

  // ---------------------------------------------------------------- inference

  /**
   * Posterior of a checked batch: {@code [mean, logVar]} for variational models, {@code [code,
   * null]} for an autoencoder. {@code y} is the one-hot label matrix of a conditional VAE, else null.
   */
  public synchronized INDArray[] encode(INDArray x, INDArray y) {
    return encode(x, y, config.isVariational());
  }

  /** The posterior means {@code [n, latentDim]} of a checked batch (the code of an autoencoder). */
  public synchronized INDArray encodeMean(INDArray x, INDArray y) {
    return encode(x, y, false)[0];
  }

  private INDArray[] encode(INDArray x, INDArray y, boolean withLogVar) {
    ensureOpen();
    return OpenMpThreads.run(wide(chunkRows(x.size(0))), () -> {
      long n = x.size(0);
      INDArray mean = Nd4j.create(dataType, n, config.latentDim());
      INDArray logVar = withLogVar ? Nd4j.create(dataType, n, config.latentDim()) : null;
      long chunk = chunkRows(n);
      for (long from = 0; from < n; from += chunk) {
        long to = Math.min(n, from + chunk);
        BatchContext b = load(x, y, from, to, false);
        encoderForward(b);
        Kernels.assign(ArrayRows.rows(mean, from, to), head.mean(b.n()));
        if (logVar != null) {
          Kernels.assign(ArrayRows.rows(logVar, from, to), head.logVar(b.n()));
        }
      }
      return new INDArray[] {mean, logVar};
    });
  }

  /** Decodes a checked latent batch {@code [n, latentDim]}: the means of the likelihood (BCE: probabilities). */
  public synchronized INDArray decode(INDArray z, INDArray y) {
    ensureOpen();
    return OpenMpThreads.run(wide(chunkRows(z.size(0))), () -> {
      long n = z.size(0);
      long[] shape = new long[config.inputShape().length + 1];
      shape[0] = n;
      System.arraycopy(config.inputShape(), 0, shape, 1, shape.length - 1);
      INDArray out = Nd4j.create(dataType, shape);
      INDArray flat = out.reshape('c', n, inputSize);
      long chunk = chunkRows(n);
      for (long from = 0; from < n; from += chunk) {
        long to = Math.min(n, from + chunk);
        BatchContext b = loadLatent(z, y, from, to);
        INDArray logits = decoder.forward(b, head.decoderInput(b.n())).reshape('c', b.n(), outputSize);
        likelihood.decode(logits, ArrayRows.rows(flat, from, to));
      }
      return out;
    });
  }

  /**
   * The decoder's raw outputs for a checked latent batch {@code [n, latentDim]}: {@code [n,
   * outputsPerValue * inputSize]}, the parameters of p(x | z) the likelihood reads (for drawing
   * from it).
   */
  public synchronized INDArray decoderOutputs(INDArray z, INDArray y) {
    ensureOpen();
    return OpenMpThreads.run(wide(chunkRows(z.size(0))), () -> {
      long n = z.size(0);
      INDArray out = Nd4j.create(dataType, n, outputSize);
      long chunk = chunkRows(n);
      for (long from = 0; from < n; from += chunk) {
        long to = Math.min(n, from + chunk);
        BatchContext b = loadLatent(z, y, from, to);
        INDArray o = decoder.forward(b, head.decoderInput(b.n())).reshape('c', b.n(), outputSize);
        Kernels.assign(ArrayRows.rows(out, from, to), o);
      }
      return out;
    });
  }

  private BatchContext loadLatent(INDArray z, INDArray y, long from, long to) {
    long m = to - from;
    workspace.reserve(m, false);
    INDArray l = null;
    if (labels != null) {
      l = labels.rows(m);
      Kernels.assign(l, ArrayRows.rows(y, from, to));
    }
    BatchContext b = new BatchContext(m, l);
    head.setLatent(b, ArrayRows.rows(z, from, to));
    return b;
  }

  /**
   * The reconstruction loss of each row of {@code x} decoded from the matching row of {@code z}
   * ({@code [n]}): BCE from the decoder's logits or the sum of squared errors.
   */
  public synchronized INDArray reconstructionLoss(INDArray x, INDArray z, INDArray y) {
    ensureOpen();
    if (x.size(0) != z.size(0)) {
      throw new IllegalArgumentException(
          "z must have one row per example of x (" + x.size(0) + "), got " + z.size(0));
    }
    return OpenMpThreads.run(wide(chunkRows(x.size(0))), () -> {
      long n = x.size(0);
      double[] out = new double[Math.toIntExact(n)];
      long chunk = chunkRows(n);
      for (long from = 0; from < n; from += chunk) {
        long to = Math.min(n, from + chunk);
        BatchContext b = loadLatent(z, y, from, to);
        Kernels.assign(input.rows(b.n()), ArrayRows.rows(x, from, to));
        INDArray logits = decoder.forward(b, head.decoderInput(b.n())).reshape('c', b.n(), outputSize);
        double[] r = likelihood.lossPerExample(logits, input.rows(b.n()).reshape('c', b.n(), inputSize), null);
        System.arraycopy(r, 0, out, (int) from, r.length);
      }
      if (dataType == DataType.DOUBLE) {
        return Nd4j.createFromArray(out);
      }
      float[] f = new float[out.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) out[i];
      }
      return Nd4j.createFromArray(f).castTo(dataType);
    });
  }

  /**
   * {@code log p(x | z)} of every data value of each row of {@code x} decoded from the matching
   * row of {@code z}, with every constant: {@code n * inputSize} values, row-major.
   */
  public synchronized double[] logProbabilityPerValue(INDArray x, INDArray z, INDArray y) {
    ensureOpen();
    if (x.size(0) != z.size(0)) {
      throw new IllegalArgumentException(
          "z must have one row per example of x (" + x.size(0) + "), got " + z.size(0));
    }
    return OpenMpThreads.run(wide(chunkRows(x.size(0))), () -> {
      long n = x.size(0);
      double[] out = new double[Math.multiplyExact(Math.toIntExact(n), Math.toIntExact(inputSize))];
      long chunk = chunkRows(n);
      for (long from = 0; from < n; from += chunk) {
        long to = Math.min(n, from + chunk);
        BatchContext b = loadLatent(z, y, from, to);
        Kernels.assign(input.rows(b.n()), ArrayRows.rows(x, from, to));
        INDArray logits = decoder.forward(b, head.decoderInput(b.n())).reshape('c', b.n(), outputSize);
        double[] r = likelihood.logProbabilityPerValue(logits,
            input.rows(b.n()).reshape('c', b.n(), inputSize));
        System.arraycopy(r, 0, out, Math.toIntExact(from * inputSize), r.length);
      }
      return out;
    });
  }

  /**
   * The loss parts of every example of {@code x} with noise {@code noise} ({@code n × latentDim}
   * values, row-major; ignored by an autoencoder): {@code z = mean + exp(logVar / 2) eps}, the
   * reconstruction loss of {@code x} decoded from {@code z}, and the closed-form KL.
   */
  public synchronized PerExample evaluate(INDArray x, INDArray y, double[] noise) {
    ensureOpen();
    return OpenMpThreads.run(wide(chunkRows(x.size(0))), () -> {
      long n = x.size(0);
      double[] recon = new double[Math.toIntExact(n)];
      double[] kl = new double[recon.length];
      int d = config.latentDim();
      double[] terms = new double[Math.multiplyExact(recon.length, d)];
      double[] means = new double[terms.length];
      long chunk = chunkRows(n);
      for (long from = 0; from < n; from += chunk) {
        long to = Math.min(n, from + chunk);
        BatchContext b = load(x, y, from, to, false);
        encoderForward(b);
        LatentHead.Sample s = head.sample(b, noiseRows(noise, from, to, d));
        INDArray logits = decoder.forward(b, head.decoderInput(b.n())).reshape('c', b.n(), outputSize);
        double[] r = likelihood.lossPerExample(logits, input.rows(b.n()).reshape('c', b.n(), inputSize), null);
        System.arraycopy(r, 0, recon, (int) from, r.length);
        System.arraycopy(s.kl(), 0, kl, (int) from, s.kl().length);
        System.arraycopy(s.klTerms(), 0, terms, (int) from * d, s.klTerms().length);
        System.arraycopy(s.means(), 0, means, (int) from * d, s.means().length);
      }
      return new PerExample(recon, kl, terms, means);
    });
  }

  private double[] noiseRows(double[] noise, long from, long to, int d) {
    if (!config.isVariational()) {
      return null;
    }
    if (noise == null || noise.length < to * d) {
      throw new IllegalArgumentException("noise must have " + to * d + " values, got "
          + (noise == null ? "none" : noise.length));
    }
    if (from == 0 && noise.length == to * d) {
      return noise;
    }
    return java.util.Arrays.copyOfRange(noise, (int) (from * d), (int) (to * d));
  }

  /** The mean loss parts over a batch (chunked, no gradients). */
  public Loss loss(INDArray x, INDArray y, double[] noise, double beta) {
    return evaluate(x, y, noise).mean(beta);
  }

  // ---------------------------------------------------------------- training

  /**
   * One forward and backward pass over a whole batch: the mean loss parts, with the gradient of
   * {@code mean(reconstruction) + beta mean(kl)} w.r.t. every parameter written into {@link
   * Parameters#gradients()}.
   */
  public synchronized Loss lossAndGradient(INDArray x, INDArray y, double[] noise, double beta) {
    return lossAndGradient(x, y, noise, beta, null);
  }

  /**
   * As {@link #lossAndGradient(INDArray, INDArray, double[], double)}, with the values where
   * {@code keep} ({@code n × inputSize} of 0 and 1, row-major; null for none) is 0 hidden from the
   * encoder (seen as 0, as a missing value) while the likelihood still scores them: a denoising
   * step. Only for a likelihood that supports missing values.
   *
   * @throws IllegalArgumentException when {@code keep} is given to another model, or has the
   *     wrong length
   */
  public synchronized Loss lossAndGradient(INDArray x, INDArray y, double[] noise, double beta,
      float[] keep) {
    ensureOpen();
    if (keep != null && encoderInput == null) {
      throw new IllegalArgumentException("a denoising mask needs a likelihood that supports "
          + "missing values (a TABLE model), got loss " + config.loss());
    }
    if (keep != null && keep.length != x.size(0) * inputSize) {
      throw new IllegalArgumentException("keep must hold " + x.size(0) * inputSize
          + " values, got " + keep.length);
    }
    return OpenMpThreads.run(wide(x.size(0)), () -> {
      long n = x.size(0);
      BatchContext b = load(x, y, 0, n, true);
      INDArray in = input.rows(n);
      INDArray keepArray = keep == null ? null
          : Nd4j.create(keep, new long[] {n, inputSize}, 'c').castTo(dataType);
      INDArray f = encoderForward(b, keepArray);
      LatentHead.Sample latent = head.sample(b, noiseRows(noise, 0, n, config.latentDim()));
      double[] kl = latent.kl();
      INDArray decIn = head.decoderInput(n);
      INDArray logits = decoder.forward(b, decIn).reshape('c', n, outputSize);
      INDArray dLogits = decoder.outputGradient(n).reshape('c', n, outputSize);
      double[] recon = likelihood.lossPerExample(logits, in.reshape('c', n, inputSize), dLogits);
      decoder.backward(b, decIn, head.decoderInputGradient(n));
      INDArray fGrad = encoder == null ? null : encoder.outputGradient(n);
      head.backward(b, f, fGrad, beta);
      if (encoder != null) {
        encoder.backward(b, encoderInput == null ? in : encoderInput.rows(n), null);
      }
      double r = 0;
      double k = 0;
      for (int i = 0; i < n; i++) {
        r += recon[i];
        k += kl[i];
      }
      if (keepArray != null) {
        keepArray.close();
      }
      return new Loss((r + beta * k) / n, r / n, k / n, latent);
    });
  }
}
