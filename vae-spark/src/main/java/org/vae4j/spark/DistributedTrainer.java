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
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.train.CheckpointFile;
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
 * round broadcasts the parameters, the optimiser state and the step counter; every partition takes
 * its next {@code k} batches (see {@link PartitionTrainer}), and {@code treeAggregate} brings back
 * the sums; the driver sets the parameters and the optimiser state to the averages weighted by the
 * rows each partition trained on in the round, and the step counter to the largest a partition
 * reached. A partition that has finished its epoch (a smaller one, in the last rounds of an epoch)
 * sits the remaining rounds of the epoch out and does not count in their averages.
 *
 * <p>The driver keeps a model of its own with a {@link TrainingSession}: after each epoch it holds
 * the averaged state, writes the checkpoints as {@code fit} writes them, and at the end it is the
 * trained model.
 */
final class DistributedTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(VaeEstimator.class);

  /**
   * What to train and how.
   *
   * @param options the training options, with the checkpoint directory when checkpoints are on
   * @param resumeFrom a checkpoint file to continue from, or null
   */
  record Settings(ModelConfig config, TrainingOptions options, int localSteps,
      int aggregationDepth, Path resumeFrom) {}

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
    Vae4jModel model = Vae4jModel.fromConfig(config);
    boolean done = false;
    try {
      TrainingSession session = TrainingSession.of(model, options);
      TrainingHistory history = TrainingHistory.empty();
      int firstEpoch = 1;
      if (s.resumeFrom() != null) {
        CheckpointFile checkpoint = readCheckpoint(s.resumeFrom());
        session.restore(checkpoint);
        history = new TrainingHistory(checkpoint.history().epochs(), null);
        firstEpoch = checkpoint.epoch() + 1;
        LOG.info("resuming from {}: {} epochs done, step {}", s.resumeFrom(), checkpoint.epoch(),
            checkpoint.step());
      }
      LOG.info("training a {} of {} parameters on {} rows in {} partitions ({} rows per non-empty "
          + "partition at most), batches of {}, {} local steps per round: {} rounds per epoch, "
          + "epochs {} to {}", config.kind(), session.parameterCount(), total, sizes.size(),
          sizes.stream().mapToLong(Long::longValue).max().orElse(0), batchSize, k, roundsPerEpoch,
          firstEpoch, options.epochs());
      if (minBatches * 2 < maxBatches) {
        LOG.warn("partitions are unbalanced: {} to {} batches per epoch; the smaller ones sit out "
            + "the last rounds of each epoch. numPartitions repartitions the rows evenly",
            minBatches, maxBatches);
      }
      PartitionTrainer.Run run = new PartitionTrainer.Run(config.toJson(),
          withoutCheckpoints(options).toJson(), config.inputShape(), blockRows, k);
      float[] parameters = session.parameters();
      float[] state = session.optimizerState();
      long step = session.steps();
      List<RoundStats> rounds = new ArrayList<>();
      for (int epoch = firstEpoch; epoch <= options.epochs(); epoch++) {
        long epochStart = System.nanoTime();
        double sumTotal = 0;
        double sumRecon = 0;
        double sumKl = 0;
        long examples = 0;
        for (int r = 0; r < roundsPerEpoch; r++) {
          long roundStart = System.nanoTime();
          jsc.setJobDescription(String.format(Locale.ROOT,
              "vae4j VaeEstimator: epoch %d/%d, round %d/%d", epoch, options.epochs(), r + 1,
              roundsPerEpoch));
          RoundSum sum = round(jsc, blocks, new float[][] {parameters, state}, run, step, epoch, r,
              s.aggregationDepth());
          parameters = sum.meanParameters();
          state = sum.meanState();
          step += sum.steps();
          // in partition order, then step order: with one partition, fit's order of additions
          double roundTotal = 0;
          double roundRecon = 0;
          double roundKl = 0;
          for (double[] l : sum.losses().values()) {
            for (int i = 0; i < l.length; i += RoundSum.LOSS_FIELDS) {
              double rows = l[i + 3];
              sumTotal += l[i] * rows;
              sumRecon += l[i + 1] * rows;
              sumKl += l[i + 2] * rows;
              roundTotal += l[i] * rows;
              roundRecon += l[i + 1] * rows;
              roundKl += l[i + 2] * rows;
            }
          }
          examples += sum.examples();
          double n = sum.examples();
          RoundStats stats = new RoundStats(rounds.size() + 1, epoch, step,
              new LossBreakdown(roundTotal / n, roundRecon / n, roundKl / n), sum.examples(),
              sum.partitions(), seconds(roundStart));
          rounds.add(stats);
          LOG.debug("round {} (epoch {}): loss {} on {} rows in {} partitions, {} s", stats.round(),
              epoch, stats.train().total(), stats.examples(), stats.partitions(), stats.seconds());
        }
        session.setParameters(parameters);
        session.setOptimizerState(state);
        session.setSteps(step);
        double seconds = seconds(epochStart);
        EpochStats stats = new EpochStats(epoch, step, new LossBreakdown(sumTotal / examples,
            sumRecon / examples, sumKl / examples), null,
            options.klWeight(config.beta(), epoch, step), seconds,
            examples / Math.max(seconds, 1e-9));
        history = history.plus(stats);
        LOG.info(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f (reconstruction %.4f, KL "
            + "%.4f), %d rounds, %.1f s, %.0f images/s", epoch, options.epochs(),
            stats.train().total(), stats.train().reconstruction(), stats.train().kl(),
            roundsPerEpoch, seconds, stats.imagesPerSecond()));
        Path dir = options.checkpointDirectory();
        if (dir != null && (epoch % options.checkpointEvery() == 0 || epoch == options.epochs())) {
          writeCheckpoint(session, dir, epoch, history);
        }
      }
      done = true;
      return new Result(model, new VaeTrainingSummary(history, rounds, sizes, k));
    } finally {
      if (!done) {
        model.close();
      }
    }
  }

  /** One round: broadcast, steps in every partition, aggregation. */
  private static RoundSum round(JavaSparkContext jsc, JavaRDD<RowBlock> blocks, float[][] start,
      PartitionTrainer.Run run, long step, int epoch, int round, int depth) {
    float[] vector = Arrays.copyOf(start[0], start[0].length + start[1].length);
    System.arraycopy(start[1], 0, vector, start[0].length, start[1].length);
    Broadcast<float[]> broadcast = jsc.broadcast(vector);
    try {
      PartitionTrainer trainer = new PartitionTrainer(run, broadcast, step, epoch, round);
      return job(() -> blocks.mapPartitionsWithIndex(trainer, true)
          .treeAggregate(RoundSum.empty(), RoundSum::merge, RoundSum::merge, depth));
    } finally {
      broadcast.destroy();
    }
  }

  private static CheckpointFile readCheckpoint(Path file) {
    try {
      return CheckpointFile.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("resumeFrom: cannot read checkpoint " + file + ": "
          + e.getMessage(), e);
    }
  }

  private static void writeCheckpoint(TrainingSession session, Path dir, int epoch,
      TrainingHistory history) {
    try {
      Path file = session.writeCheckpoint(dir, epoch, history);
      LOG.info("checkpoint {}", file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint of epoch " + epoch + " into "
          + dir + ": " + e.getMessage(), e);
    }
  }

  /** The options without a checkpoint directory: what the executors train with. */
  static TrainingOptions withoutCheckpoints(TrainingOptions o) {
    return new TrainingOptions(o.epochs(), o.batchSize(), o.learningRate(), o.adamBeta1(),
        o.adamBeta2(), o.adamEpsilon(), o.seed(), o.klWarmupEpochs(), o.klWarmupSteps(),
        o.earlyStoppingPatience(), o.earlyStoppingMinDelta(), o.restoreBestWeights(), null,
        o.checkpointEvery(), o.checkpointKeep(), o.clipGradientNorm(), o.optimizer());
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
