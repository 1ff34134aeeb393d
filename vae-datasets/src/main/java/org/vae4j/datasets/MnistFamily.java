package org.vae4j.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.vae4j.datasets.internal.Downloader;
import org.vae4j.datasets.internal.RemoteFile;

/**
 * The shared description of the MNIST-layout datasets: four IDX files (train and test images and
 * labels), each possibly gzip-compressed, with declared sizes and SHA-256 values and a list of
 * mirrors.
 */
record MnistFamily(String name, int numClasses, List<URI> mirrors, List<RemoteFile> files) {
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  /** Download rounds over the mirror list. */
  static final int ROUNDS = 2;
  static final Duration RETRY_DELAY = Duration.ofSeconds(1);
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  MnistFamily {
    Objects.requireNonNull(name, "name");
    mirrors = List.copyOf(mirrors);
    files = List.copyOf(files);
  }

  /** The declared file {@code baseName + ".gz"}. */
  RemoteFile file(String baseName) {
    for (RemoteFile file : files) {
      if (file.name().equals(baseName + ".gz")) {
        return file;
      }
    }
    throw new IllegalArgumentException(name + " declares no file " + baseName + ".gz");
  }

  List<String> fileNames() {
    return files.stream().map(RemoteFile::name).toList();
  }

  DatasetSplits fromDirectory(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return new DatasetSplits(this, directory, null);
  }

  DatasetSplits cached(Path cacheDir, List<URI> mirrorOverride) {
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(mirrorOverride, "mirrors");
    Downloader downloader = new Downloader(name, mirrorOverride, ROUNDS, RETRY_DELAY, TIMEOUT);
    return new DatasetSplits(this, cacheDir, downloader);
  }

  static RemoteFile gz(String baseName, long size, String sha256) {
    return new RemoteFile(baseName + ".gz", size, sha256);
  }

  /**
   * A gzip file whose size is not declared, bounded by what gzip can make of an IDX file of
   * {@code idxBytes} bytes at worst (stored blocks: 5 bytes per 65,535, plus header and trailer):
   * {@code idxBytes + idxBytes / 8192 + 1024}.
   */
  static RemoteFile gzOfUnknownSize(String baseName, long idxBytes, String sha256) {
    return RemoteFile.bounded(baseName + ".gz", gzipBound(idxBytes), sha256);
  }

  /** The most bytes a gzip file of {@code raw} uncompressed bytes can take. */
  static long gzipBound(long raw) {
    return raw + raw / 8192 + 1024;
  }

  /** Bytes of an uncompressed IDX file of {@code n} 28×28 images. */
  static long idxImages(int n) {
    return 16 + n * 28L * 28;
  }

  /** Bytes of an uncompressed IDX file of {@code n} labels. */
  static long idxLabels(int n) {
    return 8 + (long) n;
  }
}
