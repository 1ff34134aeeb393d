package org.vae4j.datasets;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The DL4J adapter behind {@link ImageDataset#dataSetIterator(int, boolean, long)}. */
final class ImageDataSetIterator implements DataSetIterator {
  private static final long serialVersionUID = 1L;

  private final transient ImageDataset data;
  private final int batchSize;
  private final boolean flat;
  private final long seed;
  private int epoch;
  private int[] order;
  private int cursor;
  private transient DataSetPreProcessor preProcessor;

  ImageDataSetIterator(ImageDataset data, int batchSize, boolean flat, long seed) {
    this.data = data;
    this.batchSize = batchSize;
    this.flat = flat;
    this.seed = seed;
    this.order = ImageDataset.permutation(data.size(), seed, 0);
  }

  @Override
  public boolean hasNext() {
    return cursor < order.length;
  }

  @Override
  public DataSet next() {
    return next(batchSize);
  }

  @Override
  public DataSet next(int num) {
    ImageDataset.checkBatchSize(num);
    if (!hasNext()) {
      throw new NoSuchElementException(
          "epoch " + epoch + " is exhausted after " + order.length + " examples; call reset()");
    }
    int end = Math.min(order.length, cursor + num);
    ImageBatch batch = data.batchOf(Arrays.copyOfRange(order, cursor, end));
    cursor = end;
    INDArray features = flat ? batch.flatFeatures() : batch.features();
    INDArray labels = batch.hasLabels() ? batch.oneHotLabels() : features;
    DataSet ds = new DataSet(features, labels);
    if (preProcessor != null) {
      preProcessor.preProcess(ds);
    }
    return ds;
  }

  @Override
  public int inputColumns() {
    return data.pixelsPerImage();
  }

  @Override
  public int totalOutcomes() {
    return data.hasLabels() ? data.numClasses() : data.pixelsPerImage();
  }

  @Override
  public boolean resetSupported() {
    return true;
  }

  @Override
  public boolean asyncSupported() {
    return true;
  }

  /** Starts the next epoch, with its own shuffle. */
  @Override
  public void reset() {
    epoch++;
    order = ImageDataset.permutation(data.size(), seed, epoch);
    cursor = 0;
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

  @Override
  public List<String> getLabels() {
    return data.hasLabels() ? data.classNames() : null;
  }
}
