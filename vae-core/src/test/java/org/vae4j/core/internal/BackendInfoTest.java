package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;

class BackendInfoTest {

  @Test
  void reportsTheCpuBackendWithTheOneDnnBuildAndItsThreads() {
    BackendInfo info = BackendInfo.current();
    assertThat(info.backend()).isEqualTo("CPU");
    // the test classpath carries vae4j-backend-cpu, whose native jars are both oneDNN builds
    assertThat(info.features()).contains("HAVE_ONEDNN");
    assertThat(info.ompThreads()).isPositive();
    assertThat(info.devices()).isEmpty();
    assertThat(info.describe()).startsWith("ND4J backend CPU [").contains("HAVE_ONEDNN")
        .contains(info.ompThreads() + " OpenMP threads");
  }

  @Test
  void reportsTheNativeBuildVae4jChoseAsTheOneThatLoadedAndWhy() {
    assumeTrue(NativeLibrariesTest.cpuBackendOnClassPath(), "no ND4J CPU backend (-Pcuda)");
    BackendInfo info = BackendInfo.current();
    // vae-core reads the hook's choice from the system properties it publishes
    String chosen = System.getProperty(BackendInfo.CHOSEN_PROPERTY);
    String reason = System.getProperty(BackendInfo.REASON_PROPERTY);
    assertThat(reason).isNotBlank();
    assertThat(info.nativeBuild()).startsWith("linux-x86_64-onednn").isEqualTo(chosen);
    assertThat(info.nativeChoice()).isEqualTo(reason).isNotEqualTo(BackendInfo.NO_CHOICE);
    assertThat(info.describe()).contains(
        ", native build " + info.nativeBuild() + " (" + reason + "), ");
    assertThat(BackendInfo.mismatch(Optional.of(chosen), info.nativeBuild())).isEmpty();
    assertThat(info.withoutOneDnn()).isEmpty();
  }

  @Test
  void warnsWhenAnotherBuildLoadedThanTheOneChosen() {
    assertThat(BackendInfo.mismatch(Optional.of("linux-x86_64-onednn"), "linux-x86_64-onednn-avx2"))
        .hasValueSatisfying(w -> assertThat(w)
            .startsWith("vae4j chose the nd4j-native build linux-x86_64-onednn but "
                + "linux-x86_64-onednn-avx2 loaded")
            .contains("-Dorg.bytedeco.javacpp.platform.extension=-onednn on the java command line"));
    assertThat(BackendInfo.mismatch(Optional.empty(), "linux-x86_64-onednn-avx2")).isEmpty();
    assertThat(BackendInfo.mismatch(Optional.of("linux-x86_64-onednn"), "linux-x86_64-onednn"))
        .isEmpty();
  }

  @Test
  void warnsWhenTheCpuBuildThatLoadedHasNoOneDnnNamingTheCostAndWhatToDependOn() {
    // what the generic build of nd4j-native-platform reports
    BackendInfo generic = BackendInfo.from(cpu(), "HAVE_FLATBUFFERS\nHAVE_OPENBLAS",
        "linux-x86_64", BackendInfo.NO_CHOICE);
    assertThat(generic.withoutOneDnn()).hasValueSatisfying(w -> assertThat(w)
        .startsWith("the nd4j-native build that loaded (linux-x86_64) has no oneDNN "
            + "[HAVE_FLATBUFFERS, HAVE_OPENBLAS]")
        .contains("about 10 to 12 times slower")
        .contains("org.nd4j:nd4j-native-platform")
        .contains("depend on org.vae4j:vae4j-backend-cpu instead")
        .contains("org.nd4j:nd4j-native:" + BackendInfo.ND4J_VERSION));
  }

  @Test
  void saysNothingAboutOneDnnForAOneDnnBuildCudaOrAnUnreadableBuild() {
    assertThat(BackendInfo.from(cpu(), "HAVE_ONEDNN\nHAVE_OPENBLAS", "linux-x86_64-onednn", "?")
        .withoutOneDnn()).isEmpty();
    Properties cuda = new Properties();
    cuda.put(Nd4jEnvironment.BACKEND_KEY, "CUDA");
    assertThat(BackendInfo.from(cuda, "HAVE_CUDNN", "linux-x86_64-cudnn", "?").withoutOneDnn())
        .isEmpty();
    // no build information at all: nothing is known, so nothing is claimed
    assertThat(BackendInfo.from(cpu(), null, "?", "?").withoutOneDnn()).isEmpty();
  }

  @Test
  void theAdvisedNd4jVersionIsTheOneOnTheClassPath() {
    String nd4jApi = Nd4j.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    assertThat(nd4jApi).endsWith("nd4j-api-" + BackendInfo.ND4J_VERSION + ".jar");
  }

  private static Properties cpu() {
    Properties env = new Properties();
    env.put(Nd4jEnvironment.BACKEND_KEY, "CPU");
    return env;
  }

  @Test
  void logsOnlyOncePerJvmAndBuildingAModelHasLoggedIt() {
    ModelConfig config = Vae.builder().mlpEncoder(3).latentDim(1).inputShape(4).build().config();
    try (Network network = new Network(config, DataType.FLOAT)) {
      assertThat(network.parameters().total()).isPositive();
    }
    assertThat(BackendInfo.logged()).isTrue();
    assertThat(BackendInfo.logOnce()).isFalse();
    assertThat(BackendInfo.logOnce()).isFalse();
  }

  @Test
  void readsCudaDevicesWithTheirComputeCapability() {
    Properties env = new Properties();
    env.put(Nd4jEnvironment.BACKEND_KEY, "CUDA");
    env.put(Nd4jEnvironment.OMP_THREADS_KEY, 4);
    env.put(Nd4jEnvironment.BLAS_THREADS_KEY, "1");
    env.put(Nd4jEnvironment.BLAS_VENDOR_KEY, "CUBLAS");
    env.put(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY, List.of(
        Map.of(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY, "NVIDIA L4",
            Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY, 8L,
            Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY, 9L)));
    BackendInfo info = BackendInfo.from(env,
        "GCC: \"7.5.0\"\nHAVE_CUDNN\r\n  HAVE_FLATBUFFERS \nCUDA: 11.6", "linux-x86_64-cudnn",
        "a CUDA backend is on the class path; CPU builds left to JavaCPP");
    assertThat(info.backend()).isEqualTo("CUDA");
    assertThat(info.features()).containsExactly("HAVE_CUDNN", "HAVE_FLATBUFFERS");
    assertThat(info.ompThreads()).isEqualTo(4);
    assertThat(info.blasThreads()).isEqualTo(1);
    assertThat(info.devices()).containsExactly("NVIDIA L4 (compute capability 8.9)");
    assertThat(info.nativeBuild()).isEqualTo("linux-x86_64-cudnn");
    assertThat(info.describe()).contains("devices [NVIDIA L4 (compute capability 8.9)]")
        .contains("native build linux-x86_64-cudnn (a CUDA backend is on the class path;");
  }

  @Test
  void toleratesMissingPropertiesAndBuildInformation() {
    BackendInfo info = BackendInfo.from(new Properties(), null, "?", "?");
    assertThat(info.backend()).isEqualTo("?");
    assertThat(info.features()).isEmpty();
    assertThat(info.ompThreads()).isEqualTo(-1);
    assertThat(info.blasThreads()).isEqualTo(-1);
  }
}
