package org.vae4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The local Spark session the tests share, and helpers to build DataFrames of examples. One
 * session per test JVM: starting one costs 10-25 s on two cores, so every Spark test class uses
 * this one; Spark's shutdown hook stops it when the JVM exits.
 */
final class SparkTests {

  private static SparkSession session;

  private SparkTests() {}

  /** The shared local[2] session. */
  static synchronized SparkSession session() {
    if (session == null) {
      long start = System.nanoTime();
      session = SparkSession.builder()
          .master("local[2]")
          .appName("vae-spark tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          // Tiny test data: compiling generated code for every query costs more than it saves.
          .config("spark.sql.codegen.wholeStage", "false")
          .getOrCreate();
      System.err.printf("vae-spark tests: local[2] Spark %s session started in %.1f s%n",
          session.version(), (System.nanoTime() - start) / 1e9);
    }
    return session;
  }

  /**
   * {@code n} examples of {@code width} values in [0, 1], about 40% of them exactly 0 (as the
   * background of a digit), from {@code seed}.
   */
  static float[][] examples(int n, int width, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] x = new float[n][width];
    for (float[] row : x) {
      for (int j = 0; j < width; j++) {
        double v = r.nextDouble();
        row[j] = v < 0.4 ? 0f : (float) v;
      }
    }
    return x;
  }

  /** The examples as one batch {@code [n, shape...]} for the single-JVM reference. */
  static INDArray batch(float[][] x, long... shape) {
    int w = x[0].length;
    float[] flat = new float[x.length * w];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], 0, flat, i * w, w);
    }
    long[] s = new long[shape.length + 1];
    s[0] = x.length;
    System.arraycopy(shape, 0, s, 1, shape.length);
    return Nd4j.create(flat, s, 'c');
  }

  /** How an input column stores its examples. */
  enum Storage {
    FLOAT_ARRAY(DataTypes.createArrayType(DataTypes.FloatType, false)),
    DOUBLE_ARRAY(DataTypes.createArrayType(DataTypes.DoubleType, false)),
    DENSE_VECTOR(SQLDataTypes.VectorType()),
    SPARSE_VECTOR(SQLDataTypes.VectorType());

    final DataType type;

    Storage(DataType type) {
      this.type = type;
    }

    Object cell(float[] values) {
      return switch (this) {
        case FLOAT_ARRAY -> values.clone();
        case DOUBLE_ARRAY -> doubles(values);
        case DENSE_VECTOR -> Vectors.dense(doubles(values));
        case SPARSE_VECTOR -> sparse(values);
      };
    }

    private static double[] doubles(float[] values) {
      double[] d = new double[values.length];
      for (int j = 0; j < values.length; j++) {
        d[j] = values[j];
      }
      return d;
    }

    private static Vector sparse(float[] values) {
      List<Integer> idx = new ArrayList<>();
      for (int j = 0; j < values.length; j++) {
        if (values[j] != 0f) {
          idx.add(j);
        }
      }
      int[] i = idx.stream().mapToInt(Integer::intValue).toArray();
      double[] v = new double[i.length];
      for (int k = 0; k < i.length; k++) {
        v[k] = values[i[k]];
      }
      return Vectors.sparse(values.length, i, v);
    }
  }

  /**
   * A DataFrame with columns {@code id} (long, the row's index in {@code x}), {@code x} (the
   * example, stored as {@code storage}) and, when {@code labels} is not null, {@code label} (int),
   * in {@code partitions} partitions of consecutive rows.
   */
  static Dataset<Row> frame(float[][] x, Storage storage, int[] labels, int partitions) {
    StructType schema = new StructType().add("id", DataTypes.LongType, false)
        .add("x", storage.type, false);
    if (labels != null) {
      schema = schema.add("label", DataTypes.IntegerType, false);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(labels == null
          ? RowFactory.create((long) i, storage.cell(x[i]))
          : RowFactory.create((long) i, storage.cell(x[i]), labels[i]));
    }
    // parallelize cuts the rows in order into equal slices, without a shuffle: with more
    // partitions than rows, some are empty.
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(session().sparkContext());
    return session().createDataFrame(sc.parallelize(rows, partitions), schema);
  }

  /**
   * Like {@link #frame} with examples stored as {@code array<float>}, in partitions of exactly
   * {@code sizes} consecutive rows each (0: an empty partition), in order.
   */
  static Dataset<Row> frameWithPartitions(float[][] x, int[] labels, int... sizes) {
    StructType schema = new StructType().add("id", DataTypes.LongType, false)
        .add("x", Storage.FLOAT_ARRAY.type, false);
    if (labels != null) {
      schema = schema.add("label", DataTypes.IntegerType, false);
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(session().sparkContext());
    JavaRDD<Row> all = null;
    int from = 0;
    for (int size : sizes) {
      List<Row> rows = new ArrayList<>();
      for (int i = from; i < from + size; i++) {
        rows.add(labels == null
            ? RowFactory.create((long) i, Storage.FLOAT_ARRAY.cell(x[i]))
            : RowFactory.create((long) i, Storage.FLOAT_ARRAY.cell(x[i]), labels[i]));
      }
      from += size;
      JavaRDD<Row> part = sc.parallelize(rows, 1);
      all = all == null ? part : all.union(part);
    }
    if (from != x.length) {
      throw new IllegalArgumentException("sizes must add up to " + x.length + ", got " + from);
    }
    return session().createDataFrame(all, schema);
  }
}
