package org.vae4j.samples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DeConv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ComputeThreads;

/**
 * The kernels the seed models spend their time in, alone, on one thread: ND4J's matrix product
 * (the MLP's dense layers at batch 128) and oneDNN's convolution and transposed convolution
 * (the conv model's two heaviest layers at batch 128), forward only. Prints per kernel the median
 * thread CPU seconds per call and the achieved GFLOP/s (2 per multiply-add) per core. Thread CPU
 * time, not wall time, so that other processes on the machine do not count; compare the figure
 * with one core's fp32 peak (docs/performance.md says how it is computed for the CPU at hand).
 *
 * <pre>
 * java -cp vae4j.jar:lib/* org.vae4j.samples.bench.KernelBenchmark [repeats]
 * </pre>
 */
public final class KernelBenchmark {

  private KernelBenchmark() {}

  /** Runs each kernel {@code repeats} times (default 20) after 3 warm-up calls and prints it. */
  public static void main(String[] args) {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
    }
    int n = 128;
    INDArray a = Nd4j.rand(DataType.FLOAT, n, 784);
    ComputeThreads.setForCurrentThread(1);
    System.out.printf(Locale.ROOT, "# kernels alone, batch %d, one OpenMP thread, median of %d "
        + "calls, thread CPU time; load average %.2f%n", n, repeats,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    INDArray wDense = Nd4j.rand(DataType.FLOAT, 784, 256);
    INDArray hDense = Nd4j.create(DataType.FLOAT, n, 256);
    report("gemm 128x784 * 784x256 (MLP encoder)", (long) n * 784 * 256, repeats,
        () -> a.mmuli(wDense, hDense));

    INDArray x = Nd4j.rand(DataType.FLOAT, n, 32, 14, 14);
    INDArray wConv = Nd4j.rand(DataType.FLOAT, 3, 3, 32, 64);
    INDArray y = Nd4j.create(DataType.FLOAT, n, 64, 7, 7);
    Conv2DConfig cc = Conv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(1).pW(1)
        .dataFormat(Conv2DConfig.NCHW).build();
    report("conv2d 32->64 3x3 s2 14x14->7x7 (encoder)", (long) n * 49 * 64 * 9 * 32, repeats,
        () -> Nd4j.exec(new Conv2D(new INDArray[] {x, wConv}, new INDArray[] {y}, cc)));

    INDArray z = Nd4j.rand(DataType.FLOAT, n, 64, 14, 14);
    INDArray wDe = Nd4j.rand(DataType.FLOAT, 3, 3, 32, 64);
    INDArray full = Nd4j.create(DataType.FLOAT, n, 32, 29, 29);
    DeConv2DConfig dc = DeConv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(0).pW(0)
        .isSameMode(false).dataFormat(DeConv2DConfig.NCHW).build();
    report("deconv2d 64->32 3x3 s2 14x14->29x29 (decoder)", (long) n * 196 * 64 * 32 * 9,
        repeats, () -> Nd4j.exec(new DeConv2D(new INDArray[] {z, wDe}, new INDArray[] {full}, dc)));
  }

  private static void report(String name, long macs, int repeats, Runnable kernel) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 3; i++) {
      kernel.run();
    }
    List<Double> cpu = new ArrayList<>();
    List<Double> wall = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      kernel.run();
      wall.add((System.nanoTime() - w0) / 1e9);
      cpu.add((threads.getCurrentThreadCpuTime() - c0) / 1e9);
    }
    double c = Benchmark.median(cpu);
    double w = Benchmark.median(wall);
    System.out.printf(Locale.ROOT, "KERNEL %s: %.1f M multiply-adds, cpu %.4f s (wall %.4f s), "
        + "%.1f GFLOP/s per core on CPU time%n", name, macs / 1e6, c, w, 2.0 * macs / c / 1e9);
  }
}
