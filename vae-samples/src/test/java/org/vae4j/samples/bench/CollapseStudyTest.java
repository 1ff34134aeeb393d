package org.vae4j.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;
import org.vae4j.core.Vae4jModel;

class CollapseStudyTest {

  @Test
  void klAndVarianceOfAHandWorkedPosterior() {
    // Two examples, one dimension: means 1 and -1, log-variances 0 and ln 2.
    PosteriorStats s = PosteriorStats.of(new double[][] {{1}, {-1}},
        new double[][] {{0}, {Math.log(2)}});
    // KL = 0.5 (1 + 1 - 1 - 0) and 0.5 (2 + 1 - 1 - ln 2), averaged over the two examples.
    assertThat(s.klPerExample()).isCloseTo((0.5 + 0.5 * (2 - Math.log(2))) / 2, within(1e-12));
    assertThat(s.meanVariance()).containsExactly(1.0);
    assertThat(s.activeUnits()).isEqualTo(1);
  }

  @Test
  void thePriorHasNoKlAndNoActiveUnitAndTheThresholdIsStrict() {
    PosteriorStats prior = PosteriorStats.of(Nd4j.zeros(DataType.FLOAT, 5, 3),
        Nd4j.zeros(DataType.FLOAT, 5, 3));
    assertThat(prior.klPerExample()).isZero();
    assertThat(prior.activeUnits()).isZero();
    // Means +-0.0999 have variance 0.00998: not active; +-0.1001 (0.01002) is.
    double[][] lv = {{0, 0}, {0, 0}};
    assertThat(PosteriorStats.of(new double[][] {{0.0999, 0.1001}, {-0.0999, -0.1001}}, lv)
        .activeUnits()).isEqualTo(1);
    assertThatThrownBy(() -> PosteriorStats.of(Nd4j.zeros(4, 2), Nd4j.zeros(4, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 2]")
        .hasMessageContaining("[4, 3]");
  }

  @Test
  void klMatchesTheGaussianFormulaInSigmaAndVarianceMatchesTheMomentFormula() {
    qt().forAll(integers().between(1, 40), integers().between(1, 5), integers().all(),
            doubles().between(-12, 12))
        .checkAssert((n, d, seed, scale) -> {
          SplittableRandom r = new SplittableRandom(seed);
          double[][] m = new double[n][d];
          double[][] lv = new double[n][d];
          double kl = 0;
          double[] s1 = new double[d];
          double[] s2 = new double[d];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
              m[i][j] = scale * r.nextGaussian();
              lv[i][j] = r.nextDouble(-12, 12);
              double sigma = Math.exp(lv[i][j] / 2);
              // KL(N(m, s^2) || N(0, 1)) = -log s + (s^2 + m^2) / 2 - 1/2
              kl += -Math.log(sigma) + (sigma * sigma + m[i][j] * m[i][j]) / 2 - 0.5;
              s1[j] += m[i][j];
              s2[j] += m[i][j] * m[i][j];
            }
          }
          PosteriorStats s = PosteriorStats.of(m, lv);
          assertThat(s.klPerExample()).isGreaterThanOrEqualTo(0)
              .isCloseTo(kl / n, within(1e-9 * (1 + Math.abs(kl / n))));
          int active = 0;
          for (int j = 0; j < d; j++) {
            double var = s2[j] / n - (s1[j] / n) * (s1[j] / n);
            assertThat(s.meanVariance()[j]).isCloseTo(var, within(1e-9 * (1 + s2[j] / n)));
            if (var > PosteriorStats.ACTIVE_VARIANCE) {
              active++;
            }
          }
          if (Math.abs(scale) > 1e-3) { // away from the threshold the two formulas agree on counts
            assertThat(s.activeUnits()).isBetween(active - 1, active + 1);
          }
        });
  }

  /**
   * The study's "after" rows are {@code --init he-relu} runs: this is what makes them the library's
   * own initialisation. ({@code --init zero-bias} gave the same parameters as the library before
   * the change, checked the same way on that build.)
   */
  @Test
  void theHeReluRuleRedrawsTheEnginesOwnParametersBitForBit() {
    try (Vae vae = Vae.builder().convEncoder().latentDim(2).bceLoss().seed(11).build()) {
      Map<String, INDArray> built = ParameterArrays.copy(vae);
      Map<String, INDArray> redrawn = new LinkedHashMap<>();
      built.forEach((k, v) -> redrawn.put(k, v.dup().assign(7)));
      StudyInit.HE_RELU.apply(redrawn, 11);
      redrawn.forEach((k, v) -> assertThat(v).as(k).isEqualTo(built.get(k)));
    }
  }

  @Test
  void theTorchRuleDrawsBiasesWithinTheirLayersBoundAndHeScalesOnlyReluLayers() {
    ModelConfig config = Vae.builder().convEncoder().latentDim(2).bceLoss().seed(5).build()
        .config();
    // fan-ins written out from the architecture: conv 1->32, conv 32->64, dense 3136->16, heads
    // 16->2, decoder dense 2->3136, deconvs from 64 channels, output conv from 32.
    Map<String, Long> fanIn = Map.of("enc_conv0", 9L, "enc_conv1", 288L, "enc_dense", 3136L,
        "enc_mean", 16L, "enc_logVar", 16L, "dec_dense", 2L, "dec_deconv0", 576L,
        "dec_deconv1", 576L, "dec_out", 288L);
    try (Vae4jModel model = Vae4jModel.fromConfig(config)) {
      Map<String, INDArray> torch = ParameterArrays.copy(model);
      Map<String, INDArray> he = ParameterArrays.copy(model);
      StudyInit.TORCH.apply(torch, 5);
      StudyInit.HE_RELU.apply(he, 5);
      for (Map.Entry<String, INDArray> e : torch.entrySet()) {
        String layer = e.getKey().substring(0, e.getKey().length() - 2);
        double bound = 1 / Math.sqrt(fanIn.get(layer));
        double max = e.getValue().amaxNumber().doubleValue();
        assertThat(max).as(e.getKey()).isLessThanOrEqualTo(bound * (1 + 1e-6));
        if (e.getValue().length() >= 16) { // P(max of 16 draws < 0.4 b) = 0.4^16 < 1e-6
          assertThat(max).as(e.getKey()).isGreaterThan(bound * 0.4);
        }
        INDArray h = he.get(e.getKey());
        boolean relu = !layer.startsWith("enc_mean") && !layer.startsWith("enc_logVar")
            && !layer.equals("dec_out");
        if (e.getKey().endsWith("_b")) {
          assertThat(h.amaxNumber().doubleValue()).as(e.getKey()).isZero();
        } else {
          double hb = (relu ? Math.sqrt(6) : 1) * bound;
          assertThat(h.amaxNumber().doubleValue()).as(e.getKey())
              .isLessThanOrEqualTo(hb * (1 + 1e-6)).isGreaterThan(hb * 0.8);
        }
      }
    }
    try (Vae4jModel model = Vae4jModel.fromConfig(config)) {
      Map<String, INDArray> glorot = ParameterArrays.copy(model);
      StudyInit.GLOROT.apply(glorot, 5);
      // fan_in + fan_out per layer, from the architecture.
      Map<String, Long> sum = Map.of("enc_conv0_W", 9L + 288, "enc_conv1_W", 288L + 576,
          "enc_dense_W", 3136L + 16, "enc_mean_W", 18L, "enc_logVar_W", 18L,
          "dec_dense_W", 2L + 3136, "dec_deconv0_W", 576L + 576, "dec_deconv1_W", 576L + 288,
          "dec_out_W", 288L + 9);
      glorot.forEach((k, v) -> {
        double max = v.amaxNumber().doubleValue();
        if (k.endsWith("_b")) {
          assertThat(max).as(k).isZero();
        } else {
          double b = Math.sqrt(6.0 / sum.get(k));
          assertThat(max).as(k).isLessThanOrEqualTo(b * (1 + 1e-6)).isGreaterThan(b * 0.8);
        }
      });
    }
    assertThatThrownBy(() -> StudyInit.parse("xavier"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xavier")
        .hasMessageContaining("zero-bias");
  }

  @Test
  void theProbesPosteriorMeansAgreeWithTheModelsEncodeMean() {
    try (Vae vae = Vae.builder().convEncoder().latentDim(2).bceLoss().seed(3).build()) {
      // Nonzero biases, so that the probe's handling of every bias is checked too.
      Map<String, INDArray> params = ParameterArrays.copy(vae);
      StudyInit.TORCH.apply(params, 3);
      ParameterArrays.set(vae, params);
      assertThat(ParameterArrays.copy(vae).get("enc_dense_b").amaxNumber().doubleValue())
          .isGreaterThan(0);
      INDArray x = Nd4j.rand(DataType.FLOAT, 1200, 1, 28, 28);
      EncoderProbe probe = new EncoderProbe(vae.config(), ParameterArrays.copy(vae));
      INDArray hidden = probe.hidden(x);
      assertThat(hidden.shape()).containsExactly(1200, 16);
      assertThat(hidden.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
      INDArray gap = probe.mean(hidden).sub(vae.encodeMean(x));
      assertThat(gap.amaxNumber().doubleValue()).isLessThan(1e-4);
    }
  }

  @Test
  void deadUnitsAreTheColumnsThatAreZeroOnEveryRow() {
    INDArray h = Nd4j.createFromArray(new float[][] {{0, 1, 0, 0}, {0, 0, 0, 2}, {0, 3, 0, 0}});
    assertThat(EncoderProbe.deadUnits(h)).isEqualTo(2);
  }

  @Test
  void parsesSeedsAndOptionsAndRejectsBadOnesNamingThem() {
    assertThat(CollapseStudy.seeds("1-3,7")).containsExactly(1L, 2L, 3L, 7L);
    CollapseStudy.Options o = CollapseStudy.parse();
    assertThat(o.seeds()).hasSize(10);
    assertThat(o.limit()).isEqualTo(9000);
    assertThat(o.epochs()).isEqualTo(5);
    assertThat(o.dense()).isEqualTo(16);
    assertThat(o.init()).isEqualTo("model");
    CollapseStudy.Options p = CollapseStudy.parse("--seeds", "4,5", "--limit", "100",
        "--epochs", "2", "--init", "torch", "--mnist", "/m");
    assertThat(p.seeds()).containsExactly(4L, 5L);
    assertThat(p.init()).isEqualTo("torch");
    assertThat(p.mnistDir()).isEqualTo(Path.of("/m"));
    assertThatThrownBy(() -> CollapseStudy.parse("--seeds", "5-2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5-2");
    assertThatThrownBy(() -> CollapseStudy.parse("--seeds", "a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--seeds");
    assertThat(CollapseStudy.parse("--epochs", "0").epochs()).isZero();
    assertThatThrownBy(() -> CollapseStudy.parse("--epochs", "-1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--epochs");
    assertThatThrownBy(() -> CollapseStudy.parse("--limit", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--limit");
    assertThatThrownBy(() -> CollapseStudy.parse("--init", "xavier"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xavier");
    assertThatThrownBy(() -> CollapseStudy.parse("--fast", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--fast");
    assertThatThrownBy(() -> CollapseStudy.parse("--epochs"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--epochs");
  }

  @Test
  void theSummaryCountsRunsWithoutActiveUnitsAsCollapsed() {
    PosteriorStats none = new PosteriorStats(0.001, new double[] {1e-5, 2e-5});
    PosteriorStats one = new PosteriorStats(2.5, new double[] {0.9, 1e-4});
    PosteriorStats two = new PosteriorStats(5.5, new double[] {0.9, 0.7});
    List<CollapseStudy.Run> runs = List.of(
        new CollapseStudy.Run(1, 208.1, 0.001, none, none, 3, List.of(9, 16), 16, 16, 60),
        new CollapseStudy.Run(2, 190.0, 2.4, one, none, 2, List.of(4, 5), 5, 16, 60),
        new CollapseStudy.Run(3, 180.0, 5.4, two, none, 1, List.of(4, 4), 4, 16, 60));
    assertThat(CollapseStudy.summary("model", runs)).isEqualTo("COLLAPSE engine=vae4j init=model"
        + " runs=3 collapsed=1 one_active_unit=1 median_loss_last=190.0000 collapsed_seeds=[1]");
    assertThat(runs.get(0).line("model")).contains(" active_units=0 ")
        .contains(" collapsed=yes ").contains(" dead_per_epoch=[9,16] ").contains(" kl_init=0.0010 ").contains(" mean_var=[1.000e-05,2.000e-05] ");
  }
}
