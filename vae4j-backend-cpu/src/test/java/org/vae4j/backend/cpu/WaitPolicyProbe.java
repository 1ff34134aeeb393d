package org.vae4j.backend.cpu;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Run in a child JVM by {@link OpenMpWaitPolicyTest}: {@code [load-gomp-first|-]}. Starts ND4J
 * (optionally after loading a libgomp first, as another library could), then runs 200 small
 * multi-threaded ND4J operations 10 ms apart and prints the CPU time the process's other OpenMP
 * threads used meanwhile: the workers' work is microseconds, so what they use beyond it is spinning
 * between operations. Prints vae4j's published outcome too.
 */
public final class WaitPolicyProbe {

  private WaitPolicyProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("load-gomp-first")) {
      // as another library that brings libgomp would: the portable build's copy, loaded first
      System.load(org.bytedeco.javacpp.Loader.cacheResource(WaitPolicyProbe.class,
          "/org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn/libgomp.so.1")
          .getAbsolutePath());
      System.out.println("gomp.before.nd4j=" + OpenMpWaitPolicy.gompLoaded());
    }
    INDArray x = Nd4j.rand(1, 200_000);
    for (int i = 0; i < 400; i++) {
      x.addi(1.0);  // warm up: the JIT compiles the call path, OpenMP starts its team
    }
    long self = selfTid();
    long before = otherTicks(self);
    long t0 = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      x.addi(1.0);
      Thread.sleep(10);
    }
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    long ticks = otherTicks(self) - before;
    System.out.println("outcome=" + System.getProperty(OpenMpWaitPolicy.OUTCOME_PROPERTY));
    System.out.println("reason=" + System.getProperty(OpenMpWaitPolicy.REASON_PROPERTY));
    System.out.println("threads=" + Runtime.getRuntime().availableProcessors());
    System.out.println("worker.ticks=" + ticks);
    System.out.println("loop.ms=" + wallMs);
  }

  private static long selfTid() throws IOException {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    return Long.parseLong(stat.substring(0, stat.indexOf(' ')));
  }

  /**
   * utime + stime, in clock ticks, of the threads named like the main thread ("java": OpenMP's
   * workers inherit its name; the JVM's own threads are named "GC Thread#0", "C2 CompilerThre"
   * ...) other than this one.
   */
  private static long otherTicks(long self) throws IOException {
    long sum = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : tasks) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!name.equals("java") || t.getFileName().toString().equals(Long.toString(self))) {
          continue;
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      }
    }
    return sum;
  }
}
