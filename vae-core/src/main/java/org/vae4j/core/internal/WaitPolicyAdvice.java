package org.vae4j.core.internal;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenMP wait policy as vae4j knows it, and a warning, once per JVM, when vae4j runs a
 * multi-threaded call on a machine that is already busy while ND4J's idle OpenMP threads spin
 * because the policy could not be applied. vae4j-backend-cpu's hook sets {@code
 * OMP_WAIT_POLICY=PASSIVE} in the C environment before ND4J's OpenMP runtime starts and publishes
 * the outcome in {@value #OUTCOME_PROPERTY} ({@code applied}, {@code left} on purpose: the user's
 * own setting or {@code -Dvae4j.openmp.passive=false}, or {@code failed}) and {@value
 * #REASON_PROPERTY}. The warning is given only when the outcome is {@code failed} or the hook did
 * not run (another ND4J backend), the variable is not set, and the machine is busy: then a conv
 * model's epochs are several times slower under a competing load (docs/performance.md).
 */
final class WaitPolicyAdvice {

  /** Published by vae4j-backend-cpu's hook: {@code applied}, {@code left} or {@code failed}. */
  static final String OUTCOME_PROPERTY = "vae4j.openmp.waitPolicy.outcome";
  /** Published by vae4j-backend-cpu's hook: why, in words. */
  static final String REASON_PROPERTY = "vae4j.openmp.waitPolicy.reason";
  /** The reason when the hook did not run. */
  static final String NO_HOOK = "vae4j-backend-cpu's hook did not run (another ND4J backend, or "
      + "an uber-jar that lost its META-INF/services file)";

  private static final Logger LOG = LoggerFactory.getLogger("org.vae4j.core");
  private static final AtomicBoolean CHECKED = new AtomicBoolean();

  private WaitPolicyAdvice() {}

  /** Checks the first time it is called in this JVM, and warns when {@link #advice} says so. */
  static void checkOnce() {
    if (CHECKED.get() || !CHECKED.compareAndSet(false, true)) {
      return;
    }
    String message = advice(System.getenv("OMP_WAIT_POLICY"),
        System.getProperty(OUTCOME_PROPERTY), System.getProperty(REASON_PROPERTY),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    if (message != null) {
      LOG.warn(message);
    }
  }

  /**
   * The wait policy for the backend report: the variable as the user set it, {@code PASSIVE (set
   * by vae4j)}, or {@code unset} with the reason vae4j did not set it.
   */
  static String describe() {
    return describe(System.getenv("OMP_WAIT_POLICY"), System.getProperty(OUTCOME_PROPERTY),
        System.getProperty(REASON_PROPERTY));
  }

  /** {@link #describe()} from its inputs. */
  static String describe(String waitPolicy, String outcome, String reason) {
    if (waitPolicy != null) {
      return waitPolicy;
    }
    if ("applied".equals(outcome)) {
      return "PASSIVE (set by vae4j)";
    }
    return "unset (" + (outcome == null ? NO_HOOK : reason) + ")";
  }

  /**
   * The warning for a machine with {@code processors} processors and a one-minute load average of
   * {@code loadAverage} (negative: unknown) when {@code OMP_WAIT_POLICY} is {@code waitPolicy}
   * (null: not set) and the hook's outcome is {@code outcome} (null: it did not run), or null
   * when there is nothing to say: the variable is set, vae4j applied it or left it on purpose, the
   * load is unknown, or it is below the number of processors.
   */
  static String advice(String waitPolicy, String outcome, String reason, double loadAverage,
      int processors) {
    if (waitPolicy != null || "applied".equals(outcome) || "left".equals(outcome)
        || loadAverage < 0 || loadAverage < processors) {
      return null;
    }
    return String.format(Locale.ROOT, "this machine is busy (load average %.1f on %d processors) "
        + "and ND4J's idle OpenMP threads busy-wait between operations: vae4j could not set "
        + "OMP_WAIT_POLICY=PASSIVE (%s). Under a competing load this made conv-model epochs "
        + "several times slower (docs/performance.md, Threads). Set OMP_WAIT_POLICY=PASSIVE in "
        + "the environment of this program, or run vae4j's calls on one thread "
        + "(ComputeThreads.setForCurrentThread(1)).", loadAverage, processors,
        outcome == null ? NO_HOOK : reason);
  }
}
