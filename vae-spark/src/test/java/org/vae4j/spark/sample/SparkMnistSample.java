package org.vae4j.spark.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.LinearProbe;
import org.vae4j.core.eval.LogisticClassifier;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.Mnist;
import org.vae4j.spark.VaeEstimator;
import org.vae4j.spark.VaeModel;
import org.vae4j.spark.VaeTrainingSummary;

/**
 * MNIST digits on Spark, end to end: reads the MNIST test set as a table, and fits a {@code
 * Pipeline} of a {@link VaeEstimator} (an MLP VAE trained data-parallel by parameter averaging)
 * and MLlib's {@link LogisticRegression} on the latent means of the first {@code --train} images;
 * prints the training history, the pipeline's accuracy on the other images, the same accuracy
 * after saving and loading the pipeline, and vae4j's single-node linear probe of the same trained
 * model for comparison.
 *
 * <pre>
 * SparkMnistSample [--mnist DIR] [--master local[2]] [--partitions 2] [--epochs 10]
 *                  [--latent 16] [--train 8000] [--local-steps 16]
 * </pre>
 *
 * The MNIST directory defaults to {@code -Dvae4j.mnist.dir} or {@code VAE4J_MNIST_DIR}.
 * {@link SparkBenchmark} measures the speeds.
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
    System.out.printf(Locale.ROOT, "MNIST test set: %d images from %s; train on %d, score on %d%n",
        n, o.mnist, o.train, n - o.train);
    SparkSession spark = SparkSession.builder().master(o.master).appName("vae4j MNIST sample")
        .config("spark.ui.enabled", "false").getOrCreate();
    Path dir = Files.createTempDirectory("vae4j-spark-sample-");
    try {
      Dataset<Row> images = SampleSupport.mnistTable(spark, digits, dir)
          .repartition(o.partitions).cache();
      images.count();
      run(spark, o, digits, images, dir);
      images.unpersist();
    } finally {
      spark.stop();
      SampleSupport.deleteTree(dir);
    }
  }

  private static void run(SparkSession spark, Options o, ImageDataset digits, Dataset<Row> images,
      Path dir) throws IOException {
    Dataset<Row> train = images.filter("id < " + o.train);
    Dataset<Row> test = images.filter("id >= " + o.train);
    int epochs = o.epochs;
    int latentDim = o.latent;
    int localSteps = o.localSteps;
    long t0 = System.nanoTime();
    // spark-train:start
    VaeEstimator vae = new VaeEstimator()
        .setInputCol("pixels")              // vector, array<float> or array<double>
        .setOutputCol("features")           // the fitted model's latent means, as an ML vector
        .setHidden(512, 256).setLatentDim(latentDim)
        .setEpochs(epochs).setBatchSize(128).setSeed(42)
        .setLocalSteps(localSteps);         // steps per partition between two averagings
    LogisticRegression lr = new LogisticRegression().setFeaturesCol("features")
        .setLabelCol("label").setMaxIter(50);
    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {vae, lr}).fit(train);
    MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator()
        .setLabelCol("label").setPredictionCol("prediction").setMetricName("accuracy");
    double accuracy = evaluator.evaluate(pipeline.transform(test));

    VaeModel features = (VaeModel) pipeline.stages()[0];
    VaeTrainingSummary summary = features.trainingSummary().orElseThrow();
    TrainingHistory history = summary.history();   // per epoch; summary.rounds() per round
    // spark-train:end
    double pipelineSeconds = SampleSupport.seconds(t0);
    for (EpochStats e : history.epochs()) {
      System.out.printf(Locale.ROOT, "epoch %2d: loss %.2f (reconstruction %.2f, KL %.2f), "
          + "%.1f s, %.0f images/s%n", e.epoch(), e.train().total(), e.train().reconstruction(),
          e.train().kl(), e.seconds(), e.imagesPerSecond());
    }
    System.out.printf(Locale.ROOT, "Spark %s, %s: trained on %d partitions of %s rows, %d local "
        + "steps per round, %d rounds%n", spark.version(), o.master, summary.partitionRows().size(),
        summary.partitionRows(), summary.localSteps(), summary.rounds().size());
    System.out.printf(Locale.ROOT, "MLlib LogisticRegression on the latent means: accuracy %.4f "
        + "on %d held-out digits (pipeline fit, training included, and scoring: %.1f s)%n",
        accuracy, digits.size() - o.train, pipelineSeconds);

    String path = dir.resolve("pipeline").toString();
    // spark-persist:start
    pipeline.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    // spark-persist:end
    System.out.printf(Locale.ROOT, "the pipeline saved and loaded again: accuracy %.4f%n",
        evaluator.evaluate(loaded.transform(test)));

    Path file = dir.resolve("trained.vae4j");
    features.saveModelFile(file);
    try (Vae trained = Vae.load(file)) {
      LinearProbe.Comparison probe = LinearProbe.compare(trained, digits.subset(0, o.train),
          digits.subset(o.train, digits.size()), LogisticClassifier.Config.defaults());
      System.out.printf(Locale.ROOT, "single-node linear probe (vae4j LogisticClassifier) of the "
          + "same model: accuracy %.4f on the latent means, %.4f on the pixels%n",
          probe.latent().accuracy(), probe.pixels().accuracy());
    }
    System.out.printf(Locale.ROOT, "peak RSS of this JVM (driver and local executors): %s%n",
        SampleSupport.peakRss());
  }

  /** The command-line options. */
  private static final class Options {
    Path mnist = SampleSupport.defaultMnist();
    String master = "local[2]";
    int partitions = 2;
    int epochs = 10;
    int latent = 16;
    int train = 8000;
    int localSteps = VaeEstimator.DEFAULT_LOCAL_STEPS;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i += 2) {
        String v = SampleSupport.value(args, i);
        switch (args[i]) {
          case "--mnist" -> o.mnist = Path.of(v);
          case "--master" -> o.master = v;
          case "--partitions" -> o.partitions = SampleSupport.positive("--partitions", v);
          case "--epochs" -> o.epochs = SampleSupport.positive("--epochs", v);
          case "--latent" -> o.latent = SampleSupport.positive("--latent", v);
          case "--train" -> o.train = SampleSupport.positive("--train", v);
          case "--local-steps" -> o.localSteps = SampleSupport.positive("--local-steps", v);
          default -> throw new IllegalArgumentException("option must be one of --mnist, --master, "
              + "--partitions, --epochs, --latent, --train, --local-steps, got " + args[i]);
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
