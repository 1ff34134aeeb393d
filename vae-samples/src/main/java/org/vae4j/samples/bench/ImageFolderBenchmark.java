package org.vae4j.samples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.BatchStats;
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
 * Training throughput from an image folder against the same images in memory: a VAE over {@code
 * 3 x SIZE x SIZE} (BCE, batch 128, Adam 1e-3, seed 42) trains for a few epochs either from an
 * {@link ImageFolderIterator} (decoded lazily on the folder's threads) or from the folder loaded
 * into an {@link ImageDataset} first. The model is {@code mlp} (hidden 256, latent 16, any SIZE)
 * or {@code conv64} ({@link Conv64}'s 64×64 conv VAE, SIZE 64). Prints one {@code EPOCH} line per
 * epoch (wall-clock seconds from the previous epoch's end, so time spent waiting for decoded
 * batches counts) and a {@code SUMMARY} line with the median images per second after the first
 * epoch and the process's peak resident memory ({@code VmHWM}): run each source in its own JVM.
 *
 * <pre>
 * java -cp ... org.vae4j.samples.bench.ImageFolderBenchmark DIR folder|memory|decode [EPOCHS (3)]
 *     [SIZE (64)] [THREADS (0: the folder's default)] [MODEL (mlp)] [BATCHES (0: no limit)]
 * </pre>
 *
 * <p>{@code BATCHES} ends the run after that many training steps (a full-size folder's memory
 * without a full epoch's time); the {@code SUMMARY} line then gives the images per second of the
 * steps after the first epoch's first {@value #WARMUP_BATCHES} ({@code BATCHES} must exceed it).
 * With {@code -Dvae4j.bench.memEvery=S} a {@code MEM} line every S seconds gives the resident
 * memory ({@code VmRSS}, {@code VmHWM}), the native bytes javacpp counts and the Java heap in use.
 *
 * <p>Source {@code decode} runs the folder's iterator alone, without training: the images per
 * second the decoding threads deliver. Benchmarks print numbers; nothing here asserts a speed.
 */
public final class ImageFolderBenchmark {

  /** Steps of the first epoch left out of the images/s of a run ended by a batch limit. */
  static final int WARMUP_BATCHES = 2;

  private ImageFolderBenchmark() {}

  /** The model of a run: {@code mlp} or {@code conv64} (which needs {@code size} 64). */
  static Vae.Builder model(String model, int size) {
    switch (model) {
      case "mlp":
        return Vae.builder().inputShape(3, size, size).mlpEncoder(256).latentDim(16);
      case "conv64":
        if (size != Conv64.SIDE) {
          throw new IllegalArgumentException("model conv64 needs SIZE " + Conv64.SIDE + ", got "
              + size);
        }
        return Conv64.builder();
      default:
        throw new IllegalArgumentException("model must be mlp or conv64, got " + model);
    }
  }

  /** Runs one source with the MLP and no batch limit; returns the median images/s. */
  static double run(Path dir, String source, int epochs, int size, int threads, PrintStream out)
      throws IOException {
    return run(dir, source, epochs, size, threads, "mlp", 0, out);
  }

  /**
   * Runs one source and prints its lines to {@code out}; returns the median images/s (or, with a
   * batch limit that ended the run, the images/s of the steps after the warm-up ones).
   */
  static double run(Path dir, String source, int epochs, int size, int threads, String model,
      int batchLimit, PrintStream out) throws IOException {
    if (!source.equals("folder") && !source.equals("memory") && !source.equals("decode")) {
      throw new IllegalArgumentException("source must be folder, memory or decode, got "
          + source);
    }
    if (epochs < 2) {
      throw new IllegalArgumentException("epochs must be >= 2 (the first is warm-up), got "
          + epochs);
    }
    if (batchLimit != 0 && batchLimit <= WARMUP_BATCHES) {
      throw new IllegalArgumentException("batch limit must be 0 (none) or more than the "
          + WARMUP_BATCHES + " warm-up steps, got " + batchLimit);
    }
    Vae.Builder modelBuilder = model(model, size);
    ImageFolder.Builder b = ImageFolder.builder(dir).size(size).channels(3).unlabelled();
    if (threads > 0) {
      b.threads(threads);
    }
    long s0 = System.nanoTime();
    ImageFolder folder = b.scan();
    double scanSeconds = (System.nanoTime() - s0) / 1e9;
    out.printf(Locale.ROOT, "# vae4j image folder: %d images of %s from %s, source %s, model %s,"
            + " scan %.2f s, %d epochs, batch limit %d, backend %s, %d processors; machine shared"
            + " with other sessions%n", folder.size(), Arrays.toString(folder.imageShape()), dir,
        source, model, scanSeconds, epochs, batchLimit,
        Nd4j.getBackend().getClass().getSimpleName(), Runtime.getRuntime().availableProcessors());
    TrainingOptions training = TrainingOptions.builder().epochs(epochs).batchSize(128)
        .learningRate(1e-3).seed(42).build();
    List<Double> seconds = new ArrayList<>();
    long[] last = new long[1];
    // steps done, images of the steps after the warm-up ones, when the warm-up ended, last step end
    long[] steps = new long[4];
    TrainingListener timer = new TrainingListener() {
      @Override
      public void onTrainingStart(TrainingStart start, TrainingControl control) {
        last[0] = System.nanoTime();
      }

      @Override
      public void onBatchEnd(BatchStats stats, TrainingControl control) {
        steps[0]++;
        steps[3] = System.nanoTime();
        if (steps[0] == WARMUP_BATCHES) {
          steps[2] = System.nanoTime();
        } else if (steps[0] > WARMUP_BATCHES) {
          steps[1] += stats.batchSize();
        }
        if (batchLimit > 0 && steps[0] == batchLimit) {
          control.requestStop("batch limit " + batchLimit);
        }
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
    try (MemorySampler sampler = MemorySampler.fromProperty(out);
        Vae vae = modelBuilder.bceLoss().seed(42).build()) {
      sampler.mark("built");
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
        sampler.mark("loaded");
        vae.fit(data, training, timer);
      }
      sampler.mark("trained");
    }
    String shape = Arrays.toString(folder.imageShape()).replace(" ", "");
    if (seconds.size() < epochs) {
      // a batch limit ended the run: the steps after the warm-up ones
      double s = (steps[3] - steps[2]) / 1e9;
      double rate = steps[1] / s;
      out.printf(Locale.ROOT, "SUMMARY engine=vae4j source=%s model=%s images=%d shape=%s"
              + " epochs_done=%d batches=%d images_per_s=%.0f (steps %d..%d) load_s=%.1f"
              + " peak_rss_mb=%d skipped=%d%n", source, model, folder.size(), shape,
          seconds.size(), steps[0], rate, WARMUP_BATCHES + 1, steps[0], loadSeconds,
          Benchmark.peakRssMb(), folder.skipped().size());
      out.flush();
      return rate;
    }
    double median = Benchmark.median(seconds.subList(1, seconds.size()));
    double rate = folder.size() / median;
    out.printf(Locale.ROOT, "SUMMARY engine=vae4j source=%s model=%s images=%d shape=%s epochs=%d"
            + " warmup_epoch_s=%.3f median_s_after_warmup=%.3f images_per_s=%.0f load_s=%.1f"
            + " peak_rss_mb=%d skipped=%d%n", source, model, folder.size(), shape, epochs,
        seconds.get(0), median, rate, loadSeconds, Benchmark.peakRssMb(),
        folder.skipped().size());
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

  /** {@code DIR folder|memory|decode [EPOCHS] [SIZE] [THREADS] [MODEL] [BATCHES]}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 7) {
      System.err.println("usage: ImageFolderBenchmark DIR folder|memory|decode [EPOCHS (3)]"
          + " [SIZE (64)] [THREADS (0: default)] [MODEL mlp|conv64 (mlp)] [BATCHES (0: no limit)]");
      System.exit(2);
    }
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int size = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    String model = args.length > 5 ? args[5] : "mlp";
    int batches = args.length > 6 ? Integer.parseInt(args[6]) : 0;
    run(Path.of(args[0]), args[1], epochs, size, threads, model, batches, System.out);
  }
}
