package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.BatchStats;
import org.vae4j.api.training.LatentUsage;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.Vae;

/** Step-by-step training over flat vectors reproduces {@code fit}, and its vectors mean what they say. */
class TrainingSessionTest {

  private static INDArray data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * 36];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return Nd4j.create(v, new long[] {n, 1, 6, 6}, 'c');
  }

  private static int[] labels(int n) {
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = i % 3;
    }
    return l;
  }

  /** Rows {@code idx} of {@code x} as a new array. */
  private static INDArray rows(INDArray x, int[] idx) {
    return Nd4j.pullRows(x.reshape(x.size(0), 36), 1, idx).reshape(idx.length, 1, 6, 6);
  }

  @Test
  void steppingThroughTheEpochOrderReproducesFitBitForBit() {
    INDArray x = data(50, 1);
    int[] y = labels(50);
    TrainingOptions options = TrainingOptions.builder().epochs(3).batchSize(16).seed(9)
        .klWarmupSteps(5).build();
    try (ConditionalVae fitted = ConditionalVae.builder().mlpEncoder(7).inputShape(1, 6, 6)
        .numClasses(3).seed(4).build();
        ConditionalVae stepped = ConditionalVae.builder().mlpEncoder(7).inputShape(1, 6, 6)
        .numClasses(3).seed(4).build()) {
      fitted.fit(x, y, options);
      TrainingSession session = TrainingSession.of(stepped, options);
      for (int epoch = 1; epoch <= 3; epoch++) {
        int[] order = session.epochOrder(epoch, 50);
        for (int from = 0; from < 50; from += 16) {
          int[] idx = Arrays.copyOfRange(order, from, Math.min(50, from + 16));
          int[] batchLabels = new int[idx.length];
          for (int i = 0; i < idx.length; i++) {
            batchLabels[i] = y[idx[i]];
          }
          session.step(rows(x, idx), batchLabels, epoch);
        }
      }
      assertThat(session.steps()).isEqualTo(12);
      float[] expected = TrainingSession.of(fitted, options).parameters();
      assertThat(session.parameters()).containsExactly(expected);
    }
  }

  /** An {@link EpochRunner} that steps the session through fit's epoch order, a part per step. */
  private static EpochRunner inPlace(INDArray x, int batchSize) {
    int n = (int) x.size(0);
    return new EpochRunner() {
      @Override
      public int partsPerEpoch() {
        return (n + batchSize - 1) / batchSize;
      }

      @Override
      public long examplesPerEpoch() {
        return n;
      }

      @Override
      public void runEpoch(TrainingSession session, int epoch, EpochProgress progress) {
        int[] order = session.epochOrder(epoch, n);
        for (int from = 0; from < n; from += batchSize) {
          if (from > 0 && progress.stopRequested()) {
            return;
          }
          int[] idx = Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
          progress.stepDone(session.step(rows(x, idx), null, epoch), idx.length);
          progress.latentSums(session.takeLatentSums());
          progress.partDone();
        }
      }
    };
  }

  @Test
  void trainingWithAnEpochRunnerIsFitsLoop() {
    INDArray x = data(40, 5);
    TrainingOptions options = TrainingOptions.builder().epochs(6).batchSize(16).seed(2)
        .earlyStopping(2, 1e9, true).build();
    try (Vae fitted = Vae.builder().mlpEncoder(6).inputShape(1, 6, 6).latentDim(3).seed(7).build();
        Vae run = Vae.builder().mlpEncoder(6).inputShape(1, 6, 6).latentDim(3).seed(7).build()) {
      TrainingHistory expected = fitted.fit(x, options);
      List<BatchStats> parts = new ArrayList<>();
      TrainingListener listener = new TrainingListener() {
        @Override
        public void onBatchEnd(BatchStats stats, TrainingControl control) {
          parts.add(stats);
        }
      };
      TrainingHistory actual = TrainingSession.of(run, options)
          .train(inPlace(x, 16), List.of(listener), null);

      // early stopping (patience 2, an improvement no epoch makes) ended both after epoch 3
      assertThat(expected.epochs()).hasSize(3);
      assertThat(actual.stopReason()).isEqualTo(expected.stopReason());
      assertThat(actual.trainLosses()).containsExactly(expected.trainLosses());
      for (int e = 0; e < 3; e++) {
        LatentUsage a = actual.epochs().get(e).latent();
        LatentUsage b = expected.epochs().get(e).latent();
        for (int j = 0; j < 3; j++) {
          assertThat(a.klPerDimension()[j]).isCloseTo(b.klPerDimension()[j], offset(1e-12));
          assertThat(a.meanVariance()[j]).isCloseTo(b.meanVariance()[j], offset(1e-12));
        }
        assertThat(actual.epochs().get(e).beta()).isEqualTo(expected.epochs().get(e).beta());
      }
      // the best weights (epoch 1) restored in both
      assertThat(TrainingSession.of(run, options).parameters())
          .containsExactly(TrainingSession.of(fitted, options).parameters());
      assertThat(parts).extracting(BatchStats::batchIndex).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2);
      assertThat(parts).extracting(BatchStats::batchSize).containsExactly(16, 16, 8, 16, 16, 8, 16,
          16, 8);
    }
  }

  @Test
  void aLatentSumsVectorOfTheWrongLengthIsRefused() {
    INDArray x = data(8, 6);
    TrainingOptions options = TrainingOptions.builder().epochs(1).batchSize(8).build();
    try (Vae vae = Vae.builder().mlpEncoder(4).inputShape(1, 6, 6).latentDim(2).build()) {
      EpochRunner bad = new EpochRunner() {
        @Override
        public int partsPerEpoch() {
          return 1;
        }

        @Override
        public long examplesPerEpoch() {
          return 8;
        }

        @Override
        public void runEpoch(TrainingSession session, int epoch, EpochProgress progress) {
          progress.stepDone(session.step(x, null, epoch), 8);
          progress.latentSums(new double[3]);
        }
      };
      assertThatThrownBy(() -> TrainingSession.of(vae, options).train(bad, List.of(), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("latent sums must hold 7 values (3 × 2 dimensions + the count), got 3");
    }
  }

  @Test
  void parametersAndOptimizerStateMoveBetweenModels() {
    INDArray x = data(20, 2);
    TrainingOptions options = TrainingOptions.builder().batchSize(10).seed(3).build();
    try (Vae a = Vae.builder().mlpEncoder(5).inputShape(1, 6, 6).seed(1).build();
        Vae b = Vae.builder().mlpEncoder(5).inputShape(1, 6, 6).seed(2).build()) {
      TrainingSession sa = TrainingSession.of(a, options);
      sa.step(x, null, 1);
      assertThat(sa.optimizerState()).hasSize(2 * sa.parameterCount());
      TrainingSession sb = TrainingSession.of(b, options);
      sb.setParameters(sa.parameters());
      sb.setOptimizerState(sa.optimizerState());
      sb.setSteps(sa.steps());
      assertThat(b.encodeMean(x)).isEqualTo(a.encodeMean(x));
      sa.step(x, null, 1);
      sb.step(x, null, 1);
      assertThat(sb.parameters()).containsExactly(sa.parameters());
      assertThatThrownBy(() -> sb.setParameters(new float[3]))
          .hasMessage("parameters must have " + sa.parameterCount() + " values, got 3");
      assertThatThrownBy(() -> sb.setOptimizerState(new float[3]))
          .hasMessageContaining("must have " + 2 * sa.parameterCount() + " values, got 3");
    }
  }

  private static Vae.Builder batchNormVae(long seed) {
    return Vae.builder().convEncoder(3, 4).convKernel(4).denseUnits(6).inputShape(1, 6, 6)
        .latentDim(2).batchNorm(true).seed(seed);
  }

  @Test
  void theStateCarriesBatchNormsRunningStatisticsBetweenModels() {
    INDArray x = data(16, 4);
    TrainingOptions options = TrainingOptions.builder().batchSize(8).seed(3).build();
    try (Vae a = batchNormVae(1).build(); Vae b = batchNormVae(2).build()) {
      TrainingSession sa = TrainingSession.of(a, options);
      TrainingSession sb = TrainingSession.of(b, options);
      assertThat(sa.stateShapes()).isNotEmpty();
      long total = 0;
      for (var e : sa.stateShapes().entrySet()) {
        assertThat(e.getKey()).matches(".*_running(Mean|Var)");
        total += Arrays.stream(e.getValue()).reduce(1, (u, v) -> u * v);
      }
      assertThat(sa.stateCount()).isEqualTo(total).isPositive();
      float[] initial = sa.state();
      assertThat(initial).hasSize(sa.stateCount());
      sa.step(x, null, 1);
      sa.step(x, null, 1);
      float[] trained = sa.state();
      assertThat(trained).isNotEqualTo(initial); // the steps moved the running statistics
      // parameters alone are not enough: b's inference still normalises with its own statistics
      sb.setParameters(sa.parameters());
      assertThat(b.encodeMean(x).dup('c').data().asFloat())
          .isNotEqualTo(a.encodeMean(x).dup('c').data().asFloat());
      sb.setState(trained);
      assertThat(sb.state()).containsExactly(trained);
      assertThat(b.encodeMean(x).dup('c').data().asFloat())
          .containsExactly(a.encodeMean(x).dup('c').data().asFloat());
      assertThat(b.reconstruct(x).dup('c').data().asFloat())
          .containsExactly(a.reconstruct(x).dup('c').data().asFloat());
      // the returned vector is a copy
      trained[0] += 1;
      assertThat(sa.state()[0]).isNotEqualTo(trained[0]);
    }
  }

  @Test
  void aWrongStateIsRefusedNamingTheProblem() {
    try (Vae bn = batchNormVae(1).build(); Vae plain = Vae.builder().mlpEncoder(5)
        .inputShape(1, 6, 6).build()) {
      TrainingSession s = TrainingSession.of(bn, TrainingOptions.builder().build());
      int n = s.stateCount();
      assertThatThrownBy(() -> s.setState(new float[3]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("state must have " + n + " values, got 3");
      float[] nan = s.state();
      nan[1] = Float.NaN;
      assertThatThrownBy(() -> s.setState(nan)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("state[1] must be finite, got NaN");
      // the layout: mean then variance of each layer; a negative variance is refused
      String firstVar = s.stateShapes().keySet().stream().filter(k -> k.endsWith("_runningVar"))
          .findFirst().orElseThrow();
      int at = 0;
      for (var e : s.stateShapes().entrySet()) {
        if (e.getKey().equals(firstVar)) {
          break;
        }
        at += (int) Arrays.stream(e.getValue()).reduce(1, (u, v) -> u * v);
      }
      float[] negative = s.state();
      assertThat(negative[at]).isEqualTo(1f); // a fresh running variance
      negative[at] = -0.5f;
      int index = at;
      assertThatThrownBy(() -> s.setState(negative)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("state[" + index + "] (" + firstVar + ") must be a variance, at least 0, "
              + "got -0.5");
      float[] inf = new float[s.parameterCount()];
      inf[2] = Float.POSITIVE_INFINITY;
      assertThatThrownBy(() -> s.setParameters(inf)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("parameters[2] must be finite, got Infinity");
      TrainingSession p = TrainingSession.of(plain, TrainingOptions.builder().build());
      assertThat(p.stateCount()).isZero();
      assertThat(p.state()).isEmpty();
      assertThat(p.stateShapes()).isEmpty();
      p.setState(new float[0]);
      assertThatThrownBy(() -> p.setState(new float[1]))
          .hasMessage("state must have 0 values, got 1");
    }
  }

  /**
   * The algebra parameter averaging rests on: with plain SGD, averaging the parameters that two
   * workers reach with one step each from the same start, on two halves of a batch, gives the
   * parameters of one step on the whole batch (the mean loss's gradient is the mean of the halves').
   */
  @Test
  void averagingTwoHalfBatchSgdStepsEqualsOneStepOnTheWholeBatch() {
    INDArray x = data(24, 5);
    TrainingOptions sgd = TrainingOptions.builder().sgd().learningRate(0.1).seed(1).build();
    try (Autoencoder whole = Autoencoder.builder().mlpEncoder(6).inputShape(1, 6, 6).seed(8).build();
        Autoencoder left = Autoencoder.builder().mlpEncoder(6).inputShape(1, 6, 6).seed(8).build();
        Autoencoder right = Autoencoder.builder().mlpEncoder(6).inputShape(1, 6, 6).seed(8).build()) {
      TrainingSession w = TrainingSession.of(whole, sgd);
      TrainingSession l = TrainingSession.of(left, sgd);
      TrainingSession r = TrainingSession.of(right, sgd);
      assertThat(w.optimizerState()).isEmpty();
      w.step(x, null, 1);
      l.step(rows(x, range(0, 12)), null, 1);
      r.step(rows(x, range(12, 24)), null, 1);
      float[] pw = w.parameters();
      float[] pl = l.parameters();
      float[] pr = r.parameters();
      for (int i = 0; i < pw.length; i++) {
        assertThat((pl[i] + pr[i]) / 2).as("parameter %d", i).isCloseTo(pw[i],
            org.assertj.core.data.Offset.offset(1e-5f * (1 + Math.abs(pw[i]))));
      }
    }
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  @Test
  void labelsAreRequiredExactlyForTheConditionalModel() {
    INDArray x = data(4, 1);
    try (Vae vae = Vae.builder().mlpEncoder(5).inputShape(1, 6, 6).build();
        ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(5).inputShape(1, 6, 6).numClasses(2).build()) {
      TrainingOptions o = TrainingOptions.builder().build();
      assertThatThrownBy(() -> TrainingSession.of(vae, o).step(x, new int[] {0, 1, 0, 1}, 1))
          .hasMessage("labels must be null for a VAE, got 4 labels");
      assertThatThrownBy(() -> TrainingSession.of(cvae, o).step(x, null, 1))
          .hasMessage("labels must not be null");
      assertThatThrownBy(() -> TrainingSession.of(vae, o).step(x, null, 0))
          .hasMessage("epoch must be >= 1, got 0");
    }
  }
}
