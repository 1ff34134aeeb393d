package org.vae4j.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.vae4j.datasets.internal.Downloader;

/**
 * The train and test splits of an MNIST-layout dataset, read lazily from a directory (and, for a
 * cached dataset, downloaded into it on demand). Each call to {@link #train()} or {@link #test()}
 * reads the files again; keep the returned {@link ImageDataset}.
 *
 * <p>Files are looked up as {@code <name>.gz} first, then {@code <name>}; either may be
 * compressed or not (the content decides). A split whose files are absent throws {@link
 * DatasetUnavailableException} listing the expected names.
 */
public final class DatasetSplits {
  private final MnistFamily family;
  private final Path directory;
  private final Downloader downloader;

  DatasetSplits(MnistFamily family, Path directory, Downloader downloader) {
    this.family = family;
    this.directory = directory;
    this.downloader = downloader;
  }

  /** The dataset's name, for example {@code "mnist"}. */
  public String name() {
    return family.name();
  }

  /** The directory the files are read from (and downloaded into, for a cached dataset). */
  public Path directory() {
    return directory;
  }

  /** True when missing files are downloaded; false for {@code fromDirectory}. */
  public boolean downloadsMissingFiles() {
    return downloader != null;
  }

  /** The training split (60,000 images for the MNIST family). */
  public ImageDataset train() throws IOException {
    return split(MnistFamily.TRAIN_IMAGES, MnistFamily.TRAIN_LABELS);
  }

  /** The test split (10,000 images for the MNIST family). */
  public ImageDataset test() throws IOException {
    return split(MnistFamily.TEST_IMAGES, MnistFamily.TEST_LABELS);
  }

  /** Train followed by test in one dataset (70,000 images for the MNIST family). */
  public ImageDataset all() throws IOException {
    return ImageDataset.concat(train(), test());
  }

  private ImageDataset split(String imagesName, String labelsName) throws IOException {
    Path images = locate(imagesName, imagesName, labelsName);
    Path labels = locate(labelsName, imagesName, labelsName);
    return readImages(images, labels, family.numClasses());
  }

  private Path locate(String baseName, String imagesName, String labelsName) throws IOException {
    if (downloader != null) {
      return downloader.fetch(family.file(baseName), directory, family.fileNames());
    }
    Path gz = directory.resolve(baseName + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path raw = directory.resolve(baseName);
    if (Files.isRegularFile(raw)) {
      return raw;
    }
    throw new DatasetUnavailableException("Missing " + family.name() + " file " + baseName
        + "(.gz) in " + directory.toAbsolutePath() + ". This split needs " + imagesName + ".gz and "
        + labelsName + ".gz (or the same names without .gz, uncompressed); the whole dataset is "
        + family.fileNames() + ".");
  }

  /**
   * Reads an MNIST-layout pair: unsigned-byte images {@code [N, H, W]} (scaled to [0, 1], shaped
   * {@code [N, 1, H, W]}) and unsigned-byte labels {@code [N]} in {@code [0, numClasses)}.
   *
   * @throws IdxFormatException naming the file when either file is invalid, has the wrong type or
   *     rank, the counts differ, or a label is out of range
   */
  public static ImageDataset readImages(Path imagesFile, Path labelsFile, int numClasses)
      throws IOException {
    Objects.requireNonNull(imagesFile, "imagesFile");
    Objects.requireNonNull(labelsFile, "labelsFile");
    if (numClasses < 1 || numClasses > 256) {
      throw new IllegalArgumentException("numClasses must be in [1, 256], got " + numClasses);
    }
    IdxArray images = Idx.read(imagesFile);
    IdxArray labels = Idx.read(labelsFile);
    int[] dims = images.dims();
    if (images.type() != IdxType.UNSIGNED_BYTE || dims.length != 3) {
      throw new IdxFormatException(imagesFile, "images must be UNSIGNED_BYTE [N, H, W], got "
          + images.type() + " " + Arrays.toString(dims));
    }
    int[] labelDims = labels.dims();
    if (labels.type() != IdxType.UNSIGNED_BYTE || labelDims.length != 1) {
      throw new IdxFormatException(labelsFile, "labels must be UNSIGNED_BYTE [N], got "
          + labels.type() + " " + Arrays.toString(labelDims));
    }
    if (dims[0] != labelDims[0]) {
      throw new IdxFormatException(labelsFile, "label count " + labelDims[0]
          + " differs from the image count " + dims[0] + " of " + imagesFile);
    }
    if (dims[0] == 0 || dims[1] == 0 || dims[2] == 0) {
      throw new IdxFormatException(imagesFile,
          "images must not be empty, got dimensions " + Arrays.toString(dims));
    }
    int[] y = labels.toIntArray();
    for (int i = 0; i < y.length; i++) {
      if (y[i] >= numClasses) {
        throw new IdxFormatException(labelsFile, "label " + i + " must be in [0, " + numClasses
            + "), got " + y[i]);
      }
    }
    byte[] raw = images.rawData();
    float[] pixels = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      pixels[i] = (raw[i] & 0xFF) / 255f;
    }
    return ImageDataset.fromPixels(pixels, new long[] {1, dims[1], dims[2]}, y, numClasses);
  }

  /** The declared file names of this dataset. */
  public List<String> fileNames() {
    return family.fileNames();
  }

  @Override
  public String toString() {
    return "DatasetSplits[" + family.name() + " in " + directory
        + (downloader != null ? ", downloading from " + downloader.mirrors() : "") + "]";
  }
}
