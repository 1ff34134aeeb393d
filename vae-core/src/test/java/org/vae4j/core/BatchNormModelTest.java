package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.eval.AnomalyScorer;
import org.vae4j.core.internal.nn.Param;
import org.vae4j.core.train.TrainingOptions;

/**
 * Batch norm in conv models through the public API ({@link ModelBuilder#batchNorm(boolean)}): the
 * config and its JSON (older files without the field), the parameter count, the MLP refusal,
 * training moving the running statistics while every inference call leaves them and does not
 * depend on the batch, and save/load. The layer's numbers are checked against the SameDiff
 * oracle and finite differences in {@code NetworkOracleProperties}, {@code GradientCheckTest} and
 * {@code BatchNorm2dOracleTest}.
 */
class BatchNormModelTest {

  @TempDir
  Path dir;

  private static Vae.Builder small() {
    return Vae.builder().convEncoder(3, 4).convKernel(4).leakyRelu(0.2).denseUnits(6)
        .inputShape(3, 16, 16).latentDim(3).seed(5);
  }

  /** The running statistics by name, copied. */
  private static Map<String, float[]> runningStatistics(BaseModel m) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Param p : m.network().state().list()) {
      out.put(p.name(), p.value().dup('c').data().asFloat());
    }
    return out;
  }

  private static void assertSameStatistics(Map<String, float[]> a, Map<String, float[]> b) {
    assertThat(b.keySet()).isEqualTo(a.keySet());
    for (String k : a.keySet()) {
      assertThat(b.get(k)).as(k).containsExactly(a.get(k));
    }
  }

  @Test
  void theBuilderSetsBatchNormForAConvEncoderAndRefusesItForAnMlp() {
    try (Vae off = small().build(); Vae on = small().batchNorm(true).build()) {
      assertThat(off.config().batchNorm()).isFalse();
      assertThat(on.config().batchNorm()).isTrue();
      assertThat(on.config()).isNotEqualTo(off.config());
      assertThat(on.config().withBatchNorm(false)).isEqualTo(off.config())
          .hasSameHashCodeAs(off.config());
      assertThat(on.config().toString()).contains("batchNorm=true");
      assertThat(off.config().toString()).doesNotContain("batchNorm");
      // gamma and beta per channel of every conv block (3 + 4 in the encoder, 4 + 3 in the
      // decoder's transposed convolutions, which mirror the encoder), no running statistics
      assertThat(on.config().parameterCount() - off.config().parameterCount())
          .isEqualTo(2L * (3 + 4 + 4 + 3));
    }
    assertThatThrownBy(() -> Vae.builder().mlpEncoder(8).inputShape(4).batchNorm(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchNorm is only for a conv encoder (it normalises the conv blocks'"
            + " channels), got an MLP encoder; build without batchNorm(true)");
    assertThatThrownBy(() -> ConditionalVae.builder().mlpEncoder(8).inputShape(4).numClasses(2)
        .batchNorm(true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchNorm");
  }

  @Test
  void theJsonCarriesBatchNormOnlyWhenOnAndAConfigWithoutItReadsAsOff() {
    try (Vae off = small().build(); Vae on = small().batchNorm(true).build()) {
      String offJson = off.config().toJson();
      String onJson = on.config().toJson();
      // a config without batch norm writes the JSON older versions wrote
      assertThat(offJson).doesNotContain("batchNorm");
      assertThat(onJson).contains("\"batchNorm\" : true");
      assertThat(ModelConfig.fromJson(onJson)).isEqualTo(on.config());
      assertThat(ModelConfig.fromJson(offJson)).isEqualTo(off.config());
      // an older file's config: no batchNorm field (and none of the layer options)
      String old = offJson.replaceAll(
          ",\\s*\"(convKernel|convStride|leakyReluAlpha)\"\\s*:\\s*[0-9.]+", "");
      ModelConfig read = ModelConfig.fromJson(old);
      assertThat(read.batchNorm()).isFalse();
      assertThat(ModelConfig.fromJson(onJson.replace("\"batchNorm\" : true", "\"batchNorm\" : false")))
          .isEqualTo(off.config());
    }
  }

  @Test
  void trainingMovesTheRunningStatisticsAndInferenceNeitherMovesThemNorDependsOnTheBatch() {
    INDArray x = ConvLayerOptionsTest.images(12, 3, 16, 16, 3);
    try (Vae vae = small().batchNorm(true).build()) {
      Map<String, float[]> initial = runningStatistics(vae);
      assertThat(initial).hasSize(8);
      vae.fit(x, TrainingOptions.builder().epochs(2).batchSize(4).learningRate(2e-3).seed(1).build());
      Map<String, float[]> trained = runningStatistics(vae);
      assertThat(trained.get("enc_bn0_runningMean")).isNotEqualTo(initial.get("enc_bn0_runningMean"));
      assertThat(trained.get("dec_bn1_runningVar")).isNotEqualTo(initial.get("dec_bn1_runningVar"));

      INDArray all = vae.encode(x).mean();
      INDArray rec = vae.reconstruct(x);
      vae.sample(5, 2);
      vae.reconstructionLoss(x, all);
      AnomalyScorer.builder().seed(1).build().score(vae, x);
      assertSameStatistics(trained, runningStatistics(vae));
      // inference normalises with the running statistics: each row alone gives what the batch gave
      // (to rounding: BLAS may sum a 1-row and a 12-row product in different orders, 1 ulp on AVX2;
      // batch statistics would change the values by orders of magnitude more)
      for (int i = 0; i < 12; i += 5) {
        INDArray row = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1));
        assertThat(vae.encode(row).mean().getRow(0).toFloatVector())
            .containsExactly(all.getRow(i).toFloatVector(), org.assertj.core.data.Offset.offset(1e-5f));
      }
      assertThat(vae.reconstruct(x)).isEqualTo(rec);
    }
  }

  @Test
  void aTrainedBatchNormModelSavedAndLoadedReconstructsIdentically() throws IOException {
    INDArray x = ConvLayerOptionsTest.images(8, 3, 16, 16, 4);
    Path file = dir.resolve("bn.zip");
    INDArray z = Nd4j.create(new float[] {0.5f, -1f, 2f, 0.25f, 0f, -0.5f}, new long[] {2, 3}, 'c');
    try (Vae vae = small().batchNorm(true).build()) {
      vae.fit(x, TrainingOptions.builder().epochs(2).batchSize(4).seed(2).build());
      vae.save(file);
      assertThat(ModelConfig.readFrom(file).batchNorm()).isTrue();
      try (Vae back = Vae.load(file)) {
        assertThat(back.config()).isEqualTo(vae.config());
        assertSameStatistics(runningStatistics(vae), runningStatistics(back));
        assertThat(back.reconstruct(x)).isEqualTo(vae.reconstruct(x));
        assertThat(back.decode(z)).isEqualTo(vae.decode(z));
      }
      // the comparison can fail: a fresh model of the same config has other statistics
      try (Vae fresh = Vae.fromConfig(vae.config())) {
        assertThat(fresh.reconstruct(x)).isNotEqualTo(vae.reconstruct(x));
      }
    }
  }
}
