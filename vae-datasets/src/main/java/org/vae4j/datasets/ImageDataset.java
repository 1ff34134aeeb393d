package org.vae4j.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.ImageData;
import org.vae4j.api.internal.Seeds;

/**
 * Images held in memory as one float array {@code [N, C, H, W]} with values in [0, 1], and
 * optional integer labels. Immutable: every operation ({@link #subset}, {@link #concat}, {@link
 * #split}, {@link #binarize}) returns a new dataset.
 *
 * <p>Randomness is always explicit: shuffles and stochastic binarization take a seed and an epoch
 * number, so the same seed and epoch give the same result and different epochs differ.
 */
public final class ImageDataset implements ImageData {
  private final INDArray images;
  private final long[] imageShape;
  private final int size;
  private final int[] labels;
  private final int numClasses;

  private ImageDataset(float[] pixels, long[] imageShape, int[] labels, int numClasses) {
    this.size = pixels.length / (int) (imageShape[0] * imageShape[1] * imageShape[2]);
    this.imageShape = imageShape.clone();
    this.images = Nd4j.create(pixels, new long[] {size, imageShape[0], imageShape[1],
        imageShape[2]}, 'c');
    this.labels = labels;
    this.numClasses = labels == null ? 0 : numClasses;
  }

  /**
   * Creates a labelled dataset from an images array {@code [N, C, H, W]} (any floating type, copied
   * to FLOAT) with values in [0, 1], and one label in {@code [0, numClasses)} per image.
   *
   * @throws IllegalArgumentException for an empty or wrongly shaped array, values outside [0, 1] or
   *     NaN, a label count other than N, or a label out of range
   */
  public static ImageDataset of(INDArray images, int[] labels, int numClasses) {
    Objects.requireNonNull(labels, "labels");
    return fromArray(images, labels, numClasses);
  }

  /** Creates an unlabelled dataset; see {@link #of(INDArray, int[], int)} for the checks. */
  public static ImageDataset unlabelled(INDArray images) {
    return fromArray(images, null, 0);
  }

  private static ImageDataset fromArray(INDArray images, int[] labels, int numClasses) {
    Objects.requireNonNull(images, "images");
    if (images.rank() != 4) {
      throw new IllegalArgumentException("images must have rank 4 [N, C, H, W], got shape "
          + Arrays.toString(images.shape()));
    }
    if (!images.dataType().isFPType()) {
      throw new IllegalArgumentException(
          "images must have a floating-point data type, got " + images.dataType());
    }
    long[] shape = images.shape();
    float[] pixels = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
    return fromPixels(pixels, new long[] {shape[1], shape[2], shape[3]}, labels, numClasses);
  }

  /**
   * Creates a dataset from row-major pixels ({@code N*C*H*W} values in [0, 1]; the array is taken
   * over, not copied) with shape {@code imageShape = [C, H, W]}. {@code labels} may be null for an
   * unlabelled dataset.
   *
   * @throws IllegalArgumentException when any rule of {@link #of(INDArray, int[], int)} is broken
   */
  public static ImageDataset fromPixels(float[] pixels, long[] imageShape, int[] labels,
      int numClasses) {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(imageShape, "imageShape");
    if (imageShape.length != 3) {
      throw new IllegalArgumentException(
          "imageShape must be [C, H, W], got " + Arrays.toString(imageShape));
    }
    long perImage = 1;
    for (int i = 0; i < 3; i++) {
      if (imageShape[i] < 1) {
        throw new IllegalArgumentException(
            "imageShape[" + i + "] must be >= 1, got " + Arrays.toString(imageShape));
      }
      perImage *= imageShape[i];
    }
    if (pixels.length == 0) {
      throw new IllegalArgumentException("dataset must hold at least 1 image, got 0");
    }
    if (pixels.length % perImage != 0) {
      throw new IllegalArgumentException("pixels.length must be a multiple of C*H*W = " + perImage
          + ", got " + pixels.length);
    }
    int n = (int) (pixels.length / perImage);
    for (int i = 0; i < pixels.length; i++) {
      float p = pixels[i];
      if (!(p >= 0f && p <= 1f)) {
        throw new IllegalArgumentException("pixel values must be in [0, 1], got " + p
            + " at image " + (i / perImage) + ", offset " + (i % perImage));
      }
    }
    if (labels != null) {
      checkLabels(labels, n, numClasses);
    }
    return new ImageDataset(pixels, imageShape, labels == null ? null : labels.clone(),
        numClasses);
  }

  static void checkLabels(int[] labels, int n, int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
    if (labels.length != n) {
      throw new IllegalArgumentException(
          "labels.length must equal the number of images " + n + ", got " + labels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + numClasses
            + "), got " + labels[i]);
      }
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public long[] imageShape() {
    return imageShape.clone();
  }

  /** Number of values per image, {@code C*H*W}. */
  public int pixelsPerImage() {
    return (int) (imageShape[0] * imageShape[1] * imageShape[2]);
  }

  /** The images {@code [N, C, H, W]}; this is the dataset's own storage, treat it as read-only. */
  @Override
  public INDArray images() {
    return images;
  }

  /** The images as flat vectors {@code [N, C*H*W]} (a view of the same storage, read-only). */
  public INDArray flatImages() {
    return images.reshape('c', size, pixelsPerImage());
  }

  @Override
  public boolean hasLabels() {
    return labels != null;
  }

  @Override
  public int[] labels() {
    requireLabels("labels()");
    return labels.clone();
  }

  /** The label of image {@code index}. */
  public int label(int index) {
    requireLabels("label(int)");
    Objects.checkIndex(index, size);
    return labels[index];
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /** Number of images per class, indexed by label. */
  public int[] classCounts() {
    requireLabels("classCounts()");
    int[] counts = new int[numClasses];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /** One-hot labels, a new FLOAT array {@code [N, numClasses]}. */
  public INDArray oneHotLabels() {
    requireLabels("oneHotLabels()");
    return oneHot(labels, numClasses);
  }

  static INDArray oneHot(int[] labels, int numClasses) {
    float[] out = new float[labels.length * numClasses];
    for (int i = 0; i < labels.length; i++) {
      out[i * numClasses + labels[i]] = 1f;
    }
    return Nd4j.create(out, new long[] {labels.length, numClasses}, 'c');
  }

  private void requireLabels(String method) {
    if (labels == null) {
      throw new IllegalStateException(method + " called on an unlabelled dataset");
    }
  }

  private float[] pixels() {
    return images.data().asFloat();
  }

  /**
   * Pixels set to 1 where the value is strictly above {@code threshold}, else 0.
   *
   * @throws IllegalArgumentException when threshold is outside [0, 1) or NaN
   */
  public ImageDataset binarize(double threshold) {
    if (!(threshold >= 0 && threshold < 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1), got " + threshold);
    }
    float[] p = pixels();
    for (int i = 0; i < p.length; i++) {
      p[i] = p[i] > threshold ? 1f : 0f;
    }
    return new ImageDataset(p, imageShape, labels, numClasses);
  }

  /**
   * Stochastic binarization: each pixel becomes 1 with probability equal to its value. The draw is
   * a function of {@code seed} and {@code epoch}, so re-binarize each epoch with a new epoch number.
   */
  public ImageDataset binarizeStochastic(long seed, int epoch) {
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed, epoch));
    float[] p = pixels();
    for (int i = 0; i < p.length; i++) {
      p[i] = random.nextFloat() < p[i] ? 1f : 0f;
    }
    return new ImageDataset(p, imageShape, labels, numClasses);
  }

  /**
   * The datasets one after another. All must have the same image shape, and either all be
   * unlabelled or all have the same number of classes.
   *
   * @throws IllegalArgumentException when no dataset is given or they are incompatible
   */
  public static ImageDataset concat(ImageDataset... parts) {
    Objects.requireNonNull(parts, "parts");
    if (parts.length == 0) {
      throw new IllegalArgumentException("concat needs at least 1 dataset, got 0");
    }
    ImageDataset first = Objects.requireNonNull(parts[0], "parts[0]");
    long total = 0;
    for (int i = 0; i < parts.length; i++) {
      ImageDataset part = Objects.requireNonNull(parts[i], "parts[" + i + "]");
      if (!Arrays.equals(part.imageShape, first.imageShape)) {
        throw new IllegalArgumentException("parts[" + i + "] must have image shape "
            + Arrays.toString(first.imageShape) + ", got " + Arrays.toString(part.imageShape));
      }
      if (part.hasLabels() != first.hasLabels() || part.numClasses != first.numClasses) {
        throw new IllegalArgumentException("parts[" + i + "] must have numClasses "
            + first.numClasses + " like parts[0], got " + part.numClasses);
      }
      total += (long) part.size * part.pixelsPerImage();
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("concat result must fit in one array, got " + total
          + " values");
    }
    float[] pixels = new float[(int) total];
    int[] labels = first.hasLabels() ? new int[(int) (total / first.pixelsPerImage())] : null;
    int offset = 0;
    int row = 0;
    for (ImageDataset part : parts) {
      float[] p = part.pixels();
      System.arraycopy(p, 0, pixels, offset, p.length);
      offset += p.length;
      if (labels != null) {
        System.arraycopy(part.labels, 0, labels, row, part.size);
      }
      row += part.size;
    }
    return new ImageDataset(pixels, first.imageShape, labels, first.numClasses);
  }

  /** This dataset followed by {@code other}; see {@link #concat(ImageDataset...)}. */
  public ImageDataset concat(ImageDataset other) {
    return concat(this, other);
  }

  /**
   * Images {@code [from, to)}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= from < to <= size()}
   */
  public ImageDataset subset(int from, int to) {
    if (from < 0 || to > size || from >= to) {
      throw new IllegalArgumentException("subset range must satisfy 0 <= from < to <= " + size
          + ", got [" + from + ", " + to + ")");
    }
    int d = pixelsPerImage();
    float[] p = Arrays.copyOfRange(pixels(), from * d, to * d);
    int[] l = labels == null ? null : Arrays.copyOfRange(labels, from, to);
    return new ImageDataset(p, imageShape, l, numClasses);
  }

  /**
   * The images at {@code indices}, in that order (repeats allowed).
   *
   * @throws IllegalArgumentException for an empty index array or an index outside [0, size())
   */
  public ImageDataset select(int[] indices) {
    Objects.requireNonNull(indices, "indices");
    if (indices.length == 0) {
      throw new IllegalArgumentException("indices must not be empty");
    }
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= size) {
        throw new IllegalArgumentException(
            "indices[" + i + "] must be in [0, " + size + "), got " + indices[i]);
      }
    }
    int d = pixelsPerImage();
    float[] src = pixels();
    float[] p = new float[indices.length * d];
    int[] l = labels == null ? null : new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(src, indices[i] * d, p, i * d, d);
      if (l != null) {
        l[i] = labels[indices[i]];
      }
    }
    return new ImageDataset(p, imageShape, l, numClasses);
  }

  /**
   * The images of class {@code label}, in their order, with their labels (the number of classes
   * stays the same, so labels keep their meaning): {@code digits.withLabel(7)}.
   *
   * @throws IllegalStateException on an unlabelled dataset
   * @throws IllegalArgumentException when {@code label} is outside {@code [0, numClasses())} or no
   *     image has it
   */
  public ImageDataset withLabel(int label) {
    requireLabels("withLabel(int)");
    return withLabels(label);
  }

  /**
   * The images whose class is one of {@code labels} (a set: order and repeats do not matter), in
   * their order, with their labels and the same number of classes: {@code digits.withLabels(3, 8)}.
   *
   * @throws IllegalStateException on an unlabelled dataset
   * @throws IllegalArgumentException for no label, a label outside {@code [0, numClasses())}, or
   *     labels no image has
   */
  public ImageDataset withLabels(int... labels) {
    requireLabels("withLabels(int...)");
    Objects.requireNonNull(labels, "labels");
    if (labels.length == 0) {
      throw new IllegalArgumentException("labels must name at least 1 class, got none");
    }
    boolean[] wanted = new boolean[numClasses];
    for (int label : labels) {
      if (label < 0 || label >= numClasses) {
        throw new IllegalArgumentException(
            "label must be in [0, " + numClasses + "), got " + label);
      }
      wanted[label] = true;
    }
    int count = 0;
    for (int label : this.labels) {
      if (wanted[label]) {
        count++;
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException("labels " + Arrays.toString(labels)
          + " must match at least 1 image, got none of " + size + " (images per class "
          + Arrays.toString(classCounts()) + ")");
    }
    int[] indices = new int[count];
    int j = 0;
    for (int i = 0; i < size; i++) {
      if (wanted[this.labels[i]]) {
        indices[j++] = i;
      }
    }
    return select(indices);
  }

  /** Two disjoint parts of a dataset that together hold every image once. */
  public record Split(ImageDataset first, ImageDataset second) {}

  /**
   * Shuffles with {@code seed} and cuts: {@code first} gets {@code round(fraction * size())}
   * images, {@code second} the rest. Both parts must be non-empty.
   *
   * @throws IllegalArgumentException when fraction is outside (0, 1) or a part would be empty
   */
  public Split split(double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
    }
    int k = (int) Math.round(fraction * size);
    if (k < 1 || k >= size) {
      throw new IllegalArgumentException("fraction " + fraction + " of " + size
          + " images leaves an empty part, got " + k + " and " + (size - k));
    }
    int[] order = permutation(size, seed, 0);
    return new Split(select(Arrays.copyOfRange(order, 0, k)),
        select(Arrays.copyOfRange(order, k, size)));
  }

  /** A seeded permutation of {@code [0, n)}, different for each epoch. */
  static int[] permutation(int n, long seed, int epoch) {
    return Seeds.permutation(new SplittableRandom(Seeds.mix(seed, epoch)), n);
  }

  /**
   * Shuffled mini-batches for one epoch: the order is a function of {@code seed} and {@code epoch}.
   * Every image appears exactly once; the last batch may be smaller. Each call to {@code
   * iterator()} replays the same epoch.
   *
   * @throws IllegalArgumentException when batchSize is less than 1
   */
  public Iterable<ImageBatch> batches(int batchSize, long seed, int epoch) {
    checkBatchSize(batchSize);
    return () -> new Iterator<>() {
      private final int[] order = permutation(size, seed, epoch);
      private int cursor;

      @Override
      public boolean hasNext() {
        return cursor < size;
      }

      @Override
      public ImageBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException("epoch " + epoch + " has no more batches");
        }
        int end = Math.min(size, cursor + batchSize);
        ImageBatch batch = batchOf(Arrays.copyOfRange(order, cursor, end));
        cursor = end;
        return batch;
      }
    };
  }

  static void checkBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
  }

  ImageBatch batchOf(int[] indices) {
    INDArray rows = Nd4j.pullRows(flatImages(), 1, indices);
    INDArray features = rows.reshape('c', indices.length, imageShape[0], imageShape[1],
        imageShape[2]);
    int[] l = null;
    if (labels != null) {
      l = new int[indices.length];
      for (int i = 0; i < indices.length; i++) {
        l[i] = labels[indices[i]];
      }
    }
    return new ImageBatch(features, l, indices, numClasses);
  }

  /**
   * A DL4J iterator over shuffled mini-batches. Features are {@code [b, C*H*W]} when {@code flat},
   * else {@code [b, C, H, W]}; labels are one-hot {@code [b, numClasses]} (for an unlabelled
   * dataset the labels are the features, as an autoencoder's target). Epoch 0 is shuffled with
   * {@code seed}; each {@code reset()} moves to the next epoch's order.
   *
   * @throws IllegalArgumentException when batchSize is less than 1
   */
  public DataSetIterator dataSetIterator(int batchSize, boolean flat, long seed) {
    checkBatchSize(batchSize);
    return new ImageDataSetIterator(this, batchSize, flat, seed);
  }

  /** Class names for DL4J: the labels as strings, {@code "0"} to {@code numClasses - 1}. */
  List<String> classNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < numClasses; i++) {
      names.add(Integer.toString(i));
    }
    return names;
  }

  @Override
  public String toString() {
    return "ImageDataset[" + size + " x " + Arrays.toString(imageShape)
        + (labels == null ? ", unlabelled" : ", " + numClasses + " classes") + "]";
  }
}
