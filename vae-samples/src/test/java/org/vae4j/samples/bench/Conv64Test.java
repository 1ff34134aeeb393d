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

  @Test
  void parametersWrittenInThePeersLayoutsReadBackAsTheModelsOwn(@TempDir Path dir)
      throws Exception {
    try (Vae vae = Conv64.builder().bceLoss().seed(1).build()) {
      Map<String, INDArray> p = ParameterArrays.copy(vae);
      StudyInit.ZERO_BIAS.apply(p, 9);
      Path file = dir.resolve("params.bin");
      Conv64Probe.write(file, p);
      Map<String, INDArray> peer = Conv64Probe.read(file);
      // the peer's layouts: dense [out, in], conv and deconv [out, in, k, k]
      assertThat(peer.get("enc_dense_W").shape()).containsExactly(256, 4096);
      assertThat(peer.get("enc_conv0_W").shape()).containsExactly(32, 3, 4, 4);
      assertThat(peer.get("dec_deconv1_W").shape()).containsExactly(128, 256, 4, 4);
      assertThat(peer.get("dec_out_W").shape()).containsExactly(3, 32, 3, 3);
      // enc_conv0 [k, k, in, out] element (1, 2, 0, 5) is the peer's (5, 0, 1, 2);
      // dec_deconv1 [k, k, out, in] element (3, 0, 7, 200) is the peer's (7, 200, 3, 0)
      assertThat(peer.get("enc_conv0_W").getDouble(5, 0, 1, 2))
          .isEqualTo(p.get("enc_conv0_W").getDouble(1, 2, 0, 5));
      assertThat(peer.get("dec_deconv1_W").getDouble(7, 200, 3, 0))
          .isEqualTo(p.get("dec_deconv1_W").getDouble(3, 0, 7, 200));
      Map<String, INDArray> back = Conv64Probe.readVae4jLayout(file);
      assertThat(back.keySet()).containsExactlyElementsOf(p.keySet());
      for (Map.Entry<String, INDArray> e : p.entrySet()) {
        assertThat(back.get(e.getKey()).shape()).as(e.getKey()).containsExactly(e.getValue().shape());
        assertThat(back.get(e.getKey()).equals(e.getValue().castTo(DataType.FLOAT)))
            .as(e.getKey()).isTrue();
      }
      ParameterArrays.set(vae, back);
      assertThat(ParameterArrays.copy(vae).get("dec_deconv3_W")
          .equals(p.get("dec_deconv3_W").castTo(DataType.FLOAT))).isTrue();
    }
  }

  @Test
  void aFileThatIsNotAProbeFileIsRejectedByName(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.bin");
    Files.write(bad, "VAE4JU8\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> Conv64Probe.read(bad)).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("bad.bin").hasMessageContaining("VAE4JP1");
    Path cut = dir.resolve("cut.bin");
    Files.write(cut, Arrays.copyOf(Conv64Probe.MAGIC, Conv64Probe.MAGIC.length + 2));
    assertThatThrownBy(() -> Conv64Probe.read(cut)).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("cut short");
  }

  @Test
  void initParamsIsForConv64Alone() {
    BenchmarkOptions o = Benchmark.parse("conv64", "2", "--images", "/d", "--init-params", "/p.bin");
    assertThat(o.initParams()).isEqualTo(Path.of("/p.bin"));
    assertThatThrownBy(() -> Benchmark.parse("mlp", "2", "--init-params", "/p.bin"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--init-params");
  }
}
