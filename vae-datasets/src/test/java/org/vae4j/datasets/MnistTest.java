package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.datasets.internal.Downloader;
import org.vae4j.datasets.internal.RemoteFile;

/** Checks against the real MNIST test set in {@code vae4j.mnist.dir}. */
class MnistTest {
  static Path mnistDir;

  @BeforeAll
  static void locate() {
    String property = System.getProperty("vae4j.mnist.dir");
    String env = System.getenv("VAE4J_MNIST_DIR");
    mnistDir = Path.of(property != null ? property
        : env != null ? env : "/work/shared/datasets/mnist");
    assertThat(mnistDir.resolve("t10k-images-idx3-ubyte.gz"))
        .as("the real MNIST test set must be in vae4j.mnist.dir").isRegularFile();
    Nd4j.create(1); // load the backend before anything is timed
  }

  @Test
  void declaredChecksumsMatchTheRealTestFiles() throws IOException {
    for (String name : new String[] {MnistFamily.TEST_IMAGES, MnistFamily.TEST_LABELS}) {
      RemoteFile declared = Mnist.FAMILY.file(name);
      Path real = mnistDir.resolve(declared.name());
      assertThat(Files.size(real)).as(name).isEqualTo(declared.size());
      assertThat(Downloader.sha256Hex(real)).as(name).isEqualTo(declared.sha256());
      Downloader.verify(real, declared);
    }
  }

  @Test
  void readsTheRealTestSetWithItsKnownLabelCounts() throws IOException {
    ImageDataset test = Mnist.fromDirectory(mnistDir).test();
    assertThat(test.size()).isEqualTo(10_000);
    assertThat(test.imageShape()).containsExactly(1, 28, 28);
    assertThat(test.classCounts())
        .containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
    assertThat(test.images().minNumber().doubleValue()).isEqualTo(0.0);
    assertThat(test.images().maxNumber().doubleValue()).isEqualTo(1.0);
    assertThat(test.images().meanNumber().doubleValue()).isBetween(0.12, 0.14);
  }
}
