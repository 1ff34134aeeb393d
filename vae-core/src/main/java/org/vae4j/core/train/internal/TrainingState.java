package org.vae4j.core.train.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.internal.Seeds;
import org.vae4j.core.internal.Network;
import org.vae4j.core.internal.Noise;
import org.vae4j.core.internal.nn.Param;
import org.vae4j.core.internal.nn.Parameters;
import org.vae4j.core.train.TrainingDivergedException;
import org.vae4j.core.train.TrainingOptions;

/**
 * Every piece of mutable training state in one place: the network's flat parameters (a host copy
 * kept in step with the network's buffer), the optimiser ({@link UpdateRule}: one flat state), the
 * network's state (batch norm's running statistics, which training steps move; none without batch
 * norm), the global step and the completed epochs. Randomness is not kept as generator state: the noise of step
 * {@code s} and the shuffle of epoch {@code e} are derived from {@code (seed, s)} and {@code (seed,
 * e)}, so resuming needs only the step and epoch counters. All of it is Java arrays: snapshots and
 * best weights take no native memory.
 */
public final class TrainingState {

  /** A copy of the state, to put back after a diverged step. */
  record Snapshot(float[] parameters, float[] optimizer, float[] state, long step,
      int epochsDone) {}

  private final Network network;
  private final Parameters params;
  private final Parameters networkState;
  private final TrainingOptions options;
  private final long seed;
  private final double clipNorm;
  private final UpdateRule rule;
  private final float[] values;
  private final float[] gradient;
  private long step;
  private int epochsDone;

  /** The state of a fresh run of {@code network} with {@code options}. */
  public TrainingState(Network network, TrainingOptions options) {
    if (network.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("training needs a float network, got " + network.dataType());
    }
    if (options.denoisingMaskRate() > 0 && !network.config().likelihood().supportsMissing()) {
      throw new IllegalArgumentException("denoisingMaskRate needs a model whose likelihood accepts "
          + "missing values (a TABLE model), got loss " + network.config().loss() + " with rate "
          + options.denoisingMaskRate());
    }
    this.network = network;
    this.options = options;
    this.params = network.parameters();
    this.networkState = network.state();
    this.seed = options.seed();
    this.clipNorm = options.clipGradientNorm();
    int total = Math.toIntExact(params.total());
    this.rule = UpdateRule.of(options, total);
    this.values = new float[total];
    this.gradient = new float[total];
    HostVector.read(params.values(), values);
  }

  public Network network() {
    return network;
  }

  /** Optimisation steps taken so far. */
  public long step() {
    return step;
  }

  /** Completed epochs. */
  int epochsDone() {
    return epochsDone;
  }

  void epochDone() {
    epochsDone++;
  }

  /** The generator of the next step's noise. */
  SplittableRandom noiseForNextStep() {
    return new SplittableRandom(mix(seed, 2 * step + 1));
  }

  /**
   * The denoising mask of step {@code stepNumber} (counted from 1) on {@code n} rows: each of the
   * {@code n × inputSize} values 0 (hidden from the encoder) with probability {@code
   * denoisingMaskRate}, else 1, from {@code (seed, step)} alone (so a resumed run draws the same).
   */
  float[] denoisingKeep(long stepNumber, long n) {
    SplittableRandom r = new SplittableRandom(mix(seed ^ DENOISING_STREAM, stepNumber));
    double rate = options.denoisingMaskRate();
    float[] keep = new float[Math.toIntExact(Math.multiplyExact(n, network.config().inputSize()))];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = r.nextDouble() < rate ? 0f : 1f;
    }
    return keep;
  }

  private static final long DENOISING_STREAM = 0x44454E4F4953454CL;

  /** The generator of an epoch's shuffle (epoch counted from 1). */
  SplittableRandom shuffleFor(int epoch) {
    return new SplittableRandom(mix(seed, 2L * epoch));
  }

  /** The generator of the fixed validation noise (the same every epoch). */
  SplittableRandom validationNoise() {
    return new SplittableRandom(mix(seed ^ 0x7A11DA7E5EEDL, -1));
  }

  /** The result of one step: the batch's mean loss parts and the KL weight that was in force. */
  public record StepResult(Network.Loss loss, double beta) {}

  /**
   * One training step of epoch {@code epoch} on a checked batch {@code x} (one-hot {@code labels}
   * for a conditional VAE, else null): the noise of the next step from {@code (seed, step)}, the KL
   * weight the options give for the epoch and step, one forward and backward pass, then the
   * update. The same for every trainer (the training loop, and distributed trainers through
   * {@code TrainingSession}), so a run is reproduced exactly by any of them.
   *
   * @throws TrainingDivergedException when the loss or the gradient is not finite; nothing has
   *     changed then
   */
  public StepResult step(INDArray x, INDArray labels, int epoch) {
    long stepNumber = step + 1;
    double beta = options.klWeight(network.config().beta(), epoch, stepNumber);
    double[] eps = network.config().isVariational()
        ? noise(noiseForNextStep(), x.size(0)) : null;
    // the forward pass moves batch norm's running statistics: put them back if the step fails
    float[] stateBefore = stateVector();
    float[] keep = options.denoisingMaskRate() > 0 ? denoisingKeep(stepNumber, x.size(0)) : null;
    Network.Loss loss = network.lossAndGradient(x, labels, eps, beta, keep);
    if (!Double.isFinite(loss.total()) || !Double.isFinite(loss.reconstruction())
        || !Double.isFinite(loss.kl())) {
      setStateVector(stateBefore);
      throw new TrainingDivergedException(epoch, stepNumber, "loss must be finite, got total "
          + loss.total() + " (reconstruction " + loss.reconstruction() + ", kl " + loss.kl() + ")");
    }
    String bad = apply();
    if (bad != null) {
      setStateVector(stateBefore);
      throw new TrainingDivergedException(epoch, stepNumber, "gradient must be finite, got " + bad);
    }
    return new StepResult(loss, beta);
  }

  /**
   * The noise of one pass: {@code n × latentDim} standard normal draws from {@code random},
   * rounded to float (the values a float array of them would hold).
   */
  double[] noise(SplittableRandom random, long n) {
    double[] v = Noise.gaussian(random, n, network.config().latentDim());
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) v[i];
    }
    return v;
  }

  /** The order in which the training loop visits {@code n} in-memory examples in {@code epoch}. */
  public int[] epochOrder(int epoch, int n) {
    return TrainingLoop.permutation(shuffleFor(epoch), n);
  }

  /**
   * Applies one optimiser update from the network's flat gradient, clipping it to the global norm
   * first when the options ask for it. Returns null when applied, or a description of a
   * non-finite gradient, in which case nothing was changed.
   */
  String apply() {
    HostVector.read(params.gradients(), gradient);
    double norm = norm(gradient);
    if (!Double.isFinite(norm)) {
      return "gradient norm " + norm;
    }
    if (clipNorm > 0) {
      clipToNorm(gradient, norm, clipNorm);
    }
    rule.update(values, gradient, step + 1);
    HostVector.write(values, params.values());
    step++;
    return null;
  }

  /**
   * The L2 norm of {@code g}, computed in double; NaN or infinite when a value is. Four running
   * sums, so that consecutive additions do not wait for each other (twice as fast as one sum).
   */
  static double norm(float[] g) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int n = g.length;
    int k = 0;
    for (; k + 3 < n; k += 4) {
      s0 += (double) g[k] * g[k];
      s1 += (double) g[k + 1] * g[k + 1];
      s2 += (double) g[k + 2] * g[k + 2];
      s3 += (double) g[k + 3] * g[k + 3];
    }
    for (; k < n; k++) {
      s0 += (double) g[k] * g[k];
    }
    return Math.sqrt((s0 + s1) + (s2 + s3));
  }

  /**
   * Scales {@code g} so that its L2 norm ({@code norm}) is at most {@code maxNorm}; unchanged
   * when it already is.
   */
  static void clipToNorm(float[] g, double norm, double maxNorm) {
    if (norm > maxNorm) {
      // slightly below maxNorm so that rounding in float cannot push the result above it
      float scale = (float) (maxNorm / norm * (1 - 1e-6));
      for (int i = 0; i < g.length; i++) {
        g[i] *= scale;
      }
    }
  }

  /** Copies of the parameters and optimiser state, with the counters. */
  Snapshot snapshot() {
    return new Snapshot(values.clone(), rule.state(), stateVector(), step, epochsDone);
  }

  /** Puts a snapshot back. */
  void restore(Snapshot s) {
    System.arraycopy(s.parameters(), 0, values, 0, values.length);
    HostVector.write(values, params.values());
    rule.setState(s.optimizer());
    setStateVector(s.state());
    step = s.step();
    epochsDone = s.epochsDone();
  }

  /** A copy of the flat parameters. */
  public float[] parameterVector() {
    return values.clone();
  }

  /** Sets the flat parameters. */
  public void setParameterVector(float[] v) {
    if (v.length != values.length) {
      throw new IllegalArgumentException("parameters must have " + values.length + " values, got " + v.length);
    }
    System.arraycopy(v, 0, values, 0, values.length);
    HostVector.write(values, params.values());
  }

  /** A copy of the network's flat state (batch norm's running statistics; empty without). */
  public float[] stateVector() {
    float[] v = new float[Math.toIntExact(networkState.total())];
    if (v.length > 0) {
      HostVector.read(networkState.values(), v);
    }
    return v;
  }

  /** Sets the network's flat state. */
  public void setStateVector(float[] v) {
    if (v.length != networkState.total()) {
      throw new IllegalArgumentException("state must have " + networkState.total() + " values, got "
          + v.length);
    }
    if (v.length > 0) {
      HostVector.write(v, networkState.values());
    }
  }

  /** The network's state by name (views of its buffer, for a checkpoint; empty without batch norm). */
  public Map<String, INDArray> state() {
    return networkState.valuesByName();
  }

  /** {@code flat} (a state vector) by name, as new arrays (for a checkpoint). */
  Map<String, INDArray> stateByName(float[] flat) {
    return byName(networkState.list(), flat);
  }

  /**
   * Reads state arrays by name (every name, the same shapes) into a flat state vector.
   *
   * @throws IllegalArgumentException naming {@code what} and the array on a mismatch
   */
  public float[] flattenState(String what, Map<String, INDArray> byName) {
    return flatten(what, "state arrays", networkState.list(), byName, (int) networkState.total());
  }

  /** The parameters by name (views of the network's buffer, for a checkpoint). */
  public Map<String, INDArray> parameters() {
    return params.valuesByName();
  }

  /** {@code flat} (a parameter vector) by name, as new arrays (for a checkpoint). */
  Map<String, INDArray> byName(float[] flat) {
    return byName(params.list(), flat);
  }

  private static Map<String, INDArray> byName(List<Param> list, float[] flat) {
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (Param p : list) {
      float[] part = Arrays.copyOfRange(flat, Math.toIntExact(p.offset()),
          Math.toIntExact(p.offset() + p.length()));
      m.put(p.name(), Nd4j.create(part, p.shape(), 'c'));
    }
    return m;
  }

  /**
   * Reads parameters by name (every name, the same shapes) into a flat vector.
   *
   * @throws IllegalArgumentException naming {@code what} and the parameter on a mismatch
   */
  public float[] flatten(String what, Map<String, INDArray> byName) {
    return flatten(what, "parameters", params.list(), byName, values.length);
  }

  private static float[] flatten(String what, String kind, List<Param> list,
      Map<String, INDArray> byName, int total) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (Param p : list) {
      names.add(p.name());
    }
    if (!byName.keySet().equals(names)) {
      throw new IllegalArgumentException(what + " must hold " + kind + " " + names + ", got " + byName.keySet());
    }
    float[] flat = new float[total];
    for (Param p : list) {
      INDArray v = byName.get(p.name());
      if (!Arrays.equals(v.shape(), p.shape())) {
        throw new IllegalArgumentException(what + ": array " + p.name() + " must have shape "
            + Arrays.toString(p.shape()) + ", got " + Arrays.toString(v.shape()));
      }
      float[] f = v.castTo(DataType.FLOAT).dup('c').data().asFloat();
      System.arraycopy(f, 0, flat, Math.toIntExact(p.offset()), f.length);
    }
    return flat;
  }

  /** The optimiser state {@code [m | v]} (a copy). */
  public float[] optimizerState() {
    return rule.state();
  }

  /** Sets the optimiser state alone. */
  public void setOptimizerState(String what, float[] state) {
    setOptimizer(what, state, step, epochsDone);
  }

  /** Sets the step counter alone. */
  public void setStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    this.step = step;
  }

  /** Puts back the optimiser state and counters saved in a checkpoint. */
  void setOptimizer(String what, float[] state, long step, int epochsDone) {
    if (state.length != rule.stateSize()) {
      throw new IllegalArgumentException(what + ": optimizer state must have "
          + rule.stateSize() + " values, got " + state.length);
    }
    rule.setState(state);
    this.step = step;
    this.epochsDone = epochsDone;
  }

  static long mix(long a, long b) {
    return Seeds.mix(a, b);
  }
}
