package org.vae4j.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.DatasetSplits;
import org.vae4j.datasets.DatasetUnavailableException;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.Mnist;

/** End to end: {@code Mnist.cached} against a loopback mirror serving the real test files. */
@Timeout(60)
class CachedMnistTest {
  @TempDir Path cache;

  static Path mnistDir() {
    String property = System.getProperty("vae4j.mnist.dir");
    String env = System.getenv("VAE4J_MNIST_DIR");
    return Path.of(property != null ? property : env != null ? env
        : "/work/shared/datasets/mnist");
  }

  @Test
  void downloadsTheTestSplitFromALocalMirrorAfterADeadOneAndReusesTheCache() throws IOException {
    Path real = mnistDir();
    try (LocalServer server = new LocalServer()) {
      for (String name : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
        server.serve("/mnist/" + name, Files.readAllBytes(real.resolve(name)));
      }
      URI dead = LocalServer.deadBase();
      DatasetSplits splits = Mnist.cached(cache, List.of(dead, server.base("/mnist/")));
      assertThat(splits.downloadsMissingFiles()).isTrue();
      ImageDataset test = splits.test();
      assertThat(test.size()).isEqualTo(10_000);
      assertThat(test.classCounts()[1]).isEqualTo(1135);
      assertThat(cache.resolve("t10k-images-idx3-ubyte.gz")).isRegularFile();
      assertThat(splits.test().size()).isEqualTo(10_000);
      assertThat(server.hits("/mnist/t10k-images-idx3-ubyte.gz")).isEqualTo(1);

      assertThatThrownBy(splits::train)
          .isInstanceOf(DatasetUnavailableException.class)
          .hasMessageContainingAll("train-images-idx3-ubyte.gz", "HTTP 404",
              cache.toAbsolutePath().toString());
      try (var files = Files.list(cache)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
      }
    }
  }
}
