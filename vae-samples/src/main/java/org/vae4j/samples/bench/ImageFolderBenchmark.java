package org.vae4j.samples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.api.training.TrainingStart;
import org.vae4j.core.Vae;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.ImageFolder;
import org.vae4j.datasets.ImageFolderIterator;

/**
 * Training throughput from an image folder against the same images in memory: an MLP VAE over
 * {@code 3 x SIZE x SIZE} (hidden 256, latent 16, BCE, batch 128, Adam 1e-3, seed 42) trains for
 * a few epochs either from an {@link ImageFolderIterator} (decoded lazily on the folder's threads)
 * or from the folder loaded into an {@link ImageDataset} first. Prints one {@code EPOCH} line per
 * epoch (wall-clock seconds from the previous epoch's end, so time spent waiting for decoded
 * batches counts) and a {@code SUMMARY} line with the median images per second after the first
 * epoch and the process's peak resident memory ({@code VmHWM}): run each source in its own JVM.
 *
 * <pre>
 * java -cp ... org.vae4j.samples.bench.ImageFolderBenchmark DIR folder|memory|decode [EPOCHS (3)]
 *     [SIZE (64)] [THREADS (the folder's default)]
 * </pre>
 *
 * <p>Source {@code decode} runs the folder's iterator alone, without training: the images per
 * second the decoding threads deliver. Benchmarks print numbers; nothing here asserts a speed.
 */
public final class ImageFolderBenchmark {

  private ImageFolderBenchmark() {}

  /** Runs one source and prints its lines to {@code out}; returns the median images/s. */
  static double run(Path dir, String source, int epochs, int size, int threads, PrintStream out)
      throws IOException {
    if (!source.equals("folder") && !source.equals("memory") && !source.equals("decode")) {
      throw new IllegalArgumentException("source must be folder, memory or decode, got "
          + source);
    }
    if (epochs < 2) {
      throw new IllegalArgumentException("epochs must be >= 2 (the first is warm-up), got "
          + epochs);
    }
    ImageFolder.Builder b = ImageFolder.builder(dir).size(size).channels(3).unlabelled();
    if (threads > 0) {
      b.threads(threads);
    }
    long s0 = System.nanoTime();
    ImageFolder folder = b.scan();
    double scanSeconds = (System.nanoTime() - s0) / 1e9;
    out.printf(Locale.ROOT, "# vae4j image folder: %d images of %s from %s, source %s, scan %.2f s,"
            + " %d epochs, backend %s, %d processors; machine shared with other sessions%n",
        folder.size(), Arrays.toString(folder.imageShape()), dir, source, scanSeconds, epochs,
        Nd4j.getBackend().getClass().getSimpleName(), Runtime.getRuntime().availableProcessors());
    TrainingOptions training = TrainingOptions.builder().epochs(epochs).batchSize(128)
        .learningRate(1e-3).seed(42).build();
    List<Double> seconds = new ArrayList<>();
    long[] last = new long[1];
    TrainingListener timer = new TrainingListener() {
      @Override
      public void onTrainingStart(TrainingStart start, TrainingControl control) {
        last[0] = System.nanoTime();
      }

      @Override
      public void onEpochEnd(EpochStats stats, TrainingControl control) {
        long now = System.nanoTime();
        double s = (now - last[0]) / 1e9;
        last[0] = now;
        seconds.add(s);
        out.printf(Locale.ROOT, "EPOCH engine=vae4j source=%s epoch=%d time_s=%.3f"
                + " images_per_s=%.0f loss_per_sample=%.4f rss_mb=%d%n", source, stats.epoch(), s,
            folder.size() / s, stats.train().total(), Benchmark.peakRssMb());
        out.flush();
      }
    };
    if (source.equals("decode")) {
      return decodeOnly(folder, epochs, out);
    }
    double loadSeconds = 0;
    try (Vae vae = Vae.builder().inputShape(3, size, size).mlpEncoder(256).latentDim(16)
        .bceLoss().seed(42).build()) {
      if (source.equals("folder")) {
        try (ImageFolderIterator it = folder.iterator(128, 42L)) {
          vae.fit(it, training, timer);
        }
      } else {
        long l0 = System.nanoTime();
        ImageDataset data = folder.load();
        loadSeconds = (System.nanoTime() - l0) / 1e9;
        out.printf(Locale.ROOT, "# loaded %d images into memory in %.1f s%n", data.size(),
            loadSeconds);
        vae.fit(data, training, timer);
      }
    }
    double median = Benchmark.median(seconds.subList(1, seconds.size()));
    double rate = folder.size() / median;
    out.printf(Locale.ROOT, "SUMMARY engine=vae4j source=%s images=%d shape=%s epochs=%d"
            + " warmup_epoch_s=%.3f median_s_after_warmup=%.3f images_per_s=%.0f load_s=%.1f"
            + " peak_rss_mb=%d skipped=%d%n", source, folder.size(),
        Arrays.toString(folder.imageShape()).replace(" ", ""), epochs, seconds.get(0), median,
        rate, loadSeconds, Benchmark.peakRssMb(), folder.skipped().size());
    out.flush();
    return rate;
  }

  /** Epochs of the folder's iterator with no training: how fast the threads decode. */
  private static double decodeOnly(ImageFolder folder, int epochs, PrintStream out) {
    List<Double> seconds = new ArrayList<>();
    try (ImageFolderIterator it = folder.iterator(128, 42L)) {
      for (int e = 1; e <= epochs; e++) {
        it.reset();
        long t0 = System.nanoTime();
        long n = 0;
        while (it.hasNext()) {
          n += it.next().getFeatures().size(0);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        seconds.add(s);
        out.printf(Locale.ROOT, "EPOCH engine=vae4j source=decode epoch=%d time_s=%.3f"
            + " images_per_s=%.0f images=%d rss_mb=%d%n", e, s, n / s, n, Benchmark.peakRssMb());
        out.flush();
      }
    }
    double median = Benchmark.median(seconds.subList(1, seconds.size()));
    out.printf(Locale.ROOT, "SUMMARY engine=vae4j source=decode images=%d epochs=%d"
            + " median_s_after_warmup=%.3f images_per_s=%.0f peak_rss_mb=%d%n", folder.size(),
        epochs, median, folder.size() / median, Benchmark.peakRssMb());
    return folder.size() / median;
  }

  /** {@code DIR folder|memory|decode [EPOCHS] [SIZE] [THREADS]}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 5) {
      System.err.println("usage: ImageFolderBenchmark DIR folder|memory|decode [EPOCHS (3)]"
          + " [SIZE (64)] [THREADS]");
      System.exit(2);
    }
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int size = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    run(Path.of(args[0]), args[1], epochs, size, threads, System.out);
  }
}
