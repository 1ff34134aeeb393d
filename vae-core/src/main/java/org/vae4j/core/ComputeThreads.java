package org.vae4j.core;

import org.vae4j.core.internal.OpenMpThreads;

/**
 * How many threads vae4j's large operations may use on the calling thread. vae4j runs small
 * operations on one thread and large ones (convolutions, big matrix products; every operation of
 * a call on a large model, such as a conv model at a training batch) on the calling thread's
 * OpenMP thread count — by default one per core. Where several threads call vae4j at once
 * (a thread pool, Spark tasks on one executor), set each one's share so that together they do not
 * ask for more threads than there are cores. The setting is the calling thread's own (OpenMP's
 * per-thread {@code omp_set_num_threads}): other threads are not affected.
 *
 * <pre>{@code
 * ComputeThreads.setForCurrentThread(2);   // e.g. spark.task.cpus in a Spark task
 * }</pre>
 */
public final class ComputeThreads {

  private ComputeThreads() {}

  /** Sets the calling thread's thread count for vae4j's large operations ({@code n >= 1}). */
  public static void setForCurrentThread(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    OpenMpThreads.setForCurrentThread(n);
  }

  /** The calling thread's thread count for large operations. */
  public static int forCurrentThread() {
    return OpenMpThreads.forCurrentThread();
  }
}
