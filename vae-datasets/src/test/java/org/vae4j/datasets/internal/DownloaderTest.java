package org.vae4j.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.ChecksumMismatchException;
import org.vae4j.datasets.DatasetUnavailableException;

@Timeout(30)
class DownloaderTest {
  static final byte[] CONTENT = new byte[50_000];
  static final String NAME = "data-file.gz";
  static final List<String> ALL = List.of(NAME, "other-file.gz");

  static {
    new Random(3).nextBytes(CONTENT);
  }

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

  static String sha(byte[] b) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  static RemoteFile declared() throws NoSuchAlgorithmException {
    return new RemoteFile(NAME, CONTENT.length, sha(CONTENT));
  }

  Downloader downloader(int rounds, URI... mirrors) {
    return new Downloader("test-set", List.of(mirrors), rounds, Duration.ofMillis(10),
        Duration.ofSeconds(5));
  }

  List<Path> cacheEntries() throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.toList();
    }
  }

  @Test
  void downloadsVerifiesAndMovesTheFileIntoTheCache() throws Exception {
    server.serve("/m/" + NAME, CONTENT);
    Path got = downloader(1, server.base("/m/")).fetch(declared(), cache, ALL);
    assertThat(got).isEqualTo(cache.resolve(NAME));
    assertThat(Files.readAllBytes(got)).isEqualTo(CONTENT);
    assertThat(cacheEntries()).containsExactly(got);
  }

  @Test
  void aVerifiedCachedFileIsUsedWithoutDownloading() throws Exception {
    server.serve("/m/" + NAME, CONTENT);
    Downloader d = downloader(1, server.base("/m"));
    d.fetch(declared(), cache, ALL);
    d.fetch(declared(), cache, ALL);
    assertThat(server.hits("/m/" + NAME)).isEqualTo(1);
  }

  @Test
  void aCorruptedCachedFileIsDownloadedAgain() throws Exception {
    server.serve("/m/" + NAME, CONTENT);
    byte[] bad = CONTENT.clone();
    bad[100] ^= 1;
    Files.write(cache.resolve(NAME), bad);
    Path got = downloader(1, server.base("/m/")).fetch(declared(), cache, ALL);
    assertThat(Files.readAllBytes(got)).isEqualTo(CONTENT);
    assertThat(server.hits("/m/" + NAME)).isEqualTo(1);
  }

  @Test
  void aChecksumMismatchNamesFileAndHashesAndLeavesNoFile() throws Exception {
    byte[] corrupt = CONTENT.clone();
    corrupt[7] ^= 0x10;
    server.serve("/m/" + NAME, corrupt);
    assertThatThrownBy(() -> downloader(1, server.base("/m/")).fetch(declared(), cache, ALL))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContainingAll(NAME, "SHA-256", sha(CONTENT), sha(corrupt))
        .satisfies(e -> {
          ChecksumMismatchException m = (ChecksumMismatchException) e;
          assertThat(m.expected()).isEqualTo(sha(CONTENT));
          assertThat(m.actual()).isEqualTo(sha(corrupt));
        });
    assertThat(cacheEntries()).isEmpty();
  }

  @Test
  void aTruncatedDownloadIsASizeMismatchAndLeavesNoFile() throws Exception {
    server.serve("/m/" + NAME, Arrays.copyOf(CONTENT, CONTENT.length / 2));
    assertThatThrownBy(() -> downloader(1, server.base("/m/")).fetch(declared(), cache, ALL))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContainingAll(NAME, "size", CONTENT.length + " bytes",
            CONTENT.length / 2 + " bytes");
    assertThat(cacheEntries()).isEmpty();
  }

  @Test
  void anOversizedDownloadIsRefusedFromItsContentLength() throws Exception {
    byte[] longer = Arrays.copyOf(CONTENT, CONTENT.length + 10_000);
    server.serve("/m/" + NAME, longer);
    assertThatThrownBy(() -> downloader(1, server.base("/m/")).fetch(declared(), cache, ALL))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContainingAll("size mismatch, expected " + CONTENT.length + " bytes, got "
            + longer.length + " bytes (its Content-Length; nothing was read)");
    assertThat(cacheEntries()).isEmpty();
  }

  @Test
  void aServerErrorOnTheFirstMirrorFallsBackToTheSecond() throws Exception {
    server.serve("/bad/" + NAME, new LocalServer.Response(500, "boom".getBytes()));
    server.serve("/good/" + NAME, CONTENT);
    Path got = downloader(1, server.base("/bad/"), server.base("/good/"))
        .fetch(declared(), cache, ALL);
    assertThat(Files.readAllBytes(got)).isEqualTo(CONTENT);
    assertThat(server.hits("/bad/" + NAME)).isEqualTo(1);
  }

  @Test
  void aServerErrorIsRetriedInTheNextRound() throws Exception {
    server.serve("/m/" + NAME, new LocalServer.Response(500, new byte[0]),
        new LocalServer.Response(200, CONTENT));
    Path got = downloader(2, server.base("/m/")).fetch(declared(), cache, ALL);
    assertThat(Files.readAllBytes(got)).isEqualTo(CONTENT);
    assertThat(server.hits("/m/" + NAME)).isEqualTo(2);
  }

  @Test
  void aCorruptMirrorIsSkippedWhenAnotherServesGoodBytes() throws Exception {
    byte[] corrupt = CONTENT.clone();
    corrupt[0] ^= 1;
    server.serve("/bad/" + NAME, corrupt);
    server.serve("/good/" + NAME, CONTENT);
    Path got = downloader(1, server.base("/bad/"), server.base("/good/"))
        .fetch(declared(), cache, ALL);
    assertThat(Files.readAllBytes(got)).isEqualTo(CONTENT);
  }

  @Test
  void noReachableMirrorTellsTheUserWhereToPlaceWhichFiles() throws Exception {
    URI dead = LocalServer.deadBase();
    assertThatThrownBy(() -> downloader(2, dead).fetch(declared(), cache, ALL))
        .isInstanceOf(DatasetUnavailableException.class)
        .hasMessageContainingAll("test-set", NAME, "other-file.gz",
            cache.toAbsolutePath().toString(), "fromDirectory", "vae4j.data.dir",
            "VAE4J_DATA_DIR", dead.toString());
    assertThat(cacheEntries()).isEmpty();
  }

  @Test
  void aFileWithoutDeclaredHashIsAcceptedOnSizeAlone() throws Exception {
    server.serve("/m/" + NAME, CONTENT);
    RemoteFile sizeOnly = new RemoteFile(NAME, CONTENT.length, null);
    Path got = downloader(1, server.base("/m/")).fetch(sizeOnly, cache, ALL);
    assertThat(Files.readAllBytes(got)).isEqualTo(CONTENT);
    RemoteFile wrongSize = new RemoteFile(NAME, CONTENT.length + 1, null);
    assertThatThrownBy(() -> Downloader.verify(got, wrongSize))
        .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("size");
  }

  @Test
  void rejectsBadDeclarationsAndMirrors() {
    assertThatThrownBy(() -> new RemoteFile("x", 1, "abc"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll("sha256", "abc");
    assertThatThrownBy(() -> new RemoteFile("a/b", 1, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a/b");
    assertThatThrownBy(() -> new RemoteFile("x", -5, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
    assertThatThrownBy(() -> downloader(1, URI.create("ftp://example/")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://example/");
    assertThatThrownBy(() -> downloader(0, URI.create("http://127.0.0.1/")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rounds");
  }
}
