package org.vae4j.samples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.Vae;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.Mnist;

/**
 * Trains the seed VAEs on the MNIST test set (batch 128, Adam 1e-3, seed 42 unless {@code --seed})
 * and prints, per
 * model, one {@code EPOCH} line per epoch and one {@code SUMMARY} line, in the format of the
 * libtorch peer benchmark ({@code /work/shared/peer/djl-vae-bench}):
 *
 * <pre>
 * EPOCH engine=vae4j model=conv epoch=1 time_s=12.345 loss_per_sample=260.1234
 * SUMMARY engine=vae4j model=conv epochs=5 warmup_epoch_s=... median_s_after_warmup=... min_s=...
 *     loss_epoch1=... loss_last=... all_s=[...] images_per_s=... peak_rss_mb=... encode_images_per_s=...
 * </pre>
 *
 * <p>{@code time_s} is the training time of one epoch (steps only), {@code images_per_s} the
 * training throughput at the median epoch, {@code peak_rss_mb} the process's peak resident memory
 * so far ({@code VmHWM} of {@code /proc/self/status}, so run one model per JVM to attribute it),
 * and {@code encode_images_per_s} the median throughput of {@code encodeMean} over the same
 * images after training. Benchmarks print numbers; nothing here asserts a speed.
 */
public final class Benchmark {

  /** The engine name printed in every line. */
  public static final String ENGINE = "vae4j";

  /** The batch size of every model. */
  static final int BATCH = 128;

  private Benchmark() {}

  /**
   * The measurements of one model.
   *
   * @param model {@code "conv"} or {@code "mlp"}
   * @param epochSeconds training seconds of each epoch, in order
   * @param losses mean training loss per image of each epoch, in order
   * @param images images per epoch
   * @param peakRssMb peak resident memory of the process in MiB after this model, or -1 when
   *     {@code /proc/self/status} is not available
   * @param encodeImagesPerSecond median {@code encodeMean} throughput
   */
  public record Result(String model, List<Double> epochSeconds, List<Double> losses, int images,
      long peakRssMb, double encodeImagesPerSecond) {

    /** Copies the lists. */
    public Result {
      epochSeconds = List.copyOf(epochSeconds);
      losses = List.copyOf(losses);
    }

    /** The median epoch time after the first (warm-up) epoch. */
    public double medianSecondsAfterWarmup() {
      return median(epochSeconds.subList(1, epochSeconds.size()));
    }

    /** Training images per second at the median epoch time. */
    public double imagesPerSecond() {
      return images / medianSecondsAfterWarmup();
    }
  }

  /**
   * Runs every model of {@code options} in turn, printing to {@code out}.
   *
   * @throws IOException when the MNIST test files cannot be read
   */
  public static List<Result> run(BenchmarkOptions options, PrintStream out) throws IOException {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(out, "out");
    List<Result> results = new ArrayList<>();
    INDArray mnist = null;
    for (String model : options.models()) {
      INDArray images;
      if (model.equals("conv64")) {
        images = Conv64.images(options.imagesDir(), options.limit());
      } else {
        if (mnist == null) {
          mnist = mnistImages(options);
        }
        images = mnist;
      }
      header(images, options, out);
      results.add(runModel(model, images, options, out));
    }
    return results;
  }

  private static INDArray mnistImages(BenchmarkOptions options) throws IOException {
    ImageDataset test = Mnist.fromDirectory(options.mnistDir()).test();
    if (options.limit() > test.size()) {
      throw new IllegalArgumentException("limit must be at most the " + test.size()
          + " images in " + options.mnistDir() + ", got " + options.limit());
    }
    return test.subset(0, options.limit()).images();
  }

  private static void header(INDArray images, BenchmarkOptions options, PrintStream out) {
    out.printf(Locale.ROOT, "# %s: %d images %s, batch 128, Adam 1e-3, %d epochs, seed %d,"
            + " init %s; backend %s, OMP_NUM_THREADS=%s, OMP_WAIT_POLICY=%s (%s)%n",
        ENGINE, images.size(0), java.util.Arrays.toString(images.shape()), options.epochs(),
        options.seed(), options.init(),
        Nd4j.getBackend().getClass().getSimpleName(), System.getenv("OMP_NUM_THREADS"),
        System.getenv("OMP_WAIT_POLICY"),
        System.getProperty("vae4j.openmp.waitPolicy.reason", "vae4j's hook did not run"));
  }

  private static Result runModel(String model, INDArray images, BenchmarkOptions options,
      PrintStream out) throws IOException {
    Vae.Builder b = switch (model) {
      case "conv" -> Vae.builder().convEncoder().latentDim(2);
      case "conv64" -> Conv64.builder();
      default -> Vae.builder().mlpEncoder(256).latentDim(2);
    };
    try (Vae vae = b.bceLoss().seed(options.seed()).build()) {
      out.printf(Locale.ROOT, "# %s model %s: %d parameters%n", ENGINE, model,
          vae.config().parameterCount());
      if (!options.init().equals("model")) {
        java.util.Map<String, INDArray> params = ParameterArrays.copy(vae);
        StudyInit.parse(options.init()).apply(params, options.seed());
        ParameterArrays.set(vae, params);
      }
      if (options.initParams() != null) {
        ParameterArrays.set(vae, Conv64Probe.readVae4jLayout(options.initParams()));
        out.printf(Locale.ROOT, "# %s: initial parameters from %s (the peer's layouts)%n", ENGINE,
            options.initParams());
      }
      TrainingOptions training = TrainingOptions.builder().epochs(options.epochs())
          .batchSize(BATCH)
          .learningRate(1e-3).seed(options.seed()).build();
      List<Double> seconds = new ArrayList<>();
      List<Double> losses = new ArrayList<>();
      TrainingListener printer = new TrainingListener() {
        @Override
        public void onEpochEnd(EpochStats stats, TrainingControl control) {
          seconds.add(stats.seconds());
          losses.add(stats.train().total());
          out.println(epochLine(model, stats.epoch(), stats.seconds(), stats.train().total()));
          out.flush();
        }
      };
      vae.fit(images, training, printer);
      double encode = encodeThroughput(vae, images, options.encodeRepeats());
      Result r = new Result(model, seconds, losses, (int) images.size(0), peakRssMb(), encode);
      out.println(summaryLine(r));
      out.flush();
      return r;
    }
  }

  /** Median images per second of {@code encodeMean} over {@code images}, after one warm-up call. */
  private static double encodeThroughput(Vae vae, INDArray images, int repeats) {
    vae.encodeMean(images).close();
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      INDArray mean = vae.encodeMean(images);
      double s = (System.nanoTime() - t0) / 1e9;
      mean.close();
      rates.add(images.size(0) / s);
    }
    return median(rates);
  }

  /** The {@code EPOCH} line of the peer's format. */
  static String epochLine(String model, int epoch, double seconds, double loss) {
    return String.format(Locale.ROOT, "EPOCH engine=%s model=%s epoch=%d time_s=%.3f"
        + " loss_per_sample=%.4f", ENGINE, model, epoch, seconds, loss);
  }

  /** The {@code SUMMARY} line: the peer's fields, then throughput, memory and inference. */
  static String summaryLine(Result r) {
    List<Double> s = r.epochSeconds();
    StringBuilder all = new StringBuilder();
    for (double v : s) {
      all.append(String.format(Locale.ROOT, "%.2f,", v));
    }
    return String.format(Locale.ROOT, "SUMMARY engine=%s model=%s epochs=%d warmup_epoch_s=%.3f"
            + " median_s_after_warmup=%.3f min_s=%.3f loss_epoch1=%.4f loss_last=%.4f all_s=[%s]"
            + " images_per_s=%.0f peak_rss_mb=%d encode_images_per_s=%.0f",
        ENGINE, r.model(), s.size(), s.get(0), r.medianSecondsAfterWarmup(),
        Collections.min(s.subList(1, s.size())), r.losses().get(0),
        r.losses().get(r.losses().size() - 1), all, r.imagesPerSecond(), r.peakRssMb(),
        r.encodeImagesPerSecond());
  }

  /** The median of a non-empty list (the mean of the two middle values for an even size). */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("values must not be empty");
    }
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : 0.5 * (v.get(n / 2 - 1) + v.get(n / 2));
  }

  /** Peak resident memory of this process in MiB ({@code VmHWM}), or -1 when unknown. */
  static long peakRssMb() {
    Path status = Path.of("/proc/self/status");
    try {
      return vmHwmMb(Files.readString(status, StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The {@code VmHWM} of a {@code /proc/<pid>/status} text in MiB, or -1 when absent. */
  static long vmHwmMb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        String[] parts = line.substring(6).trim().split("\\s+");
        if (parts.length == 2 && parts[1].equals("kB")) {
          return Long.parseLong(parts[0]) / 1024;
        }
        throw new IllegalArgumentException("VmHWM line must read '<number> kB', got " + line);
      }
    }
    return -1;
  }

  /** The MNIST directory: {@code -Dvae4j.mnist.dir}, else {@code VAE4J_MNIST_DIR}, else the default. */
  static Path defaultMnistDir() {
    String p = System.getProperty("vae4j.mnist.dir");
    if (p == null || p.isBlank()) {
      p = System.getenv("VAE4J_MNIST_DIR");
    }
    return Path.of(p == null || p.isBlank() ? "/work/shared/datasets/mnist" : p);
  }

  /**
   * Parses {@code [conv|mlp|all] [epochs] [--limit N] [--encode-repeats N] [--seed N] [--init RULE] [--mnist
   * DIR]}. Without
   * epochs: conv 5, MLP 11 (the peer's published runs); with "all", both models.
   *
   * @throws IllegalArgumentException naming the bad argument
   */
  static BenchmarkOptions parse(String... args) {
    List<String> positional = new ArrayList<>();
    Path dir = defaultMnistDir();
    int limit = BenchmarkOptions.TEST_IMAGES;
    int repeats = 5;
    long seed = BenchmarkOptions.DEFAULT_SEED;
    String init = "model";
    Path imagesDir = null;
    Path initParams = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--limit" -> limit = integer(a, v);
          case "--encode-repeats" -> repeats = integer(a, v);
          case "--mnist" -> dir = Path.of(v);
          case "--seed" -> seed = longValue(a, v);
          case "--init" -> init = v;
          case "--images" -> imagesDir = Path.of(v);
          case "--init-params" -> initParams = Path.of(v);
          default -> throw new IllegalArgumentException("option must be --limit,"
              + " --encode-repeats, --seed, --init, --init-params, --mnist or --images, got " + a);
        }
      } else {
        positional.add(a);
      }
    }
    if (positional.size() > 2) {
      throw new IllegalArgumentException(
          "arguments must be [conv|mlp|conv64|all] [epochs], got " + positional);
    }
    String which = positional.isEmpty() ? "all" : positional.get(0);
    List<String> models = "all".equals(which) ? BenchmarkOptions.MNIST_MODELS : List.of(which);
    int epochs = positional.size() == 2 ? integer("epochs", positional.get(1))
        : (models.equals(List.of("mlp")) ? 11 : 5);
    return new BenchmarkOptions(models, epochs, dir, limit, repeats, seed, init, imagesDir,
        initParams);
  }

  private static long longValue(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got " + value, e);
    }
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got " + value, e);
    }
  }

  /**
   * {@code Benchmark [conv|mlp|all] [epochs] [--limit N] [--encode-repeats N] [--seed N] [--init RULE] [--mnist
   * DIR]}; exits
   * with 2 on bad arguments and 1 when the data cannot be read.
   */
  public static void main(String[] args) {
    BenchmarkOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("benchmark: " + e.getMessage());
      System.err.println("usage: Benchmark [conv|mlp|conv64|all] [epochs] [--limit N]"
          + " [--encode-repeats N] [--seed N] [--init RULE] [--init-params FILE] [--mnist DIR] [--images DIR]");
      System.exit(2);
      return;
    }
    try {
      run(options, System.out);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("benchmark: " + e.getMessage());
      System.exit(1);
    }
  }
}
