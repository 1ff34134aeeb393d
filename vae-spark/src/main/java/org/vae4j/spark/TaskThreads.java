package org.vae4j.spark;

import org.apache.spark.TaskContext;
import org.vae4j.core.ComputeThreads;

/**
 * Sizes vae4j's compute threads on a Spark task's thread to the CPUs Spark gave the task ({@code
 * spark.task.cpus}), so that the tasks an executor runs at once ask for no more threads than its
 * cores together ({@link ComputeThreads} is a per-thread setting). The previous count is put back
 * when the task's work is done: executor threads are pooled and run other tasks afterwards.
 */
final class TaskThreads {

  private TaskThreads() {}

  /**
   * Sets the calling thread's count to the running task's CPUs and returns the count it had, or
   * returns 0 and changes nothing outside a Spark task.
   */
  static int apply() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return 0;
    }
    int previous = ComputeThreads.forCurrentThread();
    ComputeThreads.setForCurrentThread(Math.max(1, task.cpus()));
    return previous;
  }

  /** Puts back a count {@link #apply()} returned (nothing for 0). */
  static void restore(int previous) {
    if (previous > 0) {
      ComputeThreads.setForCurrentThread(previous);
    }
  }
}
