package org.vae4j.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.ReleasableBatches;

/**
 * Shuffled mini-batches of an {@link ImageFolder}, decoded lazily: a few batches ahead of the
 * consumer are decoded on the folder's {@link ImageFolder.Builder#threads(int) threads}, so only
 * those batches are ever in memory and a folder larger than memory trains. A DL4J {@link
 * DataSetIterator} (the kind {@code fit} accepts): features {@code [b, C, H, W]} (or {@code [b,
 * C*H*W]} when flat) with values in [0, 1]; labels one-hot {@code [b, numClasses]}, or the
 * features for an unlabelled folder.
 *
 * <p>Order: epoch 0 is shuffled with the seed, and each {@link #reset()} moves to the next epoch's
 * shuffle (the same seed and epoch give the same order, on any number of threads; it is the order
 * {@link ImageDataset#dataSetIterator(int, boolean, long)} gives the same images in memory).
 * Every image appears once per epoch; the last batch may be smaller, and under {@link
 * ImageFolder.BadFiles#SKIP} a batch lacks the images found bad (listed in {@link
 * ImageFolder#skipped()}). Under {@link ImageFolder.BadFiles#REFUSE} a bad image makes {@link
 * #next()} throw an {@link UncheckedIOException} whose cause is the {@link ImageFileException}
 * naming the file.
 *
 * <p>Each batch's arrays are new native arrays that belong to the caller. A consumer done with a
 * batch may {@link #release(DataSet) release} it ({@link ReleasableBatches}): its arrays are
 * closed at once, so the native memory of the batches in flight stays bounded by what is in use
 * rather than by when the garbage collector runs. vae-core's {@code fit} does that after each
 * step; a batch never released is freed by the collector as usual.
 *
 * <p>Not for use by several threads at once. {@link #close()} stops the decoding threads (they
 * are daemon threads that also end when idle); using the iterator after {@code close()} throws
 * {@link IllegalStateException}.
 */
public final class ImageFolderIterator
    implements DataSetIterator, ReleasableBatches, AutoCloseable {
  private static final long serialVersionUID = 1L;

  private final transient ImageFolder folder;
  private final int batchSize;
  private final boolean flat;
  private final long seed;
  private final int prefetch;
  private final transient ThreadPoolExecutor pool;
  private final transient ArrayDeque<Future<Decoded>> pending = new ArrayDeque<>();
  // full-batch pixel arrays whose values next() has copied into a native array, for the decoding
  // threads to fill again (a batch of 128 RGB 64x64 images is 6.3 MB of garbage otherwise)
  private final transient ConcurrentLinkedQueue<float[]> spare = new ConcurrentLinkedQueue<>();
  private transient Decoded ready;
  private transient DataSetPreProcessor preProcessor;
  private int epoch;
  private int[] order;
  private int submitted;
  private boolean closed;

  /**
   * A batch as next() returns it, with the arrays next() made, for {@link #release}: nothing
   * else keeps them, so a batch never released is the collector's as usual.
   */
  private static final class Batch extends DataSet {
    private static final long serialVersionUID = 1L;
    private final transient ImageFolderIterator owner;
    private transient INDArray madeFeatures;
    private transient INDArray madeLabels;

    Batch(ImageFolderIterator owner, INDArray features, INDArray labels) {
      super(features, labels);
      this.owner = owner;
      this.madeFeatures = features;
      this.madeLabels = labels;
    }
  }

  /** One decoded batch: {@code count} images (bad ones left out) and their labels. */
  private record Decoded(float[] pixels, int[] labels, int count) {}

  ImageFolderIterator(ImageFolder folder, int batchSize, boolean flat, long seed) {
    ImageDataset.checkBatchSize(batchSize);
    this.folder = folder;
    this.batchSize = batchSize;
    this.flat = flat;
    this.seed = seed;
    int threads = folder.options().threads();
    this.prefetch = threads + 1;
    this.pool = DecoderThreads.pool(threads);
    this.order = ImageDataset.permutation(folder.size(), seed, 0);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this ImageFolderIterator is closed");
    }
  }

  private int batches() {
    return (order.length + batchSize - 1) / batchSize;
  }

  private void fill() {
    while (pending.size() < prefetch && submitted < batches()) {
      int from = submitted * batchSize;
      int to = Math.min(order.length, from + batchSize);
      int[] indices = java.util.Arrays.copyOfRange(order, from, to);
      pending.add(pool.submit(() -> decode(indices)));
      submitted++;
    }
  }

  private Decoded decode(int[] indices) {
    int per = (int) (folder.imageShape()[0] * folder.imageShape()[1] * folder.imageShape()[2]);
    float[] pixels = spare.poll();
    if (pixels == null || pixels.length != indices.length * per) {
      pixels = new float[indices.length * per];
    }
    int[] labels = folder.hasLabels() ? new int[indices.length] : null;
    int count = 0;
    for (int index : indices) {
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
      if (folder.decodeInto(index, pixels, count * per)) {
        if (labels != null) {
          labels[count] = folder.label(index);
        }
        count++;
      }
    }
    if (count < indices.length) {
      pixels = java.util.Arrays.copyOf(pixels, count * per);
      labels = labels == null ? null : java.util.Arrays.copyOf(labels, count);
    }
    return new Decoded(pixels, labels, count);
  }

  private Decoded take() {
    Future<Decoded> f = pending.poll();
    fill();
    try {
      return ImageFolder.await(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean hasNext() {
    ensureOpen();
    while (ready == null) {
      fill();
      if (pending.isEmpty()) {
        return false;
      }
      Decoded d = take();
      if (d.count() > 0) {
        ready = d;
      }
    }
    return true;
  }

  @Override
  public DataSet next() {
    if (!hasNext()) {
      throw new NoSuchElementException(
          "epoch " + epoch + " is exhausted after " + order.length + " images; call reset()");
    }
    Decoded d = ready;
    ready = null;
    long[] shape = folder.imageShape();
    INDArray features = flat
        ? Nd4j.create(d.pixels(), new long[] {d.count(), shape[0] * shape[1] * shape[2]}, 'c')
        : Nd4j.create(d.pixels(), new long[] {d.count(), shape[0], shape[1], shape[2]}, 'c');
    // Nd4j.create copied the values into native memory: a full batch's array can be filled again
    if (d.count() == batchSize && spare.size() <= prefetch) {
      spare.offer(d.pixels());
    }
    INDArray labels = d.labels() != null ? ImageDataset.oneHot(d.labels(), folder.numClasses())
        : features;
    DataSet ds = new Batch(this, features, labels);
    if (preProcessor != null) {
      preProcessor.preProcess(ds);
    }
    return ds;
  }

  /**
   * The next batch; {@code num} must be the batch size this iterator was made with (the batches
   * are decoded ahead of time).
   *
   * @throws IllegalArgumentException for another size
   */
  @Override
  public DataSet next(int num) {
    if (num != batchSize) {
      throw new IllegalArgumentException("num must be this iterator's batch size " + batchSize
          + " (batches are decoded ahead), got " + num);
    }
    return next();
  }

  /**
   * Closes the arrays of a batch {@link #next()} returned: its features and labels as next() made
   * them, also when a {@link #setPreProcessor pre-processor} has put others in their place (those
   * are left to the collector). Neither the batch nor views of its arrays may be used afterwards.
   * A batch released before, or not made by this iterator, is left as it is; null is ignored.
   */
  @Override
  public void release(DataSet batch) {
    if (!(batch instanceof Batch b) || b.owner != this || b.madeFeatures == null) {
      return;
    }
    INDArray features = b.madeFeatures;
    INDArray labels = b.madeLabels;
    b.madeFeatures = null;
    b.madeLabels = null;
    features.close();
    if (labels != features) {
      labels.close();
    }
  }

  @Override
  public int inputColumns() {
    long[] s = folder.imageShape();
    return (int) (s[0] * s[1] * s[2]);
  }

  @Override
  public int totalOutcomes() {
    return folder.hasLabels() ? folder.numClasses() : inputColumns();
  }

  @Override
  public boolean resetSupported() {
    return true;
  }

  /** False: the iterator already decodes ahead on its own threads. */
  @Override
  public boolean asyncSupported() {
    return false;
  }

  /** Starts the next epoch, with its own shuffle; batches decoded ahead are dropped. */
  @Override
  public void reset() {
    ensureOpen();
    for (Future<Decoded> f : pending) {
      f.cancel(true);
    }
    pending.clear();
    ready = null;
    epoch++;
    order = ImageDataset.permutation(folder.size(), seed, epoch);
    submitted = 0;
  }

  /** The epoch whose order is being read: 0 at first, one more after each reset. */
  public int epoch() {
    return epoch;
  }

  @Override
  public int batch() {
    return batchSize;
  }

  @Override
  public void setPreProcessor(DataSetPreProcessor preProcessor) {
    this.preProcessor = preProcessor;
  }

  @Override
  public DataSetPreProcessor getPreProcessor() {
    return preProcessor;
  }

  /** The class names (the sub-folders), or null when unlabelled. */
  @Override
  public List<String> getLabels() {
    return folder.hasLabels() ? folder.classNames() : null;
  }

  /** Stops the decoding threads; idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      for (Future<Decoded> f : pending) {
        f.cancel(true);
      }
      pending.clear();
      ready = null;
      pool.shutdownNow();
    }
  }
}
