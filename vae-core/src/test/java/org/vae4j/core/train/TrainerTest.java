package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.TestDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.ImageData;
import org.vae4j.api.ReleasableBatches;
import org.vae4j.api.training.BatchStats;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.Vae;

/** The training loop: reproducibility, data sources, listeners and the shuffle. */
class TrainerTest {

  static INDArray data(int n, long... shape) {
    long[] full = new long[shape.length + 1];
    full[0] = n;
    System.arraycopy(shape, 0, full, 1, shape.length);
    long len = Arrays.stream(full).reduce(1, (a, b) -> a * b);
    SplittableRandom r = new SplittableRandom(len);
    float[] v = new float[(int) len];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return Nd4j.create(v, full, 'c');
  }

  private static Vae vae() {
    return Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(2).seed(2).build();
  }

  @Test
  void theSameSeedReproducesARunExactly() {
    INDArray x = data(20, 1, 4, 4);
    TrainingOptions cfg = TrainingOptions.builder().epochs(2).batchSize(6).learningRate(1e-2).seed(5).build();
    try (Vae a = vae(); Vae b = vae(); Vae c = vae()) {
      TrainingHistory ha = a.fit(x, cfg);
      TrainingHistory hb = b.fit(x, cfg);
      TrainingHistory hc = c.fit(x, TrainingOptions.builder().epochs(2).batchSize(6).learningRate(1e-2).seed(6).build());
      assertThat(ha.trainLosses()).containsExactly(hb.trainLosses());
      assertThat(a.decode(Nd4j.ones(DataType.FLOAT, 1, 2))).isEqualTo(b.decode(Nd4j.ones(DataType.FLOAT, 1, 2)));
      assertThat(hc.trainLosses()).isNotEqualTo(ha.trainLosses());
      assertThat(ha.epochs()).hasSize(2);
      EpochStats last = ha.last().orElseThrow();
      assertThat(last.steps()).isEqualTo(8); // 20 examples in batches of 6: 4 steps per epoch
      assertThat(last.train().total()).isCloseTo(last.train().reconstruction() + last.train().kl(),
          org.assertj.core.data.Offset.offset(1e-3));
      assertThat(last.imagesPerSecond()).isPositive();
    }
  }

  @Test
  void trainingLowersTheLossOnATinyProblem() {
    INDArray x = data(32, 1, 4, 4);
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(16).inputShape(1, 4, 4).latentDim(4).build()) {
      TrainingHistory h = ae.fit(x, TrainingOptions.builder().epochs(30).batchSize(8).learningRate(1e-2).build());
      double[] losses = h.trainLosses();
      assertThat(losses[losses.length - 1]).isLessThan(0.9 * losses[0]);
      assertThat(h.last().orElseThrow().train().kl()).isZero();
    }
  }

  @Test
  void fitsOverADataSetIteratorAndImageData() {
    INDArray x = data(12, 1, 4, 4);
    INDArray flat = x.reshape(12, 16);
    DataSetIterator it = new TestDataSetIterator(new DataSet(flat, flat), 5);
    try (Vae v = vae()) {
      TrainingHistory h = v.fit(it, TrainingOptions.builder().epochs(2).build());
      assertThat(h.epochs()).hasSize(2);
      assertThat(h.last().orElseThrow().steps()).isEqualTo(6); // 3 batches (5, 5, 2) per epoch
    }
    int[] labels = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2};
    ImageData images = new ImageData() {
      @Override public int size() { return 12; }
      @Override public long[] imageShape() { return new long[] {1, 4, 4}; }
      @Override public INDArray images() { return x; }
      @Override public boolean hasLabels() { return true; }
      @Override public int[] labels() { return labels.clone(); }
      @Override public int numClasses() { return 3; }
    };
    try (ConditionalVae c = ConditionalVae.builder().mlpEncoder(8).inputShape(1, 4, 4).numClasses(3).build()) {
      assertThat(c.fit(images, TrainingOptions.builder().epochs(1).batchSize(4).build()).epochs()).hasSize(1);
      INDArray oneHot = Nd4j.zeros(DataType.FLOAT, 12, 3);
      for (int i = 0; i < 12; i++) {
        oneHot.putScalar(i, labels[i], 1);
      }
      DataSetIterator labelled = new TestDataSetIterator(new DataSet(x, oneHot), 4);
      assertThat(c.fit(labelled, TrainingOptions.builder().epochs(1).build()).epochs()).hasSize(1);
    }
    try (ConditionalVae c = ConditionalVae.builder().mlpEncoder(8).inputShape(1, 4, 4).numClasses(4).build()) {
      assertThatThrownBy(() -> c.fit(images, TrainingOptions.builder().epochs(1).build()))
          .hasMessage("data.numClasses must be 4, got 3");
    }
  }

  /** An iterator that takes its batches back, logging next, release and the steps between. */
  private static final class Releasing extends TestDataSetIterator implements ReleasableBatches {
    private static final long serialVersionUID = 1L;
    final transient List<String> log;
    private final transient List<DataSet> handedOut = new ArrayList<>();

    Releasing(DataSet all, int batch, List<String> log) {
      super(all, batch);
      this.log = log;
    }

    @Override
    public DataSet next() {
      DataSet ds = super.next();
      log.add("next" + handedOut.size());
      handedOut.add(ds);
      return ds;
    }

    @Override
    public void release(DataSet batch) {
      int i = -1;
      for (int j = 0; j < handedOut.size(); j++) {
        if (handedOut.get(j) == batch) {
          i = j;
        }
      }
      log.add("release" + i);
    }
  }

  @Test
  void fitReleasesEachBatchOfAReleasingIteratorRightAfterItsStep() {
    INDArray flat = data(12, 1, 4, 4).reshape(12, 16);
    List<String> log = new ArrayList<>();
    TrainingListener steps = new TrainingListener() {
      @Override
      public void onBatchEnd(BatchStats stats, TrainingControl control) {
        log.add("step");
      }
    };
    try (Vae v = vae()) {
      v.fit(new Releasing(new DataSet(flat, flat), 5, log),
          TrainingOptions.builder().epochs(2).build(), steps);
    }
    // three batches (5, 5, 2) per epoch: each released once, after its own step, before the next
    assertThat(log).containsExactly(
        "next0", "step", "release0", "next1", "step", "release1", "next2", "step", "release2",
        "next3", "step", "release3", "next4", "step", "release4", "next5", "step", "release5");
  }

  @Test
  void aBatchIsReleasedAlsoWhenItsStepFails() {
    INDArray flat = data(6, 1, 4, 4).reshape(6, 16);
    List<String> log = new ArrayList<>();
    TrainingListener failing = new TrainingListener() {
      @Override
      public void onBatchEnd(BatchStats stats, TrainingControl control) {
        throw new IllegalStateException("listener failed");
      }
    };
    try (Vae v = vae()) {
      assertThatThrownBy(() -> v.fit(new Releasing(new DataSet(flat, flat), 3, log),
          TrainingOptions.builder().epochs(1).build(), failing)).hasMessage("listener failed");
    }
    assertThat(log).containsExactly("next0", "release0");
  }

  @Test
  void listenersSeeEveryStepAndCanStopTheRun() {
    INDArray x = data(10, 1, 4, 4);
    List<BatchStats> seen = new ArrayList<>();
    List<TrainingHistory> ends = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onBatchEnd(BatchStats stats, TrainingControl control) {
        seen.add(stats);
        if (stats.step() == 4) {
          control.requestStop("enough");
        }
      }

      @Override
      public void onTrainingEnd(TrainingHistory history) {
        ends.add(history);
      }
    };
    try (Vae v = vae()) {
      TrainingHistory h = v.fit(x, TrainingOptions.builder().epochs(5).batchSize(4).build(), listener);
      assertThat(seen).hasSize(4);
      assertThat(seen.get(0).batchSize()).isEqualTo(4);
      assertThat(seen.get(2).batchSize()).isEqualTo(2);
      assertThat(h.stopReason()).isEqualTo("enough");
      assertThat(h.epochs()).hasSize(2);
      assertThat(ends).containsExactly(h);
    }
  }

  @Test
  void badTrainingDataIsRejectedWithTheArgumentName() {
    try (Vae v = vae()) {
      assertThatThrownBy(() -> v.fit(data(3, 1, 5, 5), TrainingOptions.builder().build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("data must have shape [n, 1, 4, 4] with n >= 1, got [3, 1, 5, 5]"
              + "; for images of this shape, build the model with inputShape(1, 5, 5)");
    }
  }

  @Test
  void gradientClippingIsAppliedDuringARun() {
    // Adam is nearly invariant to one global scale, but clipping every step to a tiny norm changes
    // the relative size of successive gradients, so the trajectory must differ from the unclipped
    // one, while a bound no gradient reaches changes nothing
    INDArray x = data(12, 1, 4, 4);
    TrainingOptions plain = TrainingOptions.builder().epochs(2).batchSize(4).learningRate(1e-2).seed(3).build();
    INDArray probe = Nd4j.ones(DataType.FLOAT, 1, 2);
    try (Vae a = vae(); Vae b = vae(); Vae c = vae()) {
      TrainingHistory ha = a.fit(x, plain);
      b.fit(x, plain.toBuilder().clipGradientNorm(1e-4).build());
      TrainingHistory hc = c.fit(x, plain.toBuilder().clipGradientNorm(1e12).build());
      assertThat(b.decode(probe).data().asFloat()).isNotEqualTo(a.decode(probe).data().asFloat());
      assertThat(c.decode(probe).data().asFloat()).containsExactly(a.decode(probe).data().asFloat());
      assertThat(hc.trainLosses()).containsExactly(ha.trainLosses());
    }
  }

  @Test
  void badValidationDataIsRejectedWithTheArgumentName() {
    INDArray x = data(6, 1, 4, 4);
    try (Vae v = vae()) {
      assertThatThrownBy(() -> v.fit(x, data(2, 1, 3, 3), TrainingOptions.builder().build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("validation must have shape [n, 1, 4, 4] with n >= 1, got [2, 1, 3, 3]"
              + "; for images of this shape, build the model with inputShape(1, 3, 3)");
    }
    try (ConditionalVae c = ConditionalVae.builder().mlpEncoder(8).inputShape(1, 4, 4).numClasses(3).build()) {
      assertThatThrownBy(() -> c.fit(x, new int[] {0, 1, 2, 0, 1, 2}, data(3, 1, 4, 4), new int[] {0, 1},
          TrainingOptions.builder().build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("validationLabels must have one label per example (3), got 2");
      assertThatThrownBy(() -> c.fit(x, new int[] {0, 1, 2, 0, 1, 2}, data(3, 1, 4, 4), new int[] {0, 1, 7},
          TrainingOptions.builder().build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("validationLabels[2] must be in [0, 3), got 7");
    }
  }

  @Test
  void imageDataValidationIsEvaluatedForAConditionalVae() {
    INDArray x = data(6, 1, 4, 4);
    int[] labels = {0, 1, 2, 0, 1, 2};
    ImageData images = new ImageData() {
      @Override public int size() { return 6; }
      @Override public long[] imageShape() { return new long[] {1, 4, 4}; }
      @Override public INDArray images() { return x; }
      @Override public boolean hasLabels() { return true; }
      @Override public int[] labels() { return labels.clone(); }
      @Override public int numClasses() { return 3; }
    };
    try (ConditionalVae c = ConditionalVae.builder().mlpEncoder(8).inputShape(1, 4, 4).numClasses(3).build()) {
      TrainingHistory h = c.fit(images, images, TrainingOptions.builder().epochs(2).batchSize(3).build());
      assertThat(h.epochs()).allSatisfy(e -> assertThat(e.validation()).isNotNull());
      // the validation loss is measured after the epoch's updates, so it differs from the average
      // training loss of the same images during the epoch
      assertThat(h.epochs().get(1).validation().total()).isNotEqualTo(h.epochs().get(1).train().total());
    }
  }
}
