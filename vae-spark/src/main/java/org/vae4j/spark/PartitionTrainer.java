package org.vae4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.core.train.TrainingSession;

/**
 * The executor side of one round of {@link VaeEstimator#fit}: a partition's task takes the
 * round's broadcast parameters, optimiser state, model state (batch norm's running statistics,
 * empty without batch norm) and step counter, runs its share of the epoch's
 * steps on its cached rows, and returns its vectors and losses as a {@link RoundSum}.
 *
 * <p>Partition {@code p} trains with the run's options but its own seed ({@link #partitionSeed}:
 * the run's seed itself for partition 0): it visits its {@code n} rows in {@code
 * TrainingSession.epochOrder(epoch, n)}, in batches of {@code batchSize}, and in round {@code r}
 * of an epoch takes its batches {@code r·k} to {@code r·k + k - 1} (fewer, or none, when its
 * epoch has fewer batches). A partition with no batch left in the round, or no rows, returns an
 * empty sum. The sum carries the steps' losses and the latent sums of their examples, for the
 * driver's epoch statistics. So with one partition the steps are exactly those of the single-node {@code fit} on
 * the same rows in the same order, and a retried task (Spark retries failed tasks) computes the
 * same result again.
 */
final class PartitionTrainer
    implements Function2<Integer, Iterator<RowBlock>, Iterator<RoundSum>> {

  private static final long serialVersionUID = 1L;

  /**
   * What every round of a run shares.
   *
   * @param modelConfig the model's config as JSON
   * @param options the training options as JSON (without a checkpoint directory: the driver
   *     writes the checkpoints)
   * @param dataShape the model's input shape
   * @param blockRows rows per cached block
   * @param localSteps {@code k}: steps per partition per round
   */
  record Run(String modelConfig, String options, long[] dataShape, int blockRows, int localSteps)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    int width() {
      long w = 1;
      for (long d : dataShape) {
        w *= d;
      }
      return Math.toIntExact(w);
    }
  }

  private final Run run;
  private final Broadcast<float[]> start;
  private final long startStep;
  private final int epoch;
  private final int round;

  /**
   * Round {@code round} (counted from 0 within the epoch) of epoch {@code epoch}, starting from the
   * broadcast vector {@code start} (the parameters, the optimiser state, then the model state) at
   * step counter
   * {@code startStep}.
   */
  PartitionTrainer(Run run, Broadcast<float[]> start, long startStep, int epoch, int round) {
    this.run = run;
    this.start = start;
    this.startStep = startStep;
    this.epoch = epoch;
    this.round = round;
  }

  /**
   * The seed partition {@code partition} trains with: {@code seed} for partition 0, so that a
   * single partition reproduces the single-node run, and for the others the {@code partition}-th
   * draw of a {@link SplittableRandom} seeded with {@code seed}, so that partitions shuffle and
   * draw noise independently.
   */
  static long partitionSeed(long seed, int partition) {
    if (partition == 0) {
      return seed;
    }
    SplittableRandom r = new SplittableRandom(seed);
    long s = 0;
    for (int i = 0; i < partition; i++) {
      s = r.nextLong();
    }
    return s;
  }

  /** Batches of an epoch of {@code rows} rows. */
  static int batches(long rows, int batchSize) {
    return Math.toIntExact((rows + batchSize - 1) / batchSize);
  }

  @Override
  public Iterator<RoundSum> call(Integer partition, Iterator<RowBlock> blocks) {
    RowBlock.Partition rows = RowBlock.Partition.of(blocks, run.blockRows(), run.width());
    TrainingOptions options = TrainingOptions.fromJson(run.options());
    int n = rows.size();
    int batchSize = options.batchSize();
    int first = round * run.localSteps();
    int last = Math.min(batches(n, batchSize), first + run.localSteps());
    if (first >= last) {
      return List.of(RoundSum.empty()).iterator();
    }
    int previousThreads = TaskThreads.apply();
    Vae4jModel model = ExecutorModels.borrowForTraining(run.modelConfig());
    try {
      TrainingSession session = TrainingSession.of(model,
          options.toBuilder().seed(partitionSeed(options.seed(), partition)).build());
      float[] state = start.value();
      int p = session.parameterCount();
      int s = session.stateCount(); // batch norm's running statistics, averaged like the rest
      session.setParameters(Arrays.copyOfRange(state, 0, p));
      session.setOptimizerState(Arrays.copyOfRange(state, p, state.length - s));
      session.setState(Arrays.copyOfRange(state, state.length - s, state.length));
      session.setSteps(startStep);
      int[] order = session.epochOrder(epoch, n);
      double[] losses = new double[(last - first) * RoundSum.LOSS_FIELDS];
      long examples = 0;
      for (int b = first; b < last; b++) {
        int from = b * batchSize;
        int to = Math.min(n, from + batchSize);
        INDArray x = Nd4j.create(rows.values(order, from, to), batchShape(to - from), 'c');
        LossBreakdown loss;
        try {
          loss = session.step(x, rows.labels(order, from, to), epoch);
        } finally {
          x.close();
        }
        int at = (b - first) * RoundSum.LOSS_FIELDS;
        losses[at] = loss.total();
        losses[at + 1] = loss.reconstruction();
        losses[at + 2] = loss.kl();
        losses[at + 3] = to - from;
        examples += to - from;
      }
      return List.of(RoundSum.of(partition, session.parameters(),
          DistributedTrainer.concat(session.optimizerState(), session.state()), last - first,
          examples, losses, session.takeLatentSums())).iterator();
    } finally {
      ExecutorModels.releaseForTraining(run.modelConfig(), model);
      TaskThreads.restore(previousThreads);
    }
  }

  private long[] batchShape(int n) {
    long[] shape = run.dataShape();
    long[] s = new long[shape.length + 1];
    s[0] = n;
    System.arraycopy(shape, 0, s, 1, shape.length);
    return s;
  }
}
