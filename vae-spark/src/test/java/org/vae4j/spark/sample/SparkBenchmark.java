package org.vae4j.spark.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.ComputeThreads;
import org.vae4j.core.ModelBuilder;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.ModelEvaluator;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.Mnist;
import org.vae4j.spark.RoundStats;
import org.vae4j.spark.VaeEstimator;
import org.vae4j.spark.VaeModel;
import org.vae4j.spark.VaeTrainingSummary;

/**
 * Speeds of vae-spark against the single-JVM calls, on the MNIST test set, printed as numbers:
 *
 * <ol>
 *   <li>training: the single-node {@code fit} against {@link VaeEstimator} on a local Spark
 *       session, for several averaging intervals {@code k} ({@code --local-steps}), with the same
 *       model, options and rows: images per second, CPU seconds of this JVM (driver and local
 *       executors), the median round, the last epoch's training loss and the loss on held-out
 *       images (what larger {@code k} costs in convergence);</li>
 *   <li>featurizing: single-JVM {@code encodeMean} in batches against {@link VaeModel#transform}
 *       (written to Spark's {@code noop} sink), and an identity {@code mapPartitions} over the
 *       same rows (what converting rows costs without the model).</li>
 * </ol>
 *
 * <pre>
 * SparkBenchmark [--mnist DIR] [--master local[2]] [--partitions 2] [--train 8000] [--epochs 2]
 *                [--latent 16] [--batch 128] [--local-steps 1,4,16,64] [--repeats 3]
 * </pre>
 *
 * Every measured run follows a warm-up run of the same kind. Timings on a shared machine vary
 * with its load: compare numbers from one run.
 */
public final class SparkBenchmark {

  private SparkBenchmark() {}

  /** One measured training run. */
  private record Run(String name, double seconds, double cpuSeconds, double imagesPerSecond,
      double finalLoss, double heldOutLoss, int rounds, double medianRoundSeconds) {}

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws IOException {
    Options o = Options.parse(args);
    ImageDataset digits = Mnist.fromDirectory(o.mnist).test();
    if (o.train >= digits.size()) {
      throw new IllegalArgumentException("--train must be < " + digits.size() + ", got " + o.train);
    }
    ImageDataset trainSet = digits.subset(0, o.train);
    ImageDataset heldOut = digits.subset(o.train, digits.size());
    ModelConfig config;
    try (Vae v = Vae.builder().mlpEncoder(ModelBuilder.defaultHidden()).latentDim(o.latent)
        .seed(42).build()) {
      config = v.config();
    }
    TrainingOptions options = TrainingOptions.builder().epochs(o.epochs).batchSize(o.batch)
        .seed(1).build();
    System.out.printf(Locale.ROOT, "model: MLP VAE %s, latent %d, %d parameters; %d training "
        + "images, %d held out; %d epochs, batches of %d, Adam%n",
        Arrays.toString(config.hidden()), o.latent, config.parameterCount(), o.train,
        heldOut.size(), o.epochs, o.batch);
    System.out.printf(Locale.ROOT, "JVM: %d processors; load average at start %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    List<Run> runs = new ArrayList<>();
    try (Vae warm = Vae.fromConfig(config)) {
      warm.fit(trainSet, options.toBuilder().epochs(1).build());
    }
    Vae single = Vae.fromConfig(config);
    try {
      double cpu = SampleSupport.cpuSeconds();
      long t = System.nanoTime();
      TrainingHistory h = single.fit(trainSet, options);
      double s = SampleSupport.seconds(t);
      runs.add(new Run("single-node fit", s, SampleSupport.cpuSeconds() - cpu,
          (double) o.train * o.epochs / s, last(h), heldOutLoss(single, heldOut), 0, 0));

      SparkSession spark = SparkSession.builder().master(o.master).appName("vae4j benchmark")
          .config("spark.ui.enabled", "false").getOrCreate();
      Path dir = Files.createTempDirectory("vae4j-spark-bench-");
      try {
        Dataset<Row> images = SampleSupport.mnistTable(spark, digits, dir)
            .repartition(o.partitions).cache();
        images.count();
        Dataset<Row> train = images.filter("id < " + o.train).cache();
        train.count();
        train(spark, o, config, options, train, heldOut, dir, runs);
        printRuns(runs, spark.version());
        featurize(spark, o, single, digits, images);
        images.unpersist();
      } finally {
        spark.stop();
        SampleSupport.deleteTree(dir);
      }
    } finally {
      single.close();
    }
    System.out.printf(Locale.ROOT, "peak RSS of this JVM: %s%n", SampleSupport.peakRss());
  }

  private static void train(SparkSession spark, Options o, ModelConfig config,
      TrainingOptions options, Dataset<Row> train, ImageDataset heldOut, Path dir, List<Run> runs)
      throws IOException {
    VaeEstimator estimator = new VaeEstimator().setModelConfig(config).setTrainingOptions(options)
        .setInputCol("pixels");
    estimator.copy(new ParamMap()).setEpochs(1).setLocalSteps(16).fit(train); // warm-up
    List<int[]> settings = new ArrayList<>();
    for (int k : o.localSteps) {
      settings.add(new int[] {k, o.batch});
    }
    // the same number of updates per epoch as the single node: batches of batch / partitions
    int smaller = Math.max(1, o.batch / o.partitions);
    if (smaller != o.batch) {
      settings.add(new int[] {o.localSteps[o.localSteps.length / 2], smaller});
    }
    for (int[] kb : settings) {
      int k = kb[0];
      double cpu = SampleSupport.cpuSeconds();
      long t = System.nanoTime();
      VaeModel model = estimator.setLocalSteps(k).setBatchSize(kb[1]).fit(train);
      double s = SampleSupport.seconds(t);
      double cpuUsed = SampleSupport.cpuSeconds() - cpu;
      VaeTrainingSummary summary = model.trainingSummary().orElseThrow();
      double[] roundSeconds = summary.rounds().stream().mapToDouble(RoundStats::seconds).toArray();
      Path file = dir.resolve("k" + k + "-b" + kb[1] + ".vae4j");
      model.saveModelFile(file);
      double held;
      try (Vae trained = Vae.load(file)) {
        held = heldOutLoss(trained, heldOut);
      }
      runs.add(new Run(String.format(Locale.ROOT, "Spark %s, %d partitions, k=%d%s",
          o.master, o.partitions, k, kb[1] == o.batch ? "" : ", batch " + kb[1]), s, cpuUsed,
          (double) o.train * o.epochs / s, last(summary.history()), held, roundSeconds.length,
          SampleSupport.median(roundSeconds)));
    }
  }

  private static void printRuns(List<Run> runs, String sparkVersion) {
    System.out.println();
    System.out.println("training on Spark " + sparkVersion
        + " (wall-clock images/s over all epochs; CPU s of this JVM; losses per example)");
    System.out.printf(Locale.ROOT, "%-44s %8s %8s %8s %7s %12s %11s %11s%n", "run", "images/s",
        "wall s", "CPU s", "rounds", "median round", "final loss", "held-out");
    for (Run r : runs) {
      System.out.printf(Locale.ROOT, "%-44s %8.0f %8.1f %8.1f %7s %12s %11.2f %11.2f%n", r.name(),
          r.imagesPerSecond(), r.seconds(), r.cpuSeconds(),
          r.rounds() == 0 ? "-" : Integer.toString(r.rounds()),
          r.rounds() == 0 ? "-" : String.format(Locale.ROOT, "%.3f s", r.medianRoundSeconds()),
          r.finalLoss(), r.heldOutLoss());
    }
    System.out.println();
  }

  private static void featurize(SparkSession spark, Options o, Vae vae, ImageDataset digits,
      Dataset<Row> images) {
    int n = digits.size();
    INDArray all = digits.images();
    // the batches as transform builds them: new row-major arrays; views of the whole set too
    List<INDArray> batches = new ArrayList<>();
    List<INDArray> views = new ArrayList<>();
    for (int from = 0; from < n; from += o.transformBatch) {
      INDArray view = all.get(NDArrayIndex.interval(from, Math.min(n, from + o.transformBatch)),
          NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
      views.add(view);
      batches.add(view.dup('c'));
    }
    int defaultThreads = ComputeThreads.forCurrentThread();
    String[] names = {"new arrays, " + defaultThreads + " compute threads (the default)",
        "views of the whole set, " + defaultThreads + " compute threads",
        "new arrays, 1 compute thread (as each local[2] task)"};
    for (int variant = 0; variant < names.length; variant++) {
      List<INDArray> input = variant == 1 ? views : batches;
      ComputeThreads.setForCurrentThread(variant == 2 ? 1 : defaultThreads);
      double[] encodeRuns = new double[o.repeats];
      double encodeCpu = 0;
      for (int r = -1; r < o.repeats; r++) {
        double cpu = SampleSupport.cpuSeconds();
        long t = System.nanoTime();
        for (INDArray b : input) {
          vae.encodeMean(b);
        }
        if (r >= 0) {
          encodeRuns[r] = n / SampleSupport.seconds(t);
          encodeCpu += SampleSupport.cpuSeconds() - cpu;
        }
      }
      System.out.printf(Locale.ROOT, "single-JVM encodeMean, batches of %d, %s: %.0f images/s "
          + "(median of %d runs after a warm-up), %.2f CPU s per run%n", o.transformBatch,
          names[variant], SampleSupport.median(encodeRuns), o.repeats, encodeCpu / o.repeats);
    }
    ComputeThreads.setForCurrentThread(defaultThreads);

    MapPartitionsFunction<Row, Row> identity = rows -> rows;
    double[] baseline = new double[o.repeats];
    for (int r = -1; r < o.repeats; r++) {
      long t = System.nanoTime();
      images.mapPartitions(identity, Encoders.row(images.schema())).write().format("noop")
          .mode("overwrite").save();
      if (r >= 0) {
        baseline[r] = n / SampleSupport.seconds(t);
      }
    }
    System.out.printf(Locale.ROOT, "baseline: an identity mapPartitions over the same rows (Row "
        + "conversion only) %.0f images/s%n", SampleSupport.median(baseline));

    int batchSize = o.transformBatch;
    // spark-features:start
    VaeModel features = VaeModel.of(vae)   // a trained Vae, Autoencoder or ConditionalVae
        .setInputCol("pixels")              // vector, array<float> or array<double>
        .setOutputCol("features")           // the latent means, as an ML vector
        .setBatchSize(batchSize);
    Dataset<Row> featurized = features.transform(images);
    // spark-features:end
    double[] runs = new double[o.repeats];
    double transformCpu = 0;
    double first = 0;
    for (int r = -1; r < o.repeats; r++) {
      double cpu = SampleSupport.cpuSeconds();
      long t = System.nanoTime();
      featurized.write().format("noop").mode("overwrite").save();
      if (r < 0) {
        first = n / SampleSupport.seconds(t);
      } else {
        runs[r] = n / SampleSupport.seconds(t);
        transformCpu += SampleSupport.cpuSeconds() - cpu;
      }
    }
    System.out.printf(Locale.ROOT, "Spark %s, %s, %d partitions: VaeModel.transform %.0f images/s "
        + "(median of %d runs; the first run, which loads the model in the executors, %.0f), "
        + "%.2f CPU s per run%n", spark.version(), o.master, o.partitions,
        SampleSupport.median(runs), o.repeats, first, transformCpu / o.repeats);
  }

  private static double last(TrainingHistory h) {
    double[] losses = h.trainLosses();
    return losses[losses.length - 1];
  }

  private static double heldOutLoss(Vae vae, ImageDataset heldOut) {
    return ModelEvaluator.defaults().evaluate(vae, heldOut).overall().loss();
  }

  /** The command-line options. */
  private static final class Options {
    Path mnist = SampleSupport.defaultMnist();
    String master = "local[2]";
    int partitions = 2;
    int train = 8000;
    int epochs = 2;
    int latent = 16;
    int batch = 128;
    int[] localSteps = {1, 4, 16, 64};
    int repeats = 3;
    int transformBatch = VaeModel.DEFAULT_BATCH_SIZE;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i += 2) {
        String v = SampleSupport.value(args, i);
        switch (args[i]) {
          case "--mnist" -> o.mnist = Path.of(v);
          case "--master" -> o.master = v;
          case "--partitions" -> o.partitions = SampleSupport.positive("--partitions", v);
          case "--train" -> o.train = SampleSupport.positive("--train", v);
          case "--epochs" -> o.epochs = SampleSupport.positive("--epochs", v);
          case "--latent" -> o.latent = SampleSupport.positive("--latent", v);
          case "--batch" -> o.batch = SampleSupport.positive("--batch", v);
          case "--local-steps" -> o.localSteps = Arrays.stream(v.split(","))
              .mapToInt(s -> SampleSupport.positive("--local-steps", s.trim())).toArray();
          case "--repeats" -> o.repeats = SampleSupport.positive("--repeats", v);
          default -> throw new IllegalArgumentException("option must be one of --mnist, --master, "
              + "--partitions, --train, --epochs, --latent, --batch, --local-steps, --repeats, got "
              + args[i]);
        }
      }
      if (o.mnist == null) {
        throw new IllegalArgumentException(
            "--mnist must name the MNIST directory (or set -Dvae4j.mnist.dir), got none");
      }
      return o;
    }
  }
}
