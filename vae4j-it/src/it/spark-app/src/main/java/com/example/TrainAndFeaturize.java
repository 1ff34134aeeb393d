package com.example;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.Mnist;
import org.vae4j.spark.VaeEstimator;
import org.vae4j.spark.VaeModel;

/**
 * Trains a Pipeline of a vae4j VAE and MLlib's logistic regression on MNIST digits on whatever
 * cluster spark-submit names, saves it, loads it back and checks that the loaded pipeline gives
 * the same latent means and predictions. Writes its results to {@code OUT/result.properties}.
 *
 * <pre>
 * TrainAndFeaturize MNIST_DIR OUT [train rows] [test rows] [epochs]
 * </pre>
 */
public final class TrainAndFeaturize {

  private TrainAndFeaturize() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "usage: TrainAndFeaturize MNIST_DIR OUT [train rows] [test rows] [epochs], got "
          + Arrays.toString(args));
    }
    Path out = Path.of(args[1]);
    int trainRows = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
    int testRows = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    int epochs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    ImageDataset digits = Mnist.fromDirectory(Path.of(args[0])).test();
    if (trainRows + testRows > digits.size()) {
      throw new IllegalArgumentException("train + test rows must be at most " + digits.size()
          + ", got " + (trainRows + testRows));
    }
    Files.createDirectories(out);
    SparkSession spark = SparkSession.builder().appName("vae4j train and featurize").getOrCreate();
    try {
      Dataset<Row> train = table(spark, digits, 0, trainRows);
      Dataset<Row> test = table(spark, digits, trainRows, trainRows + testRows);

      long t0 = System.nanoTime();
      VaeEstimator vae = new VaeEstimator().setInputCol("pixels").setOutputCol("features")
          .setHidden(256).setLatentDim(8).setEpochs(epochs).setBatchSize(64).setSeed(42)
          .setLocalSteps(8);
      LogisticRegression lr = new LogisticRegression().setFeaturesCol("features")
          .setLabelCol("label").setMaxIter(30);
      PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {vae, lr}).fit(train);
      double fitSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "pipeline fitted in %.1f s%n", fitSeconds);
      MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator()
          .setLabelCol("label").setPredictionCol("prediction").setMetricName("accuracy");
      Dataset<Row> scored = pipeline.transform(test);
      double accuracy = evaluator.evaluate(scored);
      String digest = digest(scored);

      String path = out.resolve("pipeline").toUri().toString();
      pipeline.write().overwrite().save(path);
      PipelineModel loaded = PipelineModel.load(path);
      Dataset<Row> rescored = loaded.transform(test);
      double loadedAccuracy = evaluator.evaluate(rescored);
      String loadedDigest = digest(rescored);

      VaeModel features = (VaeModel) pipeline.stages()[0];
      List<String> result = List.of(
          "spark.version=" + spark.version(),
          "master=" + spark.sparkContext().master(),
          "partitionRows=" + features.trainingSummary().orElseThrow().partitionRows(),
          "rounds=" + features.trainingSummary().orElseThrow().rounds().size(),
          String.format(Locale.ROOT, "fitSeconds=%.1f", fitSeconds),
          String.format(Locale.ROOT, "accuracy=%.4f", accuracy),
          String.format(Locale.ROOT, "loadedAccuracy=%.4f", loadedAccuracy),
          "digest=" + digest,
          "loadedDigest=" + loadedDigest,
          "driverPeakRssMb=" + peakRssMb());
      result.forEach(System.out::println);
      Path tmp = out.resolve("result.properties.tmp");
      Files.write(tmp, result, StandardCharsets.UTF_8);
      Files.move(tmp, out.resolve("result.properties"), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      spark.stop();
    }
  }

  /**
   * Digits {@code from} to {@code to} in two partitions, as {@code id} (long), {@code label}
   * (double), {@code pixels} (array<float>).
   */
  static Dataset<Row> table(SparkSession spark, ImageDataset digits, int from, int to) {
    float[] pixels = digits.subset(from, to).flatImages().dup('c').data().asFloat();
    int width = digits.pixelsPerImage();
    int[] labels = digits.labels();
    List<Row> rows = new ArrayList<>(to - from);
    for (int i = 0; i < to - from; i++) {
      rows.add(RowFactory.create((long) (from + i), (double) labels[from + i],
          Arrays.copyOfRange(pixels, i * width, (i + 1) * width)));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType, false)
        .add("label", DataTypes.DoubleType, false)
        .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(sc.parallelize(rows, 2), schema);
  }

  /** SHA-256 of every row's id, latent means and prediction, in id order. */
  static String digest(Dataset<Row> scored) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Row r : scored.select("id", "features", "prediction").orderBy("id").collectAsList()) {
      double[] z = ((Vector) r.get(1)).toArray();
      ByteBuffer b = ByteBuffer.allocate(8 * (z.length + 2));
      b.putLong(r.getLong(0));
      for (double v : z) {
        b.putDouble(v);
      }
      b.putDouble(r.getDouble(2));
      sha.update(b.array());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** This JVM's peak resident memory ({@code VmHWM}) in MB, or -1 where there is none. */
  static long peakRssMb() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
