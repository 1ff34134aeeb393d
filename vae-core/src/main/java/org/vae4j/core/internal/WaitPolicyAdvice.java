package org.vae4j.core.internal;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warning, once per JVM, when vae4j runs a multi-threaded call on a machine that is already
 * busy while {@code OMP_WAIT_POLICY} is not set. ND4J's OpenMP threads then busy-wait between
 * operations, and a conv model's epochs were measured 1.4–3 times slower under a competing load
 * than with {@code OMP_WAIT_POLICY=PASSIVE} (docs/performance.md). The wait policy is read by the
 * OpenMP runtime once, when ND4J's native library loads, and neither ND4J nor JavaCPP offers a way
 * to change it afterwards, so vae4j can only say so; one thread per call
 * ({@code ComputeThreads.setForCurrentThread(1)}) is the lever in code.
 */
final class WaitPolicyAdvice {

  private static final Logger LOG = LoggerFactory.getLogger("org.vae4j.core");
  private static final AtomicBoolean CHECKED = new AtomicBoolean();

  private WaitPolicyAdvice() {}

  /** Checks the first time it is called in this JVM, and warns when {@link #advice} says so. */
  static void checkOnce() {
    if (CHECKED.get() || !CHECKED.compareAndSet(false, true)) {
      return;
    }
    String message = advice(System.getenv("OMP_WAIT_POLICY"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    if (message != null) {
      LOG.warn(message);
    }
  }

  /**
   * The warning for a machine with {@code processors} processors and a one-minute load average of
   * {@code loadAverage} (negative: unknown) when {@code OMP_WAIT_POLICY} is {@code waitPolicy}
   * (null: not set), or null when there is nothing to say: the variable is set, the load is
   * unknown, or it is below the number of processors.
   */
  static String advice(String waitPolicy, double loadAverage, int processors) {
    if (waitPolicy != null || loadAverage < 0 || loadAverage < processors) {
      return null;
    }
    return String.format(Locale.ROOT, "this machine is busy (load average %.1f on %d processors) "
        + "and OMP_WAIT_POLICY is not set: ND4J's OpenMP threads busy-wait between operations, "
        + "which made conv-model epochs 1.4-3x slower under a competing load than with "
        + "OMP_WAIT_POLICY=PASSIVE (docs/performance.md, Threads). Set OMP_WAIT_POLICY=PASSIVE "
        + "in the environment of this program, or run vae4j's calls on one thread "
        + "(ComputeThreads.setForCurrentThread(1)).", loadAverage, processors);
  }
}
