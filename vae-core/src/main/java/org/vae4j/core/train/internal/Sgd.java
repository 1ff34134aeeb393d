package org.vae4j.core.train.internal;

/** Plain stochastic gradient descent: {@code p -= learningRate * g}. No state. */
final class Sgd implements UpdateRule {

  private static final float[] NONE = new float[0];

  private final float learningRate;

  Sgd(double learningRate) {
    this.learningRate = (float) learningRate;
  }

  @Override
  public int stateSize() {
    return 0;
  }

  @Override
  public float[] state() {
    return NONE;
  }

  @Override
  public void setState(float[] values) {
    if (values.length != 0) {
      throw new IllegalArgumentException("optimizer state must have 0 values for SGD, got " + values.length);
    }
  }

  @Override
  public void update(float[] params, float[] grads, long t) {
    float a = learningRate;
    for (int k = 0; k < params.length; k++) {
      params[k] -= a * grads[k];
    }
  }
}
