package org.vae4j.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.io.AtomicFiles;
import org.vae4j.datasets.ChecksumMismatchException;
import org.vae4j.datasets.DatasetUnavailableException;

/**
 * Fetches declared files into a cache directory: a cached file is verified (size and SHA-256)
 * before use; a missing or bad one is downloaded from each mirror in turn (with a bounded number
 * of rounds), streamed through a SHA-256 digest into a temporary file in the cache directory,
 * verified, and only then renamed to its real name. A failed download never leaves a file under
 * the real name. No download brings more than the file's {@link RemoteFile#maxSize()} (its
 * declared size, or its declared bound) plus one byte: a larger Content-Length is refused before
 * the body is read, and a longer (or endless) body is cut off there.
 */
public final class Downloader {
  private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);

  private final String dataset;
  private final List<URI> mirrors;
  private final int rounds;
  private final Duration retryDelay;
  private final Duration timeout;
  private final HttpClient client;

  /**
   * Creates a downloader.
   *
   * @param dataset the dataset's name, for messages
   * @param mirrors base URLs; a file's URL is the base followed by the file name
   * @param rounds how many times the whole mirror list is tried (at least 1)
   * @param retryDelay pause between rounds
   * @param timeout connect timeout and per-request timeout
   */
  public Downloader(String dataset, List<URI> mirrors, int rounds, Duration retryDelay,
      Duration timeout) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(mirrors, "mirrors");
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("mirrors must not be empty");
    }
    List<URI> normalized = new ArrayList<>();
    for (URI mirror : mirrors) {
      Objects.requireNonNull(mirror, "mirror");
      String scheme = mirror.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("mirror must be an http or https URL, got " + mirror);
      }
      String text = mirror.toString();
      normalized.add(URI.create(text.endsWith("/") ? text : text + "/"));
    }
    this.mirrors = List.copyOf(normalized);
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
    }
    this.rounds = rounds;
    this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** The mirrors, each ending with a slash. */
  public List<URI> mirrors() {
    return mirrors;
  }

  /**
   * Returns {@code dir/file.name()}, verified, downloading it if missing or bad.
   *
   * @param allNames every file name of the dataset, for the "place the files by hand" message
   * @throws ChecksumMismatchException when every mirror that answered served wrong bytes
   * @throws DatasetUnavailableException when no mirror could be reached
   */
  public Path fetch(RemoteFile file, Path dir, List<String> allNames) throws IOException {
    Path target = dir.resolve(file.name());
    if (Files.isRegularFile(target)) {
      try {
        verify(target, file);
        return target;
      } catch (ChecksumMismatchException e) {
        LOG.warn("Cached file {} is bad ({}); downloading it again", target, e.getMessage());
        Files.delete(target);
      }
    }
    Files.createDirectories(dir);
    List<IOException> failures = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      for (URI mirror : mirrors) {
        URI uri = mirror.resolve(file.name());
        try {
          download(uri, file, target);
          return target;
        } catch (IOException e) {
          LOG.warn("Download of {} failed (round {} of {}): {}", uri, round, rounds,
              e.toString());
          failures.add(e);
        }
      }
      if (round < rounds) {
        sleep(retryDelay);
      }
    }
    for (IOException failure : failures) {
      if (failure instanceof ChecksumMismatchException mismatch) {
        for (IOException other : failures) {
          if (other != mismatch) {
            mismatch.addSuppressed(other);
          }
        }
        throw mismatch;
      }
    }
    DatasetUnavailableException thrown = new DatasetUnavailableException(
        "Could not download " + dataset + " file " + file.name() + " from " + mirrors
            + " (last error: " + failures.get(failures.size() - 1) + "). To work offline, place "
            + "the files " + allNames + " (gzip-compressed, or uncompressed without the .gz "
            + "suffix) in " + dir.toAbsolutePath() + " and load them with fromDirectory(" + dir
            + "), or put the .gz files there to fill the cache (the root can be moved with "
            + "-Dvae4j.data.dir=... or VAE4J_DATA_DIR).",
        failures.get(failures.size() - 1));
    failures.forEach(thrown::addSuppressed);
    throw thrown;
  }

  private void download(URI uri, RemoteFile file, Path target) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while downloading " + uri);
    }
    Path tmp = Files.createTempFile(target.getParent(), "." + file.name() + ".", ".part");
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode() + " from " + uri);
      }
      long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (announced > file.maxSize()) {
        throw tooLarge(file, uri, announced + " bytes (its Content-Length; nothing was read)");
      }
      MessageDigest sha = sha256();
      long count = copy(new DigestInputStream(body, sha), tmp, file.maxSize() + 1, uri, file);
      if (count > file.maxSize()) {
        throw tooLarge(file, uri, "more than " + file.maxSize() + " bytes (cut off there)");
      }
      if (file.hasSize() && count != file.size()) {
        throw new ChecksumMismatchException(file.name(), uri.toString(), "size",
            file.size() + " bytes", count + " bytes");
      }
      checkSha(file, uri.toString(), HexFormat.of().formatHex(sha.digest()));
      AtomicFiles.moveIntoPlace(tmp, target);
      LOG.info("Downloaded {} ({} bytes) from {} into {}", file.name(), count, uri, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static ChecksumMismatchException tooLarge(RemoteFile file, URI uri, String got) {
    return new ChecksumMismatchException(file.name(), uri.toString(), "size",
        file.hasSize() ? file.size() + " bytes" : "at most " + file.maxSize() + " bytes", got);
  }

  /** Copies at most {@code limit} bytes of {@code in} into {@code tmp}; returns how many. */
  private static long copy(InputStream in, Path tmp, long limit, URI uri, RemoteFile file)
      throws IOException {
    boolean console = System.console() != null;
    if (!console) {
      LOG.info("Downloading {} from {}{}", file.name(), uri,
          file.hasSize() ? " (" + file.size() + " bytes)" : "");
    }
    byte[] buffer = new byte[1 << 16];
    long count = 0;
    try (OutputStream out = Files.newOutputStream(tmp);
        ProgressBar bar = console ? new ProgressBar(file.name(), file.size()) : null) {
      int n;
      while (count < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length,
          limit - count))) != -1) {
        out.write(buffer, 0, n);
        count += n;
        if (bar != null) {
          bar.stepTo(count);
        }
      }
    }
    return count;
  }

  private static void checkSha(RemoteFile file, String source, String actual)
      throws ChecksumMismatchException {
    if (!file.hasSha256()) {
      LOG.warn("No SHA-256 is declared for {}; its content is unverified (size only)",
          file.name());
      return;
    }
    if (!file.sha256().equals(actual)) {
      throw new ChecksumMismatchException(file.name(), source, "SHA-256", file.sha256(), actual);
    }
  }

  /**
   * Checks a local file against its declaration (size, then SHA-256 when declared).
   *
   * @throws ChecksumMismatchException naming the file, expected and actual value
   * @throws NoSuchFileException when the file is missing
   */
  public static void verify(Path path, RemoteFile file) throws IOException {
    long size = Files.size(path);
    if (file.hasSize() && size != file.size()) {
      throw new ChecksumMismatchException(file.name(), path.toString(), "size",
          file.size() + " bytes", size + " bytes");
    }
    if (size > file.maxSize()) {
      throw new ChecksumMismatchException(file.name(), path.toString(), "size",
          "at most " + file.maxSize() + " bytes", size + " bytes");
    }
    checkSha(file, path.toString(), sha256Hex(path));
  }

  /** The lower-case hex SHA-256 of a file. */
  public static String sha256Hex(Path path) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(path), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  private static void sleep(Duration delay) throws InterruptedIOException {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted between download attempts");
    }
  }
}
