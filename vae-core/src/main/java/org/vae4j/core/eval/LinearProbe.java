package org.vae4j.core.eval;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.ImageData;
import org.vae4j.api.LatentEncoder;

/**
 * How much class information a latent space keeps, in one call: an L2-regularised logistic regression
 * ({@link LogisticClassifier}, LIBLINEAR) trained on the latent means of the training part and scored on the
 * test part, next to the same classifier with the same settings (L2 weight, tolerance) trained on
 * the raw pixels of the same split. Both fits run on the Java heap; the latent means are encoded
 * in batches and freed before the call returns, so a call leaves no native memory waiting for the
 * garbage collector.
 *
 * <pre>{@code
 * DataSplit split = DataSplit.shuffled(10_000, 8_000, 1);
 * INDArray train = split.trainRows(images), test = split.testRows(images);
 * // ... train the VAE on `train` only ...
 * LinearProbe.Comparison c = LinearProbe.compare(vae, train, split.trainLabels(labels), test,
 *     split.testLabels(labels), 10, LogisticClassifier.Config.defaults());
 * System.out.println(c.latent().accuracy() + " vs pixels " + c.pixels().accuracy());
 * }</pre>
 */
public final class LinearProbe {

  private LinearProbe() {}

  /**
   * Both classifiers' scores on the test part.
   *
   * @param latent the classifier on latent means
   * @param pixels the classifier on raw pixels
   * @param latentDim width of the latent features
   * @param trainCount examples used for training
   * @param testCount examples scored
   * @param config the shared training budget
   */
  public record Comparison(ClassifierScore latent, ClassifierScore pixels, int latentDim,
      int trainCount, int testCount, LogisticClassifier.Config config) {}

  /**
   * Trains both classifiers on {@code trainData}/{@code trainLabels} and scores them on {@code
   * testData}/{@code testLabels}; labels in {@code [0, numClasses)}.
   *
   * @throws IllegalArgumentException for empty, mis-shaped or non-finite data or bad labels
   */
  public static Comparison compare(LatentEncoder encoder, INDArray trainData, int[] trainLabels,
      INDArray testData, int[] testLabels, int numClasses, LogisticClassifier.Config config) {
    Objects.requireNonNull(encoder, "encoder");
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    }
    ClassifierScore latent;
    // The latent means are freed here at once, not when the collector finds them.
    try (INDArray trainZ = LatentFeatures.means(encoder, trainData, LatentFeatures.DEFAULT_BATCH_SIZE);
        INDArray testZ = LatentFeatures.means(encoder, testData, LatentFeatures.DEFAULT_BATCH_SIZE)) {
      latent = LogisticClassifier.fit(trainZ, trainLabels, numClasses, config).score(testZ, testLabels);
    }
    ClassifierScore pixels = LogisticClassifier.fit(trainData, trainLabels, numClasses, config)
        .score(testData, testLabels);
    return new Comparison(latent, pixels, encoder.latentDim(), trainLabels.length, testLabels.length,
        config);
  }

  /** {@link #compare} on labelled images (flattened for an MLP encoder of {@code [D]}). */
  public static Comparison compare(LatentEncoder encoder, ImageData train, ImageData test,
      LogisticClassifier.Config config) {
    Objects.requireNonNull(encoder, "encoder");
    for (ImageData d : new ImageData[] {train, test}) {
      if (d != null && !d.hasLabels()) {
        throw new IllegalArgumentException("train and test must have labels, got an unlabelled set");
      }
    }
    INDArray trainX = Inputs.images("train", train, encoder.dataShape());
    INDArray testX = Inputs.images("test", test, encoder.dataShape());
    if (train.numClasses() != test.numClasses()) {
      throw new IllegalArgumentException("test.numClasses must equal train.numClasses ("
          + train.numClasses() + "), got " + test.numClasses());
    }
    return compare(encoder, trainX, train.labels(), testX, test.labels(), train.numClasses(), config);
  }
}
