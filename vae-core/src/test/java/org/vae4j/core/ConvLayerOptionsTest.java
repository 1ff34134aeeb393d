package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.train.TrainingOptions;

/**
 * The conv kernel, stride and LeakyReLU settings ({@link ModelConfig.LayerOptions}) through the
 * public API: validation, the sizes people have (3×64×64, 3×128×128, odd sizes), training, save and
 * load, and model files written before the settings existed. The layers' numbers are checked
 * against the SameDiff oracle and by finite differences in {@code NetworkOracleProperties} and
 * {@code GradientCheckTest}.
 */
class ConvLayerOptionsTest {

  @TempDir
  Path dir;

  /** Images with structure (blobs on a background), values in [0, 1]. */
  static INDArray images(int n, int c, int h, int w, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * c * h * w];
    for (int i = 0; i < n; i++) {
      double cy = r.nextDouble(h);
      double cx = r.nextDouble(w);
      double radius = 3 + r.nextDouble(h / 4.0);
      for (int ch = 0; ch < c; ch++) {
        double colour = r.nextDouble();
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            boolean inside = (y - cy) * (y - cy) + (x - cx) * (x - cx) < radius * radius;
            v[((i * c + ch) * h + y) * w + x] = inside ? (float) colour : 0.1f;
          }
        }
      }
    }
    return Nd4j.create(v, new long[] {n, c, h, w}, 'c');
  }

  @Test
  void settersRefuseBadValuesNamingTheSetting() {
    assertThatThrownBy(() -> Vae.builder().convKernel(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("convKernel must be in [1, 15], got 0");
    assertThatThrownBy(() -> Vae.builder().convKernel(16))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 16");
    assertThatThrownBy(() -> Vae.builder().convStride(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("convStride must be >= 1, got 0");
    for (double bad : new double[] {0, 1, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> Vae.builder().leakyRelu(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("leakyRelu alpha must be in (0, 1), got " + bad);
    }
    assertThatThrownBy(() -> Vae.builder().convEncoder(4).convKernel(2).convStride(3)
        .inputShape(1, 8, 8).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("convStride must be in [1, convKernel = 2], got 3");
  }

  @Test
  void sizesTheStackCannotTakeAreRefusedNamingTheLayerAndTheSizes() {
    // 4x4 stride 2 padding 1: 4 -> 2 -> 1, and a 4x4 kernel cannot take a 1x1 map
    assertThatThrownBy(() -> Vae.builder().convEncoder(4, 4, 4).convKernel(4).inputShape(1, 4, 4)
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("enc_conv2: a 4x4 stride-2 convolution with padding 1 cannot take a"
            + " 1x1 input");
    // 4x4 stride 4: the transposed convolution of 8 -> 2 reaches 8, the crop needs 8 + 1
    assertThatThrownBy(() -> Vae.builder().convEncoder(4).convKernel(4).convStride(4)
        .inputShape(1, 8, 8).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("enc_conv0: the decoder cannot mirror a 4x4 stride-4 convolution")
        .hasMessageContaining("from 8x8 to 2x2");
    // kernel and stride are conv settings: a config with an MLP encoder refuses other values
    assertThatThrownBy(() -> new ModelConfig(ModelConfig.Kind.VAE, ModelConfig.EncoderKind.MLP,
        new int[] {4}, null, 0, new long[] {6}, 2, ModelConfig.LossKind.BCE, 1, 1, 0,
        new ModelConfig.LayerOptions(4, 2, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("for an MLP encoder, got 4 and 2");
    // the builder drops them for an MLP encoder, keeps the slope
    try (Vae mlp = Vae.builder().convKernel(5).mlpEncoder(4).inputShape(6).leakyRelu(0.1).build()) {
      assertThat(mlp.config().layerOptions()).isEqualTo(new ModelConfig.LayerOptions(3, 2, 0.1));
    }
  }

  @Test
  void colourModelsAtTheSizesPeopleHaveDecodeToTheExactInputSize() {
    long[][] shapes = {{3, 64, 64}, {3, 128, 128}, {3, 63, 47}, {1, 28, 28}, {3, 5, 9}};
    for (long[] shape : shapes) {
      for (int[] ks : new int[][] {{4, 2}, {3, 2}, {5, 2}, {3, 1}}) {
        int depth = shape[1] >= 64 ? 5 : 2;
        int[] channels = new int[depth];
        for (int i = 0; i < depth; i++) {
          channels[i] = 2 + i;
        }
        try (Vae vae = Vae.builder().convEncoder(channels).convKernel(ks[0]).convStride(ks[1])
            .leakyRelu(0.2).inputShape(shape).latentDim(3).build()) {
          INDArray z = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3);
          assertThat(vae.decode(z).shape()).as("%s kernel %d stride %d", java.util.Arrays.toString(
              shape), ks[0], ks[1]).isEqualTo(new long[] {2, shape[0], shape[1], shape[2]});
          assertThat(vae.config().layerOptions().convPadding()).isEqualTo((ks[0] - 1) / 2);
        }
      }
    }
  }

  @Test
  void theDocumentedModelZooVaeHasTheParametersItsLayersAdd() {
    ModelConfig c = Vae.builder().convEncoder(32, 64, 128, 256, 512).convKernel(4).convStride(2)
        .leakyRelu(0.2).denseUnits(256).inputShape(3, 64, 64).latentDim(128).bceLoss().config(
            ModelConfig.Kind.VAE, 1.0, 0);
    int[] ch = {3, 32, 64, 128, 256, 512};
    long n = 0;
    for (int i = 0; i < 5; i++) {
      n += 16L * ch[i] * ch[i + 1] + ch[i + 1];             // enc_conv i
      int out = i == 0 ? 512 : ch[5 - i];                   // dec_deconv i: 512->512, 512->256, ...
      int in = i == 0 ? 512 : ch[6 - i];
      n += 16L * in * out + out;
    }
    long last = 512L * 2 * 2;                                // 64 -> 32 -> 16 -> 8 -> 4 -> 2
    n += last * 256 + 256;                                   // enc_dense
    n += 2 * (256L * 128 + 128);                             // mean and logVar heads
    n += 128 * last + last;                                  // dec_dense
    n += 9L * 32 * 3 + 3;                                    // dec_out
    assertThat(c.parameterCount()).isEqualTo(n).isEqualTo(10_623_779L);  // docs/models.md
    // with batch norm: gamma and beta per channel of the five encoder and five decoder blocks
    ModelConfig bn = c.withBatchNorm(true);
    long norm = 0;
    for (int i = 1; i <= 5; i++) {
      norm += 2L * ch[i] * 2;                                // enc_bn and dec_bn of that width
    }
    assertThat(bn.parameterCount()).isEqualTo(n + norm).isEqualTo(10_627_747L);  // docs/models.md
  }

  @Test
  void aModelZooShaped64x64ColourLeakyReluVaeTrainsWithAFiniteDecreasingLoss() {
    INDArray x = images(16, 3, 64, 64, 7);
    try (Vae vae = Vae.builder().convEncoder(8, 16, 16, 32).convKernel(4).convStride(2)
        .leakyRelu(0.2).denseUnits(32).inputShape(3, 64, 64).latentDim(8).seed(4).build()) {
      TrainingHistory h = vae.fit(x, TrainingOptions.builder().epochs(4).batchSize(8)
          .learningRate(2e-3).seed(3).build());
      double[] losses = h.trainLosses();
      assertThat(losses).hasSize(4);
      for (double l : losses) {
        assertThat(Double.isFinite(l)).as("finite loss %s", java.util.Arrays.toString(losses)).isTrue();
      }
      assertThat(losses[3]).as("losses %s", java.util.Arrays.toString(losses))
          .isLessThan(losses[0]);
    }
  }

  @Test
  void layerOptionsSurviveSaveAndLoadWithBitIdenticalOutputs() throws IOException {
    Path file = dir.resolve("zoo.vae");
    INDArray x = images(4, 3, 17, 13, 2);
    INDArray z = Nd4j.create(new float[] {0.5f, -1f, 2f, 0.25f}, new long[] {2, 2}, 'c');
    try (Vae vae = Vae.builder().convEncoder(2, 3).convKernel(4).leakyRelu(0.2).denseUnits(4)
        .inputShape(3, 17, 13).seed(3).build()) {
      vae.fit(x, TrainingOptions.builder().epochs(1).batchSize(2).build());
      vae.save(file);
      assertThat(ModelConfig.readFrom(file).layerOptions())
          .isEqualTo(new ModelConfig.LayerOptions(4, 2, 0.2));
      try (Vae back = Vae.load(file)) {
        assertThat(back.config()).isEqualTo(vae.config());
        assertThat(back.encode(x).mean()).isEqualTo(vae.encode(x).mean());
        assertThat(back.decode(z)).isEqualTo(vae.decode(z));
      }
    }
  }

  @Test
  void aConfigWithoutLayerOptionsReadsAsTheClassic3x3Stride2ReluModel() {
    ModelConfig classic = Vae.builder().convEncoder(2, 3).denseUnits(4).inputShape(1, 6, 6).build()
        .config();
    String json = classic.toJson();
    assertThat(json).contains("\"convKernel\" : 3", "\"convStride\" : 2",
        "\"leakyReluAlpha\" : 0.0");
    String old = json.replaceAll(",\\s*\"(convKernel|convStride|leakyReluAlpha)\"\\s*:\\s*[0-9.]+", "");
    assertThat(old).doesNotContain("convKernel", "convStride", "leakyReluAlpha");
    ModelConfig read = ModelConfig.fromJson(old);
    assertThat(read.layerOptions()).isEqualTo(ModelConfig.LayerOptions.DEFAULT);
    assertThat(read).isEqualTo(classic);
    assertThat(ModelConfig.fromJson(json)).isEqualTo(classic);
    ModelConfig leaky = Vae.builder().convEncoder(2).convKernel(5).convStride(1).leakyRelu(0.01)
        .inputShape(1, 6, 6).build().config();
    assertThat(ModelConfig.fromJson(leaky.toJson())).isEqualTo(leaky);
    assertThat(leaky).isNotEqualTo(classic);
  }
}
