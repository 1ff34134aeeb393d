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
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.core.internal.ModelEngine;
import org.vae4j.core.train.TrainingConfig;

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
  private final List<GradientUpdater<?>> updaters = new ArrayList<>();
  private final INDArray updaterState;
  private long step;
  private int epochsDone;

  TrainingState(ModelEngine engine, TrainingConfig config) {
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
    this.updaterState = Nd4j.zeros(engine.dataType(), 1, 2 * total);
    Adam adam = new Adam(
        config.learningRate(), config.adamBeta1(), config.adamBeta2(), config.adamEpsilon());
    long offset = 0;
    for (INDArray a : params) {
      INDArray view = updaterState.get(
          NDArrayIndex.interval(0, 1), NDArrayIndex.interval(offset, offset + 2 * a.length()));
      updaters.add(adam.instantiate(view, true));
      offset += 2 * a.length();
    }
  }

  ModelEngine engine() {
    return engine;
  }

  /** The live Adam state of all parameters, {@code [1, 2 * parameterCount]}. */
  INDArray updaterState() {
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
   * Applies one Adam update from {@code gradients} (consumed), clipping them to the global norm
   * first when the config asks for it. Returns null when applied, or a description of a non-finite
   * gradient norm, in which case nothing was changed. The norm is only computed when clipping.
   */
  String apply(Map<String, INDArray> gradients) {
    List<INDArray> flats = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      INDArray g = gradients.get(names.get(i));
      if (g == null) {
        throw new IllegalStateException("no gradient for parameter " + names.get(i));
      }
      // a view when g is contiguous row-major (no copy); the updater overwrites it in place
      flats.add(g.reshape('c', 1, params.get(i).length()));
    }
    if (clipNorm > 0) {
      double norm = clipByGlobalNorm(flats, clipNorm);
      if (!Double.isFinite(norm)) {
        return "gradient norm " + norm;
      }
    }
    for (int i = 0; i < names.size(); i++) {
      INDArray p = params.get(i);
      INDArray flat = flats.get(i);
      updaters.get(i).applyUpdater(flat, (int) step, epochsDone);
      p.subi(flat.reshape('c', p.shape()));
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
    return new Snapshot(copies, updaterState.dup(), step, epochsDone);
  }

  /** Puts a snapshot back. */
  void restore(Snapshot s) {
    for (int i = 0; i < params.size(); i++) {
      params.get(i).assign(s.parameters().get(i));
    }
    updaterState.assign(s.optimizer());
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
