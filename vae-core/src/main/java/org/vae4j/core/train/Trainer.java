package org.vae4j.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.BatchStats;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.api.training.TrainingStart;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.internal.ModelEngine;

/**
 * The training loop, the only one in vae4j: mini-batch Adam on a model's single
 * loss-and-gradient graph. Each epoch visits the data in a permutation drawn from the run seed;
 * each step draws its reparameterization noise from the run seed and the step number, computes
 * loss parts and all gradients in one graph execution and applies Adam in place. Returns the mean
 * loss per example of each epoch (as trained: with that epoch's noise and parameter updates).
 *
 * <p>Users normally call {@code fit(...)} on a model, which creates a trainer; this class is
 * public for that and for listeners. The {@code fit} methods here take the engine of a model and
 * are not meant to be called directly. Not thread-safe; the engine serialises its own calls.
 */
public final class Trainer {

  private final TrainingConfig config;
  private final List<TrainingListener> listeners = new ArrayList<>();

  /** A trainer with the given settings. */
  public Trainer(TrainingConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Adds a listener, called on the training thread in the order added. */
  public Trainer addListener(TrainingListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Trains on an in-memory batch {@code data} ({@code [n, inputShape...]}, already checked) with
   * one-hot {@code labels} {@code [n, numClasses]} for a conditional VAE (else null).
   */
  public TrainingHistory fit(ModelEngine engine, INDArray data, INDArray labels) {
    ModelConfig mc = engine.config();
    long n = data.size(0);
    long d = mc.inputSize();
    INDArray flat = data.reshape('c', n, d);
    long[] shape = mc.inputShape();
    int batches = (int) ((n + config.batchSize() - 1) / config.batchSize());
    TrainingState state = new TrainingState(engine, config);
    Control control = new Control();
    for (TrainingListener l : listeners) {
      l.onTrainingStart(new TrainingStart(1, config.epochs(), batches, n, 0), control);
    }
    TrainingHistory history = TrainingHistory.empty();
    for (int epoch = 1; epoch <= config.epochs() && !control.stopRequested(); epoch++) {
      int[] perm = permutation(state.shuffleFor(epoch), (int) n);
      Sums sums = new Sums();
      long start = System.nanoTime();
      for (int b = 0; b < batches && !control.stopRequested(); b++) {
        int from = b * config.batchSize();
        int to = (int) Math.min(n, from + (long) config.batchSize());
        int[] idx = java.util.Arrays.copyOfRange(perm, from, to);
        long[] xShape = new long[shape.length + 1];
        xShape[0] = idx.length;
        System.arraycopy(shape, 0, xShape, 1, shape.length);
        INDArray xb = Nd4j.pullRows(flat, 1, idx).reshape('c', xShape);
        INDArray lb = labels == null ? null : Nd4j.pullRows(labels, 1, idx);
        step(state, xb, lb, epoch, b, batches, sums, control);
      }
      history = endEpoch(state, epoch, sums, start, history, control);
    }
    return finish(history, control);
  }

  /**
   * Trains over a DataSetIterator: features {@code [b, inputShape...]} (or flat {@code [b, D]}
   * for a model whose input shape has D values), and for a conditional VAE one-hot labels. The
   * iterator's own order is used (it is reset before each epoch).
   */
  public TrainingHistory fit(ModelEngine engine, DataSetIterator data) {
    Objects.requireNonNull(data, "data");
    ModelConfig mc = engine.config();
    long[] shape = mc.inputShape();
    TrainingState state = new TrainingState(engine, config);
    Control control = new Control();
    for (TrainingListener l : listeners) {
      l.onTrainingStart(new TrainingStart(1, config.epochs(), -1, -1, 0), control);
    }
    TrainingHistory history = TrainingHistory.empty();
    for (int epoch = 1; epoch <= config.epochs() && !control.stopRequested(); epoch++) {
      if (epoch > 1 || data.resetSupported()) {
        if (!data.resetSupported()) {
          throw new IllegalArgumentException(
              "data must support reset() for more than one epoch, got " + data.getClass().getName());
        }
        data.reset();
      }
      Sums sums = new Sums();
      long start = System.nanoTime();
      int b = 0;
      while (data.hasNext() && !control.stopRequested()) {
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
        INDArray xb = engine.checkData("data features", f, false);
        INDArray lb = null;
        if (mc.kind() == ModelConfig.Kind.CONDITIONAL_VAE) {
          lb = engine.checkOneHot("data labels", ds.getLabels(), bs);
        }
        step(state, xb, lb, epoch, b++, -1, sums, control);
      }
      if (sums.examples == 0) {
        throw new IllegalArgumentException("data must hold at least one example, got an empty iterator");
      }
      history = endEpoch(state, epoch, sums, start, history, control);
    }
    return finish(history, control);
  }

  private void step(TrainingState state, INDArray xb, INDArray lb, int epoch, int batchIndex,
      int batches, Sums sums, Control control) {
    ModelEngine engine = state.engine();
    ModelConfig mc = engine.config();
    int bs = (int) xb.size(0);
    INDArray eps = mc.isVariational()
        ? ModelEngine.gaussian(state.noiseForNextStep(), bs, mc.latentDim(), engine.dataType())
        : null;
    ModelEngine.Step s = engine.lossAndGradients(xb, lb, eps, mc.beta());
    ModelEngine.Loss loss = s.loss();
    if (!Double.isFinite(loss.total())) {
      throw new IllegalStateException("training diverged: loss must be finite, got " + loss.total()
          + " at epoch " + epoch + ", step " + (state.step() + 1)
          + " (try a smaller learningRate)");
    }
    state.apply(s.gradients());
    sums.add(loss, bs);
    if (!listeners.isEmpty()) {
      BatchStats stats = new BatchStats(epoch, state.step(), batchIndex, batches, bs,
          new LossBreakdown(loss.total(), loss.reconstruction(), loss.kl()), mc.beta());
      for (TrainingListener l : listeners) {
        l.onBatchEnd(stats, control);
      }
    }
  }

  private TrainingHistory endEpoch(TrainingState state, int epoch, Sums sums, long start,
      TrainingHistory history, Control control) {
    state.epochDone();
    double seconds = (System.nanoTime() - start) / 1e9;
    long n = Math.max(1, sums.examples);
    EpochStats stats = new EpochStats(epoch, state.step(),
        new LossBreakdown(sums.total / n, sums.recon / n, sums.kl / n), null,
        state.engine().config().beta(), seconds, sums.examples / Math.max(seconds, 1e-9));
    for (TrainingListener l : listeners) {
      l.onEpochEnd(stats, control);
    }
    return history.plus(stats);
  }

  private TrainingHistory finish(TrainingHistory history, Control control) {
    TrainingHistory h = control.reason == null ? history : history.stoppedBecause(control.reason);
    for (TrainingListener l : listeners) {
      l.onTrainingEnd(h);
    }
    return h;
  }

  /** A uniformly random permutation of {@code [0, n)} (Fisher–Yates). */
  static int[] permutation(SplittableRandom random, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static final class Sums {
    double total;
    double recon;
    double kl;
    long examples;

    void add(ModelEngine.Loss l, int n) {
      total += l.total() * n;
      recon += l.reconstruction() * n;
      kl += l.kl() * n;
      examples += n;
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
