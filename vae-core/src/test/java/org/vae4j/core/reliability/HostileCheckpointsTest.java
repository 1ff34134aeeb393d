package org.vae4j.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.testing.ZipBombs;
import org.vae4j.core.ModelFormatException;
import org.vae4j.core.Vae;
import org.vae4j.core.train.CheckpointFile;
import org.vae4j.core.train.TrainingOptions;

/**
 * Hostile checkpoint files: zip bombs in the array table and the history, a model config far
 * beyond the parameter limit, NaN parameters. Each is refused naming the file, fast, and (for the
 * bombs) in a child JVM that stays well under 1 GB.
 */
@Tag("reliability")
class HostileCheckpointsTest {

  @TempDir Path dir;

  static INDArray data(int n) {
    float[] v = new float[n * 16];
    SplittableRandom r = new SplittableRandom(n);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return Nd4j.create(v, new long[] {n, 16}, 'c');
  }

  private Map<String, byte[]> realEntries() throws IOException {
    Path run = dir.resolve("run");
    try (Vae vae = Vae.builder().mlpEncoder(8).inputShape(16).latentDim(2).seed(1).build()) {
      vae.fit(data(8), null, TrainingOptions.builder().epochs(1).batchSize(4).checkpoints(run)
          .build());
    }
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(run.resolve("checkpoint-epoch-00001.zip").toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        m.put(e.getName(), zip.getInputStream(e).readAllBytes());
      }
    }
    return m;
  }

  private Path hostile(String name, Map<String, ZipBombs.Entry> replaced) throws IOException {
    List<ZipBombs.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : realEntries().entrySet()) {
      entries.add(replaced.getOrDefault(e.getKey(), ZipBombs.Entry.plain(e.getKey(), e.getValue())));
    }
    return ZipBombs.write(dir.resolve(name), entries);
  }

  private static ModelFormatException refusedFast(Path file) {
    long t0 = System.nanoTime();
    Throwable t = catchThrowable(() -> CheckpointFile.read(file));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("%s: refused in %d ms%n", file.getFileName(), millis);
    assertThat(t).isInstanceOf(ModelFormatException.class).hasMessageStartingWith(file + ": ");
    assertThat(millis).as("refusal of %s took %d ms", file, millis)
        .isLessThan(HostileModelFilesTest.MAX_MILLIS);
    return (ModelFormatException) t;
  }

  @Test
  void anArrayTableInflatingTo2GbIsRefusedInBoundedMemory() throws Exception {
    Path file = hostile("arrays-bomb.zip", Map.of("arrays.bin",
        new ZipBombs.Entry("arrays.bin", new byte[0], 2048, true)));
    String error = HostileModelFilesTest.refusedInChild(dir, "read-checkpoint", file);
    String expected = file + ": entry arrays.bin must inflate to at most 17906 bytes, got "
        + "2147483648 (its declared size)";
    assertThat(error).endsWith(expected);
    assertThat(refusedFast(file)).hasMessage(expected);
  }

  @Test
  void aHistoryInflatingTo2GbUnderAFalseSizeIsRefusedAtItsBound() throws Exception {
    Path file = hostile("history-bomb.zip", Map.of("history.json",
        new ZipBombs.Entry("history.json", "{\"epochs\":[".getBytes(StandardCharsets.UTF_8), 2048,
            false)));
    String error = HostileModelFilesTest.refusedInChild(dir, "read-checkpoint", file);
    String expected = file + ": entry history.json must inflate to at most 8192 bytes, got more "
        + "while inflating";
    assertThat(error).endsWith(expected);
    assertThat(refusedFast(file)).hasMessage(expected);
  }

  @Test
  void aModelConfigBeyondTheParameterLimitIsRefused() throws IOException {
    String json = new String(realEntries().get("model-config.json"), StandardCharsets.UTF_8);
    Path file = hostile("wide.zip", Map.of("model-config.json", ZipBombs.Entry.plain(
        "model-config.json", json.replace("\"hidden\" : [ 8 ]", "\"hidden\" : [ 12000, 12000 ]"))));
    assertThat(refusedFast(file)).hasMessageStartingWith(file + ": unreadable checkpoint metadata:"
        + " not a model config: parameter count must be <= 100000000");
  }

  @Test
  void nanParametersAreRefusedNamingFileAndArray() throws IOException {
    byte[] arrays = realEntries().get("arrays.bin").clone();
    // the first array's values start after magic, count, name, dtype, rank and shape
    java.io.DataInputStream in = new java.io.DataInputStream(
        new java.io.ByteArrayInputStream(arrays));
    in.readInt();
    in.readInt();
    String name = in.readUTF();
    in.readUTF();
    int rank = in.readInt();
    int offset = 8 + 2 + name.length() + 2 + 5 + 4 + 8 * rank;
    java.nio.ByteBuffer.wrap(arrays).putFloat(offset + 4, Float.NaN);
    Path file = hostile("nan.zip", Map.of("arrays.bin", ZipBombs.Entry.plain("arrays.bin", arrays)));
    assertThat(refusedFast(file)).hasMessage(file + ": arrays.bin: array " + name
        + " must hold only finite values, got NaN at index 1");
  }
}
