package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.ImageData;
import org.vae4j.api.Posterior;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.Vae;

/** ModelEvaluator on tiny untrained models, against plain-Java references of each number. */
class ModelEvaluatorTest {

  private static final int D = 12;
  private Vae vae;

  @BeforeEach
  void model() {
    vae = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).seed(3).build();
  }

  @AfterEach
  void close() {
    vae.close();
  }

  static INDArray uniform(int n, long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * D];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    long[] s = shape.length == 0 ? new long[] {n, D} : shape;
    return Nd4j.create(v, s, 'c');
  }

  static INDArray gaussian(int n, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * r.nextGaussian();
    }
    return Nd4j.create(v, new long[] {n, d}, DataType.DOUBLE).castTo(DataType.FLOAT);
  }

  private static double[] rowBce(INDArray x, INDArray p) {
    double[] xs = Inputs.flatDoubles(x);
    double[] ps = Inputs.flatDoubles(p);
    int n = (int) x.size(0);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = i * D; j < (i + 1) * D; j++) {
        out[i] -= xs[j] * Math.log(ps[j]) + (1 - xs[j]) * Math.log(1 - ps[j]);
      }
    }
    return out;
  }

  private static double[] rowSse(INDArray x, INDArray y) {
    double[] xs = Inputs.flatDoubles(x);
    double[] ys = Inputs.flatDoubles(y);
    int n = (int) x.size(0);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = i * D; j < (i + 1) * D; j++) {
        out[i] += (xs[j] - ys[j]) * (xs[j] - ys[j]);
      }
    }
    return out;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  @Test
  void reconstructionLossIsThePlainJavaBceOfTheDecodedProbabilities() {
    INDArray x = uniform(7, 1);
    INDArray z = gaussian(7, 3, 2);
    double[] expected = rowBce(x, vae.decode(z));
    double[] actual = Inputs.flatDoubles(vae.reconstructionLoss(x, z));
    assertThat(actual).hasSize(7);
    for (int i = 0; i < 7; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(1e-4 * expected[i]));
    }
  }

  @Test
  void reconstructionLossOfAnMseModelIsTheSumOfSquaredErrors() {
    try (Vae mse = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).mseLoss().seed(4).build()) {
      INDArray x = uniform(5, 3);
      INDArray z = gaussian(5, 3, 4);
      double[] expected = rowSse(x, mse.decode(z));
      double[] actual = Inputs.flatDoubles(mse.reconstructionLoss(x, z));
      for (int i = 0; i < 5; i++) {
        assertThat(actual[i]).isCloseTo(expected[i], within(1e-4 * expected[i] + 1e-6));
      }
    }
  }

  @Test
  void reconstructionLossRejectsDifferentRowCounts() {
    assertThatThrownBy(() -> vae.reconstructionLoss(uniform(3, 1), gaussian(2, 3, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("z").hasMessageContaining("3")
        .hasMessageContaining("2");
  }

  @Test
  void klIsTheClosedFormOfTheEncodedPosteriorAndLossUsesTheModelsBeta() {
    try (Vae half = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).beta(0.5).seed(5).build()) {
      INDArray x = uniform(9, 5);
      Posterior p = half.encode(x);
      double[] mu = Inputs.flatDoubles(p.mean());
      double[] lv = Inputs.flatDoubles(p.logVar());
      double kl = 0;
      for (int i = 0; i < mu.length; i++) {
        kl += -0.5 * (1 + lv[i] - mu[i] * mu[i] - Math.exp(lv[i]));
      }
      kl /= 9;
      Metrics m = ModelEvaluator.defaults().evaluate(half, x).overall();
      assertThat(m.count()).isEqualTo(9);
      assertThat(m.kl()).isCloseTo(kl, within(1e-5));
      assertThat(m.loss()).isCloseTo(m.reconstruction() + 0.5 * m.kl(), within(1e-9));
      assertThat(m.elboOrThrow()).isCloseTo(-(m.reconstruction() + m.kl()), within(1e-9));
      assertThat(m.logLikelihood()).isEmpty();
    }
  }

  @Test
  void reconstructionTermIsTheBceAtOnePosteriorDrawNotAtTheMean() {
    INDArray x = uniform(200, 6);
    Metrics m = ModelEvaluator.defaults().evaluate(vae, x).overall();
    double atMean = mean(Inputs.flatDoubles(vae.reconstructionLoss(x, vae.encodeMean(x))));
    // Drawing z from q adds variance, so the decoder's loss differs from the loss at the mean.
    assertThat(m.reconstruction()).isNotCloseTo(atMean, within(1e-6));
    assertThat(m.bce()).isCloseTo(atMean, within(1e-4));
  }

  @Test
  void mseModelElboUsesTheGaussianOfVarianceHalfItTrainsOn() {
    try (Vae mse = Vae.builder().mlpEncoder(8).inputShape(D).latentDim(3).mseLoss().seed(4).build()) {
      Metrics m = ModelEvaluator.defaults().evaluate(mse, uniform(10, 7)).overall();
      // -log N(x; y, 1/2) = (x - y)^2 + 0.5 log(pi): the reconstruction term is the SSE training uses
      double expected = -(m.reconstruction() + 0.5 * D * Math.log(Math.PI) + m.kl());
      assertThat(m.elboOrThrow()).isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void reconstructionErrorsMatchAPlainJavaReferenceAtTheMean() {
    INDArray x = uniform(11, 8);
    INDArray r = vae.reconstruct(x);
    double mse = mean(rowSse(x, r)) / D;
    double bce = mean(rowBce(x, r));
    Metrics m = ModelEvaluator.defaults().evaluate(vae, x).overall();
    assertThat(m.mse()).isCloseTo(mse, within(1e-6));
    assertThat(m.bce()).isCloseTo(bce, within(1e-4 * bce));
  }

  @Test
  void autoencoderLossIsTheReconstructionAtTheCodeWithoutKlOrLikelihood() {
    try (Autoencoder ae = Autoencoder.builder().mlpEncoder(8).inputShape(D).latentDim(3).seed(6).build()) {
      INDArray x = uniform(13, 9);
      double expected = mean(rowBce(x, ae.reconstruct(x)));
      EvaluationReport e = ModelEvaluator.builder().importanceSamples(5).build().evaluate(ae, x);
      Metrics m = e.overall();
      assertThat(m.loss()).isCloseTo(expected, within(1e-4 * expected));
      assertThat(m.reconstruction()).isEqualTo(m.loss());
      assertThat(m.kl()).isZero();
      assertThat(m.elbo()).isEmpty();
      assertThat(m.logLikelihood()).isEmpty();
      assertThat(e.importanceSamples()).isZero();
      assertThatThrownBy(m::logLikelihoodOrThrow).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(m::elboOrThrow).isInstanceOf(IllegalStateException.class);
    }
  }

  /**
   * One evaluation of 1,000 inputs (each its own "class", so the per-class metrics are the
   * per-example values, with independent draws): the mean of IW(k = 1) minus the one-draw ELBO is
   * within 4 standard errors of 0. IW(k = 10) with the same seed reuses the k = 1 draw and adds
   * nine, and is above IW(k = 1) by more than 4 standard errors, so the comparison can tell an
   * estimate that differs from the ELBO.
   */
  @Test
  void importanceWeightedEstimateWithOneSampleEqualsTheElboInExpectation() {
    int n = 1000;
    INDArray x = uniform(n, 10);
    int[] each = new int[n];
    for (int i = 0; i < n; i++) {
      each[i] = i;
    }
    EvaluationReport k1 = ModelEvaluator.builder().importanceSamples(1).seed(1).build().evaluate(vae, x, each);
    EvaluationReport k10 = ModelEvaluator.builder().importanceSamples(10).seed(1).build().evaluate(vae, x, each);
    double[] vsElbo = new double[n];
    double[] gain = new double[n];
    for (int i = 0; i < n; i++) {
      Metrics one = k1.perClass().get(i);
      vsElbo[i] = one.logLikelihoodOrThrow() - one.elboOrThrow();
      gain[i] = k10.perClass().get(i).logLikelihoodOrThrow() - one.logLikelihoodOrThrow();
    }
    assertThat(standardError(vsElbo)).isPositive();
    assertThat(Math.abs(mean(vsElbo))).isLessThan(4 * standardError(vsElbo));
    assertThat(mean(gain)).isGreaterThan(4 * standardError(gain));
  }

  private static double standardError(double[] v) {
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (v.length - 1) / v.length);
  }

  @Test
  void resultsDoNotDependOnTheBatchSize() {
    INDArray x = uniform(10, 11);
    EvaluationReport a = ModelEvaluator.builder().importanceSamples(7).seed(2).maxBatchRows(1).build().evaluate(vae, x);
    EvaluationReport b = ModelEvaluator.builder().importanceSamples(7).seed(2).maxBatchRows(9).build().evaluate(vae, x);
    EvaluationReport c = ModelEvaluator.builder().importanceSamples(7).seed(2).build().evaluate(vae, x);
    for (EvaluationReport e : new EvaluationReport[] {b, c}) {
      assertThat(e.overall().logLikelihoodOrThrow())
          .isCloseTo(a.overall().logLikelihoodOrThrow(), within(1e-4));
      assertThat(e.overall().loss()).isCloseTo(a.overall().loss(), within(1e-4));
    }
  }

  @Test
  void theSeedFixesTheDraws() {
    INDArray x = uniform(10, 12);
    ModelEvaluator one = ModelEvaluator.builder().importanceSamples(3).seed(1).build();
    ModelEvaluator two = ModelEvaluator.builder().importanceSamples(3).seed(2).build();
    Metrics a = one.evaluate(vae, x).overall();
    Metrics again = one.evaluate(vae, x).overall();
    Metrics b = two.evaluate(vae, x).overall();
    assertThat(again).isEqualTo(a);
    assertThat(b.logLikelihoodOrThrow()).isNotEqualTo(a.logLikelihoodOrThrow());
    assertThat(b.reconstruction()).isNotEqualTo(a.reconstruction());
  }

  @Test
  void evaluationDoesNotChangeTheModel() {
    INDArray x = uniform(6, 13);
    INDArray before = vae.encodeMean(x);
    INDArray decodedBefore = vae.decode(before);
    ModelEvaluator.builder().importanceSamples(4).build().evaluate(vae, x);
    assertThat(vae.encodeMean(x)).isEqualTo(before);
    assertThat(vae.decode(before)).isEqualTo(decodedBefore);
  }

  @Test
  void perClassMetricsAverageToTheOverallOnes() {
    INDArray x = uniform(30, 14);
    int[] labels = new int[30];
    for (int i = 0; i < 30; i++) {
      labels[i] = (i * 7) % 4 == 3 ? 9 : (i * 7) % 4;
    }
    EvaluationReport e = ModelEvaluator.builder().importanceSamples(2).build().evaluate(vae, x, labels);
    assertThat(e.perClass().keySet()).containsExactly(0, 1, 2, 9);
    long count = 0;
    double loss = 0;
    double ll = 0;
    double mse = 0;
    for (Map.Entry<Integer, Metrics> c : e.perClass().entrySet()) {
      Metrics m = c.getValue();
      count += m.count();
      loss += m.count() * m.loss();
      ll += m.count() * m.logLikelihoodOrThrow();
      mse += m.count() * m.mse();
    }
    Metrics all = e.overall();
    assertThat(count).isEqualTo(30);
    assertThat(loss / 30).isCloseTo(all.loss(), within(1e-9));
    assertThat(ll / 30).isCloseTo(all.logLikelihoodOrThrow(), within(1e-9));
    assertThat(mse / 30).isCloseTo(all.mse(), within(1e-12));
    // The unlabelled evaluation gives the same overall numbers.
    assertThat(ModelEvaluator.builder().importanceSamples(2).build().evaluate(vae, x).overall()).isEqualTo(all);
    assertThat(e.toString()).contains("class 9");
  }

  @Test
  void conditionalVaeIsScoredGivenEachExamplesLabel() {
    try (ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(8).inputShape(D).latentDim(2)
        .numClasses(3).seed(7).build()) {
      INDArray x = uniform(12, 15);
      int[] labels = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2};
      int[] other = {1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
      ModelEvaluator ev = ModelEvaluator.builder().importanceSamples(3).build();
      EvaluationReport e = ev.evaluate(cvae, x, labels);
      EvaluationReport f = ev.evaluate(cvae, x, other);
      assertThat(e.perClass()).hasSize(3);
      assertThat(e.overall().logLikelihoodOrThrow()).isNotEqualTo(f.overall().logLikelihoodOrThrow());
      double expected = mean(rowBce(x, cvae.reconstruct(x, labels)));
      assertThat(e.overall().bce()).isCloseTo(expected, within(1e-4 * expected));
      assertThatThrownBy(() -> ev.evaluate(cvae, x, new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 3}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[11]")
          .hasMessageContaining("3");
      // one method for every model: the condition is an input a conditional VAE cannot do without
      assertThatThrownBy(() -> ev.evaluate(cvae, x))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("labels must be given for a model conditioned on 3 classes (a conditional"
              + " VAE), got none");
      assertThatThrownBy(() -> ev.evaluate(cvae, new Images(x.reshape(12, 1, 3, 4), null)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels");
    }
  }

  @Test
  void imagesAreFlattenedForAnMlpModel() {
    INDArray x = uniform(8, 16);
    int[] labels = {0, 1, 0, 1, 0, 1, 0, 1};
    ModelEvaluator ev = ModelEvaluator.builder().importanceSamples(2).build();
    EvaluationReport fromImages = ev.evaluate(vae, new Images(x.reshape(8, 1, 3, 4), labels));
    EvaluationReport fromArray = ev.evaluate(vae, x, labels);
    assertThat(fromImages).isEqualTo(fromArray);
  }

  @Test
  void rejectsEmptyMisshapedAndNonFiniteData() {
    ModelEvaluator ev = ModelEvaluator.defaults();
    assertThatThrownBy(() -> ev.evaluate(vae, Nd4j.create(DataType.FLOAT, 0, D)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data")
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> ev.evaluate(vae, uniform(2, 1, 2, 1, 3, 4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data")
        .hasMessageContaining("[n, 12]").hasMessageContaining("[2, 1, 3, 4]");
    INDArray nan = uniform(3, 1);
    nan.putScalar(1, 4, Float.NaN);
    assertThatThrownBy(() -> ev.evaluate(vae, nan))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data")
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> ev.evaluate(vae, (INDArray) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data");
  }

  @Test
  void rejectsBadSettingsAndLabels() {
    assertThatThrownBy(() -> ModelEvaluator.builder().importanceSamples(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("importanceSamples must be >= 1, got 0");
    assertThatThrownBy(() -> ModelEvaluator.builder().maxBatchRows(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBatchRows must be >= 1, got 0");
    INDArray x = uniform(3, 1);
    assertThatThrownBy(() -> ModelEvaluator.defaults().evaluate(vae, x, new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels")
        .hasMessageContaining("(3)").hasMessageContaining("2");
    assertThatThrownBy(() -> ModelEvaluator.defaults().evaluate(vae, x, new int[] {0, -1, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[1]")
        .hasMessageContaining("-1");
  }

  @Test
  void aClosedModelIsRejected() {
    INDArray x = uniform(3, 1);
    vae.close();
    assertThatThrownBy(() -> ModelEvaluator.defaults().evaluate(vae, x))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  /** A minimal in-memory ImageData. */
  record Images(INDArray images, int[] labels) implements ImageData {
    @Override
    public int size() {
      return (int) images.size(0);
    }

    @Override
    public long[] imageShape() {
      return new long[] {images.size(1), images.size(2), images.size(3)};
    }

    @Override
    public boolean hasLabels() {
      return labels != null;
    }

    @Override
    public int[] labels() {
      if (labels == null) {
        throw new IllegalStateException("no labels");
      }
      return labels.clone();
    }

    @Override
    public int numClasses() {
      return labels == null ? 0 : 10;
    }
  }
}
