package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Single-JVM references for {@link VaeModel#transform} outputs. ND4J's matrix products round
 * differently for different numbers of rows, so a row's latent mean is compared bit for bit with
 * the model's call on exactly the rows Spark put in the same batch, in the same order: the rows of
 * one partition in their order, cut every {@code batchSize} rows.
 */
final class Batches {

  /** An output column's values by row id, with where Spark computed each row. */
  record Output(Map<Long, double[]> byId, List<long[]> batches) {}

  private Batches() {}

  /**
   * Collects column {@code col} of {@code out} (which has an {@code id} column) and the batches
   * its rows went through the model in.
   */
  static Output collect(Dataset<Row> out, String col, int batchSize) {
    List<Row> rows = out.select(functions.col("id"), functions.spark_partition_id(),
        functions.monotonically_increasing_id(), functions.col(col)).collectAsList();
    Map<Long, double[]> byId = new HashMap<>();
    TreeMap<Integer, List<long[]>> byPartition = new TreeMap<>();
    for (Row r : rows) {
      Object v = r.get(3);
      byId.put(r.getLong(0), v instanceof Vector vec ? vec.toArray() : new double[] {r.getDouble(3)});
      byPartition.computeIfAbsent(r.getInt(1), p -> new ArrayList<>())
          .add(new long[] {r.getLong(2), r.getLong(0)});
    }
    List<long[]> batches = new ArrayList<>();
    for (List<long[]> part : byPartition.values()) {
      part.sort(Comparator.comparingLong(a -> a[0]));
      long[] ids = part.stream().mapToLong(a -> a[1]).toArray();
      for (int from = 0; from < ids.length; from += batchSize) {
        batches.add(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + batchSize)));
      }
    }
    return new Output(byId, batches);
  }

  /**
   * Asserts that each row's value equals, bit for bit, what {@code reference} computes for the
   * batch of row ids it was read in (one result row per id, in order).
   */
  static void assertEqualsPerBatch(Output out, int expectedRows, Function<long[], float[][]> reference) {
    assertThat(out.byId()).hasSize(expectedRows);
    for (long[] ids : out.batches()) {
      float[][] expected = reference.apply(ids);
      for (int i = 0; i < ids.length; i++) {
        assertThat(out.byId().get(ids[i])).as("row %d", ids[i]).containsExactly(doubles(expected[i]));
      }
    }
  }

  /** The examples with these ids, in order. */
  static float[][] select(float[][] x, long[] ids) {
    float[][] s = new float[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      s[i] = x[Math.toIntExact(ids[i])];
    }
    return s;
  }

  /** The labels with these ids, in order. */
  static int[] select(int[] labels, long[] ids) {
    int[] s = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      s[i] = labels[Math.toIntExact(ids[i])];
    }
    return s;
  }

  static double[] doubles(float[] f) {
    double[] d = new double[f.length];
    for (int j = 0; j < f.length; j++) {
      d[j] = f[j];
    }
    return d;
  }
}
