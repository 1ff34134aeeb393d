package org.vae4j.core.train.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.ReleasableBatches;
import org.vae4j.api.internal.Seeds;
import org.vae4j.api.training.BatchStats;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LatentCollapse;
import org.vae4j.api.training.LatentUsage;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.api.training.TrainingStart;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.internal.ArrayRows;
import org.vae4j.core.internal.InputChecks;
import org.vae4j.core.internal.LatentMoments;
import org.vae4j.core.internal.Network;
import org.vae4j.core.internal.nn.HostValues;
import org.vae4j.core.train.EarlyStopping;
import org.vae4j.core.train.EpochProgress;
import org.vae4j.core.train.TrainingDivergedException;
import org.vae4j.core.train.TrainingOptions;

/**
 * The training loop, the only one in vae4j, called by the models' {@code fit} and {@code resume}
 * methods and by {@code TrainingSession.train}, whose {@link External} runs each epoch's steps
 * elsewhere (vae-spark's rounds) while everything around them stays here (not public API). Mini-batch Adam on a model's {@link Network}: each epoch visits
 * in-memory data in a permutation derived from {@code (seed, epoch)}, gathering each batch into a
 * buffer reused from step to step; each step draws its reparameterization noise from {@code (seed,
 * step)}, runs one forward and backward pass ({@link Network#lossAndGradient}), checks the loss is
 * finite, optionally clips the global gradient norm, and applies Adam to the flat parameters
 * ({@link TrainingState}). After each epoch:
 * validation with fixed noise and the beta in force, early-stopping bookkeeping, listeners, then
 * a checkpoint when due. Not thread-safe; the caller holds the model's lock.
 */
public final class TrainingLoop {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("org.vae4j.core.train");

  private final Network network;
  private final TrainingOptions config;
  private final List<TrainingListener> listeners;
  private final CheckpointCodec.Contents resume;
  private final Path resumeFile;
  /** This run's checkpoint writer, created at the first checkpoint; prunes only its own files. */
  private CheckpointWriter checkpoints;

  private TrainingLoop(Network network, TrainingOptions config, List<TrainingListener> listeners,
      CheckpointCodec.Contents resume, Path resumeFile) {
    this.network = Objects.requireNonNull(network, "network");
    this.config = Objects.requireNonNull(config, "training");
    Objects.requireNonNull(listeners, "listeners");
    for (TrainingListener l : listeners) {
      Objects.requireNonNull(l, "listener");
    }
    this.listeners = List.copyOf(listeners);
    this.resume = resume;
    this.resumeFile = resumeFile;
  }

  /** A fresh run. */
  public static TrainingLoop start(Network network, TrainingOptions config,
      List<TrainingListener> listeners) {
    return new TrainingLoop(network, config, listeners, null, null);
  }

  /**
   * A run continuing from {@code checkpoint}, with {@code config} or (when null) the training
   * config saved in it with checkpoints going into the directory {@code checkpoint} is in (see
   * {@link CheckpointCodec#resumeOptions}): never into the directory recorded in the file.
   *
   * @throws IllegalArgumentException when the checkpoint holds another model config
   * @throws IOException when the checkpoint cannot be read
   */
  public static TrainingLoop resume(Network network, Path checkpoint, TrainingOptions config,
      List<TrainingListener> listeners) throws IOException {
    Objects.requireNonNull(checkpoint, "checkpoint");
    return resume(network, checkpoint, CheckpointCodec.read(checkpoint), config, listeners);
  }

  /** A run continuing from checkpoint {@code checkpoint}, already read as {@code c}. */
  public static TrainingLoop resume(Network network, Path checkpoint, CheckpointCodec.Contents c,
      TrainingOptions config, List<TrainingListener> listeners) {
    if (!c.modelConfig().equals(network.config())) {
      throw new IllegalArgumentException("checkpoint " + checkpoint + " must hold this model's config "
          + network.config() + ", got " + c.modelConfig());
    }
    return new TrainingLoop(network, CheckpointCodec.resumeOptions(checkpoint, c, config), listeners,
        c, checkpoint);
  }

  /**
   * Trains on a checked in-memory batch {@code data} {@code [n, inputShape...]} with one-hot
   * {@code labels} for a conditional VAE (else null); {@code validation} (checked, or null) and its
   * labels likewise.
   */
  public TrainingHistory fit(INDArray data, INDArray labels, INDArray validation,
      INDArray validationLabels) {
    return run(new InMemory(data, labels), validation, validationLabels);
  }

  /**
   * Trains over a DataSetIterator: features {@code [b, inputShape...]} (or flat {@code [b, D]}),
   * and for a conditional VAE one-hot labels. The iterator's own order is used (it is reset
   * before each epoch).
   */
  public TrainingHistory fit(DataSetIterator data, INDArray validation, INDArray validationLabels) {
    Objects.requireNonNull(data, "data");
    return run(new FromIterator(data), validation, validationLabels);
  }

  /**
   * Trains with the steps of each epoch run by {@code epochs} (a distributed trainer) on {@code
   * state}, without validation data: everything else as for in-memory data.
   */
  public TrainingHistory fit(TrainingState state, External epochs) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(epochs, "epochs");
    return runEpochs(state, null, epochs, null, null);
  }

  /** The steps of each epoch run outside the loop (see {@code org.vae4j.core.train.EpochRunner}). */
  public interface External {
    /** Parts per epoch, -1 if unknown. */
    int partsPerEpoch();

    /** Examples per epoch, -1 if unknown. */
    long examples();

    /** Runs epoch {@code epoch}'s steps, reporting to {@code progress}. */
    void run(int epoch, EpochProgress progress);
  }

  private TrainingHistory run(Source source, INDArray valX, INDArray valY) {
    try {
      return runEpochs(new TrainingState(network, config), source, null, valX, valY);
    } finally {
      source.close();
    }
  }

  private TrainingHistory runEpochs(TrainingState state, Source source, External external,
      INDArray valX, INDArray valY) {
    ModelConfig mc = network.config();
    EarlyStopping early = null;
    if (config.earlyStoppingPatience() > 0 || config.restoreBestWeights()) {
      int patience = config.earlyStoppingPatience() > 0 ? config.earlyStoppingPatience() : Integer.MAX_VALUE;
      early = new EarlyStopping(patience, config.earlyStoppingMinDelta());
    }
    float[] best = null;
    float[] bestState = null;
    TrainingHistory history = TrainingHistory.empty();
    if (resume != null) {
      String what = "checkpoint " + resumeFile;
      state.setParameterVector(state.flatten(what, resume.parameters()));
      state.setOptimizer(what, floats(resume.optimizer()), resume.step(), resume.epoch());
      state.setStateVector(state.flattenState(what, resume.state()));
      history = new TrainingHistory(resume.history().epochs(), null);
      if (early != null && resume.bestEpoch() > 0) {
        early.restore(resume.bestEpoch(), resume.bestLoss(), resume.epochsWithoutImprovement());
      }
      if (config.restoreBestWeights() && !resume.bestParameters().isEmpty()) {
        best = state.flatten(what + " (best weights)", resume.bestParameters());
        bestState = state.flattenState(what + " (best weights)", resume.bestState());
      }
    }
    double[] valEps = valX != null && mc.isVariational()
        ? state.noise(state.validationNoise(), valX.size(0)) : null;
    Control control = new Control();
    if (early != null && config.earlyStoppingPatience() > 0 && early.exhausted()) {
      // the checkpoint was written by a run that early stopping ended: it stays ended
      control.requestStop(early.reason());
    }
    boolean collapseReported = history.latentCollapse();
    int batchesPerEpoch = source != null ? source.batchesPerEpoch() : external.partsPerEpoch();
    TrainingStart start = new TrainingStart(state.epochsDone() + 1, config.epochs(),
        batchesPerEpoch, source != null ? source.examples() : external.examples(),
        valX == null ? 0 : valX.size(0));
    for (TrainingListener l : listeners) {
      l.onTrainingStart(start, control);
    }
    for (int epoch = state.epochsDone() + 1; epoch <= config.epochs() && !control.stopRequested(); epoch++) {
      TrainingState.Snapshot snapshot = state.snapshot();
      Sums sums = new Sums(mc.latentDim());
      double beta = config.klWeight(mc.beta(), epoch, state.step() + 1);
      boolean complete = true;
      long t0 = System.nanoTime();
      if (external != null) {
        Parts parts = new Parts(state, epoch, batchesPerEpoch, sums, control);
        try {
          external.run(epoch, parts);
        } catch (TrainingDivergedException e) {
          state.restore(snapshot);
          throw e;
        }
        complete = !parts.stoppedEarly();
        beta = config.klWeight(mc.beta(), epoch, state.step());
      } else {
        Iterator<Batch> batches = source.epoch(epoch, state.shuffleFor(epoch));
        int b = 0;
        while (batches.hasNext()) {
          if (control.stopRequested()) {
            complete = false;
            break;
          }
          Batch batch = batches.next();
          try {
            beta = step(state, snapshot, batch, epoch, b++, batchesPerEpoch, sums, control);
          } finally {
            source.release(batch);
          }
        }
      }
      if (sums.examples == 0) {
        throw new IllegalArgumentException("data must hold at least one example, got an empty iterator");
      }
      state.epochDone();
      double seconds = (System.nanoTime() - t0) / 1e9;
      Network.Loss val = valX == null ? null : validate(state, snapshot, epoch, valX, valY, valEps, beta);
      LatentUsage usage;
      if (val != null) {
        LatentMoments m = new LatentMoments(mc.latentDim());
        m.add(val.latent());
        usage = m.usage();
      } else {
        usage = sums.latent.usage();
      }
      long n = sums.examples;
      EpochStats stats = new EpochStats(epoch, state.step(),
          new LossBreakdown(sums.total / n, sums.recon / n, sums.kl / n),
          val == null ? null : new LossBreakdown(val.total(), val.reconstruction(), val.kl()), beta,
          seconds, n / Math.max(seconds, 1e-9), usage);
      history = history.plus(stats);
      if (early != null) {
        if (early.record(stats) && config.restoreBestWeights()) {
          best = state.parameterVector();
          bestState = state.stateVector();
        }
        if (config.earlyStoppingPatience() > 0 && early.exhausted()) {
          control.requestStop(early.reason());
        }
      }
      for (TrainingListener l : listeners) {
        l.onEpochEnd(stats, control);
      }
      if (!collapseReported && mc.isVariational() && usage.collapsed()
          && config.klWeight(mc.beta(), epoch, state.step()) == mc.beta()) {
        // after any warm-up: a dimension the KL has switched off while it still had full weight
        collapseReported = true;
        LatentCollapse collapse = new LatentCollapse(epoch, usage.inactiveDimensions(), usage);
        LOG.warn(collapse.message());
        for (TrainingListener l : listeners) {
          l.onLatentCollapse(collapse, control);
        }
      }
      boolean last = epoch == config.epochs() || control.stopRequested();
      if (complete && config.checkpointDirectory() != null
          && (epoch % config.checkpointEvery() == 0 || last)) {
        checkpoint(state, epoch, history, early, best, bestState);
      }
    }
    if (config.restoreBestWeights() && best != null) {
      state.setParameterVector(best);
      state.setStateVector(bestState);
    }
    TrainingHistory h = control.reason == null ? history : history.stoppedBecause(control.reason);
    for (TrainingListener l : listeners) {
      l.onTrainingEnd(h);
    }
    return h;
  }

  private double step(TrainingState state, TrainingState.Snapshot snapshot, Batch batch, int epoch,
      int batchIndex, int batches, Sums sums, Control control) {
    int bs = (int) batch.x().size(0);
    TrainingState.StepResult result;
    try {
      result = state.step(batch.x(), batch.labels(), epoch);
    } catch (TrainingDivergedException e) {
      state.restore(snapshot);
      throw e;
    }
    Network.Loss loss = result.loss();
    double beta = result.beta();
    sums.add(loss, bs);
    if (!listeners.isEmpty()) {
      BatchStats stats = new BatchStats(epoch, state.step(), batchIndex, batches, bs,
          new LossBreakdown(loss.total(), loss.reconstruction(), loss.kl()), beta);
      for (TrainingListener l : listeners) {
        l.onBatchEnd(stats, control);
      }
    }
    return beta;
  }

  /** Mean loss per validation example, with the fixed validation noise and {@code beta}. */
  private Network.Loss validate(TrainingState state, TrainingState.Snapshot snapshot, int epoch,
      INDArray x, INDArray y, double[] eps, double beta) {
    Network.Loss l = network.loss(x, y, eps, beta);
    if (!Double.isFinite(l.total()) || !Double.isFinite(l.reconstruction()) || !Double.isFinite(l.kl())) {
      state.restore(snapshot);
      throw new TrainingDivergedException(epoch, state.step(),
          "validation loss must be finite, got " + l.total());
    }
    return l;
  }

  private static float[] floats(INDArray a) {
    return HostVector.copy(a);
  }

  private void checkpoint(TrainingState state, int epoch, TrainingHistory history,
      EarlyStopping early, float[] best, float[] bestState) {
    Path dir = config.checkpointDirectory();
    Path file = dir.resolve(CheckpointCodec.fileName(epoch));
    Map<String, INDArray> bestByName = best == null ? Map.of() : state.byName(best);
    Map<String, INDArray> bestStateByName = best == null ? Map.of() : state.stateByName(bestState);
    INDArray optimizer = Nd4j.createFromArray(state.optimizerState()).reshape(1, -1);
    try {
      CheckpointCodec.Contents c = new CheckpointCodec.Contents(network.config(), config,
          state.epochsDone(), state.step(), history,
          early == null ? 0 : early.bestEpoch(), early == null ? 0 : early.bestLoss(),
          early == null ? 0 : early.epochsWithoutImprovement(),
          state.parameters(), optimizer, bestByName, state.state(), bestStateByName);
      if (checkpoints == null) {
        checkpoints = new CheckpointWriter(dir, config.checkpointKeep());
      }
      checkpoints.write(epoch, c);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    } finally {
      optimizer.close();
      for (INDArray a : bestByName.values()) {
        a.close();
      }
      for (INDArray a : bestStateByName.values()) {
        a.close();
      }
    }
  }

  // ---------------------------------------------------------------- data sources

  /** A step's data; {@code origin} the iterator's batch it came from, or null. */
  private record Batch(INDArray x, INDArray labels, DataSet origin) {
    Batch(INDArray x, INDArray labels) {
      this(x, labels, null);
    }
  }

  private interface Source extends AutoCloseable {
    int batchesPerEpoch();

    long examples();

    Iterator<Batch> epoch(int epoch, SplittableRandom shuffle);

    /** Called once the step on {@code batch} is over (also when it threw). */
    default void release(Batch batch) {}

    /** Frees the source's buffers. */
    @Override
    default void close() {}
  }

  /**
   * In-memory data: each batch is gathered (in Java through the buffers' native memory on the
   * CPU backend, else with {@code pullRows}) into buffers of {@code batchSize}
   * rows that the source owns and reuses, so a step allocates no native memory.
   */
  private final class InMemory implements Source {
    private final INDArray flat;
    private final boolean ownsFlat;
    private final INDArray labels;
    private final int n;
    private final INDArray xBuffer;
    private final INDArray labelBuffer;

    InMemory(INDArray data, INDArray labels) {
      this.n = Math.toIntExact(data.size(0));
      long d = network.config().inputSize();
      INDArray f = data.reshape('c', n, d);
      // pullRows needs contiguous row-major rows; a user's array may be strided or column-major
      this.ownsFlat = !HostValues.contiguous(f);
      this.flat = ownsFlat ? f.dup('c') : f;
      this.labels = labels;
      int rows = Math.min(n, config.batchSize());
      this.xBuffer = Nd4j.create(flat.dataType(), rows, d);
      this.labelBuffer = labels == null ? null : Nd4j.create(labels.dataType(), rows, labels.size(1));
    }

    @Override
    public void close() {
      if (ownsFlat) {
        flat.close();
      }
      xBuffer.close();
      if (labelBuffer != null) {
        labelBuffer.close();
      }
    }

    @Override
    public int batchesPerEpoch() {
      return (n + config.batchSize() - 1) / config.batchSize();
    }

    @Override
    public long examples() {
      return n;
    }

    @Override
    public Iterator<Batch> epoch(int epoch, SplittableRandom shuffle) {
      int[] perm = permutation(shuffle, n);
      long[] shape = network.config().inputShape();
      return new Iterator<>() {
        private int from;

        @Override
        public boolean hasNext() {
          return from < n;
        }

        @Override
        public Batch next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          int to = Math.min(n, from + config.batchSize());
          int[] idx = Arrays.copyOfRange(perm, from, to);
          from = to;
          long[] xShape = new long[shape.length + 1];
          xShape[0] = idx.length;
          System.arraycopy(shape, 0, xShape, 1, shape.length);
          INDArray xRows = ArrayRows.rows(xBuffer, 0, idx.length);
          if (!HostValues.gatherRows(flat, idx, xBuffer)) {
            Nd4j.pullRows(flat, xRows, 1, idx);
          }
          INDArray lb = null;
          if (labels != null) {
            lb = ArrayRows.rows(labelBuffer, 0, idx.length);
            if (!HostValues.gatherRows(labels, idx, labelBuffer)) {
              Nd4j.pullRows(labels, lb, 1, idx);
            }
          }
          return new Batch(xRows.reshape('c', xShape), lb);
        }
      };
    }
  }

  private final class FromIterator implements Source {
    private final DataSetIterator data;

    FromIterator(DataSetIterator data) {
      this.data = data;
    }

    /**
     * Hands an iterator's batch back when the iterator takes it ({@link ReleasableBatches}: an
     * image folder's batches are closed at once instead of waiting for the collector).
     */
    @Override
    public void release(Batch batch) {
      if (batch.origin() != null && data instanceof ReleasableBatches r) {
        r.release(batch.origin());
      }
    }

    @Override
    public int batchesPerEpoch() {
      return -1;
    }

    @Override
    public long examples() {
      return -1;
    }

    @Override
    public Iterator<Batch> epoch(int epoch, SplittableRandom shuffle) {
      boolean first = epoch == (resume == null ? 1 : resume.epoch() + 1);
      if (!first || data.resetSupported()) {
        if (!data.resetSupported()) {
          throw new IllegalArgumentException(
              "data must support reset() for more than one epoch, got " + data.getClass().getName());
        }
        data.reset();
      }
      ModelConfig mc = network.config();
      InputChecks checks = new InputChecks(mc, network.dataType());
      long[] shape = mc.inputShape();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return data.hasNext();
        }

        @Override
        public Batch next() {
          DataSet ds = data.next();
          INDArray f = ds.getFeatures();
          if (f == null || f.rank() < 1) {
            throw new IllegalArgumentException("data features must be [n, ...], got none");
          }
          long bs = f.size(0);
          if (f.rank() == 2 && shape.length > 1 && f.size(1) == mc.inputSize()) {
            long[] xShape = new long[shape.length + 1];
            xShape[0] = bs;
            System.arraycopy(shape, 0, xShape, 1, shape.length);
            f = f.reshape('c', xShape);
          }
          INDArray xb = checks.data("data features", f, false);
          INDArray lb = null;
          if (mc.numClasses() > 0) {
            lb = checks.oneHot("data labels", ds.getLabels(), bs);
          }
          return new Batch(xb, lb, ds);
        }
      };
    }
  }

  /** A uniformly random permutation of {@code [0, n)} ({@link Seeds#permutation}). */
  static int[] permutation(SplittableRandom random, int n) {
    return Seeds.permutation(random, n);
  }

  /**
   * The loop's side of an {@link External} epoch: steps' losses and latent sums into the epoch's
   * sums, the end of each part to the listeners.
   */
  private final class Parts implements EpochProgress {
    private final TrainingState state;
    private final int epoch;
    private final int parts;
    private final Sums sums;
    private final Control control;
    private int part;
    private double total;
    private double recon;
    private double kl;
    private int rows;

    Parts(TrainingState state, int epoch, int parts, Sums sums, Control control) {
      this.state = state;
      this.epoch = epoch;
      this.parts = parts;
      this.sums = sums;
      this.control = control;
    }

    @Override
    public void stepDone(LossBreakdown loss, int n) {
      Objects.requireNonNull(loss, "loss");
      if (n < 1) {
        throw new IllegalArgumentException("rows must be >= 1, got " + n);
      }
      sums.total += loss.total() * n;
      sums.recon += loss.reconstruction() * n;
      sums.kl += loss.kl() * n;
      sums.examples += n;
      total += loss.total() * n;
      recon += loss.reconstruction() * n;
      kl += loss.kl() * n;
      rows += n;
    }

    @Override
    public void latentSums(double[] latent) {
      Objects.requireNonNull(latent, "sums");
      sums.latent.addSums(latent);
    }

    @Override
    public void partDone() {
      if (rows > 0 && !listeners.isEmpty()) {
        BatchStats stats = new BatchStats(epoch, state.step(), part, parts, rows,
            new LossBreakdown(total / rows, recon / rows, kl / rows),
            config.klWeight(network.config().beta(), epoch, state.step()));
        for (TrainingListener l : listeners) {
          l.onBatchEnd(stats, control);
        }
      }
      part++;
      total = 0;
      recon = 0;
      kl = 0;
      rows = 0;
    }

    @Override
    public boolean stopRequested() {
      return control.stopRequested();
    }

    /** True when the run was asked to stop before all of the epoch's parts had run. */
    boolean stoppedEarly() {
      return control.stopRequested() && (parts < 0 || part < parts);
    }
  }

  private static final class Sums {
    final LatentMoments latent;
    double total;
    double recon;
    double kl;
    long examples;

    Sums(int latentDim) {
      latent = new LatentMoments(latentDim);
    }

    void add(Network.Loss l, int n) {
      total += l.total() * n;
      recon += l.reconstruction() * n;
      kl += l.kl() * n;
      examples += n;
      latent.add(l.latent());
    }
  }

  private static final class Control implements TrainingControl {
    private String reason;

    @Override
    public synchronized void requestStop(String why) {
      if (reason == null) {
        reason = why == null ? "stop requested" : why;
      }
    }

    @Override
    public synchronized boolean stopRequested() {
      return reason != null;
    }
  }
}
