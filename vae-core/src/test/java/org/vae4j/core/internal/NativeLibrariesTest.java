package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NativeLibrariesTest {

  private static final String CACHE = "/home/u/.javacpp/cache/nd4j-native-1.0.0-M2.1-"
      + "linux-x86_64-onednn-avx2.jar/org/nd4j/linalg/cpu/nativecpu/bindings/";

  /** vae4j-backend-cpu is on the test class path, except under {@code -Pcuda}. */
  static boolean cpuBackendOnClassPath() {
    return NativeLibrariesTest.class.getClassLoader()
        .getResource("org/nd4j/linalg/cpu/nativecpu/CpuBackend.class") != null;
  }

  @Test
  void readsTheBuildFromTheDirectoryJavaCppExtractedTheLibraryInto() {
    assertThat(NativeLibraries.nd4jBuild(Map.of(
        "jnind4jcpu", CACHE + "linux-x86_64-onednn-avx2/libjnind4jcpu.so",
        "nd4jcpu", CACHE + "linux-x86_64-onednn-avx2/libnd4jcpu.so",
        "openblas@.0", "/x/org/bytedeco/openblas/linux-x86_64/libopenblas.so.0"), "linux-x86_64"))
        .contains("linux-x86_64-onednn-avx2");
    assertThat(NativeLibraries.nd4jBuild(Map.of("nd4jcuda",
        "/c/org/nd4j/linalg/jcublas/bindings/linux-x86_64-cudnn/libnd4jcuda.so"), "linux-x86_64"))
        .contains("linux-x86_64-cudnn");
  }

  @Test
  void givesTheWholePathOfALibraryFoundOutsideTheJarsAndNothingBeforeNd4jLoads() {
    assertThat(NativeLibraries.nd4jBuild(Map.of("nd4jcpu", "/usr/lib/libnd4jcpu.so"),
        "linux-x86_64")).contains("/usr/lib/libnd4jcpu.so");
    assertThat(NativeLibraries.nd4jBuild(Map.of("jniopenblas", "/x/linux-x86_64/lib.so"),
        "linux-x86_64")).isEmpty();
  }

  @Test
  void theBuildThatLoadedHereIsTheOneVae4jChose() {
    assumeTrue(cpuBackendOnClassPath(), "no ND4J CPU backend (-Pcuda)");
    assertThat(Nd4j.ones(2).sumNumber().intValue()).isEqualTo(2);
    // published by vae4j-backend-cpu's hook (on the test class path) when ND4J started
    String chosen = System.getProperty(BackendInfo.CHOSEN_PROPERTY);
    assertThat(chosen).isIn("linux-x86_64-onednn", "linux-x86_64-onednn-avx2");
    assertThat(NativeLibraries.loadedNd4jBuild()).contains(chosen);
  }
}
