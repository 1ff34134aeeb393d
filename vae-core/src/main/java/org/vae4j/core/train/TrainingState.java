package org.vae4j.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.core.internal.ModelEngine;

/**
 * Every piece of mutable training state in one place: the model's parameters (owned by the
 * engine, updated in place), the Adam state (one flat array, {@link #updaterState()}, that a
 * checkpoint can save), the global step and the run seed. Randomness is not kept as generator
 * state: the noise of step {@code s} and the shuffle of epoch {@code e} are derived from {@code
 * (seed, s)} and {@code (seed, e)}, so resuming needs only the step and epoch counters.
 */
final class TrainingState {

  private final ModelEngine engine;
  private final long seed;
  private final List<String> names;
  private final List<INDArray> params = new ArrayList<>();
  private final List<GradientUpdater<?>> updaters = new ArrayList<>();
  private final INDArray updaterState;
  private long step;
  private int epochsDone;

  TrainingState(ModelEngine engine, TrainingConfig config) {
    this.engine = engine;
    this.seed = config.seed();
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

  /** The engine being trained. */
  ModelEngine engine() {
    return engine;
  }

  /** The Adam state of all parameters, {@code [1, 2 * parameterCount]}. */
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

  /** Applies one Adam update from {@code gradients} (consumed) to the parameters, in place. */
  void apply(Map<String, INDArray> gradients) {
    for (int i = 0; i < names.size(); i++) {
      INDArray g = gradients.get(names.get(i));
      if (g == null) {
        throw new IllegalStateException("no gradient for parameter " + names.get(i));
      }
      INDArray p = params.get(i);
      INDArray flat = g.dup('c').reshape('c', 1, p.length());
      updaters.get(i).applyUpdater(flat, (int) step, epochsDone);
      p.subi(flat.reshape('c', p.shape()));
    }
    step++;
  }

  private static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
