package org.vae4j.samples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.ImageFolder;
import org.vae4j.datasets.ImageFolderIterator;
import org.vae4j.samples.DataSource;

/**
 * The command line's {@code --images DIR}: a folder of picture files read through vae-datasets'
 * {@link ImageFolder}. Labels come from the sub-folders when {@code DIR} has any (every image then
 * lies in a class folder), otherwise the images are unlabelled.
 */
final class ImageFolders {

  private ImageFolders() {}

  /**
   * Scans {@code dir} for images of {@code channels x height x width}.
   *
   * @throws IllegalArgumentException naming {@code option} when dir is not a directory
   * @throws IOException when it holds no image (ImageFolder's message) or a bad file
   */
  static ImageFolder scan(String option, Path dir, int channels, int height, int width)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(option + " must be an existing directory of images, got "
          + dir + (Files.exists(dir) ? " (a file)" : " (no such directory: "
          + dir.toAbsolutePath().normalize() + ")"));
    }
    ImageFolder.Builder b = ImageFolder.builder(dir).size(height, width).channels(channels);
    return (hasSubFolders(dir) ? b.labelsFromFolders() : b.unlabelled()).scan();
  }

  /** Scans {@code dir} at the image shape {@code [C, H, W]} a model was trained on. */
  static ImageFolder scanFor(String option, Path dir, long[] dataShape) throws IOException {
    if (dataShape.length != 3 || (dataShape[0] != 1 && dataShape[0] != 3)) {
      throw new IllegalArgumentException(option + " needs a model of images [1 or 3, H, W], got a "
          + "model of data shape " + Arrays.toString(dataShape));
    }
    return scan(option, dir, (int) dataShape[0], (int) dataShape[1], (int) dataShape[2]);
  }

  private static boolean hasSubFolders(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> !p.getFileName().toString().startsWith(".")
          && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
    }
  }

  /**
   * The first {@code max} images of the folder's seeded shuffle (epoch 0), decoded through its
   * iterator: only those images are held in memory.
   */
  static ImageDataset take(ImageFolder folder, int max, long seed) {
    int n = Math.min(max, folder.size());
    int batch = Math.max(1, Math.min(n, 256));
    List<INDArray> parts = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    int got = 0;
    try (ImageFolderIterator it = folder.iterator(batch, seed)) {
      while (got < n && it.hasNext()) {
        DataSet d = it.next();
        int k = (int) Math.min(d.getFeatures().size(0), n - got);
        parts.add(d.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, k)).dup());
        if (folder.hasLabels()) {
          int[] y = new int[k];
          INDArray arg = d.getLabels().argMax(1);
          for (int i = 0; i < k; i++) {
            y[i] = arg.getInt(i);
          }
          labels.add(y);
        }
        got += k;
      }
    }
    if (got == 0) {
      throw new IllegalStateException(folder.directory() + ": no image could be decoded");
    }
    INDArray x = parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
    if (!folder.hasLabels()) {
      return ImageDataset.unlabelled(x);
    }
    int[] y = labels.stream().flatMapToInt(Arrays::stream).toArray();
    return ImageDataset.of(x, y, folder.numClasses());
  }

  /**
   * The folder's images in memory for a command that reads them all: every image in file order
   * (limit 0), or a seeded random subset of {@code limit}.
   */
  static DataSource.Resolved resolve(ImageFolder folder, int limit, long seed) throws IOException {
    ImageDataset data = limit > 0 && limit < folder.size() ? take(folder, limit, seed)
        : folder.load();
    return new DataSource.Resolved(data, describe(folder) + (limit > 0 && limit < folder.size()
        ? ", a random " + data.size() + " (seed " + seed + ")" : ""), true);
  }

  static String describe(ImageFolder folder) {
    return "image folder " + folder.directory().toAbsolutePath().normalize() + " ("
        + folder.size() + " images of " + Arrays.toString(folder.imageShape())
        + (folder.hasLabels() ? ", " + folder.numClasses() + " classes " + folder.classNames()
            : ", unlabelled")
        + (folder.skipped().isEmpty() ? "" : ", " + folder.skipped().size() + " skipped") + ")";
  }
}
