package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatasetCacheTest {
  private final String saved = System.getProperty(DatasetCache.PROPERTY);

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(DatasetCache.PROPERTY);
    } else {
      System.setProperty(DatasetCache.PROPERTY, saved);
    }
  }

  @Test
  void systemPropertyOverridesTheCacheRoot() {
    System.setProperty(DatasetCache.PROPERTY, "/tmp/somewhere");
    assertThat(DatasetCache.root()).isEqualTo(Path.of("/tmp/somewhere"));
    assertThat(DatasetCache.directory("mnist")).isEqualTo(Path.of("/tmp/somewhere/mnist"));
    assertThat(Mnist.cached().directory()).isEqualTo(Path.of("/tmp/somewhere/mnist"));
    assertThat(FashionMnist.cached().directory().getFileName().toString())
        .isEqualTo("fashion-mnist");
  }

  @Test
  void defaultRootIsUnderTheHomeDirectoryWhenNothingIsSet() {
    System.clearProperty(DatasetCache.PROPERTY);
    Path expected = System.getenv(DatasetCache.ENV) != null
        ? Path.of(System.getenv(DatasetCache.ENV))
        : Path.of(System.getProperty("user.home"), ".vae4j", "datasets");
    assertThat(DatasetCache.root()).isEqualTo(expected);
  }

  @Test
  void rejectsNamesThatAreNotPlainDirectoryNames() {
    assertThatThrownBy(() -> DatasetCache.directory("../x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../x");
  }

  @Test
  void everyFamilyDeclaresFourGzipFilesWithSha256() {
    for (MnistFamily family : new MnistFamily[] {Mnist.FAMILY, FashionMnist.FAMILY,
        Kmnist.FAMILY}) {
      assertThat(family.fileNames()).containsExactly("train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
      assertThat(family.files()).allSatisfy(f -> assertThat(f.hasSha256()).isTrue());
      assertThat(family.mirrors()).isNotEmpty();
    }
    assertThat(Mnist.defaultMirrors().get(0).toString())
        .isEqualTo("https://ossci-datasets.s3.amazonaws.com/mnist/");
  }
}
