package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vae4j.api.training.BatchStats;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.api.training.TrainingStart;
import org.vae4j.core.Vae;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.spark.SparkTests.Storage;

/**
 * {@link VaeEstimator#fit} runs its epochs through the training loop of the models' {@code fit}:
 * listeners hear every epoch and round, early stopping stops as it does in {@code fit} (on the
 * training loss), and a listener's stop request ends the run between rounds.
 */
@Tag("spark")
class VaeEstimatorLoopTest {

  private static final int WIDTH = 12;

  /** Records what it is told, and asks for a stop at the end of epoch {@code stopAfter}. */
  private static final class Recorder implements TrainingListener {
    final List<String> events = new ArrayList<>();
    final List<BatchStats> batches = new ArrayList<>();
    final List<EpochStats> epochs = new ArrayList<>();
    TrainingHistory end;
    private final int stopAfter;

    Recorder(int stopAfter) {
      this.stopAfter = stopAfter;
    }

    @Override
    public void onTrainingStart(TrainingStart start, TrainingControl control) {
      events.add("start " + start.firstEpoch() + "-" + start.lastEpoch() + " "
          + start.batchesPerEpoch() + " " + start.trainExamples());
    }

    @Override
    public void onBatchEnd(BatchStats stats, TrainingControl control) {
      batches.add(stats);
    }

    @Override
    public void onEpochEnd(EpochStats stats, TrainingControl control) {
      events.add("epoch " + stats.epoch());
      epochs.add(stats);
      if (stats.epoch() == stopAfter) {
        control.requestStop("enough");
      }
    }

    @Override
    public void onTrainingEnd(TrainingHistory history) {
      events.add("end");
      end = history;
    }
  }

  private static VaeEstimator estimator() {
    return new VaeEstimator().setInputCol("x").setInputShape(WIDTH).setHidden(6).setLatentDim(3)
        .setEpochs(3).setBatchSize(5).setLocalSteps(2).setSeed(4).setModelSeed(2);
  }

  @Test
  void aListenerHearsEveryEpochAndRoundOfTheClusterRun() {
    float[][] x = SparkTests.examples(30, WIDTH, 21);
    Recorder recorder = new Recorder(0);
    // two partitions of 15 rows: 3 batches each, rounds of 2 and 1 steps
    VaeModel model = estimator().setListeners(recorder)
        .fit(SparkTests.frameWithPartitions(x, null, 15, 15));

    assertThat(recorder.events).containsExactly("start 1-3 2 30", "epoch 1", "epoch 2", "epoch 3",
        "end");
    TrainingHistory history = model.trainingSummary().orElseThrow().history();
    assertThat(recorder.end).isEqualTo(history);
    assertThat(recorder.epochs).isEqualTo(history.epochs());
    assertThat(recorder.epochs).allSatisfy(e -> {
      assertThat(e.latent()).isNotNull();
      assertThat(e.latent().dimensions()).isEqualTo(3);
    });
    // one BatchStats per round: its index within the epoch, its rows, the steps after it
    assertThat(recorder.batches).extracting(BatchStats::batchIndex).containsExactly(0, 1, 0, 1, 0, 1);
    assertThat(recorder.batches).extracting(BatchStats::batchesPerEpoch).containsOnly(2);
    assertThat(recorder.batches).extracting(BatchStats::batchSize)
        .containsExactly(20, 10, 20, 10, 20, 10);
    assertThat(recorder.batches).extracting(BatchStats::step).containsExactly(2L, 3L, 5L, 6L, 8L, 9L);
    List<RoundStats> rounds = model.trainingSummary().orElseThrow().rounds();
    for (int i = 0; i < rounds.size(); i++) {
      assertThat(recorder.batches.get(i).loss()).isEqualTo(rounds.get(i).train());
    }
    // the estimator's copy keeps the listeners (Spark copies stages with extra params)
    assertThat(estimator().setListeners(recorder).copy(new org.apache.spark.ml.param.ParamMap())
        .getListeners()).containsExactly(recorder);
  }

  @Test
  void earlyStoppingStopsTheClusterRunAsItStopsFit() {
    float[][] x = SparkTests.examples(20, WIDTH, 5);
    // patience 1 and an improvement no epoch can make: the run stops after epoch 2
    TrainingOptions options = TrainingOptions.builder().epochs(6).batchSize(5).seed(4)
        .earlyStopping(1, 1e9, true).build();
    try (Vae vae = Vae.builder().mlpEncoder(6).inputShape(WIDTH).latentDim(3).seed(2).build()) {
      TrainingHistory expected = vae.fit(SparkTests.batch(x, WIDTH), options);
      VaeModel model = new VaeEstimator().setModelConfig(vae.config()).setTrainingOptions(options)
          .setInputCol("x").setLocalSteps(3).fit(SparkTests.frame(x, Storage.FLOAT_ARRAY, null, 1));

      TrainingHistory history = model.trainingSummary().orElseThrow().history();
      assertThat(expected.epochs()).hasSize(2);
      assertThat(history.epochs()).hasSize(2);
      assertThat(history.stopReason()).isEqualTo(expected.stopReason()).startsWith("early stopping");
      assertThat(history.trainLosses()).containsExactly(expected.trainLosses());
      // best weights restored: those of epoch 1, as fit restored them
      assertThat(VaeEstimatorTrainingTest.parameters(model))
          .containsExactly(VaeEstimatorTrainingTest.sessionParameters(vae));
    }
  }

  @Test
  void aListenerStopsTheClusterRun() {
    float[][] x = SparkTests.examples(30, WIDTH, 8);
    Recorder recorder = new Recorder(1);
    VaeModel model = estimator().setEpochs(5).setListeners(recorder)
        .fit(SparkTests.frameWithPartitions(x, null, 15, 15));
    TrainingHistory history = model.trainingSummary().orElseThrow().history();
    assertThat(history.epochs()).hasSize(1);
    assertThat(history.stopReason()).isEqualTo("enough");
    assertThat(recorder.events).containsExactly("start 1-5 2 30", "epoch 1", "end");
  }
}
