package org.vae4j.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.vae4j.api.internal.Seeds;
import org.vae4j.datasets.DatasetCache;
import org.vae4j.datasets.DatasetSplits;
import org.vae4j.datasets.DatasetUnavailableException;
import org.vae4j.datasets.FashionMnist;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.Kmnist;
import org.vae4j.datasets.Mnist;
import org.vae4j.datasets.SyntheticDigits;

/**
 * Where every program and command of vae4j gets its images: the one place that turns a data
 * specification into an {@link ImageDataset} and says, in words, which data it is.
 *
 * <ul>
 *   <li>{@code mnist}, {@code fashion-mnist}, {@code kmnist}: the download cache ({@code
 *       Mnist.cached()} etc.), train and test together. When the train split cannot be had (no
 *       network) but the cache holds the test split, the test split is used and the description
 *       says so; when the cache holds nothing and there is no network, the dataset's own {@link
 *       DatasetUnavailableException} explains where to put the files.
 *   <li>{@code synthetic}: {@link SyntheticDigits} (no files, no network).
 *   <li>a directory: MNIST-layout IDX files read in place (never downloaded); train and test
 *       together when both are there, otherwise whichever split is there.
 * </ul>
 *
 * <p>A positive {@code limit} keeps a seeded random subset of that many images.
 */
public final class DataSource {

  /** Images generated for {@code synthetic} when no limit is given. */
  public static final int DEFAULT_SYNTHETIC_COUNT = 10_000;

  private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  /**
   * Images together with a one-line account of where they came from.
   *
   * @param data the images (labelled)
   * @param description which data this is, for example "MNIST test split (10,000 images) from
   *     /data/mnist (no train split there)"
   * @param real true for real (file-based) data, false for {@link SyntheticDigits}
   */
  public record Resolved(ImageDataset data, String description, boolean real) {
    /** Checks the parts. */
    public Resolved {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(description, "description");
    }
  }

  private DataSource() {}

  /**
   * Resolves a data specification (see the class comment).
   *
   * @param spec {@code mnist}, {@code fashion-mnist}, {@code kmnist}, {@code synthetic} or a
   *     directory
   * @param limit keep at most this many images (a seeded random subset); 0 keeps all
   * @param seed seed of the subset and of the synthetic digits
   * @throws IllegalArgumentException for an unknown name that is not a directory, or a negative
   *     limit
   * @throws IOException when the files are missing (with the dataset's explanation) or invalid
   */
  public static Resolved resolve(String spec, int limit, long seed) throws IOException {
    checkLimit(limit);
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "data must be mnist, fashion-mnist, kmnist, synthetic or a directory, got \""
              + spec + "\"");
    }
    String name = spec.trim().toLowerCase(Locale.ROOT);
    Resolved full;
    switch (name) {
      case "synthetic" -> {
        int count = limit > 0 ? limit : DEFAULT_SYNTHETIC_COUNT;
        return new Resolved(SyntheticDigits.generate(count, seed),
            "SyntheticDigits (" + count(count) + " procedural digits, seed " + seed + ")", false);
      }
      case "mnist" -> full = cached("MNIST", Mnist.cached(), Mnist::fromDirectory);
      case "fashion-mnist" ->
          full = cached("Fashion-MNIST", FashionMnist.cached(), FashionMnist::fromDirectory);
      case "kmnist" -> full = cached("KMNIST", Kmnist.cached(), Kmnist::fromDirectory);
      default -> {
        Path dir = Path.of(spec.trim());
        if (!Files.isDirectory(dir)) {
          throw new IllegalArgumentException("data must be mnist, fashion-mnist, kmnist, synthetic"
              + " or an existing directory, got \"" + spec + "\" (no such directory: "
              + dir.toAbsolutePath() + ")");
        }
        full = directory("MNIST-layout", dir, Mnist.fromDirectory(dir));
      }
    }
    return limit(full, limit, seed);
  }

  /**
   * The data of the quick start, found without any network access: MNIST in the download cache
   * ({@link DatasetCache#directory(String)}), else in the directory named by the system property
   * {@code vae4j.mnist.dir} or the environment variable {@code VAE4J_MNIST_DIR}, else {@code
   * syntheticCount} {@link SyntheticDigits}. The MNIST test split alone counts.
   *
   * @param limit keep at most this many real images (0 keeps all)
   */
  public static Resolved offlineMnistOrSynthetic(int limit, int syntheticCount, long seed)
      throws IOException {
    checkLimit(limit);
    if (syntheticCount < 1) {
      throw new IllegalArgumentException("syntheticCount must be >= 1, got " + syntheticCount);
    }
    for (Path dir : offlineMnistDirectories()) {
      if (hasSplit(dir, TEST_IMAGES, TEST_LABELS) || hasSplit(dir, TRAIN_IMAGES, TRAIN_LABELS)) {
        return limit(directory("MNIST", dir, Mnist.fromDirectory(dir)), limit, seed);
      }
    }
    int count = limit > 0 ? Math.min(limit, syntheticCount) : syntheticCount;
    return new Resolved(SyntheticDigits.generate(count, seed), "SyntheticDigits (" + count(count)
        + " procedural digits, seed " + seed + "): no MNIST files found in "
        + String.join(" or ", offlineMnistDirectories().stream().map(Path::toString).toList())
        + " (use --data DIR, or --data mnist to download)", false);
  }

  /** The directories searched by {@link #offlineMnistOrSynthetic}, in order. */
  static java.util.List<Path> offlineMnistDirectories() {
    java.util.List<Path> dirs = new java.util.ArrayList<>();
    dirs.add(DatasetCache.directory(Mnist.NAME));
    String prop = System.getProperty("vae4j.mnist.dir");
    if (prop != null && !prop.isBlank()) {
      dirs.add(Path.of(prop));
    }
    String env = System.getenv("VAE4J_MNIST_DIR");
    if (env != null && !env.isBlank()) {
      dirs.add(Path.of(env));
    }
    return dirs;
  }

  private static Resolved cached(String title, DatasetSplits splits,
      Function<Path, DatasetSplits> local) throws IOException {
    try {
      ImageDataset all = splits.all();
      return new Resolved(all, title + " train+test (" + count(all.size()) + " images) from "
          + splits.directory(), true);
    } catch (DatasetUnavailableException e) {
      Path dir = splits.directory();
      if (hasSplit(dir, TEST_IMAGES, TEST_LABELS) || hasSplit(dir, TRAIN_IMAGES, TRAIN_LABELS)) {
        Resolved r = directory(title, dir, local.apply(dir));
        return new Resolved(r.data(), r.description() + "; the rest could not be downloaded",
            true);
      }
      throw e;
    }
  }

  private static Resolved directory(String title, Path dir, DatasetSplits splits)
      throws IOException {
    boolean train = hasSplit(dir, TRAIN_IMAGES, TRAIN_LABELS);
    boolean test = hasSplit(dir, TEST_IMAGES, TEST_LABELS);
    if (train && test) {
      ImageDataset all = splits.all();
      return new Resolved(all, title + " train+test (" + count(all.size()) + " images) from "
          + dir, true);
    }
    if (train) {
      ImageDataset t = splits.train();
      return new Resolved(t, title + " train split only (" + count(t.size()) + " images) from "
          + dir + " (no test split there)", true);
    }
    // Neither or test only: test() reads it, or throws the dataset's own explanation.
    ImageDataset t = splits.test();
    return new Resolved(t, title + " test split only (" + count(t.size()) + " images) from "
        + dir + " (no train split there)", true);
  }

  private static boolean hasSplit(Path dir, String images, String labels) {
    return exists(dir, images) && exists(dir, labels);
  }

  private static boolean exists(Path dir, String name) {
    return Files.isRegularFile(dir.resolve(name + ".gz")) || Files.isRegularFile(dir.resolve(name));
  }

  private static Resolved limit(Resolved r, int limit, long seed) {
    int n = r.data().size();
    if (limit <= 0 || limit >= n) {
      return r;
    }
    int[] order = Seeds.permutation(new SplittableRandom(seed), n);
    int[] keep = Arrays.copyOf(order, limit);
    return new Resolved(r.data().select(keep),
        r.description() + ", a random subset of " + count(limit) + " (seed " + seed + ")",
        r.real());
  }

  private static void checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0 = all images), got " + limit);
    }
  }

  private static String count(int n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
