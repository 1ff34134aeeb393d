package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.vae4j.core.Vae;

/**
 * The calling thread's OpenMP thread count inside and after vae4j's calls: narrow calls run on one
 * thread except for large operations, wide calls keep the caller's count, nesting keeps the
 * outermost setting, and the caller's count is back afterwards (also after an exception). Which
 * calls are wide follows the size of the model's largest layer and the rows of the call.
 */
class OpenMpThreadsTest {

  /** ND4J first: NativeOpsHolder fails for good when it is the JVM's first ND4J call (issue 23). */
  private static final NativeOps OPS = nativeOps();
  private int before;

  private static NativeOps nativeOps() {
    Nd4j.getBackend();
    return NativeOpsHolder.getInstance().getDeviceNativeOps();
  }

  private static int now() {
    return OPS.ompGetMaxThreads();
  }

  @BeforeEach
  void twoThreads() {
    before = now();
    OPS.setOmpNumThreads(2);
  }

  @AfterEach
  void restore() {
    OPS.setOmpNumThreads(before);
  }

  @Test
  void narrowCallsRunOnOneThreadButLargeOperationsAndWideCallsUseTheCallersCount() {
    int[] seen = new int[5];
    OpenMpThreads.run(false, () -> {
      seen[0] = now();
      OpenMpThreads.wide(OpenMpThreads.WIDE_MIN_MACS, () -> seen[1] = now());
      OpenMpThreads.wide(OpenMpThreads.WIDE_MIN_MACS - 1, () -> seen[2] = now());
      seen[3] = now();
      OpenMpThreads.run(true, () -> seen[4] = now()); // nested: the outer call decides
      return null;
    });
    assertThat(seen).containsExactly(1, 2, 1, 1, 1);
    assertThat(now()).isEqualTo(2);

    int[] wide = new int[3];
    OpenMpThreads.run(true, () -> {
      wide[0] = now();
      OpenMpThreads.wide(1, () -> wide[1] = now());
      OpenMpThreads.run(false, () -> wide[2] = now());
      return null;
    });
    assertThat(wide).containsExactly(2, 2, 2);
    assertThat(now()).isEqualTo(2);
    assertThat(OpenMpThreads.forCurrentThread()).isEqualTo(2);
  }

  @Test
  void theCallersCountIsBackAfterAnException() {
    assertThatThrownBy(() -> OpenMpThreads.run(false, () -> {
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    assertThat(now()).isEqualTo(2);
  }

  @Test
  void convModelsAtTrainingBatchesRunWideAndSmallMlpsNarrow() {
    try (Vae conv = Vae.builder().convEncoder().latentDim(2).build();
        Vae mlp = Vae.builder().mlpEncoder(256).latentDim(2).build()) {
      try (Network c = new Network(conv.config(), DataType.FLOAT);
          Network m = new Network(mlp.config(), DataType.FLOAT)) {
        // the seed conv VAE's largest layer (deconv 64 -> 32 to 28 x 28): 3.6M per example
        assertThat(c.wide(128)).isTrue();
        assertThat(c.wide(8)).isFalse();
        // 784 x 256 per example: 25.7M at 128 rows, 51M at a 256-row inference chunk
        assertThat(m.wide(128)).isFalse();
        assertThat(m.wide(256)).isFalse();
        assertThat(m.wide(1024)).isTrue();
      }
    }
  }
}
