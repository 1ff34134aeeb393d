package org.vae4j.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuFlagsTest {

  @Test
  void readsTheFlagsLineOfAHaswell() {
    Set<String> flags = CpuFlags.parse(CpuInfoSamples.HASWELL).orElseThrow();
    assertThat(flags).contains("avx", "avx2", "fma", "f16c", "sse4_1", "sse4_2", "bmi2")
        .doesNotContain("avx512f", "flags", ":", "");
  }

  @Test
  void aSandyBridgeHasAvxButNotAvx2() {
    Set<String> flags = CpuFlags.parse(CpuInfoSamples.SANDY_BRIDGE).orElseThrow();
    assertThat(flags).contains("avx", "sse4_2").doesNotContain("avx2", "fma", "f16c");
  }

  @Test
  void anAvx512CpuHasAvx2AndAvx512() {
    assertThat(CpuFlags.parse(CpuInfoSamples.AVX512).orElseThrow())
        .contains("avx2", "fma", "avx512f", "avx512bw");
  }

  @Test
  void keepsOnlyTheFlagsEveryProcessorHas() {
    String mixed = CpuInfoSamples.twoProcessors("a", "sse4_2 avx avx2 fma")
        .replaceFirst("avx avx2 fma", "avx fma");
    assertThat(CpuFlags.parse(mixed)).contains(Set.of("sse4_2", "avx", "fma"));
  }

  @Test
  void isEmptyWithoutAFlagsLine() {
    assertThat(CpuFlags.parse(CpuInfoSamples.ARM64)).isEmpty();
    assertThat(CpuFlags.parse("")).isEmpty();
    // a model name that mentions flags is not the flags line
    assertThat(CpuFlags.parse("model name\t: flags avx2 fma\n")).isEmpty();
  }

  @Test
  void readsAFileAndIsEmptyWhenItIsMissing(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("cpuinfo");
    Files.writeString(file, CpuInfoSamples.HASWELL);
    assertThat(CpuFlags.read(file).orElseThrow()).contains("avx2", "fma");
    assertThat(CpuFlags.read(dir.resolve("missing"))).isEqualTo(Optional.empty());
    assertThat(CpuFlags.read(dir)).isEmpty(); // a directory cannot be read as text
  }
}
