package org.vae4j.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.junit.jupiter.api.Test;

class NativeBuildsTest {

  private static final String LINUX = "linux-x86_64";
  /** What vae4j-backend-cpu puts on the class path. */
  private static final Set<String> BACKEND_CPU = Set.of("-onednn", "-onednn-avx2");

  private static Optional<Set<String>> cpu(String cpuinfo) {
    return CpuFlags.parse(cpuinfo);
  }

  @Test
  void takesTheAvx2BuildOnAnAvx2AndFmaCpuWhereJavaCppAlreadyPicksIt() {
    NativeBuilds.Choice c = NativeBuilds.decide(LINUX, null, false, BACKEND_CPU,
        cpu(CpuInfoSamples.HASWELL));
    assertThat(c.build()).contains("linux-x86_64-onednn-avx2");
    // JavaCPP's own order already ends on -onednn-avx2: nothing to set
    assertThat(c.extensionSet()).isEmpty();
    assertThat(c.reason()).isEqualTo("the CPU has sse4_1, sse4_2, avx, avx2, fma, f16c");
  }

  @Test
  void forcesThePortableBuildOnACpuWithoutAvx2() {
    NativeBuilds.Choice c = NativeBuilds.decide(LINUX, null, false, BACKEND_CPU,
        cpu(CpuInfoSamples.SANDY_BRIDGE));
    assertThat(c.build()).contains("linux-x86_64-onednn");
    assertThat(c.extensionSet()).contains("-onednn");
    assertThat(c.reason()).isEqualTo("the CPU lacks avx2, fma, f16c");
  }

  @Test
  void takesTheAvx2BuildNotAnAvx512OneOnAnAvx512Cpu() {
    NativeBuilds.Choice c = NativeBuilds.decide(LINUX, null, false,
        Set.of("-onednn", "-onednn-avx2", "-avx512"), cpu(CpuInfoSamples.AVX512));
    assertThat(c.build()).contains("linux-x86_64-onednn-avx2");
    // JavaCPP would load -avx512 (later in the presets' list), so the property is set
    assertThat(c.extensionSet()).contains("-onednn-avx2");
    // and the reason explains ND4J's own "optimization level AVX512" line beside it
    assertThat(c.reason()).startsWith("the CPU has sse4_1, sse4_2, avx, avx2, fma, f16c; it also has avx512f")
        .contains("Binary level AVX/AVX2 optimization level AVX512").contains("on purpose");
    NativeBuilds.Choice haswell = NativeBuilds.decide(LINUX, null, false, BACKEND_CPU, cpu(CpuInfoSamples.HASWELL));
    assertThat(haswell.reason()).doesNotContain("avx512");
  }

  @Test
  void keepsThePortableBuildWhenTheCpuIsUnknown() {
    NativeBuilds.Choice c = NativeBuilds.decide(LINUX, null, false, BACKEND_CPU, Optional.empty());
    assertThat(c.build()).contains("linux-x86_64-onednn");
    assertThat(c.extensionSet()).contains("-onednn");
    assertThat(c.reason()).contains("unknown");
  }

  @Test
  void aCpuMissingOnlyOneNeededFlagGetsThePortableBuild() {
    // AVX2 without F16C (e.g. a hypervisor that masks it): the -avx2 build is compiled with -mf16c
    String noF16c = CpuInfoSamples.HASWELL.replace(" f16c ", " ");
    NativeBuilds.Choice c = NativeBuilds.decide(LINUX, null, false, BACKEND_CPU, cpu(noF16c));
    assertThat(c.extensionSet()).contains("-onednn");
    assertThat(c.reason()).isEqualTo("the CPU lacks f16c");
  }

  @Test
  void leavesAPropertyTheUserSetAlone() {
    NativeBuilds.Choice c = NativeBuilds.decide(LINUX, "-onednn", false, BACKEND_CPU,
        cpu(CpuInfoSamples.HASWELL));
    assertThat(c.extensionSet()).isEmpty();
    assertThat(c.build()).contains("linux-x86_64-onednn");
    assertThat(c.reason()).isEqualTo("org.bytedeco.javacpp.platform.extension=-onednn set by the user");
    // a value vae4j cannot map to one build on the class path: no prediction, still untouched
    NativeBuilds.Choice list = NativeBuilds.decide(LINUX, "-onednn:-onednn-avx2", false,
        BACKEND_CPU, cpu(CpuInfoSamples.SANDY_BRIDGE));
    assertThat(list.extensionSet()).isEmpty();
    assertThat(list.build()).isEmpty();
  }

  @Test
  void leavesCudaAndOtherPlatformsAndOtherBuildsAlone() {
    assertThat(NativeBuilds.decide(LINUX, null, true, BACKEND_CPU,
        cpu(CpuInfoSamples.SANDY_BRIDGE)).extensionSet()).isEmpty();
    NativeBuilds.Choice mac = NativeBuilds.decide("macosx-x86_64", null, false, Set.of(""),
        Optional.empty());
    assertThat(mac.extensionSet()).isEmpty();
    assertThat(mac.build()).isEmpty();
    NativeBuilds.Choice generic = NativeBuilds.decide(LINUX, null, false, Set.of("", "-avx512"),
        cpu(CpuInfoSamples.SANDY_BRIDGE));
    assertThat(generic.extensionSet()).isEmpty();
    assertThat(generic.reason())
        .contains("found linux-x86_64, linux-x86_64-avx512").contains("left to JavaCPP");
  }

  @Test
  void keepsThePortableBuildWhenTheFastOneIsNotOnTheClassPath() {
    NativeBuilds.Choice c = NativeBuilds.decide(LINUX, null, false, Set.of("", "-onednn"),
        cpu(CpuInfoSamples.HASWELL));
    assertThat(c.build()).contains("linux-x86_64-onednn");
    assertThat(c.extensionSet()).isEmpty(); // JavaCPP prefers -onednn over the generic build
    assertThat(c.reason()).contains("no linux-x86_64-onednn-avx2 build is on the class path");
  }

  @Test
  void saysNd4jWillNotStartWhenOnlyTheFastBuildIsThereForAnOldCpu() {
    NativeBuilds.Choice c = NativeBuilds.decide(LINUX, null, false, Set.of("-onednn-avx2"),
        cpu(CpuInfoSamples.SANDY_BRIDGE));
    assertThat(c.extensionSet()).isEmpty();
    assertThat(c.reason()).contains("refuse to start")
        .contains("org.nd4j:nd4j-native:linux-x86_64-onednn");
  }

  @Test
  void modelsJavaCppsSearchOrderAsMeasured() {
    // measured with nd4j-native jars on the class path and no property: the later one in the
    // presets' list loads, the generic build only when no other is there
    assertThat(NativeBuilds.javacppDefault(Set.of("", "-onednn"))).isEqualTo("-onednn");
    assertThat(NativeBuilds.javacppDefault(Set.of("-onednn", "-onednn-avx2")))
        .isEqualTo("-onednn-avx2");
    assertThat(NativeBuilds.javacppDefault(Set.of("-onednn-avx512", "-onednn-avx2")))
        .isEqualTo("-onednn-avx2");
    assertThat(NativeBuilds.javacppDefault(Set.of("-onednn", "-avx2"))).isEqualTo("-avx2");
    assertThat(NativeBuilds.javacppDefault(Set.of(""))).isEmpty();
  }

  @Test
  void thePresetOrderIsTheOneOnTheNd4jPresetsClass() throws ClassNotFoundException {
    Class<?> presets = Class.forName("org.nd4j.presets.cpu.Nd4jCpuPresets", false,
        getClass().getClassLoader());
    List<String> extensions = Arrays.stream(presets.getAnnotation(Properties.class).value())
        .map(Platform::extension).filter(e -> e.length > 0).findFirst()
        .map(Arrays::asList).orElseThrow();
    assertThat(NativeBuilds.PRESET_ORDER).isEqualTo(extensions);
  }

  @Test
  void theResourceIsWhereTheNd4jNativeJarsKeepTheLibrary() {
    assertThat(NativeBuilds.resource(LINUX, "-onednn-avx2"))
        .isEqualTo("org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libnd4jcpu.so");
    // on this test class path (vae4j-backend-cpu) both builds are there
    ClassLoader loader = getClass().getClassLoader();
    assertThat(loader.getResource(NativeBuilds.resource(LINUX, "-onednn"))).isNotNull();
    assertThat(loader.getResource(NativeBuilds.resource(LINUX, "-onednn-avx2"))).isNotNull();
  }
}
