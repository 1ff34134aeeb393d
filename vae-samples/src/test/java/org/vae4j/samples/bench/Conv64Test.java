package org.vae4j.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.Vae;

class Conv64Test {

  @Test
  void theModelHasTheParameterCountOfTheLayersWrittenOut() {
    // enc: 4x4 convs 3->32->64->128->256, dense 4096->256, heads 256->128 (x2);
    // dec: dense 128->4096, 4x4 deconvs 256->256->128->64->32, 3x3 conv 32->3 (weights + biases)
    long expected = (16L * 3 * 32 + 32) + (16L * 32 * 64 + 64) + (16L * 64 * 128 + 128)
        + (16L * 128 * 256 + 256) + (4096L * 256 + 256) + 2 * (256L * 128 + 128)
        + (128L * 4096 + 4096) + (16L * 256 * 256 + 256) + (16L * 256 * 128 + 128)
        + (16L * 128 * 64 + 64) + (16L * 64 * 32 + 32) + (9L * 32 * 3 + 3);
    try (Vae vae = Conv64.builder().bceLoss().seed(1).build()) {
      assertThat(vae.config().parameterCount()).isEqualTo(expected).isEqualTo(4_071_203L);
    }
  }

  @Test
  void theZeroBiasRuleUsesTheFanInOfA4x4Kernel() {
    try (Vae vae = Conv64.builder().bceLoss().seed(1).build()) {
      Map<String, INDArray> p = ParameterArrays.copy(vae);
      StudyInit.ZERO_BIAS.apply(p, 3);
      // enc_conv1 [4, 4, 32, 64]: fan-in 512; dec_deconv0 [4, 4, 256, 256]: 4096
      double b1 = 1 / Math.sqrt(16 * 32);
      assertThat(p.get("enc_conv1_W").amaxNumber().doubleValue())
          .isLessThanOrEqualTo(b1 * (1 + 1e-6)).isGreaterThan(b1 * 0.99);
      double b2 = 1 / Math.sqrt(16 * 256);
      assertThat(p.get("dec_deconv0_W").amaxNumber().doubleValue())
          .isLessThanOrEqualTo(b2 * (1 + 1e-6)).isGreaterThan(b2 * 0.99);
      assertThat(p.get("dec_deconv0_b").amaxNumber().doubleValue()).isZero();
    }
  }

  @Test
  void theRawFileHoldsTheHeaderAndTheBytesInNchwOrder(@TempDir Path dir) throws Exception {
    byte[] values = new byte[2 * 3 * 2 * 4];
    float[] v = new float[values.length];
    for (int i = 0; i < v.length; i++) {
      values[i] = (byte) (i * 11);
      v[i] = (values[i] & 0xFF) / 255f;
    }
    INDArray images = Nd4j.create(v, new long[] {2, 3, 2, 4}, 'c');
    Path file = dir.resolve("x.u8");
    Conv64.writeRaw(images, file);
    byte[] all = Files.readAllBytes(file);
    assertThat(all).hasSize(8 + 16 + values.length);
    assertThat(Arrays.copyOf(all, 8)).isEqualTo(Conv64.MAGIC);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 8, 16));
    assertThat(new int[] {in.readInt(), in.readInt(), in.readInt(), in.readInt()})
        .containsExactly(2, 3, 2, 4);
    assertThat(Arrays.copyOfRange(all, 24, all.length)).isEqualTo(values);
    assertThat(Files.list(dir).count()).isEqualTo(1);
  }

  @Test
  void theRawFileRejectsValuesThatAreNotBytesOver255(@TempDir Path dir) {
    INDArray bad = Nd4j.valueArrayOf(new long[] {1, 1, 2, 2}, 0.5, DataType.FLOAT);
    assertThatThrownBy(() -> Conv64.writeRaw(bad, dir.resolve("x.u8")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte / 255");
    assertThatThrownBy(() -> Conv64.writeRaw(Nd4j.zeros(DataType.FLOAT, 2, 4),
        dir.resolve("y.u8"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[N, C, H, W]");
    assertThat(dir.resolve("x.u8")).doesNotExist();
  }

  @Test
  void conv64NeedsAnImageFolderAndIsNotPartOfAll() {
    assertThatThrownBy(() -> Benchmark.parse("conv64"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--images");
    BenchmarkOptions o = Benchmark.parse("conv64", "3", "--images", "/data/glyphs");
    assertThat(o.models()).containsExactly("conv64");
    assertThat(o.imagesDir()).isEqualTo(Path.of("/data/glyphs"));
    assertThat(Benchmark.parse().models()).containsExactly("conv", "mlp");
  }
}
