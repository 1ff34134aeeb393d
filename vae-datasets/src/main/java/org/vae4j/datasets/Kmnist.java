package org.vae4j.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Kuzushiji-MNIST cursive Japanese characters (Clanuwat et al., ROIS-DS CODH), in the MNIST layout: {@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
 * optionally {@code .gz}. Images are 28×28, one channel, values in [0, 1]; 10 classes.
 *
 * <pre>{@code
 * ImageDataset test = Kmnist.fromDirectory(Path.of("/data/kmnist")).test();
 * ImageDataset train = Kmnist.cached().train();   // downloads into ~/.vae4j/datasets/kmnist/ once
 * }</pre>
 */
public final class Kmnist {
  /** The dataset's name, also its cache directory name. */
  public static final String NAME = "kmnist";

  static final MnistFamily FAMILY = new MnistFamily(NAME, 10,
      List.of(URI.create("http://codh.rois.ac.jp/kmnist/dataset/kmnist/")),
      List.of(
          // Sizes are not declared: only one source for them was available, so only the
          // SHA-256 (from the torchvision and TFDS declarations) is checked, and each download is
          // bounded by the largest gzip file its IDX content could give.
          MnistFamily.gzOfUnknownSize(MnistFamily.TRAIN_IMAGES, MnistFamily.idxImages(60_000),
              "51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4"),
          MnistFamily.gzOfUnknownSize(MnistFamily.TRAIN_LABELS, MnistFamily.idxLabels(60_000),
              "e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17"),
          MnistFamily.gzOfUnknownSize(MnistFamily.TEST_IMAGES, MnistFamily.idxImages(10_000),
              "edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5"),
          MnistFamily.gzOfUnknownSize(MnistFamily.TEST_LABELS, MnistFamily.idxLabels(10_000),
              "20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c")));

  private Kmnist() {}

  /**
   * The splits stored in {@code directory} (gzip or uncompressed names). Nothing is read until
   * {@link DatasetSplits#train()} or {@link DatasetSplits#test()}; a directory holding only the
   * test files works for {@code test()}.
   */
  public static DatasetSplits fromDirectory(Path directory) {
    return FAMILY.fromDirectory(directory);
  }

  /**
   * The splits in the default cache directory {@code DatasetCache.directory("kmnist")}, downloaded
   * from the default mirrors on first use and verified against the declared sizes and SHA-256.
   */
  public static DatasetSplits cached() {
    return cached(DatasetCache.directory(NAME));
  }

  /** Like {@link #cached()} with an explicit cache directory (used as is, no sub-directory). */
  public static DatasetSplits cached(Path cacheDir) {
    return cached(cacheDir, defaultMirrors());
  }

  /** Like {@link #cached(Path)} with explicit mirror base URLs, tried in order. */
  public static DatasetSplits cached(Path cacheDir, List<URI> mirrors) {
    return FAMILY.cached(cacheDir, mirrors);
  }

  /** The default mirror base URLs. */
  public static List<URI> defaultMirrors() {
    return FAMILY.mirrors();
  }
}
