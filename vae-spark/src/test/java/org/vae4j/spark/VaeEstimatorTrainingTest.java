package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LossBreakdown;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.core.train.TrainingSession;
import org.vae4j.spark.SparkTests.Storage;

/**
 * {@link VaeEstimator#fit} against independent references: the single-node {@code fit} (one
 * partition: bit for bit), one step on the union batch (plain SGD, averaging after every step),
 * and the documented algorithm written out with {@link TrainingSession}s (partitions of any size,
 * some empty, some smaller than a batch).
 */
@Tag("spark")
class VaeEstimatorTrainingTest {

  private static final int WIDTH = 36;

  /** The parameters of a fitted model, in model-file order. */
  static float[] parameters(VaeModel model) {
    try {
      Path dir = Files.createTempDirectory("vae-spark-test-");
      Path file = dir.resolve("m.vae4j");
      model.saveModelFile(file);
      try (Vae4jModel m = Vae4jModel.load(file)) {
        return TrainingSession.of(m, TrainingOptions.builder().build()).parameters();
      } finally {
        Files.delete(file);
        Files.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The model state (batch norm's running statistics) of a fitted model. */
  static float[] state(VaeModel model) {
    try {
      Path dir = Files.createTempDirectory("vae-spark-test-");
      Path file = dir.resolve("m.vae4j");
      model.saveModelFile(file);
      try (Vae4jModel m = Vae4jModel.load(file)) {
        return TrainingSession.of(m, TrainingOptions.builder().build()).state();
      } finally {
        Files.delete(file);
        Files.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows of 36 values as images [n, 1, 6, 6] (the estimator reshapes its rows so). */
  private static org.nd4j.linalg.api.ndarray.INDArray images(float[][] rows) {
    return SparkTests.batch(rows, WIDTH).reshape('c', rows.length, 1, 6, 6);
  }

  private static Vae batchNormVae() {
    return Vae.builder().convEncoder(3).convKernel(3).denseUnits(5).inputShape(1, 6, 6)
        .latentDim(2).batchNorm(true).seed(4).build();
  }

  @Test
  void aBatchNormModelTrainsOnOnePartitionAsFitDoesRunningStatisticsIncluded() {
    float[][] x = SparkTests.examples(40, WIDTH, 3);
    TrainingOptions options = TrainingOptions.builder().epochs(2).batchSize(16).seed(9).build();
    try (Vae vae = batchNormVae()) {
      float[] initialState = TrainingSession.of(vae, options).state();
      VaeEstimator estimator = new VaeEstimator().setModelConfig(vae.config())
          .setTrainingOptions(options).setInputCol("x").setLocalSteps(2);
      assertThat(estimator.getBatchNorm()).isTrue();
      vae.fit(images(x), options);

      VaeModel model = estimator.fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 1));

      assertThat(model.modelConfig().batchNorm()).isTrue();
      assertThat(parameters(model)).containsExactly(parameters(vae));
      float[] expected = TrainingSession.of(vae, options).state();
      assertThat(expected).isNotEqualTo(initialState); // training moved the statistics
      assertThat(state(model)).containsExactly(expected);
    }
  }

  @Test
  void thePartitionsRunningStatisticsAreAveragedLikeTheParameters() {
    int[] sizes = {8, 12};
    float[][] x = SparkTests.examples(20, WIDTH, 5);
    // one round per epoch (k covers every batch), one epoch: the result is the weighted mean
    TrainingOptions options = TrainingOptions.builder().epochs(1).batchSize(4).seed(6).build();
    ModelConfig config;
    double[] stateSums;
    double[] paramSums;
    try (Vae vae = batchNormVae()) {
      config = vae.config();
      TrainingSession driver = TrainingSession.of(vae, options);
      stateSums = new double[driver.stateCount()];
      paramSums = new double[driver.parameterCount()];
      int from = 0;
      for (int p = 0; p < sizes.length; from += sizes[p], p++) {
        try (Vae worker = Vae.fromConfig(config)) {
          TrainingSession s = TrainingSession.of(worker, options.toBuilder()
              .seed(PartitionTrainer.partitionSeed(options.seed(), p)).build());
          s.setParameters(driver.parameters());
          s.setOptimizerState(driver.optimizerState());
          s.setState(driver.state());
          int n = sizes[p];
          int[] order = s.epochOrder(1, n);
          for (int b = 0; b * 4 < n; b++) {
            float[][] batch = new float[Math.min(4, n - b * 4)][];
            for (int i = 0; i < batch.length; i++) {
              batch[i] = x[from + order[b * 4 + i]];
            }
            s.step(images(batch), null, 1);
          }
          float[] st = s.state();
          for (int i = 0; i < st.length; i++) {
            stateSums[i] += (double) n * st[i];
          }
          float[] sp = s.parameters();
          for (int i = 0; i < sp.length; i++) {
            paramSums[i] += (double) n * sp[i];
          }
        }
      }
    }

    VaeModel model = new VaeEstimator().setModelConfig(config).setTrainingOptions(options)
        .setInputCol("x").setLocalSteps(3).fit(SparkTests.frameWithPartitions(x, null, sizes));

    float[] actual = state(model);
    assertThat(actual).hasSameSizeAs(stateSums);
    for (int i = 0; i < actual.length; i++) {
      float expected = (float) (stateSums[i] / 20);
      assertThat(actual[i]).as("state %d", i)
          .isCloseTo(expected, Offset.offset(1e-6f * (1 + Math.abs(expected))));
    }
    float[] params = parameters(model);
    for (int i = 0; i < params.length; i++) {
      float expected = (float) (paramSums[i] / 20);
      assertThat(params[i]).as("parameter %d", i)
          .isCloseTo(expected, Offset.offset(1e-6f * (1 + Math.abs(expected))));
    }
  }

  static float[] sessionParameters(Vae4jModel model) {
    return parameters(model);
  }

  private static float[] parameters(Vae4jModel model) {
    return TrainingSession.of(model, TrainingOptions.builder().build()).parameters();
  }

  private static void assertSameHistory(TrainingHistory actual, TrainingHistory expected) {
    assertThat(actual.epochs()).hasSameSizeAs(expected.epochs());
    for (int e = 0; e < expected.epochs().size(); e++) {
      EpochStats a = actual.epochs().get(e);
      EpochStats x = expected.epochs().get(e);
      assertThat(a.epoch()).isEqualTo(x.epoch());
      assertThat(a.steps()).as("steps of epoch %d", x.epoch()).isEqualTo(x.steps());
      assertThat(a.train()).as("loss of epoch %d", x.epoch()).isEqualTo(x.train());
      assertThat(a.beta()).as("beta of epoch %d", x.epoch()).isEqualTo(x.beta());
      // the latent diagnostics: the same sums, added in rounds (the last bits may differ)
      assertThat(a.latent()).as("latent usage of epoch %d", x.epoch()).isNotNull();
      for (int j = 0; j < x.latent().dimensions(); j++) {
        assertThat(a.latent().klPerDimension()[j]).as("KL of dimension %d, epoch %d", j, x.epoch())
            .isCloseTo(x.latent().klPerDimension()[j], Offset.offset(1e-12));
        assertThat(a.latent().meanVariance()[j]).as("variance of dimension %d, epoch %d", j,
            x.epoch()).isCloseTo(x.latent().meanVariance()[j], Offset.offset(1e-12));
      }
    }
  }

  @Test
  void onePartitionReproducesTheSingleNodeFitBitForBit() {
    float[][] x = SparkTests.examples(50, WIDTH, 3);
    TrainingOptions options = TrainingOptions.builder().epochs(3).batchSize(16).seed(9)
        .klWarmupSteps(5).build();
    try (Vae vae = Vae.builder().mlpEncoder(7).inputShape(WIDTH).latentDim(2).seed(4).build()) {
      VaeEstimator estimator = new VaeEstimator().setModelConfig(vae.config())
          .setTrainingOptions(options).setInputCol("x").setOutputCol("z").setLocalSteps(3);
      TrainingHistory expected = vae.fit(SparkTests.batch(x, WIDTH), options);

      VaeModel model = estimator.fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 1));

      assertThat(parameters(model)).containsExactly(parameters(vae));
      VaeTrainingSummary summary = model.trainingSummary().orElseThrow();
      assertSameHistory(summary.history(), expected);
      // 4 batches per epoch, 3 local steps: rounds of 3 and 1 steps, two per epoch
      assertThat(summary.rounds()).extracting(RoundStats::steps).containsExactly(3L, 4L, 7L, 8L,
          11L, 12L);
      assertThat(summary.rounds()).extracting(RoundStats::examples).containsExactly(48L, 2L, 48L,
          2L, 48L, 2L);
      assertThat(summary.partitionRows()).containsExactly(50L);
      assertThat(summary.localSteps()).isEqualTo(3);
      assertThat(model.uid()).isEqualTo(estimator.uid());
      assertThat(model.parent()).isSameAs(estimator);
      assertThat(model.getOutputCol()).isEqualTo("z");
      assertThat(model.modelConfig()).isEqualTo(vae.config());
    }
  }

  @Test
  void aLearnedVarianceGaussianVaeTrainsOnOnePartitionAsFitDoes() {
    float[][] x = SparkTests.examples(40, WIDTH, 5);
    TrainingOptions options = TrainingOptions.builder().epochs(2).batchSize(16).seed(3).build();
    try (Vae vae = Vae.builder().mlpEncoder(6).inputShape(WIDTH).latentDim(2).seed(8)
        .loss(ModelConfig.LossKind.LEARNED_VARIANCE_GAUSSIAN).build()) {
      VaeEstimator estimator = new VaeEstimator().setInputCol("x").setInputShape(WIDTH)
          .setHidden(6).setLatentDim(2).setModelSeed(8).setLoss("learned_variance_gaussian")
          .setTrainingOptions(options).setLocalSteps(2);
      TrainingHistory expected = vae.fit(SparkTests.batch(x, WIDTH), options);

      VaeModel model = estimator.fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 1));

      assertThat(model.modelConfig().loss()).isEqualTo(ModelConfig.LossKind.LEARNED_VARIANCE_GAUSSIAN);
      assertThat(model.modelConfig()).isEqualTo(vae.config());
      assertThat(parameters(model)).containsExactly(parameters(vae));
      assertSameHistory(model.trainingSummary().orElseThrow().history(), expected);
    }
  }

  @Test
  void aConditionalVaeTrainsOnItsLabelColumnAsFitDoes() {
    float[][] x = SparkTests.examples(30, WIDTH, 5);
    int[] labels = new int[30];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (i * 7) % 3;
    }
    TrainingOptions options = TrainingOptions.builder().epochs(2).batchSize(8).seed(2).build();
    try (ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(6).inputShape(WIDTH)
        .numClasses(3).latentDim(2).seed(1).build()) {
      VaeEstimator estimator = new VaeEstimator().setModelConfig(cvae.config())
          .setTrainingOptions(options).setInputCol("x").setLabelCol("label").setLocalSteps(2);
      TrainingHistory expected = cvae.fit(SparkTests.batch(x, WIDTH), labels, options);
      VaeModel model = estimator.fit(SparkTests.frame(x, Storage.DENSE_VECTOR, labels, 1));
      assertThat(parameters(model)).containsExactly(parameters(cvae));
      assertSameHistory(model.trainingSummary().orElseThrow().history(), expected);
      assertThat(model.getLabelCol()).isEqualTo("label");
      // the fitted model featurizes with its labels
      assertThat(model.transform(SparkTests.frame(x, Storage.DENSE_VECTOR, labels, 2)).count())
          .isEqualTo(30);
    }
  }

  /**
   * The algebra of parameter averaging: with plain SGD and one step per round, averaging the
   * partitions' parameters weighted by their rows is one step on the union of their batches. The
   * partitions are of unequal sizes, so an unweighted mean would not pass.
   */
  @Test
  void averagingSgdStepsAfterEveryStepEqualsOneStepOnTheUnionBatch() {
    float[][] x = SparkTests.examples(24, WIDTH, 7);
    TrainingOptions sgd = TrainingOptions.builder().sgd().learningRate(0.05).epochs(3)
        .batchSize(14).seed(1).build();
    try (Autoencoder start = Autoencoder.builder().mlpEncoder(6).inputShape(WIDTH).latentDim(3)
        .seed(8).build(); Autoencoder union = Autoencoder.fromConfig(start.config())) {
      VaeModel model = new VaeEstimator().setModelConfig(start.config()).setTrainingOptions(sgd)
          .setInputCol("x").setLocalSteps(1)
          .fit(SparkTests.frameWithPartitions(x, null, 10, 14));

      TrainingSession reference = TrainingSession.of(union, sgd);
      INDArray all = SparkTests.batch(x, WIDTH);
      for (int epoch = 1; epoch <= 3; epoch++) {
        reference.step(all, null, epoch);
      }
      float[] expected = reference.parameters();
      float[] actual = parameters(model);
      float[] initial = parameters(start);
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i]).as("parameter %d", i)
            .isCloseTo(expected[i], Offset.offset(2e-6f * (1 + Math.abs(expected[i]))));
      }
      assertThat(actual).as("training changed the parameters").isNotEqualTo(initial);
      assertThat(model.trainingSummary().orElseThrow().rounds()).extracting(RoundStats::partitions)
          .containsExactly(2, 2, 2);
    }
  }

  /**
   * Partitions of any size, some empty, some smaller than a batch, with Adam, a VAE's noise and
   * KL warm-up by epochs: the estimator against the documented algorithm written out here with
   * one {@link TrainingSession} per partition (partition p's seed, its rows in its epoch order,
   * its next k batches per round, the row-weighted mean of parameters and Adam state, the largest
   * step counter).
   */
  @Test
  void partitionsOfAnySizeTrainAsTheDocumentedRoundsSay() {
    int[] sizes = {7, 0, 3, 12, 1};
    float[][] x = SparkTests.examples(23, WIDTH, 9);
    TrainingOptions options = TrainingOptions.builder().epochs(2).batchSize(4).seed(6)
        .klWarmupEpochs(1).learningRate(0.01).build();
    int k = 2;
    ModelConfig config;
    float[] expected;
    List<Double> expectedEpochLoss = new ArrayList<>();
    List<double[]> expectedLatentSums = new ArrayList<>();
    List<Long> expectedRoundSteps = new ArrayList<>();
    try (Vae vae = Vae.builder().mlpEncoder(5).inputShape(WIDTH).latentDim(2).seed(3).build()) {
      config = vae.config();
      TrainingSession driver = TrainingSession.of(vae, options);
      float[] params = driver.parameters();
      float[] state = driver.optimizerState();
      long step = 0;
      int maxBatches = 3; // the partition of 12 rows
      for (int epoch = 1; epoch <= 2; epoch++) {
        double total = 0;
        long rows = 0;
        double[] latent = new double[3 * 2 + 1];
        for (int round = 0; round * k < maxBatches; round++) {
          double[] paramSums = new double[params.length];
          double[] stateSums = new double[state.length];
          long roundRows = 0;
          long maxSteps = 0;
          int from = 0;
          for (int p = 0; p < sizes.length; from += sizes[p], p++) {
            int n = sizes[p];
            int batches = (n + 3) / 4;
            if (round * k >= batches) {
              continue;
            }
            try (Vae worker = Vae.fromConfig(config)) {
              TrainingSession s = TrainingSession.of(worker, options.toBuilder()
                  .seed(PartitionTrainer.partitionSeed(options.seed(), p)).build());
              s.setParameters(params);
              s.setOptimizerState(state);
              s.setSteps(step);
              int[] order = s.epochOrder(epoch, n);
              long partRows = 0;
              int b = round * k;
              for (; b < Math.min(batches, round * k + k); b++) {
                int[] idx = Arrays.copyOfRange(order, b * 4, Math.min(n, b * 4 + 4));
                float[][] batch = new float[idx.length][];
                for (int i = 0; i < idx.length; i++) {
                  batch[i] = x[from + idx[i]];
                }
                LossBreakdown l = s.step(SparkTests.batch(batch, WIDTH), null, epoch);
                total += l.total() * idx.length;
                partRows += idx.length;
              }
              maxSteps = Math.max(maxSteps, b - round * k);
              double[] sums = s.takeLatentSums();
              for (int i = 0; i < sums.length; i++) {
                latent[i] += sums[i];
              }
              float[] sp = s.parameters();
              float[] ss = s.optimizerState();
              for (int i = 0; i < sp.length; i++) {
                paramSums[i] += (double) partRows * sp[i];
              }
              for (int i = 0; i < ss.length; i++) {
                stateSums[i] += (double) partRows * ss[i];
              }
              roundRows += partRows;
            }
          }
          for (int i = 0; i < params.length; i++) {
            params[i] = (float) (paramSums[i] / roundRows);
          }
          for (int i = 0; i < state.length; i++) {
            state[i] = (float) (stateSums[i] / roundRows);
          }
          step += maxSteps;
          rows += roundRows;
          expectedRoundSteps.add(step);
        }
        expectedEpochLoss.add(total / rows);
        expectedLatentSums.add(latent);
      }
      expected = params;
    }

    VaeModel model = new VaeEstimator().setModelConfig(config).setTrainingOptions(options)
        .setInputCol("x").setLocalSteps(k).fit(SparkTests.frameWithPartitions(x, null, sizes));

    float[] actual = parameters(model);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("parameter %d", i)
          .isCloseTo(expected[i], Offset.offset(1e-6f * (1 + Math.abs(expected[i]))));
    }
    VaeTrainingSummary summary = model.trainingSummary().orElseThrow();
    assertThat(summary.partitionRows()).containsExactly(7L, 0L, 3L, 12L, 1L);
    assertThat(summary.rounds()).extracting(RoundStats::steps).containsExactlyElementsOf(expectedRoundSteps);
    // round 1 of each epoch: every non-empty partition; round 2: only the partition of 12 rows
    assertThat(summary.rounds()).extracting(RoundStats::partitions).containsExactly(4, 1, 4, 1);
    assertThat(summary.rounds()).extracting(RoundStats::examples).containsExactly(19L, 4L, 19L, 4L);
    assertThat(summary.history().epochs()).hasSize(2);
    for (int e = 0; e < 2; e++) {
      EpochStats stats = summary.history().epochs().get(e);
      assertThat(stats.train().total()).isCloseTo(expectedEpochLoss.get(e),
          Offset.offset(1e-9 * Math.abs(expectedEpochLoss.get(e))));
      assertThat(stats.beta()).isEqualTo(e == 0 ? 0.0 : 1.0);
      // the per-dimension diagnostics: over all partitions' examples, from the sums of sessions
      double[] sums = expectedLatentSums.get(e);
      double count = sums[6];
      assertThat(count).isEqualTo(23);
      for (int j = 0; j < 2; j++) {
        double mean = sums[j] / count;
        assertThat(stats.latent().klPerDimension()[j]).as("KL of dimension %d", j)
            .isCloseTo(sums[4 + j] / count, Offset.offset(1e-12 * (1 + sums[4 + j])));
        assertThat(stats.latent().meanVariance()[j]).as("variance of dimension %d", j)
            .isCloseTo(Math.max(0, sums[2 + j] / count - mean * mean), Offset.offset(1e-12));
      }
    }
  }

  @Test
  void theLossFallsOverTheEpochs() {
    // three binary prototypes, each row one of them with a tenth of its values flipped
    java.util.SplittableRandom r = new java.util.SplittableRandom(13);
    float[][] prototypes = new float[3][WIDTH];
    for (float[] p : prototypes) {
      for (int j = 0; j < WIDTH; j++) {
        p[j] = r.nextBoolean() ? 1 : 0;
      }
    }
    float[][] x = new float[64][];
    for (int i = 0; i < x.length; i++) {
      x[i] = prototypes[i % 3].clone();
      for (int j = 0; j < WIDTH; j++) {
        if (r.nextInt(10) == 0) {
          x[i][j] = 1 - x[i][j];
        }
      }
    }
    VaeModel model = new VaeEstimator().setInputShape(WIDTH).setHidden(16).setLatentDim(2)
        .setEpochs(10).setBatchSize(8).setLearningRate(0.03).setLocalSteps(2).setInputCol("x")
        .setNumPartitions(3).fit(SparkTests.frame(x, Storage.DOUBLE_ARRAY, null, 2));
    double[] losses = model.trainingSummary().orElseThrow().history().trainLosses();
    assertThat(losses).hasSize(10);
    assertThat(losses[9]).isLessThan(0.8 * losses[0]);
    assertThat(model.trainingSummary().orElseThrow().partitionRows()).hasSize(3)
        .allSatisfy(n -> assertThat(n).isBetween(20L, 23L));
  }
}
