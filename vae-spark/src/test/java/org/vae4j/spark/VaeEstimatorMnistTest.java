package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.LatentFeatures;
import org.vae4j.core.eval.LogisticClassifier;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.Mnist;

/**
 * Distributed training on real digits (the first 3,000 images of the MNIST test set): the loss
 * falls epoch after epoch, and a {@code Pipeline} of the estimator and MLlib's logistic regression
 * on the latent means scores within a few points of vae4j's single-node linear probe of the same
 * model trained on one node.
 */
@Tag("spark")
class VaeEstimatorMnistTest {

  private static final int TRAIN = 2400;
  private static final int TEST = 600;

  private static Dataset<Row> frame(ImageDataset digits) {
    int n = digits.size();
    int width = digits.pixelsPerImage();
    float[] pixels = digits.flatImages().dup('c').data().asFloat();
    int[] labels = digits.labels();
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create((long) i, (double) labels[i],
          Arrays.copyOfRange(pixels, i * width, (i + 1) * width)));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType, false)
        .add("label", DataTypes.DoubleType, false)
        .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkTests.session().sparkContext());
    return SparkTests.session().createDataFrame(sc.parallelize(rows, 2), schema);
  }

  @Test
  void lossFallsAndLogisticRegressionOnTheFeaturesMatchesTheSingleNodeProbe() throws IOException {
    ImageDataset digits = Mnist.fromDirectory(Path.of(System.getProperty("vae4j.mnist.dir",
        "/work/shared/datasets/mnist"))).test();
    ImageDataset train = digits.subset(0, TRAIN);
    ImageDataset test = digits.subset(TRAIN, TRAIN + TEST);
    TrainingOptions options = TrainingOptions.builder().epochs(4).batchSize(64).seed(1).build();

    double probe;
    VaeEstimator estimator;
    try (Vae vae = Vae.builder().mlpEncoder(128).latentDim(8).seed(3).build()) {
      estimator = new VaeEstimator().setModelConfig(vae.config()).setTrainingOptions(options)
          .setInputCol("pixels").setOutputCol("features").setLocalSteps(4)
          // two partitions of half the batch: as many averaged updates per epoch as the single
          // node makes (docs/spark.md, what averaging means for convergence)
          .setBatchSize(32);
      vae.fit(train, options);
      // the single-node linear probe on the latent means (LinearProbe's latent half)
      LatentFeatures trainZ = LatentFeatures.encode(vae, train, LatentFeatures.DEFAULT_BATCH_SIZE);
      LatentFeatures testZ = LatentFeatures.encode(vae, test, LatentFeatures.DEFAULT_BATCH_SIZE);
      probe = LogisticClassifier.fit(trainZ.features(), trainZ.labels(), 10,
          LogisticClassifier.Config.defaults()).score(testZ.features(), testZ.labels()).accuracy();
    }

    LogisticRegression lr = new LogisticRegression().setFeaturesCol("features")
        .setLabelCol("label").setMaxIter(30);
    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {estimator, lr})
        .fit(frame(train));
    double accuracy = new MulticlassClassificationEvaluator().setLabelCol("label")
        .setPredictionCol("prediction").setMetricName("accuracy")
        .evaluate(pipeline.transform(frame(test)));
    double[] losses = ((VaeModel) pipeline.stages()[0]).trainingSummary().orElseThrow().history()
        .trainLosses();
    System.err.printf("vae-spark MNIST: losses %s; MLlib accuracy %.4f, single-node probe %.4f%n",
        Arrays.toString(losses), accuracy, probe);
    assertThat(losses).hasSize(4);
    for (int e = 1; e < losses.length; e++) {
      assertThat(losses[e]).as("loss of epoch %d", e + 1).isLessThan(losses[e - 1]);
    }
    assertThat(losses[3]).isLessThan(0.8 * losses[0]);
    assertThat(accuracy).isGreaterThan(0.5).isGreaterThan(probe - 0.05);
  }
}
