package org.vae4j.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The MNIST handwritten digits (LeCun, Cortes and Burges), in the MNIST layout: {@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
 * optionally {@code .gz}. Images are 28×28, one channel, values in [0, 1]; 10 classes.
 *
 * <pre>{@code
 * ImageDataset test = Mnist.fromDirectory(Path.of("/data/mnist")).test();
 * ImageDataset train = Mnist.cached().train();   // downloads into ~/.vae4j/datasets/mnist/ once
 * }</pre>
 */
public final class Mnist {
  /** The dataset's name, also its cache directory name. */
  public static final String NAME = "mnist";

  static final MnistFamily FAMILY = new MnistFamily(NAME, 10,
      List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
          URI.create("http://yann.lecun.com/exdb/mnist/")),
      List.of(
          MnistFamily.gz(MnistFamily.TRAIN_IMAGES, 9_912_422,
              "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
          MnistFamily.gz(MnistFamily.TRAIN_LABELS, 28_881,
              "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
          MnistFamily.gz(MnistFamily.TEST_IMAGES, 1_648_877,
              "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
          MnistFamily.gz(MnistFamily.TEST_LABELS, 4_542,
              "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")));

  private Mnist() {}

  /**
   * The splits stored in {@code directory} (gzip or uncompressed names). Nothing is read until
   * {@link DatasetSplits#train()} or {@link DatasetSplits#test()}; a directory holding only the
   * test files works for {@code test()}.
   */
  public static DatasetSplits fromDirectory(Path directory) {
    return FAMILY.fromDirectory(directory);
  }

  /**
   * The splits in the default cache directory {@code DatasetCache.directory("mnist")}, downloaded
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
