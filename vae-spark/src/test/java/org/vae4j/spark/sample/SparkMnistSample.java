package org.vae4j.spark.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.ModelBuilder;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.LinearProbe;
import org.vae4j.core.eval.SoftmaxRegression;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.Mnist;
import org.vae4j.spark.VaeModel;

/**
 * MNIST digits featurized on Spark: trains an MLP VAE on one node on the first {@code --train}
 * images of the MNIST test set, measures single-JVM {@code encodeMean} throughput, featurizes all
 * images with {@link VaeModel} on a local Spark session and measures that throughput, then fits
 * MLlib's {@link LogisticRegression} on the latent means of the training images and prints its
 * accuracy on the others, beside vae4j's own single-node linear probe.
 *
 * <pre>
 * SparkMnistSample [--mnist DIR] [--master local[2]] [--partitions 4] [--epochs 10]
 *                  [--latent 16] [--train 8000] [--batch 256] [--repeats 3] [--baseline]
 * </pre>
 *
 * The MNIST directory defaults to {@code -Dvae4j.mnist.dir} or {@code VAE4J_MNIST_DIR}. With
 * {@code --baseline} it also prints the throughput of an identity {@code mapPartitions} over the
 * same rows: what converting rows to Java objects and back costs, without the model.
 */
public final class SparkMnistSample {

  private SparkMnistSample() {}

  /** Runs the sample; see the class comment for the options. */
  public static void main(String[] args) throws IOException {
    Options o = Options.parse(args);
    ImageDataset digits = Mnist.fromDirectory(o.mnist).test();
    int n = digits.size();
    if (o.train < 1 || o.train >= n) {
      throw new IllegalArgumentException("--train must be in [1, " + n + "), got " + o.train);
    }
    ImageDataset trainSet = digits.subset(0, o.train);
    ImageDataset testSet = digits.subset(o.train, n);
    System.out.printf(Locale.ROOT, "MNIST test set: %d images from %s; train on %d, score on %d%n",
        n, o.mnist, trainSet.size(), testSet.size());

    try (Vae vae = Vae.builder().mlpEncoder(ModelBuilder.defaultHidden()).latentDim(o.latent)
        .seed(42).build()) {
      long t0 = System.nanoTime();
      TrainingHistory history = vae.fit(trainSet,
          TrainingOptions.builder().epochs(o.epochs).batchSize(128).seed(42).build());
      System.out.printf(Locale.ROOT, "trained on one node: %d epochs in %.1f s, final loss %.2f%n",
          o.epochs, seconds(t0), history.trainLosses()[history.trainLosses().length - 1]);

      INDArray images = digits.images();
      double[] encodeRuns = new double[o.repeats];
      for (int r = -1; r < o.repeats; r++) {
        long t = System.nanoTime();
        for (int from = 0; from < n; from += o.batch) {
          vae.encodeMean(images.get(NDArrayIndex.interval(from, Math.min(n, from + o.batch)),
              NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()));
        }
        if (r >= 0) {
          encodeRuns[r] = n / seconds(t);
        }
      }
      System.out.printf(Locale.ROOT, "single-JVM encodeMean, batches of %d: %.0f images/s (median "
          + "of %d runs after a warm-up)%n", o.batch, median(encodeRuns), o.repeats);

      LinearProbe.Comparison probe = LinearProbe.compare(vae, trainSet, testSet,
          SoftmaxRegression.Config.defaults());
      System.out.printf(Locale.ROOT, "single-node linear probe (vae4j SoftmaxRegression) on the "
          + "latent means: accuracy %.4f%n", probe.latent().accuracy());

      SparkSession spark = SparkSession.builder().master(o.master).appName("vae4j MNIST sample")
          .config("spark.ui.enabled", "false").getOrCreate();
      try {
        runOnSpark(spark, o, vae, digits);
      } finally {
        spark.stop();
      }
    }
  }

  private static void runOnSpark(SparkSession spark, Options o, Vae vae, ImageDataset digits)
      throws IOException {
    int n = digits.size();
    float[] pixels = digits.flatImages().dup('c').data().asFloat();
    int width = digits.pixelsPerImage();
    int[] labels = digits.labels();
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create((long) i, (double) labels[i],
          Arrays.copyOfRange(pixels, i * width, (i + 1) * width)));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType, false)
        .add("label", DataTypes.DoubleType, false)
        .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    // As a table would be read: from Parquet (a temporary copy, deleted at the end), cached in
    // executor memory. Written from 40 slices so that no task carries more than 1 MB of rows.
    Path dir = Files.createTempDirectory("vae4j-spark-sample-");
    try {
      String table = dir.resolve("mnist.parquet").toString();
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      spark.createDataFrame(sc.parallelize(rows, 40), schema).write().parquet(table);
      Dataset<Row> images = spark.read().parquet(table).repartition(o.partitions).cache();
      images.count();
      featurizeAndClassify(spark, o, vae, images);
      images.unpersist();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void featurizeAndClassify(SparkSession spark, Options o, Vae vae,
      Dataset<Row> images) {
    int n = Math.toIntExact(images.count());
    if (o.baseline) {
      System.out.printf(Locale.ROOT, "baseline: an identity mapPartitions over the same rows "
          + "(Row conversion only) %.0f images/s%n", identityImagesPerSecond(images, n, o.repeats));
    }
    int batchSize = o.batch;
    // spark-features:start
    VaeModel features = VaeModel.of(vae)   // a trained Vae, Autoencoder or ConditionalVae
        .setInputCol("pixels")              // vector, array<float> or array<double>
        .setOutputCol("features")           // the latent means, as an ML vector
        .setBatchSize(batchSize);
    Dataset<Row> featurized = features.transform(images);
    // spark-features:end
    double[] runs = new double[o.repeats];
    double first = 0;
    for (int r = -1; r < o.repeats; r++) {
      long t = System.nanoTime();
      featurized.write().format("noop").mode("overwrite").save();
      if (r < 0) {
        first = n / seconds(t);
      } else {
        runs[r] = n / seconds(t);
      }
    }
    System.out.printf(Locale.ROOT, "Spark %s, %s, %d partitions: VaeModel.transform %.0f images/s "
        + "(median of %d runs; the first run, which loads the model in the executors, %.0f)%n",
        spark.version(), o.master, o.partitions, median(runs), o.repeats, first);

    Dataset<Row> train = images.filter("id < " + o.train);
    Dataset<Row> test = images.filter("id >= " + o.train);
    long t = System.nanoTime();
    // spark-pipeline:start
    LogisticRegression lr = new LogisticRegression().setFeaturesCol("features")
        .setLabelCol("label").setMaxIter(50);
    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {features, lr}).fit(train);
    double accuracy = new MulticlassClassificationEvaluator().setLabelCol("label")
        .setPredictionCol("prediction").setMetricName("accuracy")
        .evaluate(pipeline.transform(test));
    // spark-pipeline:end
    System.out.printf(Locale.ROOT, "MLlib LogisticRegression on the latent means: accuracy %.4f "
        + "on %d held-out digits (pipeline fit and scoring %.1f s)%n", accuracy, n - o.train,
        seconds(t));
    System.out.printf(Locale.ROOT, "peak RSS of this JVM (driver and local executors, training "
        + "included): %s%n", peakRss());
  }

  /** {@code VmHWM} of {@code /proc/self/status}, or "unknown" where there is none. */
  private static String peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return (kb / 1024) + " MB";
        }
      }
    } catch (IOException | NumberFormatException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }

  /**
   * The floor of any transformer that maps Rows: an identity {@code mapPartitions} over the same
   * rows, which converts every row to a Java {@link Row} and back, as {@link VaeModel} does.
   */
  private static double identityImagesPerSecond(Dataset<Row> images, int n, int repeats) {
    MapPartitionsFunction<Row, Row> identity = rows -> rows;
    double[] runs = new double[repeats];
    for (int r = -1; r < repeats; r++) {
      long t = System.nanoTime();
      images.mapPartitions(identity, Encoders.row(images.schema())).write().format("noop")
          .mode("overwrite").save();
      if (r >= 0) {
        runs[r] = n / seconds(t);
      }
    }
    return median(runs);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }

  /** The command-line options. */
  private static final class Options {
    Path mnist = defaultMnist();
    String master = "local[2]";
    int partitions = 4;
    int epochs = 10;
    int latent = 16;
    int train = 8000;
    int batch = VaeModel.DEFAULT_BATCH_SIZE;
    int repeats = 3;
    boolean baseline;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i += 2) {
        if (args[i].equals("--baseline")) {
          o.baseline = true;
          i--;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " must be followed by a value, got none");
        }
        String v = args[i + 1];
        switch (args[i]) {
          case "--mnist" -> o.mnist = Path.of(v);
          case "--master" -> o.master = v;
          case "--partitions" -> o.partitions = positive("--partitions", v);
          case "--epochs" -> o.epochs = positive("--epochs", v);
          case "--latent" -> o.latent = positive("--latent", v);
          case "--train" -> o.train = positive("--train", v);
          case "--batch" -> o.batch = positive("--batch", v);
          case "--repeats" -> o.repeats = positive("--repeats", v);
          default -> throw new IllegalArgumentException("option must be one of --mnist, --master, "
              + "--partitions, --epochs, --latent, --train, --batch, --repeats, --baseline, got "
              + args[i]);
        }
      }
      if (o.mnist == null) {
        throw new IllegalArgumentException(
            "--mnist must name the MNIST directory (or set -Dvae4j.mnist.dir), got none");
      }
      return o;
    }

    private static int positive(String option, String value) {
      int v;
      try {
        v = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " must be an integer, got " + value);
      }
      if (v < 1) {
        throw new IllegalArgumentException(option + " must be >= 1, got " + v);
      }
      return v;
    }

    private static Path defaultMnist() {
      String dir = System.getProperty("vae4j.mnist.dir", System.getenv("VAE4J_MNIST_DIR"));
      return dir == null ? null : Path.of(dir);
    }
  }
}
