package org.vae4j.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.internal.InputChecks;
import org.vae4j.core.internal.LatentMoments;
import org.vae4j.core.internal.ModelInternals;
import org.vae4j.core.internal.Network;
import org.vae4j.core.internal.nn.Param;
import org.vae4j.core.train.internal.SessionCheckpoints;
import org.vae4j.core.train.internal.TrainingLoop;
import org.vae4j.core.train.internal.TrainingState;

/**
 * A model's training, one step at a time, with its whole state as flat vectors: for trainers that
 * drive the steps themselves, such as data-parallel training by parameter averaging (vae-spark),
 * where each worker sets the broadcast parameters and optimiser state, runs some steps on its rows
 * and returns the vectors to be averaged.
 *
 * <p>A step here is exactly a step of the models' {@code fit}: the same reparameterization noise
 * (from the options' seed and the step counter), the same KL weight (from the epoch and step), the
 * same update; and {@link #epochOrder} is the order in which {@code fit} visits in-memory examples.
 * So a trainer that takes, epoch after epoch, batches of {@code batchSize} rows in that order
 * reproduces {@code fit} bit for bit.
 *
 * <p>The vectors: {@link #parameters()} in the order of the model file's arrays, each row-major;
 * {@link #optimizerState()} for Adam all first moments then all second moments (twice the
 * parameter count), for SGD empty; {@link #state()} batch norm's running means and variances
 * (layout {@link #stateShapes()}), for a model without batch norm empty. A trainer that moves
 * parameters between models moves the state with them (vae-spark averages both). A session
 * updates its model's parameters in place; it holds no native memory of its own. Not thread-safe; steps lock the model like {@code fit} does.
 *
 * <pre>{@code
 * try (Vae vae = Vae.builder().mlpEncoder(256).build()) {
 *   TrainingSession session = TrainingSession.of(vae, TrainingOptions.builder().seed(1).build());
 *   LossBreakdown loss = session.step(batch, null, 1);
 *   float[] p = session.parameters();
 * }
 * }</pre>
 */
public final class TrainingSession {

  private final Network network;
  private final InputChecks checks;
  private final TrainingOptions options;
  private final TrainingState state;
  private final SessionCheckpoints checkpoints;
  private LatentMoments latent;

  private TrainingSession(Network network, TrainingOptions options) {
    this.network = network;
    this.checks = new InputChecks(network.config(), network.dataType());
    this.options = options;
    this.state = new TrainingState(network, options);
    this.checkpoints = new SessionCheckpoints(state, options);
    this.latent = new LatentMoments(network.config().latentDim());
  }

  /** A session training {@code model} with {@code options}: step 0, a fresh optimiser state. */
  public static TrainingSession of(Vae4jModel model, TrainingOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    Network network = ModelInternals.network(model);
    synchronized (network) {
      network.ensureOpen();
      return new TrainingSession(network, options);
    }
  }

  /** The options in force. */
  public TrainingOptions options() {
    return options;
  }

  /** The number of scalar parameters. */
  public int parameterCount() {
    return Math.toIntExact(network.parameters().total());
  }

  /**
   * The parts of {@link #parameters()}: each parameter array's name (as in the model file) and
   * shape, in the order of the flat vector, each row-major — to read or set single arrays. A new
   * ordered map.
   */
  public Map<String, long[]> parameterShapes() {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (Param p : network.parameters().list()) {
      m.put(p.name(), p.shape());
    }
    return m;
  }

  /** A copy of the parameters. */
  public float[] parameters() {
    return state.parameterVector();
  }

  /**
   * Sets every parameter (the model changes with it).
   *
   * @throws IllegalArgumentException when {@code values} does not hold {@link #parameterCount()}
   *     values or one is not finite (naming its index)
   */
  public void setParameters(float[] values) {
    Objects.requireNonNull(values, "values");
    synchronized (network) {
      network.ensureOpen();
      requireFinite("parameters", values);
      state.setParameterVector(values);
    }
  }

  /**
   * The number of scalar values of the model's state: batch norm's running means and variances,
   * which a training step updates but are not parameters (no gradient, no optimiser state); 0 for
   * a model without batch norm.
   */
  public int stateCount() {
    return Math.toIntExact(network.state().total());
  }

  /**
   * The parts of {@link #state()}: each state array's name (as in the model file, {@code
   * <layer>_runningMean} and {@code <layer>_runningVar}) and shape, in the order of the flat
   * vector, each row-major; empty for a model without batch norm. A new ordered map.
   */
  public Map<String, long[]> stateShapes() {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (Param p : network.state().list()) {
      m.put(p.name(), p.shape());
    }
    return m;
  }

  /**
   * A copy of the model's state (batch norm's running statistics; empty without batch norm): what
   * a trainer that moves {@link #parameters()} between workers must move too, or the receiving
   * model normalises its inference passes with other statistics than the sender's.
   */
  public float[] state() {
    synchronized (network) {
      network.ensureOpen();
      return state.stateVector();
    }
  }

  /**
   * Sets the model's state (the model's inference passes change with it).
   *
   * @throws IllegalArgumentException when {@code values} does not hold {@link #stateCount()}
   *     values, one is not finite, or a running variance is negative (naming its index)
   */
  public void setState(float[] values) {
    Objects.requireNonNull(values, "values");
    synchronized (network) {
      network.ensureOpen();
      if (values.length == stateCount()) {
        requireFinite("state", values);
        int offset = 0;
        for (Param p : network.state().list()) {
          if (p.name().endsWith("_runningVar")) {
            for (int i = offset; i < offset + p.length(); i++) {
              if (values[i] < 0) {
                throw new IllegalArgumentException("state[" + i + "] (" + p.name()
                    + ") must be a variance, at least 0, got " + values[i]);
              }
            }
          }
          offset += Math.toIntExact(p.length());
        }
      }
      state.setStateVector(values);
    }
  }

  private static void requireFinite(String what, float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(what + "[" + i + "] must be finite, got " + values[i]);
      }
    }
  }

  /** A copy of the optimiser state. */
  public float[] optimizerState() {
    return state.optimizerState();
  }

  /** Sets the optimiser state ({@code 2 × parameterCount()} values for Adam, none for SGD). */
  public void setOptimizerState(float[] values) {
    Objects.requireNonNull(values, "values");
    state.setOptimizerState("optimizer state", values);
  }

  /** Steps taken so far (the next step's noise and KL weight depend on it). */
  public long steps() {
    return state.step();
  }

  /** Sets the step counter, for a worker continuing a run at a given step. */
  public void setSteps(long steps) {
    state.setStep(steps);
  }

  /**
   * The order in which {@code fit} visits {@code n} in-memory examples in {@code epoch} (counted
   * from 1): a permutation of {@code [0, n)} drawn from the options' seed and the epoch.
   */
  public int[] epochOrder(int epoch, int n) {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    return state.epochOrder(epoch, n);
  }

  /**
   * One optimisation step of epoch {@code epoch} on a batch {@code x} {@code [b, dataShape...]},
   * with one class label per row for a conditional VAE ({@code null} otherwise). Returns the
   * batch's mean loss parts.
   *
   * @throws IllegalArgumentException for a batch or labels that do not fit the model
   * @throws TrainingDivergedException when the loss or gradient is not finite (nothing changes)
   */
  public LossBreakdown step(INDArray x, int[] labels, int epoch) {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
    INDArray batch = checks.data("x", x, false);
    INDArray y = null;
    if (network.config().numClasses() > 0) {
      y = checks.oneHot("labels", labels, batch.size(0));
    } else if (labels != null) {
      throw new IllegalArgumentException("labels must be null for a " + network.config().kind()
          + ", got " + labels.length + " labels");
    }
    try {
      synchronized (network) {
        network.ensureOpen();
        Network.Loss l = state.step(batch, y, epoch).loss();
        latent.add(l.latent());
        return new LossBreakdown(l.total(), l.reconstruction(), l.kl());
      }
    } finally {
      if (batch != x) {
        batch.close();
      }
      if (y != null) {
        y.close();
      }
    }
  }

  /**
   * The per-dimension latent sums over the examples of the steps since the last call (or since the
   * session began), and a fresh start: {@code 3 × latentDim + 1} values, the sums of the posterior
   * means, of their squares and of the KL terms (each {@code latentDim} values, dimension order),
   * then the example count. Sums of several sessions add up to those of all their examples; an
   * {@link EpochProgress} turns them into the epoch's {@code LatentUsage}.
   */
  public double[] takeLatentSums() {
    double[] sums = latent.sums();
    latent = new LatentMoments(network.config().latentDim());
    return sums;
  }

  /**
   * Runs this session's training with the training loop of the models' {@code fit}, each epoch's
   * steps run by {@code runner} (a distributed trainer): epochs from the first after the
   * checkpoint {@code resumeFrom} (null: from the session's state, epoch 1) to the options'
   * {@code epochs}, with the epoch statistics and latent diagnostics, {@code listeners}, early
   * stopping and best-weight restoring (monitoring the training loss: there is no validation data
   * here), latent-collapse warnings and the options' checkpoints, all as {@code fit} does them.
   *
   * @return the history, with the checkpoint's epochs first when resuming
   * @throws IllegalArgumentException when {@code resumeFrom} holds another model
   * @throws TrainingDivergedException when a step diverges (the state of the epoch's start is put
   *     back)
   */
  public TrainingHistory train(EpochRunner runner, List<TrainingListener> listeners,
      CheckpointFile resumeFrom) {
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(listeners, "listeners");
    synchronized (network) {
      network.ensureOpen();
      TrainingLoop loop = resumeFrom == null ? TrainingLoop.start(network, options, listeners)
          : TrainingLoop.resume(network, resumeFrom.file(), resumeFrom.contents(), options,
              listeners);
      return loop.fit(state, new TrainingLoop.External() {
        @Override
        public int partsPerEpoch() {
          return runner.partsPerEpoch();
        }

        @Override
        public long examples() {
          return runner.examplesPerEpoch();
        }

        @Override
        public void run(int epoch, EpochProgress progress) {
          runner.runEpoch(TrainingSession.this, epoch, progress);
        }
      });
    }
  }

  /**
   * Writes the session's state as the checkpoint of a run that has completed {@code epoch}
   * epochs, with their {@code history}: the file {@code fit} would write,
   * {@code checkpoint-epoch-NNNNN.zip} in {@code directory}, readable by {@link
   * CheckpointFile#read}, resumable by the models' {@code resume} and by {@link #restore}. After
   * the write, the oldest checkpoints this session wrote into {@code directory} beyond the
   * options' {@link TrainingOptions#checkpointKeep()} are deleted; no other file is.
   *
   * @return the file written
   * @throws IllegalArgumentException when {@code history} does not hold {@code epoch} epochs
   */
  public Path writeCheckpoint(Path directory, int epoch, TrainingHistory history)
      throws IOException {
    synchronized (network) {
      network.ensureOpen();
      return checkpoints.write(directory, epoch, history);
    }
  }

  /**
   * Continues from a checkpoint: sets the parameters, the optimiser state and the step counter it
   * holds. The checkpoint's {@link CheckpointFile#epoch()} and {@link CheckpointFile#history()}
   * tell the trainer where it is.
   *
   * @throws IllegalArgumentException naming the file when it holds another model config, or an
   *     optimiser state for another optimiser
   */
  public void restore(CheckpointFile checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    synchronized (network) {
      network.ensureOpen();
      SessionCheckpoints.restore(state, checkpoint.file(), checkpoint.contents());
    }
  }
}
