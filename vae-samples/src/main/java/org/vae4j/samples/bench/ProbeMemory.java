package org.vae4j.samples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.LinearProbe;
import org.vae4j.core.eval.LogisticClassifier;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.Mnist;

/**
 * The linear probe's memory and result on real MNIST, run as a plain {@code java} program (no
 * flags, default heap): resident memory (now and peak, from /proc/self/status) and heap after
 * loading, after {@code LogisticClassifier.fit} on raw pixels, and after {@code
 * LinearProbe.compare} of a briefly trained MLP VAE, with the accuracies and times.
 *
 * <p>{@code java -cp <vae-samples class path> org.vae4j.samples.bench.ProbeMemory <mnist dir> [rounds]}
 */
public final class ProbeMemory {

  private ProbeMemory() {}

  /** Runs the measurement; args: the MNIST directory, the number of probe rounds (default 3). */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/datasets/mnist");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ImageDataset all = Mnist.fromDirectory(dir).test();
    ImageDataset train = all.subset(0, 8000);
    ImageDataset test = all.subset(8000, all.size());
    report("loaded " + all.size() + " images");
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      LogisticClassifier probe = LogisticClassifier.fit(train.images(), train.labels(), 10,
          LogisticClassifier.Config.defaults());
      double acc = probe.score(test.images(), test.labels()).accuracy();
      report(String.format(Locale.ROOT, "round %d: LogisticClassifier.fit on 8000 x 784 pixels, "
          + "test accuracy %.4f, %.1f s", r + 1, acc, (System.nanoTime() - t0) / 1e9));
    }
    try (Vae vae = Vae.builder().mlpEncoder(256).latentDim(8).bceLoss().seed(1).build()) {
      vae.fit(train, TrainingOptions.builder().epochs(2).seed(1).build());
      report("trained an MLP VAE 784-256-8 for 2 epochs");
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        LinearProbe.Comparison c = LinearProbe.compare(vae, train, test, LogisticClassifier.Config.defaults());
        report(String.format(Locale.ROOT, "round %d: LinearProbe.compare, accuracy %.4f on the "
            + "latent means, %.4f on the pixels, %.1f s", r + 1, c.latent().accuracy(),
            c.pixels().accuracy(), (System.nanoTime() - t0) / 1e9));
      }
    }
  }

  private static void report(String what) throws IOException {
    long rss = 0;
    long peak = 0;
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = kib(line);
      } else if (line.startsWith("VmHWM:")) {
        peak = kib(line);
      }
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf(Locale.ROOT, "%-100s RSS %.2f GB, peak %.2f GB, heap used %.0f MB%n", what,
        rss / 1048576.0, peak / 1048576.0, heap / 1048576.0);
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }
}
