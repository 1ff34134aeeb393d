package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.api.buffer.DataType;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;

class BackendInfoTest {

  @Test
  void reportsTheCpuBackendWithTheOneDnnBuildAndItsThreads() {
    BackendInfo info = BackendInfo.current();
    assertThat(info.backend()).isEqualTo("CPU");
    // the test classpath carries vae4j-backend-cpu, whose default native jar is the oneDNN build
    assertThat(info.features()).contains("HAVE_ONEDNN");
    assertThat(info.ompThreads()).isPositive();
    assertThat(info.devices()).isEmpty();
    assertThat(info.describe()).startsWith("ND4J backend CPU [").contains("HAVE_ONEDNN")
        .contains(info.ompThreads() + " OpenMP threads");
  }

  @Test
  void logsOnlyOncePerJvmAndBuildingAModelHasLoggedIt() {
    ModelConfig config = Vae.builder().mlpEncoder(3).latentDim(1).inputShape(4).build().config();
    try (ModelEngine engine = new ModelEngine(config, DataType.FLOAT)) {
      assertThat(engine.parameterCount()).isPositive();
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
    BackendInfo info = BackendInfo.from(env, "GCC: \"7.5.0\"\nHAVE_CUDNN\r\n  HAVE_FLATBUFFERS \nCUDA: 11.6");
    assertThat(info.backend()).isEqualTo("CUDA");
    assertThat(info.features()).containsExactly("HAVE_CUDNN", "HAVE_FLATBUFFERS");
    assertThat(info.ompThreads()).isEqualTo(4);
    assertThat(info.blasThreads()).isEqualTo(1);
    assertThat(info.devices()).containsExactly("NVIDIA L4 (compute capability 8.9)");
    assertThat(info.describe()).contains("devices [NVIDIA L4 (compute capability 8.9)]");
  }

  @Test
  void toleratesMissingPropertiesAndBuildInformation() {
    BackendInfo info = BackendInfo.from(new Properties(), null);
    assertThat(info.backend()).isEqualTo("?");
    assertThat(info.features()).isEmpty();
    assertThat(info.ompThreads()).isEqualTo(-1);
    assertThat(info.blasThreads()).isEqualTo(-1);
  }
}
