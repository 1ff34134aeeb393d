package org.vae4j.samples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A daemon thread printing a {@code MEM} line every few seconds for a benchmark's memory
 * diagnosis: elapsed seconds, resident memory now and at its peak ({@code VmRSS}, {@code VmHWM}
 * of {@code /proc/self/status}, MiB), the native bytes of live ND4J arrays (the CPU backend's
 * counter; -1 on another backend), the Java heap in use and committed, JavaCPP's physical and
 * total bytes, and the anonymous and file-backed parts of the resident memory. Off unless
 * {@code -Dvae4j.bench.memEvery=SECONDS} is given; {@link #close()} prints a last line and stops.
 */
final class MemorySampler implements AutoCloseable {

  private final PrintStream out;
  private final long start = System.nanoTime();
  private final Thread thread;

  private MemorySampler(PrintStream out, double everySeconds) {
    this.out = out;
    if (everySeconds <= 0) {
      thread = null;
      return;
    }
    long millis = Math.max(1, Math.round(everySeconds * 1000));
    thread = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          print("tick");
          Thread.sleep(millis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "vae4j-memory-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** A sampler every {@code -Dvae4j.bench.memEvery} seconds, or one that does nothing. */
  static MemorySampler fromProperty(PrintStream out) {
    String p = System.getProperty("vae4j.bench.memEvery");
    double every = 0;
    if (p != null && !p.isBlank()) {
      try {
        every = Double.parseDouble(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("vae4j.bench.memEvery must be a number of seconds, got "
            + p, e);
      }
    }
    return new MemorySampler(out, every);
  }

  /** The {@code field} line of a {@code /proc/<pid>/status} text in MiB, or -1 when absent. */
  static long statusMb(String status, String field) {
    for (String line : status.split("\n")) {
      if (line.startsWith(field + ":")) {
        String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
        if (parts.length == 2 && parts[1].equals("kB")) {
          return Long.parseLong(parts[0]) / 1024;
        }
        throw new IllegalArgumentException(field + " line must read '<number> kB', got " + line);
      }
    }
    return -1;
  }

  /**
   * Native bytes of live ND4J arrays: the CPU backend's allocation counter ({@code
   * Nd4jCpu.Environment.getDeviceCounter(0)}, read reflectively: this module does not depend on
   * a backend), or -1 when it is not there.
   */
  static long nd4jArrayBytes() {
    try {
      Class<?> env = Class.forName(
          "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
      Object instance = env.getMethod("getInstance").invoke(null);
      return (Long) env.getMethod("getDeviceCounter", int.class).invoke(instance, 0);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  /** Prints a {@code MEM} line now, labelled {@code what}, when sampling is on. */
  void mark(String what) {
    if (thread != null) {
      print(what);
    }
  }

  private synchronized void print(String what) {
    String status = read("/proc/self/status");
    String smaps = read("/proc/self/smaps_rollup");
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    out.printf(Locale.ROOT, "MEM at=%s t_s=%.1f rss_mb=%d hwm_mb=%d nd4j_arrays_mb=%d heap_used_mb=%d"
            + " heap_committed_mb=%d javacpp_physical_mb=%d javacpp_total_mb=%d rss_anon_mb=%d"
            + " rss_file_mb=%d%n",
        what, (System.nanoTime() - start) / 1e9, statusMb(status, "VmRSS"), statusMb(status, "VmHWM"),
        nd4jArrayBytes() >> 20, heap.getUsed() >> 20, heap.getCommitted() >> 20,
        javacpp("physicalBytes") >> 20, javacpp("totalBytes") >> 20, statusMb(smaps, "Anonymous"),
        statusMb(status, "RssFile"));
    out.flush();
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * JavaCPP's {@code Pointer.physicalBytes()} (the resident memory JavaCPP reads) or {@code
   * totalBytes()} (the bytes of live JavaCPP allocations), read reflectively; -1 when absent.
   */
  static long javacpp(String method) {
    try {
      return (Long) Class.forName("org.bytedeco.javacpp.Pointer").getMethod(method).invoke(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.interrupt();
      print("end");
    }
  }
}
