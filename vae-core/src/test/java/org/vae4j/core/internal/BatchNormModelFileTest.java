package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelFormatException;

/**
 * Batch norm's running statistics in the model file: written after the parameters, read back
 * into the network's state, and a file whose statistics are missing, of the wrong shape, negative
 * or not finite is refused naming the array.
 */
class BatchNormModelFileTest {

  private static final int MAGIC = 0x56414534;

  @TempDir
  Path dir;

  private static ModelConfig config() {
    return new ModelConfig(ModelConfig.Kind.VAE, ModelConfig.EncoderKind.CONV, null,
        new int[] {2, 3}, 4, new long[] {1, 8, 8}, 2, ModelConfig.LossKind.BCE, 1.0, 3, 0,
        new ModelConfig.LayerOptions(4, 2, 0.2)).withBatchNorm(true);
  }

  /** A saved BN network whose running statistics are set to recognisable values. */
  private Path saved() throws IOException {
    Path file = dir.resolve("bn.zip");
    try (Network n = new Network(config(), DataType.FLOAT)) {
      float k = 0.5f;
      for (org.vae4j.core.internal.nn.Param p : n.state().list()) {
        for (long i = 0; i < p.length(); i++) {
          p.value().putScalar(i, k);
          k += 0.25f;
        }
      }
      ModelCodec.save(n, file);
    }
    return file;
  }

  /** {@code file} with its parameter table's arrays rewritten by {@code edit}. */
  private Path edited(Path file, Consumer<Map<String, INDArray>> edit) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(file))) {
      for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
        entries.put(e.getName(), zin.readAllBytes());
      }
    }
    byte[] table = entries.get(ModelCodec.PARAMS_ENTRY);
    Map<String, INDArray> arrays = new LinkedHashMap<>(ArrayTable.decode(file,
        ModelCodec.PARAMS_ENTRY, MAGIC, new ByteArrayInputStream(table),
        new ArrayTable.Limits(1000, 1_000_000)));
    edit.accept(arrays);
    entries.put(ModelCodec.PARAMS_ENTRY, ArrayTable.encode(MAGIC, arrays));
    Path out = dir.resolve("edited.zip");
    try (OutputStream os = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(os)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return out;
  }

  @Test
  void theRunningStatisticsFollowTheParametersInTheFileAndLoadIntoTheState() throws IOException {
    Path file = saved();
    ModelCodec.Contents c = ModelCodec.read(file);
    assertThat(c.state().keySet()).containsExactly("enc_bn0_runningMean", "enc_bn0_runningVar",
        "enc_bn1_runningMean", "enc_bn1_runningVar", "dec_bn0_runningMean", "dec_bn0_runningVar",
        "dec_bn1_runningMean", "dec_bn1_runningVar");
    assertThat(c.parameters()).containsKeys("enc_bn0_gamma", "enc_bn0_beta", "dec_bn1_gamma")
        .doesNotContainKey("enc_bn0_runningMean");
    assertThat(c.parameters().values().stream().mapToLong(INDArray::length).sum())
        .isEqualTo(config().parameterCount());
    try (Network n = ModelCodec.load(file)) {
      assertThat(n.state().get("enc_bn0_runningMean").value().toFloatVector())
          .containsExactly(0.5f, 0.75f);
      assertThat(n.state().get("dec_bn1_runningVar").value().getFloat(0)).isEqualTo(
          0.5f + 0.25f * (ArchitecturePlan.of(config()).stateCount() - 2));
    }
  }

  @Test
  void aMissingRunningStatisticIsRefusedNamingIt() throws IOException {
    Path bad = edited(saved(), a -> a.remove("enc_bn1_runningVar"));
    assertThatThrownBy(() -> ModelCodec.load(bad)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("array enc_bn1_runningVar of shape [3] is missing");
  }

  @Test
  void aRunningStatisticOfTheWrongShapeIsRefusedNamingIt() throws IOException {
    Path bad = edited(saved(), a -> a.put("dec_bn0_runningMean", Nd4j.zeros(DataType.FLOAT, 5)));
    assertThatThrownBy(() -> ModelCodec.load(bad)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("array dec_bn0_runningMean must have shape [3]")
        .hasMessageContaining("got [5]");
  }

  @Test
  void aNegativeRunningVarianceIsRefusedNamingIt() throws IOException {
    Path bad = edited(saved(), a -> a.put("enc_bn0_runningVar",
        Nd4j.createFromArray(1f, -0.5f)));
    assertThatThrownBy(() -> ModelCodec.load(bad)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("array enc_bn0_runningVar (a batch-norm running variance) must hold"
            + " finite values >= 0, got -0.5 at index 1");
  }

  @Test
  void aNonFiniteRunningMeanIsRefusedNamingIt() throws IOException {
    Path bad = edited(saved(), a -> a.put("enc_bn0_runningMean",
        Nd4j.createFromArray(Float.NaN, 0f)));
    assertThatThrownBy(() -> ModelCodec.load(bad)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("array enc_bn0_runningMean must hold only finite values");
  }

  @Test
  void statisticsInTheFileOfAModelWithoutBatchNormAreRefused() throws IOException {
    Path file = dir.resolve("plain.zip");
    try (Network n = new Network(config().withBatchNorm(false), DataType.FLOAT)) {
      ModelCodec.save(n, file);
    }
    // one array more than the config has is refused by count before any is read
    Path more = edited(file, a -> a.put("enc_bn0_runningMean", Nd4j.zeros(DataType.FLOAT, 2)));
    assertThatThrownBy(() -> ModelCodec.load(more)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("array count must be in [0, 18], got 19");
    // in place of a parameter, by name
    Path bad = edited(file, a -> {
      a.remove("dec_out_b");
      a.put("enc_bn0_runningMean", Nd4j.zeros(DataType.FLOAT, 2));
    });
    assertThatThrownBy(() -> ModelCodec.load(bad)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("unexpected array enc_bn0_runningMean of shape [2]");
  }
}
