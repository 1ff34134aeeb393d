package org.vae4j.core.train.internal;

import org.vae4j.core.train.TrainingOptions;

/**
 * How the flat parameters move after a step, given the flat gradient: {@link Adam} or {@link Sgd}.
 * The rule's whole state is one flat array (empty for SGD), which checkpoints store and parameter
 * averaging averages.
 */
interface UpdateRule {

  /** The rule the options ask for, for {@code size} parameters. */
  static UpdateRule of(TrainingOptions options, int size) {
    return switch (options.optimizer()) {
      case ADAM -> new Adam(size, options.learningRate(), options.adamBeta1(), options.adamBeta2(),
          options.adamEpsilon());
      case SGD -> new Sgd(options.learningRate());
    };
  }

  /** A copy of the state, one flat array. */
  float[] state();

  /** The length of {@link #state()}. */
  int stateSize();

  /** Replaces the state. */
  void setState(float[] values);

  /** One update of {@code params} from {@code grads} at step {@code t} (counted from 1). */
  void update(float[] params, float[] grads, long t);
}
