package org.vae4j.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.LatentEncoder;

/**
 * Attribute directions in latent space from two folders of pictures: one of images that have an
 * attribute (smiling faces, a scratch, a bright corner), one of images that do not. The vector is
 * the mean latent mean of the first folder minus that of the second, {@code [1, latentDim]} — the
 * same as a model's {@code attributeVector(xsWith, xsWithout)} on the loaded images, computed batch
 * by batch so neither folder needs to fit in memory. Add it to a latent mean ({@code
 * model.edit(x, vector, strength)}, vae-viz's {@code EditGrid}) to add the attribute.
 *
 * <pre>{@code
 * INDArray smile = AttributeVectors.fromFolders(vae, Path.of("smiling"), Path.of("neutral"));
 * INDArray edited = vae.edit(faces, smile, 1.0);
 * }</pre>
 */
public final class AttributeVectors {

  /** Images encoded per batch. */
  public static final int BATCH_SIZE = 64;

  private AttributeVectors() {}

  /**
   * The attribute vector of the picture files under {@code withDir} against those under {@code
   * withoutDir} (every image of each tree, sub-folders included, no labels), read at the encoder's
   * image shape {@code [C, H, W]} (C 1 or 3) with {@link ImageFolder}'s defaults (bad files
   * refused, naming the file).
   *
   * @throws IllegalArgumentException when the encoder's data shape is not an image shape
   * @throws IOException when a folder is missing, holds no image or a bad file
   */
  public static INDArray fromFolders(LatentEncoder encoder, Path withDir, Path withoutDir)
      throws IOException {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(withDir, "withDir");
    Objects.requireNonNull(withoutDir, "withoutDir");
    long[] shape = encoder.dataShape();
    if (shape.length != 3 || (shape[0] != 1 && shape[0] != 3) || shape[1] > 4096
        || shape[2] > 4096) {
      throw new IllegalArgumentException("the encoder must read images [1 or 3, H, W] (H, W at "
          + "most 4096) to encode folders, got data shape " + Arrays.toString(shape));
    }
    return fromFolders(encoder, scan(withDir, shape), scan(withoutDir, shape));
  }

  /**
   * The attribute vector of two scanned folders, whose {@link ImageFolder#imageShape()} must be
   * the encoder's data shape.
   *
   * @throws IllegalArgumentException when a folder's image shape is not the encoder's
   * @throws java.io.UncheckedIOException for a bad file (see {@link ImageFolderIterator})
   */
  public static INDArray fromFolders(LatentEncoder encoder, ImageFolder with, ImageFolder without) {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(with, "with");
    Objects.requireNonNull(without, "without");
    double[] a = meanLatentMean(encoder, with, "with");
    double[] b = meanLatentMean(encoder, without, "without");
    double[] d = new double[a.length];
    for (int j = 0; j < d.length; j++) {
      d[j] = a[j] - b[j];
    }
    return Nd4j.create(d, new long[] {1, d.length}, DataType.FLOAT);
  }

  private static ImageFolder scan(Path dir, long[] shape) throws IOException {
    return ImageFolder.builder(dir).size((int) shape[1], (int) shape[2]).channels((int) shape[0])
        .unlabelled().scan();
  }

  /** The mean over the folder of the encoder's latent means, summed in double. */
  private static double[] meanLatentMean(LatentEncoder encoder, ImageFolder folder, String what) {
    if (!Arrays.equals(folder.imageShape(), encoder.dataShape())) {
      throw new IllegalArgumentException("the " + what + " folder " + folder.directory()
          + " must have the encoder's image shape " + Arrays.toString(encoder.dataShape())
          + ", got " + Arrays.toString(folder.imageShape()));
    }
    double[] sum = new double[encoder.latentDim()];
    long n = 0;
    try (ImageFolderIterator it = folder.iterator(BATCH_SIZE, 0L)) {
      while (it.hasNext()) {
        DataSet batch = it.next();
        try (INDArray mean = encoder.encodeMean(batch.getFeatures())) {
          double[][] rows = mean.toDoubleMatrix();
          for (double[] row : rows) {
            for (int j = 0; j < sum.length; j++) {
              sum[j] += row[j];
            }
          }
          n += rows.length;
        }
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("the " + what + " folder " + folder.directory()
          + " must hold at least 1 readable image, got none");
    }
    for (int j = 0; j < sum.length; j++) {
      sum[j] /= n;
    }
    return sum;
  }
}
