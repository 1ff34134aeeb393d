package org.vae4j.core.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.ImageData;
import org.vae4j.api.LatentEncoder;
import org.vae4j.api.io.AtomicFiles;
import org.vae4j.core.internal.ArrayRows;
import org.vae4j.core.ConditionalVae;

/**
 * A dataset turned into latent features: the posterior means {@code [n, latentDim]} of every
 * example (encoded in batches), with the class labels when there are any. Use them as an array,
 * a DL4J {@link DataSet} or {@link DataSetIterator} with one-hot labels, or a CSV file.
 *
 * <pre>{@code
 * LatentFeatures f = LatentFeatures.encode(vae, images, labels, 10, 1024);
 * INDArray z = f.features();            // [n, latentDim]
 * DataSetIterator it = f.iterator(128); // features + one-hot labels
 * f.writeCsv(Path.of("latent.csv"));    // z0,...,z{d-1},label
 * }</pre>
 *
 * <p>A conditional VAE is not a {@link LatentEncoder}: its code is computed from the label, so it
 * is no feature for predicting the label. Immutable; arrays returned are copies.
 */
public final class LatentFeatures {

  /** Default number of examples encoded per batch. */
  public static final int DEFAULT_BATCH_SIZE = 1024;

  private final INDArray features;
  private final int[] labels;
  private final int numClasses;

  private LatentFeatures(INDArray features, int[] labels, int numClasses) {
    this.features = features;
    this.labels = labels;
    this.numClasses = numClasses;
  }

  /** The unlabelled features of {@code data} {@code [n, dataShape...]}, encoded in batches. */
  public static LatentFeatures encode(LatentEncoder encoder, INDArray data, int batchSize) {
    return new LatentFeatures(means(encoder, data, batchSize), null, 0);
  }

  /**
   * The features of {@code data} with one label in {@code [0, numClasses)} per example.
   *
   * @throws IllegalArgumentException for empty, mis-shaped or non-finite data, a wrong label count
   *     or range, {@code numClasses < 2} or {@code batchSize < 1}
   */
  public static LatentFeatures encode(
      LatentEncoder encoder, INDArray data, int[] labels, int numClasses, int batchSize) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    }
    INDArray z = means(encoder, data, batchSize);
    return new LatentFeatures(z, Inputs.labels("labels", labels, z.size(0), numClasses), numClasses);
  }

  /** The features of images (flattened for an MLP encoder of {@code [D]}), labelled if they are. */
  public static LatentFeatures encode(LatentEncoder encoder, ImageData data, int batchSize) {
    Objects.requireNonNull(encoder, "encoder");
    INDArray images = Inputs.images("data", data, encoder.dataShape());
    return data.hasLabels()
        ? encode(encoder, images, data.labels(), data.numClasses(), batchSize)
        : encode(encoder, images, batchSize);
  }

  /**
   * The features of labelled images under a conditional VAE: each image is encoded with its own
   * label, and the labels are kept.
   *
   * @throws IllegalArgumentException for unlabelled data, a class count other than the model's, or
   *     empty, mis-shaped or non-finite images
   */
  public static LatentFeatures encode(ConditionalVae model, ImageData data) {
    Objects.requireNonNull(model, "model");
    INDArray images = Inputs.images("data", data, model.dataShape());
    if (!data.hasLabels()) {
      throw new IllegalArgumentException("data must have labels for a conditional VAE, got none");
    }
    if (data.numClasses() != model.numClasses()) {
      throw new IllegalArgumentException(
          "data.numClasses must be " + model.numClasses() + ", got " + data.numClasses());
    }
    int[] labels = data.labels();
    INDArray mean = model.encodeMean(images, labels);
    if (mean.dataType() == DataType.FLOAT) {
      return new LatentFeatures(mean, labels, data.numClasses());
    }
    try (mean) {
      return new LatentFeatures(mean.castTo(DataType.FLOAT), labels, data.numClasses());
    }
  }

  /** The posterior means {@code [n, latentDim]} of {@code data} as FLOAT, a new array the caller owns. */
  static INDArray means(LatentEncoder encoder, INDArray data, int batchSize) {
    Objects.requireNonNull(encoder, "encoder");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    INDArray x = Inputs.shape("data", data, encoder.dataShape());
    long n = x.size(0);
    INDArray out = Nd4j.create(DataType.FLOAT, n, encoder.latentDim());
    for (long from = 0; from < n; from += batchSize) {
      long to = Math.min(n, from + batchSize);
      INDArray batch = ArrayRows.rows(x, from, to);
      // The encoder's result is ours: freed at once rather than when the collector finds it.
      try (INDArray mean = encoder.encodeMean(batch)) {
        out.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(mean);
      }
    }
    return out;
  }

  /** Number of examples. */
  public int size() {
    return Math.toIntExact(features.size(0));
  }

  /** Width of the features (the latent dimension). */
  public int latentDim() {
    return Math.toIntExact(features.size(1));
  }

  /** The posterior means {@code [n, latentDim]} as FLOAT; a copy owned by the caller. */
  public INDArray features() {
    return features.dup();
  }

  /** True when every example has a label. */
  public boolean hasLabels() {
    return labels != null;
  }

  /** Number of classes (0 when unlabelled). */
  public int numClasses() {
    return numClasses;
  }

  /** The labels (a copy); throws {@link IllegalStateException} when unlabelled. */
  public int[] labels() {
    return requireLabels().clone();
  }

  /** Features and one-hot labels {@code [n, numClasses]} as a DL4J DataSet (copies). */
  public DataSet toDataSet() {
    int[] y = requireLabels();
    INDArray oneHot = Nd4j.zeros(DataType.FLOAT, y.length, numClasses);
    for (int i = 0; i < y.length; i++) {
      oneHot.putScalar(i, y[i], 1.0);
    }
    return new DataSet(features.dup(), oneHot);
  }

  /** An iterator over {@link #toDataSet()} in batches of {@code batchSize} (resettable). */
  public DataSetIterator iterator(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    return new ViewIterator(toDataSet(), batchSize);
  }

  /**
   * Writes one row per example to {@code file}, atomically: header {@code z0,...,z{d-1},label}
   * (no label column when unlabelled), values in Java's shortest round-trip float notation.
   */
  public void writeCsv(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    int d = latentDim();
    int n = size();
    float[] v = features.dup('c').data().asFloat();
    AtomicFiles.write(file, out -> {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < d; j++) {
        line.append(j == 0 ? "" : ",").append('z').append(j);
      }
      if (labels != null) {
        line.append(",label");
      }
      w.write(line.append('\n').toString());
      for (int i = 0; i < n; i++) {
        line.setLength(0);
        for (int j = 0; j < d; j++) {
          line.append(j == 0 ? "" : ",").append(Float.toString(v[i * d + j]));
        }
        if (labels != null) {
          line.append(',').append(labels[i]);
        }
        w.write(line.append('\n').toString());
      }
      w.flush();
    });
  }

  private int[] requireLabels() {
    if (labels == null) {
      throw new IllegalStateException("these features have no labels; encode them with labels");
    }
    return labels;
  }
}
