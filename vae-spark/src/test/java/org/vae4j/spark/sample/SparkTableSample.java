package org.vae4j.spark.sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.vae4j.spark.VaeEstimator;
import org.vae4j.spark.VaeModel;

/**
 * Anomalies in a table on Spark: trains a table VAE on generated "payments" (a numeric, an
 * integer, a boolean and a string column, with missing entries), sets the flag threshold from a
 * contamination of 2%, and scores rows of which some break the columns' joint structure; prints
 * how many of those are flagged. {@code SparkTableSample [--master local[2]]}.
 */
public final class SparkTableSample {

  private SparkTableSample() {}

  /** Runs the sample. */
  public static void main(String[] args) throws IOException {
    String master = args.length == 2 && args[0].equals("--master") ? args[1] : "local[2]";
    SparkSession spark = SparkSession.builder().master(master).appName("vae4j table sample")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      Dataset<Row> payments = payments(spark, 2000, 0, 1);
      Dataset<Row> incoming = payments(spark, 500, 25, 2);
      String path = java.nio.file.Files.createTempDirectory("vae4j-table-").resolve("model")
          .toString();
      // spark-table:start
      VaeEstimator estimator = new VaeEstimator()
          .setInputCols("amount", "items", "paid", "channel")  // numeric, boolean, string; null = missing
          .setHidden(32).setLatentDim(2).setEpochs(20).setBatchSize(64).setLearningRate(1e-2)
          .setContamination(0.02)                  // threshold: the 98% quantile of training scores
          .setScoreCol("score").setFlagCol("flag").setContributionsCol("perColumn");
      VaeModel model = estimator.fit(payments);    // preprocessing fitted on the cluster, then trained
      Dataset<Row> scored = model.transform(incoming);  // raw rows in: score, flag, contributions
      model.write().overwrite().save(path);        // the preprocessing and threshold travel with it
      // spark-table:end
      long flagged = scored.filter("flag AND anomaly").count();
      System.out.printf(Locale.ROOT, "threshold %.3f; flagged %d of the 25 injected anomalies, "
          + "%d of all %d rows%n", model.getThreshold(), flagged, scored.filter("flag").count(),
          scored.count());
      VaeModel.load(path);
    } finally {
      spark.stop();
    }
  }

  private static Dataset<Row> payments(SparkSession spark, int n, int anomalies, long seed) {
    StructType schema = new StructType().add("amount", DataTypes.DoubleType, true)
        .add("items", DataTypes.IntegerType, true).add("paid", DataTypes.BooleanType, true)
        .add("channel", DataTypes.StringType, true).add("anomaly", DataTypes.BooleanType, false);
    SplittableRandom r = new SplittableRandom(seed);
    String[] channels = {"web", "shop", "phone"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean bad = i >= n - anomalies;
      double a = r.nextDouble(-1, 1);
      int items = (int) Math.round(5 + 4 * (bad ? -a : a));
      Object[] cells = {20 + 15 * a + r.nextGaussian(), items, bad ? a < 0 : a > 0,
          channels[((a < -0.33 ? 0 : a < 0.33 ? 1 : 2) + (bad ? 1 : 0)) % 3], bad};
      for (int c = 0; c < 4; c++) {
        if (r.nextDouble() < 0.05) {
          cells[c] = null;
        }
      }
      rows.add(RowFactory.create(cells));
    }
    return spark.createDataFrame(rows, schema);
  }
}
