package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.internal.DiagonalGaussian;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.Scaling;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.core.Vae;
import org.vae4j.core.internal.ModelInternals;
import org.vae4j.core.internal.Network;

/**
 * Denoising training ({@link TrainingOptions#denoisingMaskRate()}): a step with a mask equals, by
 * its definition, an encoder that sees the hidden values as missing and a likelihood that still
 * scores them; the option is seeded, changes training, and is refused where it cannot apply.
 */
class DenoisingTrainingTest {

  private static final int W = 5;

  private static TablePreprocessing prep() {
    return new TablePreprocessing(List.of(
        new ColumnEncoding("a", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
        new ColumnEncoding("b", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
        new ColumnEncoding("c", ColumnType.BINARY, Scaling.NONE, 0, 1, List.of("n", "y")),
        new ColumnEncoding("d", ColumnType.CATEGORICAL, Scaling.NONE, 0, 1, List.of("p", "q"))));
  }

  private static INDArray rows(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * W];
    for (int i = 0; i < n; i++) {
      double f = r.nextGaussian();
      v[i * W] = (float) (f + 0.3 * r.nextGaussian());
      v[i * W + 1] = (float) (-f + 0.3 * r.nextGaussian());
      v[i * W + 2] = f > 0 ? 1 : 0;
      int level = r.nextInt(2);
      v[i * W + 3] = level == 0 ? 1 : 0;
      v[i * W + 4] = level == 1 ? 1 : 0;
      if (r.nextDouble() < 0.2) {
        v[i * W + 1] = Float.NaN;
      }
    }
    return Nd4j.create(v, new long[] {n, W}, 'c');
  }

  @Test
  void aMaskedStepEncodesTheRowWithTheHiddenValuesMissingAndScoresEveryObservedValue() {
    qt().withExamples(10).forAll(longs().between(0, 1_000_000)).checkAssert(seed -> {
      try (Vae vae = Vae.builder().mlpEncoder(6).table(prep()).latentDim(2).seed(seed).build()) {
        Network network = ModelInternals.network(vae);
        int n = 6;
        INDArray x = rows(seed, n);
        SplittableRandom r = new SplittableRandom(seed + 1);
        float[] keep = new float[n * W];
        float[] hidden = x.dup().data().asFloat();
        for (int i = 0; i < keep.length; i++) {
          keep[i] = r.nextDouble() < 0.4 ? 0 : 1;
          if (keep[i] == 0) {
            hidden[i] = Float.NaN;
          }
        }
        INDArray xHidden = Nd4j.create(hidden, new long[] {n, W}, 'c');
        double[] eps = new double[n * 2];
        for (int i = 0; i < eps.length; i++) {
          eps[i] = (float) r.nextGaussian();
        }
        // the reference: the posterior of the row with the hidden values missing, z from the
        // one reparameterization, and the loss of the whole row (its observed values) at z
        INDArray[] q = network.encode(xHidden, null);
        double[] mu = q[0].castTo(DataType.DOUBLE).data().asDouble();
        double[] lv = q[1].castTo(DataType.DOUBLE).data().asDouble();
        double[] z = new double[mu.length];
        double kl = 0;
        for (int i = 0; i < n; i++) {
          kl += DiagonalGaussian.kl(mu, lv, i * 2, 2) / n;
        }
        for (int i = 0; i < z.length; i++) {
          z[i] = DiagonalGaussian.sample(mu[i], lv[i], eps[i]);
        }
        INDArray zs = Nd4j.create(z, new long[] {n, 2}, DataType.DOUBLE).castTo(DataType.FLOAT);
        double recon = network.reconstructionLoss(x, zs, null).sumNumber().doubleValue() / n;
        Network.Loss masked = network.lossAndGradient(x, null, eps, 1.0, keep);
        assertThat(masked.kl()).isCloseTo(kl, within(1e-4 * (1 + kl)));
        assertThat(masked.reconstruction()).isCloseTo(recon, within(1e-4 * (1 + Math.abs(recon))));
        // keeping everything is the plain step
        float[] all = new float[n * W];
        java.util.Arrays.fill(all, 1f);
        Network.Loss plain = network.lossAndGradient(x, null, eps, 1.0, null);
        Network.Loss kept = network.lossAndGradient(x, null, eps, 1.0, all);
        assertThat(kept.total()).isEqualTo(plain.total());
      }
    });
  }

  @Test
  void denoisingTrainingIsSeededAndDiffersFromPlainTraining() {
    INDArray x = rows(4, 64);
    TrainingOptions denoise = TrainingOptions.builder().epochs(2).batchSize(16).seed(3)
        .denoisingMaskRate(0.3).build();
    float[][] params = new float[3][];
    TrainingOptions[] runs = {denoise, denoise, denoise.toBuilder().denoisingMaskRate(0).build()};
    for (int i = 0; i < 3; i++) {
      try (Vae vae = Vae.builder().mlpEncoder(6).table(prep()).latentDim(2).seed(1).build()) {
        vae.fit(x, runs[i]);
        params[i] = ModelInternals.network(vae).parameters().values().dup().data().asFloat();
      }
    }
    assertThat(params[1]).containsExactly(params[0]);
    assertThat(params[2]).isNotEqualTo(params[0]);
  }

  @Test
  void aModelWhoseLikelihoodRefusesMissingValuesRefusesDenoising() {
    try (Vae vae = Vae.builder().mlpEncoder(4).inputShape(6).latentDim(2).bceLoss().seed(1)
        .build()) {
      INDArray x = Nd4j.rand(DataType.FLOAT, 8, 6);
      assertThatThrownBy(() -> vae.fit(x, TrainingOptions.builder().epochs(1)
          .denoisingMaskRate(0.2).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("denoisingMaskRate needs a model whose likelihood accepts missing values "
              + "(a TABLE model), got loss BCE with rate 0.2");
    }
  }

  @Test
  void theRateIsValidatedAndRoundTripsThroughJson() {
    for (double bad : new double[] {-0.1, 1.0, Double.NaN}) {
      assertThatThrownBy(() -> TrainingOptions.builder().denoisingMaskRate(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("denoisingMaskRate must be in [0, 1), got " + bad);
    }
    TrainingOptions o = TrainingOptions.builder().denoisingMaskRate(0.25).build();
    assertThat(TrainingOptions.fromJson(o.toJson())).isEqualTo(o);
    assertThat(o.toBuilder().build().denoisingMaskRate()).isEqualTo(0.25);
    String old = TrainingOptions.builder().build().toJson()
        .replaceAll(",\\s*\"denoisingMaskRate\"\\s*:\\s*0\\.0", "");
    assertThat(old).doesNotContain("denoisingMaskRate");
    assertThat(TrainingOptions.fromJson(old).denoisingMaskRate()).isZero();
    assertThat(new TrainingOptions(10, 128, 1e-3, 0.9, 0.999, 1e-8, 0, 0, 0, 0, 0.0, false, null,
        1, 3, 0.0, TrainingOptions.Optimizer.ADAM)).isEqualTo(TrainingOptions.builder().build());
  }
}
