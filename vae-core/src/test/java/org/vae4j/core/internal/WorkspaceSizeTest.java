package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.Vae;
import org.vae4j.core.train.TrainingOptions;

/**
 * The 64×64 RGB conv VAE's workspace (bench {@code Conv64}: convs 32-64-128-256 k4 s2 LeakyReLU,
 * dense 256, latent 128) holds about two arrays per layer output (its activation and its
 * gradient), the input, the reconstruction's per-value arrays and one shared scratch for the
 * largest uncropped transposed-convolution output — not a LeakyReLU mask per layer, an unused
 * input gradient per convolution, or an uncropped output and gradient per transposed convolution
 * (which made it 2.1 times as large, 858 MB at batch 128).
 */
class WorkspaceSizeTest {

  @Test
  void conv64WorkspaceIsBoundedByItsActivationsAndOneScratch() {
    int n = 4;
    try (Vae vae = Vae.builder().convEncoder(32, 64, 128, 256).convKernel(4).convStride(2)
        .leakyRelu(0.2).denseUnits(256).inputShape(3, 64, 64).latentDim(128).bceLoss().seed(3)
        .build()) {
      Nd4j.getRandom().setSeed(5);
      INDArray x = Nd4j.rand(DataType.FLOAT, n, 3, 64, 64);
      vae.fit(x, TrainingOptions.builder().epochs(1).batchSize(n).seed(1).build());
      Network network = ModelInternals.network(vae);
      long workspaceFloats = (network.nativeBytes() - network.parameters().bytes()) / 4 / n;
      long encoder = 32 * 32 * 32 + 64 * 16 * 16 + 128 * 8 * 8 + 256 * 4 * 4 + 256;
      long decoder = 4096 + 256 * 8 * 8 + 128 * 16 * 16 + 64 * 32 * 32 + 32 * 64 * 64 + 3 * 64 * 64;
      long input = 3 * 64 * 64;
      long largestUncropped = 32 * 66 * 66;
      long reconstruction = 4 * input;
      long latent = 8 * 128;
      long bound = 2 * (encoder + decoder) + input + largestUncropped + reconstruction + latent;
      assertThat(workspaceFloats).as("workspace floats per example").isLessThanOrEqualTo(bound)
          .isGreaterThanOrEqualTo(2 * (encoder + decoder));
    }
  }
}
