package org.vae4j.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.ChecksumMismatchException;
import org.vae4j.datasets.Kmnist;
import org.vae4j.datasets.Mnist;

/**
 * Endless download bodies from a loopback server: every dataset file has a size bound (declared
 * size, or for KMNIST, whose sizes are not declared, the largest gzip its IDX content could give),
 * and the download is cut off there with an error naming the file and the bound, leaving nothing
 * in the cache. (Before: a KMNIST download read an endless body until the server gave up, 512 MB
 * here, then failed on the hash.)
 */
@Tag("reliability")
@Timeout(60)
class EndlessDownloadTest {

  @TempDir Path cache;
  LocalServer server;

  @BeforeEach
  void start() throws IOException {
    server = new LocalServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * What {@code call} throws, within 30 s: a download that does not stop at its bound fails the
   * test instead of hanging it (the thread is abandoned).
   */
  private static Throwable bounded(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> catchThrowable(call));
  }

  private List<Path> cacheEntries() throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.toList();
    }
  }

  @Test
  void anEndlessKmnistBodyIsCutOffAtTheFilesBound() throws IOException {
    String path = "/kmnist/t10k-images-idx3-ubyte.gz";
    server.serveEndless(path, 0);
    long bound = 7_840_016L + 7_840_016L / 8192 + 1024;
    long t0 = System.nanoTime();
    Throwable t = bounded(() -> Kmnist.cached(cache, List.of(server.base("/kmnist/"))).test());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(t).isInstanceOf(ChecksumMismatchException.class)
        .hasMessage("t10k-images-idx3-ubyte.gz from " + server.base("/kmnist/")
            + "t10k-images-idx3-ubyte.gz: size mismatch, expected at most " + bound
            + " bytes, got more than " + bound + " bytes (cut off there)");
    // two rounds over the one mirror, each stopped after the bound (plus what the sockets buffer)
    assertThat(server.bytesSent(path)).isLessThan(2 * (bound + (16 << 20)));
    assertThat(seconds).as("two bounded attempts and one retry pause").isLessThan(20);
    assertThat(cacheEntries()).isEmpty();
  }

  @Test
  void aContentLengthAboveTheBoundIsRefusedBeforeTheBodyIsRead() throws IOException {
    String path = "/kmnist/t10k-labels-idx1-ubyte.gz";
    server.serveEndless(path, 10_000_000_000L);
    Throwable t = bounded(() -> new Downloader("kmnist", List.of(server.base("/kmnist/")), 1,
        Duration.ofMillis(1), Duration.ofSeconds(5)).fetch(
            RemoteFile.bounded("t10k-labels-idx1-ubyte.gz", 11_034, null), cache, List.of()));
    assertThat(t).isInstanceOf(ChecksumMismatchException.class)
        .hasMessageEndingWith("size mismatch, expected at most 11034 bytes, got 10000000000 bytes "
            + "(its Content-Length; nothing was read)");
    assertThat(cacheEntries()).isEmpty();
  }

  @Test
  void anEndlessMnistBodyStopsOneByteAfterTheDeclaredSize() throws IOException {
    String path = "/mnist/t10k-images-idx3-ubyte.gz";
    server.serveEndless(path, 0);
    URI base = server.base("/mnist/");
    Throwable t = bounded(() -> Mnist.cached(cache, List.of(base)).test());
    assertThat(t).isInstanceOf(ChecksumMismatchException.class).hasMessageContaining(
        "size mismatch, expected 1648877 bytes, got more than 1648877 bytes (cut off there)");
    assertThat(cacheEntries()).isEmpty();
  }

  @Test
  void everyDeclaredDatasetFileHasABound() {
    assertThat(RemoteFile.DEFAULT_MAX_SIZE).isEqualTo(64L << 20);
    assertThat(new RemoteFile("x.gz", -1, null).maxSize()).isEqualTo(RemoteFile.DEFAULT_MAX_SIZE);
    assertThat(new RemoteFile("x.gz", 10, null).maxSize()).isEqualTo(10);
    assertThat(catchThrowable(() -> new RemoteFile("x.gz", 10, null, 20)))
        .hasMessage("maxSize must equal the declared size 10, got 20");
    assertThat(catchThrowable(() -> RemoteFile.bounded("x.gz", 0, null)))
        .hasMessage("maxSize must be >= 1, got 0");
  }
}
