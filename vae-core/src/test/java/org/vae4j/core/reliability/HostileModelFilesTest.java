package org.vae4j.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.testing.ZipBombs;
import org.vae4j.core.ModelFormatException;
import org.vae4j.core.Vae;

/**
 * Hostile model files, as an attacker would send them: zip bombs (built here, in a temporary
 * directory), configs with huge or overflowing sizes, parameters that are all NaN. Each is refused
 * with a {@link ModelFormatException} naming the file and the bound, in well under a second; the
 * cases where memory is at stake run in a child JVM whose peak resident set must stay well under
 * 1 GB. (Before these bounds: an OutOfMemoryError after inflating 2 GB, a bare "integer overflow",
 * 4.7 GB of allocation before refusing, NaN images.)
 */
@Tag("reliability")
class HostileModelFilesTest {

  /** Peak resident set allowed to a child JVM that refuses a hostile file ("well under 1 GB"). */
  static final long MAX_RSS_KB = 400 * 1024;

  /** Time allowed for one refusal ("well under a second"). */
  static final long MAX_MILLIS = 500;

  @TempDir Path dir;

  /** A real, small model file and its entries. */
  private Map<String, byte[]> realEntries() throws IOException {
    Path file = dir.resolve("real.zip");
    try (Vae vae = Vae.builder().mlpEncoder(8).inputShape(16).latentDim(2).seed(1).build()) {
      vae.save(file);
    }
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        m.put(e.getName(), zip.getInputStream(e).readAllBytes());
      }
    }
    return m;
  }

  /** The real model file with {@code replaced} entries swapped for bombs or edits. */
  private Path hostile(String name, Map<String, ZipBombs.Entry> replaced) throws IOException {
    List<ZipBombs.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : realEntries().entrySet()) {
      entries.add(replaced.getOrDefault(e.getKey(), ZipBombs.Entry.plain(e.getKey(), e.getValue())));
    }
    return ZipBombs.write(dir.resolve(name), entries);
  }

  static void assumeProc() {
    assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs /proc to measure peak RSS");
  }

  /**
   * Loads {@code file} in a fresh child JVM and asserts that it is refused with a peak resident
   * set under {@link #MAX_RSS_KB}; returns the error. (The time is asserted in this JVM, warm: a
   * child's first call includes loading classes and, for some files, ND4J's native library.)
   */
  static String refusedInChild(Path dir, String probe, Path file) throws Exception {
    assumeProc();
    List<String> out = ChildJvm.run(HostileInputProbe.class, dir.resolve("child.log"),
        probe, file.toString());
    assertThat(ChildJvm.value(out, "outcome")).as("%s", out).isEqualTo("refused");
    System.out.printf("child JVM, %s %s: refused in %s ms (cold), peak RSS %d MB%n", probe,
        file.getFileName(), ChildJvm.value(out, "millis"),
        Long.parseLong(ChildJvm.value(out, "vmhwm_kb")) / 1024);
    assertThat(Long.parseLong(ChildJvm.value(out, "vmhwm_kb"))).as("peak RSS, %s", out)
        .isLessThan(MAX_RSS_KB);
    return ChildJvm.value(out, "error");
  }

  private String refusedInChild(Path file) throws Exception {
    String error = refusedInChild(dir, "load-model", file);
    refusedFast(file);
    return error;
  }

  private static ModelFormatException refusedFast(Path file) {
    long t0 = System.nanoTime();
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Vae.load(file).close());
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(t).isInstanceOf(ModelFormatException.class);
    System.out.printf("%s: refused in %d ms%n", file.getFileName(), millis);
    assertThat(millis).as("refusal of %s took %d ms", file, millis).isLessThan(MAX_MILLIS);
    assertThat(t).hasMessageStartingWith(file + ": ");
    return (ModelFormatException) t;
  }

  @Test
  void aFileWhoseFirstArrayHasTheWrongShapeIsRefusedNamingTheArrayAndBothShapes() throws Exception {
    // the parameters of a model with 7 hidden units under the config of one with 8
    Path other = dir.resolve("other.zip");
    try (Vae vae = Vae.builder().mlpEncoder(7).inputShape(16).latentDim(2).seed(1).build()) {
      vae.save(other);
    }
    byte[] params;
    try (ZipFile zip = new ZipFile(other.toFile())) {
      params = zip.getInputStream(zip.getEntry("parameters.bin")).readAllBytes();
    }
    Path file = hostile("wrong-shape.zip", Map.of("parameters.bin",
        ZipBombs.Entry.plain("parameters.bin", params)));
    assertThatThrownBy(() -> Vae.load(file).close())
        .isInstanceOf(ModelFormatException.class)
        .hasMessage(file + ": parameters.bin: array enc_dense0_W must have shape [16, 8] (what its"
            + " config needs), got [16, 7] (config and parameters do not match)");
  }

  @Test
  void aParameterEntryInflatingTo2GbIsRefusedFromItsDeclaredSizeInBoundedMemory()
      throws Exception {
    Path file = hostile("params-bomb.zip", Map.of("parameters.bin",
        new ZipBombs.Entry("parameters.bin", new byte[0], 2048, true)));
    assertThat(Files.size(file)).isLessThan(4 << 20);
    String error = refusedInChild(file);
    assertThat(error).isEqualTo(ModelFormatException.class.getName() + ": " + file
        + ": entry parameters.bin must inflate to at most 6072 bytes, got 2147483648 (its declared"
        + " size)");
  }

  @Test
  void aValidParameterTableFollowedBy2GbOfZerosIsRefusedWhileInflating() throws Exception {
    byte[] real = realEntries().get("parameters.bin");
    byte[] withoutEnd = Arrays.copyOf(real, real.length - 4);
    Path file = hostile("params-trailing.zip", Map.of("parameters.bin",
        new ZipBombs.Entry("parameters.bin", withoutEnd, 2048, false)));
    String error = refusedInChild(file);
    assertThat(error).endsWith(file + ": parameters.bin must end with marker 454e4421, got 0");
    assertThat(refusedFast(file)).hasMessage(file + ": parameters.bin must end with marker "
        + "454e4421, got 0");
  }

  @Test
  void aVersionEntryInflatingTo2GbUnderAFalseSizeIsRefusedAfter64Bytes() throws Exception {
    Path file = hostile("version-bomb.zip", Map.of("format-version.txt",
        new ZipBombs.Entry("format-version.txt", "format-version=1".getBytes(StandardCharsets.UTF_8),
            2048, false)));
    String error = refusedInChild(file);
    assertThat(error).endsWith(file + ": entry format-version.txt must inflate to at most 64 bytes,"
        + " got more while inflating");
  }

  @Test
  void aConfigEntryInflatingTo2GbIsRefused() throws Exception {
    Path file = hostile("config-bomb.zip", Map.of("config.json",
        new ZipBombs.Entry("config.json", "{".getBytes(StandardCharsets.UTF_8), 2048, false)));
    assertThat(refusedFast(file)).hasMessage(file + ": entry config.json must inflate to at most "
        + "1048576 bytes, got more while inflating");
  }

  private Path withConfig(String name, String from, String to) throws IOException {
    String json = new String(realEntries().get("config.json"), StandardCharsets.UTF_8);
    assertThat(json).contains(from);
    return hostile(name, Map.of("config.json", ZipBombs.Entry.plain("config.json",
        json.replace(from, to))));
  }

  @Test
  void aConfigClaimingAHugeLatentDimIsRefusedNamingFileFieldAndLimit() throws IOException {
    Path file = withConfig("latent.zip", "\"latentDim\" : 2", "\"latentDim\" : 2147483647");
    assertThat(refusedFast(file)).hasMessage(file + ": invalid model config: not a model config: "
        + "latentDim must be <= 65536, got 2147483647");
  }

  @Test
  void aConfigClaimingABillionInputsIsRefusedNamingFileFieldAndLimit() throws IOException {
    Path file = withConfig("input.zip", "\"inputShape\" : [ 16 ]",
        "\"inputShape\" : [ 1000000000 ]");
    assertThat(refusedFast(file)).hasMessage(file + ": invalid model config: not a model config: "
        + "inputShape must hold at most 16777216 values per example, got [1000000000]");
  }

  @Test
  void aConfigOf300MillionParametersIsRefusedBeforeAnythingIsAllocated() throws Exception {
    Path file = withConfig("wide.zip", "\"hidden\" : [ 8 ]", "\"hidden\" : [ 12000, 12000 ]");
    String error = refusedInChild(file);
    assertThat(error).isEqualTo(ModelFormatException.class.getName() + ": " + file
        + ": invalid model config: not a model config: parameter count must be <= 100000000 "
        + "(raise it with -Dvae4j.maxParameters=N), got 288504020 for MLP encoder [12000, 12000], "
        + "inputShape [16], latentDim 2");
  }

  @Test
  void parametersThatAreAllNanAreRefusedNamingFileAndArray() throws IOException {
    byte[] real = realEntries().get("parameters.bin");
    ByteArrayOutputStream nan = new ByteArrayOutputStream();
    // same table with every float replaced by NaN: walk the layout written by ArrayTable
    java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(real));
    try (DataOutputStream out = new DataOutputStream(nan)) {
      out.writeInt(in.readInt());
      int count = in.readInt();
      out.writeInt(count);
      for (int a = 0; a < count; a++) {
        out.writeUTF(in.readUTF());
        String dtype = in.readUTF();
        out.writeUTF(dtype);
        int rank = in.readInt();
        out.writeInt(rank);
        long n = 1;
        for (int i = 0; i < rank; i++) {
          long s = in.readLong();
          out.writeLong(s);
          n *= s;
        }
        for (long i = 0; i < n; i++) {
          in.readFloat();
          out.writeFloat(Float.NaN);
        }
      }
      out.writeInt(in.readInt());
    }
    Path file = hostile("nan.zip", Map.of("parameters.bin",
        ZipBombs.Entry.plain("parameters.bin", nan.toByteArray())));
    assertThat(refusedFast(file)).hasMessage(file + ": parameters.bin: array enc_dense0_W must hold "
        + "only finite values, got NaN at index 0");
  }

  @Test
  void theBuilderRefusesA300MillionParameterModelBeforeAllocating() throws Exception {
    assumeProc();
    Path json = dir.resolve("config.json");
    Files.writeString(json, new String(realEntries().get("config.json"), StandardCharsets.UTF_8)
        .replace("\"hidden\" : [ 8 ]", "\"hidden\" : [ 12000, 12000 ]"));
    List<String> out = ChildJvm.run(HostileInputProbe.class, dir.resolve("child.log"),
        "build-config", json.toString());
    assertThat(ChildJvm.value(out, "outcome")).isEqualTo("refused");
    assertThat(ChildJvm.value(out, "error")).contains("parameter count must be <= 100000000");
    assertThat(Long.parseLong(ChildJvm.value(out, "vmhwm_kb"))).as("peak RSS, %s", out)
        .isLessThan(MAX_RSS_KB);
  }

  @Test
  void theRealFileStillLoads() throws IOException {
    Path file = hostile("same.zip", Map.of());
    try (Vae vae = Vae.load(file)) {
      assertThat(vae.latentDim()).isEqualTo(2);
    }
    assertThatThrownBy(() -> Vae.load(dir.resolve("none.zip")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
