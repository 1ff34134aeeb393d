package org.vae4j.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST clothing images (Xiao, Rasul and Vollgraf, Zalando Research), in the MNIST layout: {@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
 * optionally {@code .gz}. Images are 28×28, one channel, values in [0, 1]; 10 classes.
 *
 * <pre>{@code
 * ImageDataset test = FashionMnist.fromDirectory(Path.of("/data/fashion-mnist")).test();
 * ImageDataset train = FashionMnist.cached().train();   // downloads into ~/.vae4j/datasets/fashion-mnist/ once
 * }</pre>
 */
public final class FashionMnist {
  /** The dataset's name, also its cache directory name. */
  public static final String NAME = "fashion-mnist";

  static final MnistFamily FAMILY = new MnistFamily(NAME, 10,
      List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
      List.of(
          MnistFamily.gz(MnistFamily.TRAIN_IMAGES, 26_421_880,
              "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
          MnistFamily.gz(MnistFamily.TRAIN_LABELS, 29_515,
              "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
          MnistFamily.gz(MnistFamily.TEST_IMAGES, 4_422_102,
              "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
          MnistFamily.gz(MnistFamily.TEST_LABELS, 5_148,
              "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")));

  private FashionMnist() {}

  /**
   * The splits stored in {@code directory} (gzip or uncompressed names). Nothing is read until
   * {@link DatasetSplits#train()} or {@link DatasetSplits#test()}; a directory holding only the
   * test files works for {@code test()}.
   */
  public static DatasetSplits fromDirectory(Path directory) {
    return FAMILY.fromDirectory(directory);
  }

  /**
   * The splits in the default cache directory {@code DatasetCache.directory("fashion-mnist")}, downloaded
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
