package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.Posterior;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.LatentCollapse;
import org.vae4j.api.training.LatentUsage;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.eval.EvaluationReport;
import org.vae4j.core.eval.ModelEvaluator;
import org.vae4j.core.train.TrainingOptions;

/**
 * Per-dimension KL and active units (Burda et al. 2015: a dimension is active when the variance of
 * its posterior means over the data exceeds 0.01), in evaluation reports and in every epoch of a
 * training history, checked against a computation from the model's own posterior; and the
 * collapse warning when dimensions switch off.
 */
class LatentDiagnosticsTest {

  private static INDArray data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * 16];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return Nd4j.create(v, new long[] {n, 1, 4, 4}, 'c');
  }

  /** Usage computed independently from the posterior of every example. */
  private static LatentUsage reference(Posterior p) {
    double[] m = p.mean().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup().data().asDouble();
    double[] lv = p.logVar().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup().data().asDouble();
    int d = (int) p.mean().size(1);
    int n = m.length / d;
    double[] kl = new double[d];
    double[] mean = new double[d];
    double[] var = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double a = m[i * d + j];
        double b = lv[i * d + j];
        kl[j] += -0.5 * (1 + b - a * a - Math.exp(b)) / n;
        mean[j] += a / n;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double diff = m[i * d + j] - mean[j];
        var[j] += diff * diff / n;
      }
    }
    return new LatentUsage(kl, var);
  }

  private static void assertSameUsage(LatentUsage actual, LatentUsage expected) {
    for (int j = 0; j < expected.dimensions(); j++) {
      assertThat(actual.klPerDimension()[j]).as("KL of z%d", j)
          .isCloseTo(expected.klPerDimension()[j], Offset.offset(1e-4 * (1 + expected.klPerDimension()[j])));
      assertThat(actual.meanVariance()[j]).as("variance of z%d", j)
          .isCloseTo(expected.meanVariance()[j], Offset.offset(1e-4 * (1 + expected.meanVariance()[j])));
    }
    assertThat(actual.activeUnits()).isEqualTo(expected.activeUnits());
  }

  @Test
  void theEvaluationReportCarriesTheLatentUsageOfTheData() {
    INDArray x = data(40, 1);
    try (Vae vae = Vae.builder().mlpEncoder(6).inputShape(1, 4, 4).latentDim(3).build()) {
      vae.fit(x, TrainingOptions.builder().epochs(3).batchSize(8).build());
      EvaluationReport report = ModelEvaluator.defaults().evaluate(vae, x);
      assertSameUsage(report.latent(), reference(vae.encode(x)));
      assertThat(report.toString()).contains("active units " + report.latent().activeUnits() + " of 3")
          .contains(report.latent().activeUnitsByKl() + " of 3 carry KL > 0.1 nats");
    }
  }

  @Test
  void everyEpochRecordsTheUsageOfItsValidationData() {
    INDArray x = data(48, 2);
    INDArray validation = data(20, 3);
    try (Vae vae = Vae.builder().mlpEncoder(6).inputShape(1, 4, 4).latentDim(2).build()) {
      TrainingHistory h = vae.fit(x, validation, TrainingOptions.builder().epochs(2).batchSize(16).build());
      for (EpochStats e : h.epochs()) {
        assertThat(e.latentUsage()).as("epoch %d", e.epoch()).isPresent();
      }
      assertSameUsage(h.last().orElseThrow().latent(), reference(vae.encode(validation)));
      assertThat(h.toCsv()).contains(",active_units").contains("," + h.last().orElseThrow().latent().activeUnits() + "\n");
      assertThat(TrainingHistory.fromJson(h.toJson())).isEqualTo(h);
    }
  }

  @Test
  void withoutValidationTheUsageComesFromTheEpochsBatches() {
    INDArray x = data(32, 4);
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(6).inputShape(1, 4, 4).latentDim(2).build()) {
      TrainingHistory h = ae.fit(x, TrainingOptions.builder().epochs(2).batchSize(32).build());
      LatentUsage u = h.last().orElseThrow().latent();
      // an autoencoder has no KL; with one batch per epoch the means are those of the epoch's model
      assertThat(u.klPerDimension()).containsOnly(0.0);
      assertThat(u.meanVariance()[0]).isPositive();
    }
  }

  @Test
  void aRunWhoseDimensionsSwitchOffWarnsOnceThroughItsListeners() {
    INDArray x = data(64, 5);
    List<LatentCollapse> events = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onLatentCollapse(LatentCollapse collapse, TrainingControl control) {
        events.add(collapse);
      }
    };
    // a KL weight of 200 drives every posterior to the prior: no dimension carries information
    try (Vae vae = Vae.builder().mlpEncoder(6).inputShape(1, 4, 4).latentDim(2).beta(200).build()) {
      TrainingHistory h = vae.fit(x, TrainingOptions.builder().epochs(6).batchSize(16)
          .learningRate(1e-2).build(), listener);
      assertThat(h.latentCollapse()).isTrue();
      assertThat(events).hasSize(1);
      LatentCollapse c = events.get(0);
      assertThat(c.inactiveDimensions()).isNotEmpty();
      assertThat(c.message()).contains("inactive after epoch " + c.epoch()).contains("posterior collapse");
      assertThat(h.epochs().get(c.epoch() - 1).latent().collapsed()).isTrue();
    }
  }

  @Test
  void anAutoencoderNeverReportsCollapse() {
    INDArray x = data(64, 6);
    List<LatentCollapse> events = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onLatentCollapse(LatentCollapse collapse, TrainingControl control) {
        events.add(collapse);
      }
    };
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(6).inputShape(1, 4, 4).latentDim(2).build()) {
      ae.fit(x, TrainingOptions.builder().epochs(2).batchSize(16).build(), listener);
      assertThat(events).isEmpty();
    }
  }
}
