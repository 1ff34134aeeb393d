package org.vae4j.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * The hook in a real ND4J start on this machine's CPU and vae4j-backend-cpu's two builds (the
 * tests that need nd4j-native are skipped under {@code -Pcuda}).
 */
class NativeBuildHookTest {

  @Test
  void nd4jsStartMakesTheChoiceBeforeTheLibraryLoadsAndTheChosenBuildLoads() {
    assertThat(Nd4j.create(new float[] {1, 2, 3}).sumNumber().doubleValue()).isEqualTo(6.0);
    // only the hook calls select() in this JVM: a choice means ND4J's backend discovery ran it
    NativeBuilds.Choice choice = NativeBuilds.selection().orElseThrow();
    assertThat(NativeBuilds.nativeLoadedBeforeSelection).isFalse();
    boolean cpuFast = CpuFlags.read(Path.of("/proc/cpuinfo"))
        .map(f -> f.containsAll(NativeBuilds.FAST_NEEDS)).orElse(false);
    String expected = cpuFast ? "linux-x86_64-onednn-avx2" : "linux-x86_64-onednn";
    assertThat(choice.build()).contains(expected);
    assertThat(Loader.getLoadedLibraries().get("nd4jcpu")).contains("/" + expected + "/");
    // what vae-core's backend report reads
    assertThat(System.getProperty(NativeBuilds.CHOSEN_PROPERTY)).isEqualTo(expected);
    assertThat(System.getProperty(NativeBuilds.REASON_PROPERTY)).isEqualTo(choice.reason());
  }

  @Test
  void isAServiceProviderThatNd4jNeverPicks() {
    List<Class<?>> providers = ServiceLoader.load(Nd4jBackend.class).stream()
        .map(ServiceLoader.Provider::type).collect(Collectors.toList());
    assertThat(providers).contains(NativeBuildHook.class);
    Nd4jBackend backend = Nd4j.getBackend();
    assertThat(backend).isNotInstanceOf(NativeBuildHook.class);
    NativeBuildHook hook = new NativeBuildHook();
    assertThat(hook.getPriority()).isLessThan(backend.getPriority());
    assertThatThrownBy(hook::isAvailable).hasMessageStartingWith("not a backend");
  }

  @Test
  void aCpuWithoutAvx2GetsThePortableBuildEvenAfterJavaCppWasUsed(@TempDir Path dir)
      throws Exception {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, CpuInfoSamples.SANDY_BRIDGE);
    List<String> out = probe(List.of(), "touch-javacpp", cpuinfo.toString());
    assertThat(out).contains("choice.build=linux-x86_64-onednn", "choice.set=-onednn",
        "choice.reason=the CPU lacks avx2, fma, f16c",
        "property.chosen=linux-x86_64-onednn", "property.reason=the CPU lacks avx2, fma, f16c");
    assertThat(line(out, "loaded=")).contains("/linux-x86_64-onednn/libnd4jcpu.so");
  }

  @Test
  void thePropertySetByTheUserWins(@TempDir Path dir) throws Exception {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, CpuInfoSamples.HASWELL);
    List<String> out = probe(List.of("-D" + NativeBuilds.PROPERTY + "=-onednn"), "-",
        cpuinfo.toString());
    assertThat(out).contains("choice.set=-",
        "choice.reason=org.bytedeco.javacpp.platform.extension=-onednn set by the user",
        "property.chosen=linux-x86_64-onednn");
    assertThat(line(out, "loaded=")).contains("/linux-x86_64-onednn/libnd4jcpu.so");
  }

  private static String line(List<String> out, String prefix) {
    return out.stream().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in " + out));
  }

  /** Runs {@link NativeBuildProbe} in a child JVM on this test class path; returns its output. */
  private static List<String> probe(List<String> jvmArgs, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(NativeBuildProbe.class.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text.lines().collect(Collectors.toList());
  }
}
