package org.vae4j.core.train.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.vae4j.core.internal.ModelEngine;
import org.vae4j.core.train.TrainingOptions;

/**
 * Every piece of mutable training state in one place: the model's parameters (owned by the
 * engine, updated in place), the Adam state (one flat array that a checkpoint saves), the global
 * step and the completed epochs. Randomness is not kept as generator state: the noise of step
 * {@code s} and the shuffle of epoch {@code e} are derived from {@code (seed, s)} and {@code (seed,
 * e)}, so resuming needs only the step and epoch counters.
 */
final class TrainingState {

  /** A device-side copy of the state, to put back after a diverged step. */
  record Snapshot(List<INDArray> parameters, INDArray optimizer, long step, int epochsDone) {}

  private final ModelEngine engine;
  private final long seed;
  private final double clipNorm;
  private final List<String> names;
  private final List<INDArray> params = new ArrayList<>();
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final INDArray updaterState;
  private final INDArray firstMoment;
  private final INDArray secondMoment;
  private final INDArray flatGradient;
  private final INDArray scratch;
  private final List<INDArray> gradientViews = new ArrayList<>();
  private final List<INDArray> updateViews = new ArrayList<>();
  private final HostAdam hostAdam;
  private long step;
  private int epochsDone;

  TrainingState(ModelEngine engine, TrainingOptions config) {
    this(engine, config, true);
  }

  /**
   * {@code hostUpdate}: use {@link HostAdam} when it applies (the CPU backend, plain parameter
   * arrays); false forces the update through ND4J operations (tests compare the two).
   */
  TrainingState(ModelEngine engine, TrainingOptions config, boolean hostUpdate) {
    this.engine = engine;
    this.seed = config.seed();
    this.clipNorm = config.clipGradientNorm();
    Map<String, INDArray> p = engine.parameters();
    this.names = List.copyOf(p.keySet());
    long total = 0;
    for (INDArray a : p.values()) {
      params.add(a);
      total += a.length();
    }
    DataType dt = engine.dataType();
    this.learningRate = config.learningRate();
    this.beta1 = config.adamBeta1();
    this.beta2 = config.adamBeta2();
    this.epsilon = config.adamEpsilon();
    this.updaterState = Nd4j.zeros(dt, 1, 2 * total);
    this.firstMoment = updaterState.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, total));
    this.secondMoment =
        updaterState.get(NDArrayIndex.point(0), NDArrayIndex.interval(total, 2 * total));
    this.flatGradient = Nd4j.zeros(dt, total);
    this.scratch = Nd4j.zeros(dt, total);
    long offset = 0;
    for (INDArray a : params) {
      gradientViews.add(flatGradient.get(NDArrayIndex.interval(offset, offset + a.length()))
          .reshape('c', a.shape()));
      updateViews.add(scratch.get(NDArrayIndex.interval(offset, offset + a.length()))
          .reshape('c', a.shape()));
      offset += a.length();
    }
    boolean plain = params.stream().allMatch(HostAdam::plain);
    this.hostAdam = hostUpdate && plain ? HostAdam.forCpu(dt, total) : null;
  }

  /** True when updates run through {@link HostAdam}. */
  boolean hostUpdate() {
    return hostAdam != null;
  }

  ModelEngine engine() {
    return engine;
  }

  /**
   * The Adam state of all parameters, {@code [1, 2 * parameterCount]}: the first moments of every
   * parameter (in creation order, each flattened row-major), then the second moments. Up to date
   * when returned (with {@link HostAdam} the state lives on the Java heap between updates); read
   * it, do not write it.
   */
  INDArray updaterState() {
    if (hostAdam != null) {
      hostAdam.store(updaterState);
    }
    return updaterState;
  }

  /** Optimisation steps taken so far. */
  long step() {
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

  /** The generator of an epoch's shuffle (epoch counted from 1). */
  SplittableRandom shuffleFor(int epoch) {
    return new SplittableRandom(mix(seed, 2L * epoch));
  }

  /** The generator of the fixed validation noise (the same every epoch). */
  SplittableRandom validationNoise() {
    return new SplittableRandom(mix(seed ^ 0x7A11DA7E5EEDL, -1));
  }

  /**
   * Applies one Adam update from {@code gradients} (not modified), clipping them to the global
   * norm first when the config asks for it. Returns null when applied, or a description of a
   * non-finite gradient norm, in which case nothing was changed. The norm is only computed when
   * clipping.
   *
   * <p>Adam as ND4J's {@code AdamUpdater} computes it, on all parameters at once (one flat
   * gradient, one flat state): on the CPU backend as one Java loop over host copies ({@link
   * HostAdam}), elsewhere as a dozen elementwise operations (not ND4J's slow updater op): {@code
   * m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g²}, {@code p -= a_t m / (sqrt(v) + eps)}
   * with {@code a_t = lr sqrt(1 - b2^t) / (1 - b1^t)} at step {@code t} counted from 1.
   */
  String apply(Map<String, INDArray> gradients) {
    List<INDArray> ordered = new ArrayList<>(names.size());
    for (String name : names) {
      INDArray g = gradients.get(name);
      if (g == null) {
        throw new IllegalStateException("no gradient for parameter " + name);
      }
      ordered.add(g);
    }
    // the flat gradient is assembled only when clipping or the ND4J path needs it
    if (clipNorm > 0 || hostAdam == null) {
      for (int i = 0; i < ordered.size(); i++) {
        gradientViews.get(i).assign(ordered.get(i));
      }
      ordered = gradientViews;
    }
    if (clipNorm > 0) {
      double norm = clipByGlobalNorm(List.of(flatGradient), clipNorm);
      if (!Double.isFinite(norm)) {
        return "gradient norm " + norm;
      }
    }
    long t = step + 1;
    double alpha = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    if (hostAdam != null) {
      hostAdam.update(ordered, params, beta1, beta2, alpha, epsilon);
      step++;
      return null;
    }
    INDArray g = flatGradient;
    INDArray s = scratch;
    firstMoment.muli(beta1);
    g.mul(1 - beta1, s);
    firstMoment.addi(s);
    g.mul(g, s);
    s.muli(1 - beta2);
    secondMoment.muli(beta2).addi(s);
    Nd4j.exec(new Sqrt(secondMoment, s));
    s.addi(epsilon);
    firstMoment.div(s, s);
    s.muli(alpha);
    for (int i = 0; i < params.size(); i++) {
      params.get(i).subi(updateViews.get(i));
    }
    step++;
    return null;
  }

  /**
   * Scales {@code gradients} in place so that their global L2 norm (all arrays together) is at
   * most {@code maxNorm}, leaving them unchanged when it already is; returns the norm before
   * clipping (NaN or infinite when a gradient is, in which case nothing is changed).
   */
  static double clipByGlobalNorm(List<INDArray> gradients, double maxNorm) {
    double sq = 0;
    for (INDArray g : gradients) {
      double n = g.norm2Number().doubleValue();
      sq += n * n;
    }
    double norm = Math.sqrt(sq);
    if (Double.isFinite(norm) && norm > maxNorm) {
      // slightly below maxNorm so that rounding in float cannot push the result above it
      double scale = maxNorm / norm * (1 - 1e-6);
      for (INDArray g : gradients) {
        g.muli(scale);
      }
    }
    return norm;
  }

  /** Device-side copies of parameters and optimizer state, with the counters. */
  Snapshot snapshot() {
    List<INDArray> copies = new ArrayList<>(params.size());
    for (INDArray p : params) {
      copies.add(p.dup());
    }
    return new Snapshot(copies, updaterState().dup(), step, epochsDone);
  }

  /** Puts a snapshot back. */
  void restore(Snapshot s) {
    for (int i = 0; i < params.size(); i++) {
      params.get(i).assign(s.parameters().get(i));
    }
    updaterState.assign(s.optimizer());
    if (hostAdam != null) {
      hostAdam.load(updaterState);
    }
    step = s.step();
    epochsDone = s.epochsDone();
  }

  /** Detached copies of the parameters by name, in creation order. */
  Map<String, INDArray> parameterCopies() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), params.get(i).dup('c'));
    }
    return m;
  }

  /**
   * Sets the parameters from {@code values} (every name, the same shapes).
   *
   * @throws IllegalArgumentException naming {@code what} and the parameter on a mismatch
   */
  void setParameters(String what, Map<String, INDArray> values) {
    if (!values.keySet().equals(new java.util.LinkedHashSet<>(names))) {
      throw new IllegalArgumentException(
          what + " must hold parameters " + names + ", got " + values.keySet());
    }
    for (int i = 0; i < names.size(); i++) {
      INDArray v = values.get(names.get(i));
      INDArray p = params.get(i);
      if (!Arrays.equals(v.shape(), p.shape())) {
        throw new IllegalArgumentException(what + ": parameter " + names.get(i) + " must have shape "
            + Arrays.toString(p.shape()) + ", got " + Arrays.toString(v.shape()));
      }
    }
    for (int i = 0; i < names.size(); i++) {
      params.get(i).assign(values.get(names.get(i)).castTo(params.get(i).dataType()));
    }
  }

  /** Puts back the optimizer state and counters saved in a checkpoint. */
  void setOptimizer(String what, INDArray state, long step, int epochsDone) {
    if (state.length() != updaterState.length()) {
      throw new IllegalArgumentException(what + ": optimizer state must have " + updaterState.length()
          + " values, got " + state.length());
    }
    updaterState.assign(state.reshape(updaterState.shape()).castTo(updaterState.dataType()));
    if (hostAdam != null) {
      hostAdam.load(updaterState);
    }
    this.step = step;
    this.epochsDone = epochsDone;
  }

  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
