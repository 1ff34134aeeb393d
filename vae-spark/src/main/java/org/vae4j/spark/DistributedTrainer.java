package org.vae4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.train.CheckpointFile;
import org.vae4j.core.train.EpochProgress;
import org.vae4j.core.train.EpochRunner;
import org.vae4j.core.train.TrainingDivergedException;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.core.train.TrainingSession;

/**
 * The driver side of {@link VaeEstimator#fit}: data-parallel training by parameter averaging over
 * the cached row blocks of a dataset.
 *
 * <p>An epoch is one pass of every partition over its own rows. Partition {@code p} with {@code
 * n_p} rows has {@code ceil(n_p / batchSize)} batches per epoch; an epoch has {@code
 * ceil(maxBatches / k)} rounds, where {@code maxBatches} is the largest partition's count. Each
 * round broadcasts the parameters, the optimiser state, the model state (batch norm's running
 * means and variances; none without batch norm) and the step counter; every partition takes its
 * next {@code k} batches (see {@link PartitionTrainer}), and {@code treeAggregate} brings back the
 * sums; the driver sets the parameters, the optimiser state and the model state to the averages
 * weighted by the rows each partition trained on in the round (a running variance is so averaged
 * as a parameter is, not pooled with the spread of the partitions' running means), and the step
 * counter to the largest a partition reached. A partition that has finished its epoch (a smaller one, in the last rounds of an epoch)
 * sits the remaining rounds of the epoch out and does not count in their averages.
 *
 * <p>The driver keeps a model of its own with a {@link TrainingSession} and runs the epochs with
 * {@link TrainingSession#train}, the training loop of {@code fit}: the rounds are the epoch's
 * parts, so the epoch statistics with the per-dimension latent diagnostics (summed over the
 * partitions), the listeners, early stopping, best-weight restoring and the checkpoints are those
 * of {@code fit}. After each round the session holds the averaged state; at the end the model is
 * the trained model.
 */
final class DistributedTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(VaeEstimator.class);

  /**
   * What to train and how.
   *
   * @param options the training options, with the checkpoint directory when checkpoints are on
   * @param resumeFrom a checkpoint file to continue from, or null
   * @param listeners the run's listeners, told as by {@code fit}
   */
  record Settings(ModelConfig config, TrainingOptions options, int localSteps,
      int aggregationDepth, Path resumeFrom, List<TrainingListener> listeners) {}

  /** The trained model (the caller closes it) and how it was trained. */
  record Result(Vae4jModel model, VaeTrainingSummary summary) {}

  private DistributedTrainer() {}

  /**
   * Trains on {@code blocks} (cached: every round reads them again), whose partitions hold blocks
   * of {@code blockRows} rows.
   *
   * @throws IllegalArgumentException for an empty dataset, a bad row (from the executor that read
   *     it), or a checkpoint of another model or optimiser
   * @throws TrainingDivergedException when a step's loss or gradient is not finite
   * @throws UncheckedIOException when the checkpoint to resume from cannot be read or a checkpoint
   *     cannot be written
   */
  static Result train(JavaRDD<RowBlock> blocks, int blockRows, Settings s) {
    ModelConfig config = s.config();
    TrainingOptions options = s.options();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    String description = jsc.getLocalProperty("spark.job.description");
    try {
      jsc.setJobDescription("vae4j VaeEstimator: reading the rows");
      List<Long> sizes = job(() -> blocks.mapPartitions(PartitionRowCount.INSTANCE).collect());
      long total = sizes.stream().mapToLong(Long::longValue).sum();
      if (total == 0) {
        throw new IllegalArgumentException("dataset must hold at least one row, got none (in "
            + sizes.size() + " partitions)");
      }
      return run(jsc, blocks, blockRows, s, sizes, total);
    } finally {
      jsc.setJobDescription(description);
    }
  }

  private static Result run(JavaSparkContext jsc, JavaRDD<RowBlock> blocks, int blockRows,
      Settings s, List<Long> sizes, long total) {
    ModelConfig config = s.config();
    TrainingOptions options = s.options();
    int k = s.localSteps();
    int batchSize = options.batchSize();
    int maxBatches = 0;
    int minBatches = Integer.MAX_VALUE;
    for (long n : sizes) {
      if (n > 0) {
        maxBatches = Math.max(maxBatches, PartitionTrainer.batches(n, batchSize));
        minBatches = Math.min(minBatches, PartitionTrainer.batches(n, batchSize));
      }
    }
    int roundsPerEpoch = (maxBatches + k - 1) / k;
    CheckpointFile checkpoint = s.resumeFrom() == null ? null : readCheckpoint(s.resumeFrom());
    Vae4jModel model = Vae4jModel.fromConfig(config);
    boolean done = false;
    try {
      TrainingSession session = TrainingSession.of(model, options);
      if (checkpoint != null) {
        LOG.info("resuming from {}: {} epochs done, step {}", s.resumeFrom(), checkpoint.epoch(),
            checkpoint.step());
      }
      LOG.info("training a {} of {} parameters on {} rows in {} partitions ({} rows per non-empty "
          + "partition at most), batches of {}, {} local steps per round: {} rounds per epoch, "
          + "epochs {} to {}", config.kind(), session.parameterCount(), total, sizes.size(),
          sizes.stream().mapToLong(Long::longValue).max().orElse(0), batchSize, k, roundsPerEpoch,
          checkpoint == null ? 1 : checkpoint.epoch() + 1, options.epochs());
      if (minBatches * 2 < maxBatches) {
        LOG.warn("partitions are unbalanced: {} to {} batches per epoch; the smaller ones sit out "
            + "the last rounds of each epoch. numPartitions repartitions the rows evenly",
            minBatches, maxBatches);
      }
      PartitionTrainer.Run run = new PartitionTrainer.Run(config.toJson(),
          withoutCheckpoints(options).toJson(), config.inputShape(), blockRows, k);
      Rounds rounds = new Rounds(jsc, blocks, run, roundsPerEpoch, total, s.aggregationDepth(),
          options.epochs());
      List<TrainingListener> listeners = new ArrayList<>(s.listeners());
      listeners.add(new EpochLog(options.epochs(), roundsPerEpoch));
      TrainingHistory history = session.train(rounds, listeners, checkpoint);
      done = true;
      return new Result(model, new VaeTrainingSummary(history, rounds.stats, sizes, k));
    } finally {
      if (!done) {
        model.close();
      }
    }
  }

  /**
   * The epochs' steps for the training loop ({@link TrainingSession#train}): each epoch is {@code
   * roundsPerEpoch} rounds; after each, the session holds the averaged state, and the round's
   * step losses (in partition order, then step order: with one partition, {@code fit}'s order of
   * additions) and latent sums go to the loop.
   */
  private static final class Rounds implements EpochRunner {
    private final JavaSparkContext jsc;
    private final JavaRDD<RowBlock> blocks;
    private final PartitionTrainer.Run run;
    private final int roundsPerEpoch;
    private final long examples;
    private final int depth;
    private final int epochs;
    final List<RoundStats> stats = new ArrayList<>();

    Rounds(JavaSparkContext jsc, JavaRDD<RowBlock> blocks, PartitionTrainer.Run run,
        int roundsPerEpoch, long examples, int depth, int epochs) {
      this.jsc = jsc;
      this.blocks = blocks;
      this.run = run;
      this.roundsPerEpoch = roundsPerEpoch;
      this.examples = examples;
      this.depth = depth;
      this.epochs = epochs;
    }

    @Override
    public int partsPerEpoch() {
      return roundsPerEpoch;
    }

    @Override
    public long examplesPerEpoch() {
      return examples;
    }

    @Override
    public void runEpoch(TrainingSession session, int epoch, EpochProgress progress) {
      float[] parameters = session.parameters();
      // the optimiser state, then the model's (batch norm's running statistics): both averaged
      float[] optimizerState = session.optimizerState();
      int optimizer = optimizerState.length;
      float[] state = concat(optimizerState, session.state());
      long step = session.steps();
      for (int r = 0; r < roundsPerEpoch; r++) {
        if (r > 0 && progress.stopRequested()) {
          return;
        }
        long roundStart = System.nanoTime();
        jsc.setJobDescription(String.format(Locale.ROOT,
            "vae4j VaeEstimator: epoch %d/%d, round %d/%d", epoch, epochs, r + 1, roundsPerEpoch));
        RoundSum sum = round(jsc, blocks, new float[][] {parameters, state}, run, step, epoch, r,
            depth);
        parameters = sum.meanParameters();
        state = sum.meanState();
        step += sum.steps();
        session.setParameters(parameters);
        session.setOptimizerState(Arrays.copyOfRange(state, 0, optimizer));
        session.setState(Arrays.copyOfRange(state, optimizer, state.length));
        session.setSteps(step);
        double total = 0;
        double recon = 0;
        double kl = 0;
        for (double[] l : sum.losses().values()) {
          for (int i = 0; i < l.length; i += RoundSum.LOSS_FIELDS) {
            int rows = (int) l[i + 3];
            progress.stepDone(new LossBreakdown(l[i], l[i + 1], l[i + 2]), rows);
            total += l[i] * rows;
            recon += l[i + 1] * rows;
            kl += l[i + 2] * rows;
          }
        }
        progress.latentSums(sum.latentSums());
        double n = sum.examples();
        RoundStats round = new RoundStats(stats.size() + 1, epoch, step,
            new LossBreakdown(total / n, recon / n, kl / n), sum.examples(), sum.partitions(),
            seconds(roundStart));
        stats.add(round);
        LOG.debug("round {} (epoch {}): loss {} on {} rows in {} partitions, {} s", round.round(),
            epoch, round.train().total(), round.examples(), round.partitions(), round.seconds());
        progress.partDone();
      }
    }
  }

  /** Logs each epoch's line at INFO, as the estimator did before it trained through the loop. */
  private static final class EpochLog implements TrainingListener {
    private final int epochs;
    private final int rounds;

    EpochLog(int epochs, int rounds) {
      this.epochs = epochs;
      this.rounds = rounds;
    }

    @Override
    public void onEpochEnd(EpochStats stats, TrainingControl control) {
      LOG.info(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f (reconstruction %.4f, KL "
          + "%.4f), %d rounds, %.1f s, %.0f images/s", stats.epoch(), epochs,
          stats.train().total(), stats.train().reconstruction(), stats.train().kl(), rounds,
          stats.seconds(), stats.imagesPerSecond()));
    }
  }

  /** One round: broadcast, steps in every partition, aggregation. */
  private static RoundSum round(JavaSparkContext jsc, JavaRDD<RowBlock> blocks, float[][] start,
      PartitionTrainer.Run run, long step, int epoch, int round, int depth) {
    Broadcast<float[]> broadcast = jsc.broadcast(concat(start[0], start[1]));
    try {
      PartitionTrainer trainer = new PartitionTrainer(run, broadcast, step, epoch, round);
      return job(() -> blocks.mapPartitionsWithIndex(trainer, true)
          .treeAggregate(RoundSum.empty(), RoundSum::merge, RoundSum::merge, depth));
    } finally {
      broadcast.destroy();
    }
  }

  /** {@code a} then {@code b}, a new array. */
  static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static CheckpointFile readCheckpoint(Path file) {
    try {
      return CheckpointFile.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("resumeFrom: cannot read checkpoint " + file + ": "
          + e.getMessage(), e);
    }
  }

  /** The options without a checkpoint directory: what the executors train with. */
  static TrainingOptions withoutCheckpoints(TrainingOptions o) {
    return ConfigParams.with(o, "checkpointDirectory", null);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * Runs a Spark action. A task's {@link IllegalArgumentException} (a bad row) or {@link
   * TrainingDivergedException} reaches the driver as the cause of Spark's exception: it is thrown
   * as itself, with Spark's exception attached as suppressed; anything else as it came.
   */
  static <T> T job(Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof IllegalArgumentException || c instanceof TrainingDivergedException) {
          RuntimeException cause = (RuntimeException) c;
          cause.addSuppressed(e);
          throw cause;
        }
      }
      throw Sneaky.<RuntimeException>rethrow(e);
    }
  }

  /** Rethrows Spark's exceptions (Scala throws checked ones undeclared) unchanged. */
  private static final class Sneaky {
    @SuppressWarnings("unchecked")
    static <E extends Exception> E rethrow(Exception e) throws E {
      throw (E) e;
    }
  }

  /** Counts a partition's rows. */
  private enum PartitionRowCount implements FlatMapFunction<Iterator<RowBlock>, Long> {
    INSTANCE;

    @Override
    public Iterator<Long> call(Iterator<RowBlock> blocks) {
      long n = 0;
      while (blocks.hasNext()) {
        n += blocks.next().rows();
      }
      return List.of(n).iterator();
    }
  }
}
