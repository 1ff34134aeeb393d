package org.vae4j.backend.cpu;

import org.nd4j.common.io.Resource;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * Not a backend: the earliest point at which vae4j can choose the nd4j-native build and set the
 * OpenMP wait policy ({@link OpenMpWaitPolicy}). ND4J's
 * {@code Nd4jBackend.load()} instantiates every {@code META-INF/services} provider of
 * {@link Nd4jBackend} before it picks one and before any native library loads; this provider's
 * constructor runs {@link NativeBuilds#select()} there, so the choice is made in time whichever
 * code touches ND4J first (a dataset, a model, user code). It ranks below every real backend and
 * is never available, so ND4J never picks it. Internal: not vae4j API.
 *
 * <p>Uber-jars must merge {@code META-INF/services} files (maven-shade-plugin's
 * {@code ServicesResourceTransformer}); keeping only one of the colliding files can hide the real
 * backend from ND4J.
 */
public final class NativeBuildHook extends Nd4jBackend {

  /** Below every ND4J backend (CPU 0, CUDA 100 by default), far from overflow in their sort. */
  static final int PRIORITY = -1_000_000;

  /**
   * Sets the OpenMP wait policy ({@link OpenMpWaitPolicy#apply()}) and runs the choice; never
   * throws (a throwing provider would stop ND4J's backend discovery).
   */
  public NativeBuildHook() {
    try {
      OpenMpWaitPolicy.apply();
    } catch (RuntimeException | LinkageError e) {
      // apply() reports its own failures; nothing may escape into ND4J's ServiceLoader loop.
    }
    try {
      NativeBuilds.select();
    } catch (RuntimeException | LinkageError e) {
      // select() reports its own failures; nothing may escape into ND4J's ServiceLoader loop.
    }
  }

  @Override
  public int getPriority() {
    return PRIORITY;
  }

  /**
   * Throws, so that ND4J's "Skipped [NativeBuildHook] backend (unavailable): ..." line (printed only
   * when no real backend is available either) says what this is.
   */
  @Override
  public boolean isAvailable() {
    throw new UnsupportedOperationException("not a backend: vae4j's hook that chooses the "
        + "nd4j-native build before ND4J loads it; add an ND4J backend such as vae4j-backend-cpu");
  }

  @Override
  public boolean canRun() {
    return false;
  }

  @Override
  public boolean allowsOrder() {
    return false;
  }

  @Override
  public Resource getConfigurationResource() {
    throw new UnsupportedOperationException("not a backend");
  }

  @Override
  public Class<?> getNDArrayClass() {
    throw new UnsupportedOperationException("not a backend");
  }

  @Override
  public Environment getEnvironment() {
    throw new UnsupportedOperationException("not a backend");
  }

  @Override
  public String buildInfo() {
    return "not a backend: vae4j's native build hook";
  }

  @Override
  public void logBackendInit() {
    // nothing to log: not a backend
  }
}
