package org.vae4j.core.internal;

import java.util.Objects;
import java.util.function.Function;

/**
 * How vae-core's other packages (training, evaluation) reach a model's {@link Network} without a
 * public accessor on the models: the models' base class registers the accessor when it is
 * loaded (the JDK's "shared secrets" pattern). Not API.
 */
public final class ModelInternals {

  private static volatile Function<Object, Network> accessor;

  private ModelInternals() {}

  /** Called once by the models' base class. */
  public static void register(Function<Object, Network> networkOf) {
    accessor = Objects.requireNonNull(networkOf);
  }

  /** The network of a vae4j model ({@code Vae}, {@code Autoencoder} or {@code ConditionalVae}). */
  public static Network network(Object model) {
    Objects.requireNonNull(model, "model");
    Function<Object, Network> a = accessor;
    if (a == null) {
      throw new IllegalStateException("no vae4j model class is loaded");
    }
    return a.apply(model);
  }
}
