package org.vae4j.samples;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.LatentModel;
import org.vae4j.api.internal.CrossEntropy;

/** Plain-Java numbers the samples print (no graph involved, so they cross-check the models). */
final class Metrics {

  /** Probabilities are clipped to [EPS, 1 - EPS] before taking logs. */
  static final double EPS = CrossEntropy.CLIP;

  private Metrics() {}

  /** Reconstructs {@code x} in batches of 1,000. */
  static INDArray reconstructAll(LatentModel model, INDArray x) {
    long n = x.size(0);
    INDArray[] parts = new INDArray[(int) ((n + 999) / 1000)];
    for (int i = 0; i < parts.length; i++) {
      long from = i * 1000L;
      parts[i] = model.reconstruct(x.get(NDArrayIndex.interval(from, Math.min(n, from + 1000))));
    }
    return parts.length == 1 ? parts[0] : Nd4j.concat(0, parts);
  }

  /**
   * Binary cross-entropy of targets {@code x} in [0, 1] under probabilities {@code p}, summed over
   * the pixels of each image and averaged over images (the unit of the models' reconstruction
   * loss).
   */
  static double bcePerImage(INDArray x, INDArray p) {
    if (!java.util.Arrays.equals(x.shape(), p.shape())) {
      throw new IllegalArgumentException("p must have the shape of x " + java.util.Arrays.toString(
          x.shape()) + ", got " + java.util.Arrays.toString(p.shape()));
    }
    double[] xs = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] ps = p.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double sum = 0;
    for (int i = 0; i < xs.length; i++) {
      sum += CrossEntropy.ofProbability(xs[i], ps[i]);
    }
    return sum / x.size(0);
  }
}
