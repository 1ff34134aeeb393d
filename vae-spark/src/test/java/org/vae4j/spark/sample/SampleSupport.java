package org.vae4j.spark.sample;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.vae4j.datasets.ImageDataset;

/** What the sample and the benchmark share: MNIST as a table, timing, memory, option parsing. */
final class SampleSupport {

  private SampleSupport() {}

  /**
   * The digits as a table {@code id} (long), {@code label} (double, as MLlib's label columns),
   * {@code pixels} ({@code array<float>} of the image's pixels in [0, 1], row-major), as a table
   * would be read: written to Parquet under {@code dir} (from 40 slices, so that no task carries
   * more than a megabyte of rows) and read back.
   */
  static Dataset<Row> mnistTable(SparkSession spark, ImageDataset digits, Path dir) {
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
    String table = dir.resolve("mnist.parquet").toString();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    spark.createDataFrame(sc.parallelize(rows, 40), schema).write().parquet(table);
    return spark.read().parquet(table);
  }

  /** Deletes a directory this program created, with everything in it. */
  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** CPU seconds this JVM has used, all threads (in local mode: driver and executors). */
  static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }

  /** {@code VmHWM} of {@code /proc/self/status}, or "unknown" where there is none. */
  static String peakRss() {
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

  /** The MNIST directory of {@code -Dvae4j.mnist.dir} or {@code VAE4J_MNIST_DIR}, else null. */
  static Path defaultMnist() {
    String dir = System.getProperty("vae4j.mnist.dir", System.getenv("VAE4J_MNIST_DIR"));
    return dir == null ? null : Path.of(dir);
  }

  /** A positive integer option. */
  static int positive(String option, String value) {
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

  /** Checks that an option has a value after it. */
  static String value(String[] args, int i) {
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException(args[i] + " must be followed by a value, got none");
    }
    return args[i + 1];
  }
}
