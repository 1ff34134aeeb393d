package org.vae4j.core.internal;

import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads each ND4J operation of a vae4j call may use, set through the calling thread's
 * own OpenMP setting ({@code omp_set_num_threads}, a per-thread value: other threads of the
 * application are not affected) and restored when the call returns.
 *
 * <p>A network call on a small model runs its operations on one thread ({@link #run}); only
 * operations large enough to gain from more ({@link #wide}: at least {@link #WIDE_MIN_MACS}
 * multiply-adds) use the thread count the calling thread had before — OpenMP's default, one per
 * core, or what the application set. Why: ND4J's elementwise operations, small matrix products
 * and the optimiser take microseconds, and a team of OpenMP threads costs more than it saves on
 * them; on a machine where another process competes for the cores, each multi-threaded operation
 * waits for a worker that the scheduler has preempted, which made small-model epochs 10–25 times
 * slower (without {@code OMP_WAIT_POLICY=PASSIVE}; docs/performance.md has the measurements). On
 * one thread there is no team to wait for and no worker spinning between operations.
 *
 * <p>A call whose largest layer has at least {@link #WIDE_CALL_MIN_MACS} multiply-adds (a conv
 * model at a training batch) runs every operation on the caller's thread count ({@link
 * #run(boolean, Supplier)}): its elementwise operations are over millions of values, large enough
 * to gain from the threads too (conv epochs about 9% faster on two idle cores, and no slower with
 * a competing process: docs/performance.md).
 */
public final class OpenMpThreads {

  /** Operations of at least this many multiply-adds run on the caller's full thread count. */
  public static final long WIDE_MIN_MACS = 32_000_000L;

  /** Calls whose largest layer has at least this many multiply-adds run wide throughout. */
  public static final long WIDE_CALL_MIN_MACS = 100_000_000L;

  private static final ThreadLocal<int[]> STATE = new ThreadLocal<>();
  private static volatile NativeOps ops;

  private OpenMpThreads() {}

  /**
   * ND4J's native operations, after ND4J itself has started. {@code NativeOpsHolder} reads the
   * backend's class name ({@code native.ops}) from the properties that {@code Nd4jBackend.load()}
   * puts into {@code Nd4jContext} when the {@link Nd4j} class initialises; reached first, before
   * any other ND4J call in the JVM, it finds them empty and fails for good ("ND4J is probably
   * missing dependencies", a {@code NullPointerException} on {@code Properties.get}, then {@code
   * NoClassDefFoundError: Could not initialize class NativeOpsHolder} on every later call). That
   * is the first vae4j call of a task on a fresh Spark executor ({@code ComputeThreads}), or of a
   * program that sets its threads before anything else. Touching {@link Nd4j} first loads the
   * backend (and runs vae4j-backend-cpu's native-build choice) in the documented order.
   */
  private static NativeOps ops() {
    NativeOps o = ops;
    if (o == null) {
      Nd4j.getBackend();
      o = NativeOpsHolder.getInstance().getDeviceNativeOps();
      ops = o;
    }
    return o;
  }

  /** Sets this thread's OpenMP thread count (what large operations use). */
  public static void setForCurrentThread(int n) {
    ops().setOmpNumThreads(n);
  }

  /** This thread's OpenMP thread count. */
  public static int forCurrentThread() {
    int[] state = STATE.get();
    return state != null ? state[0] : Math.max(1, ops().ompGetMaxThreads());
  }

  /**
   * Runs {@code work} with this thread's OpenMP thread count set to 1 and restores the previous
   * count afterwards (also on an exception). Nested calls keep the outermost saved count.
   */
  public static <T> T run(Supplier<T> work) {
    return run(false, work);
  }

  /**
   * {@link #run(Supplier)} when {@code wide} is false; when it is true, runs {@code work} with
   * this thread's OpenMP thread count as it is (every operation wide). Nested calls keep the
   * outermost call's setting.
   */
  public static <T> T run(boolean wide, Supplier<T> work) {
    int[] state = STATE.get();
    if (state != null) {
      return work.get();
    }
    NativeOps o = ops();
    int saved = Math.max(1, o.ompGetMaxThreads());
    if (wide && saved > 1) {
      WaitPolicyAdvice.checkOnce();
    }
    boolean narrow = !wide && saved != 1;
    state = new int[] {saved, narrow ? 0 : 1};
    STATE.set(state);
    if (narrow) {
      o.setOmpNumThreads(1);
    }
    try {
      return work.get();
    } finally {
      STATE.remove();
      if (narrow) {
        o.setOmpNumThreads(saved);
      }
    }
  }

  /** {@link #run(Supplier)} for work without a result. */
  public static void run(Runnable work) {
    run(() -> {
      work.run();
      return null;
    });
  }

  /**
   * Runs one operation of {@code macs} multiply-adds: on the caller's original thread count when
   * it is at least {@link #WIDE_MIN_MACS} and this thread is inside {@link #run}, else as is.
   */
  public static void wide(long macs, Runnable op) {
    int[] state = STATE.get();
    if (state == null || state[1] == 1 || macs < WIDE_MIN_MACS) {
      op.run();
      return;
    }
    NativeOps o = ops();
    o.setOmpNumThreads(state[0]);
    try {
      op.run();
    } finally {
      o.setOmpNumThreads(1);
    }
  }
}
