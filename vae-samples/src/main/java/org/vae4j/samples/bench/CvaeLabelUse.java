package org.vae4j.samples.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.Mnist;

/**
 * How often a conditional VAE's class grid has columns that ignore the label. A column is one
 * prior draw z decoded as every class (as {@code SampleGrid.perClass} draws it); its <em>label
 * spread</em> is the mean over pixels of the variance across the classes' images. The reference is
 * the same statistic for real digits (one random test image per class, averaged over 500 draws);
 * a column <em>ignores the label</em> when its spread is below a quarter of the reference (the
 * classes' images then differ far less than ten real digits do: the same shape in every row).
 *
 * <p>{@code java -cp <vae-samples class path> org.vae4j.samples.bench.CvaeLabelUse <mnist dir>
 * <epochs> <seeds> <latentDim:beta>...}, e.g. {@code ... 10 3 8:1 2:1 8:4}: trains one MLP CVAE
 * (512-256, BCE, the beta-cvae tutorial's) per configuration and seed on the MNIST test set's
 * 10,000 images and prints, per run, the share of 100 columns that ignore the label.
 */
public final class CvaeLabelUse {

  /** The reference share below which a column ignores the label. */
  static final double IGNORED_BELOW = 0.25;
  static final int COLUMNS = 100;

  private CvaeLabelUse() {}

  /** Runs the measurement; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    ImageDataset data = Mnist.fromDirectory(Path.of(args[0])).test();
    int epochs = Integer.parseInt(args[1]);
    int seeds = Integer.parseInt(args[2]);
    double reference = realDigitSpread(data, 500, 1);
    System.out.printf(Locale.ROOT, "reference: label spread of 10 real digits, one per class: %.5f "
        + "(a column ignores the label below %.5f)%n", reference, IGNORED_BELOW * reference);
    for (int a = 3; a < args.length; a++) {
      String[] c = args[a].split(":");
      int latentDim = Integer.parseInt(c[0]);
      double beta = Double.parseDouble(c[1]);
      double[] shares = new double[seeds];
      for (int seed = 1; seed <= seeds; seed++) {
        long t0 = System.nanoTime();
        try (ConditionalVae cvae = ConditionalVae.builder().numClasses(10).mlpEncoder(512, 256)
            .latentDim(latentDim).bceLoss().beta(beta).seed(seed).build()) {
          double loss = cvae.fit(data, TrainingOptions.builder().epochs(epochs).batchSize(128)
              .seed(seed).build()).last().orElseThrow().train().total();
          double[] spread = columnSpreads(cvae, COLUMNS, seed);
          int ignored = 0;
          for (double s : spread) {
            ignored += s < IGNORED_BELOW * reference ? 1 : 0;
          }
          shares[seed - 1] = ignored / (double) COLUMNS;
          double[] sorted = spread.clone();
          Arrays.sort(sorted);
          System.out.printf(Locale.ROOT, "latent %d, beta %.1f, seed %d, %d epochs: loss %.1f, %d of %d "
              + "columns ignore the label; spread / reference: min %.2f, median %.2f, max %.2f (%.0f s)%n",
              latentDim, beta, seed, epochs, loss, ignored, COLUMNS, sorted[0] / reference,
              sorted[COLUMNS / 2] / reference, sorted[COLUMNS - 1] / reference, (System.nanoTime() - t0) / 1e9);
        }
      }
      System.out.printf(Locale.ROOT, "SUMMARY latent %d, beta %.1f: share of columns ignoring the label "
          + "over %d seeds: mean %.3f, per seed %s%n", latentDim, beta, seeds,
          Arrays.stream(shares).average().orElse(0), Arrays.toString(shares));
    }
  }

  /** Mean over pixels of the variance over the classes, for each of {@code n} prior draws. */
  static double[] columnSpreads(ConditionalVae cvae, int n, long seed) {
    int classes = cvae.numClasses();
    java.util.Random r = new java.util.Random(seed * 7919 + 17);
    float[] z = new float[n * classes * cvae.latentDim()];
    int[] labels = new int[n * classes];
    double[] draw = new double[cvae.latentDim()];
    for (int j = 0; j < n; j++) {
      for (int d = 0; d < draw.length; d++) {
        draw[d] = r.nextGaussian();
      }
      for (int k = 0; k < classes; k++) {
        int row = j * classes + k;
        labels[row] = k;
        for (int d = 0; d < draw.length; d++) {
          z[row * draw.length + d] = (float) draw[d];
        }
      }
    }
    try (INDArray zs = Nd4j.create(z, new long[] {(long) n * classes, cvae.latentDim()}, 'c');
        INDArray images = cvae.decode(zs, labels)) {
      double[] px = images.castTo(DataType.DOUBLE).data().asDouble();
      int width = px.length / (n * classes);
      double[] out = new double[n];
      for (int j = 0; j < n; j++) {
        out[j] = spread(px, j * classes, classes, width);
      }
      return out;
    }
  }

  /** The label spread of real digits: one random image per class, averaged over {@code draws}. */
  static double realDigitSpread(ImageDataset data, int draws, long seed) {
    int[] labels = data.labels();
    double[] px = data.images().castTo(DataType.DOUBLE).data().asDouble();
    int width = px.length / data.size();
    int[][] byClass = new int[10][];
    for (int k = 0; k < 10; k++) {
      final int c = k;
      byClass[k] = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == c).toArray();
    }
    SplittableRandom r = new SplittableRandom(seed);
    double[] picked = new double[10 * width];
    double sum = 0;
    for (int t = 0; t < draws; t++) {
      for (int k = 0; k < 10; k++) {
        int i = byClass[k][r.nextInt(byClass[k].length)];
        System.arraycopy(px, i * width, picked, k * width, width);
      }
      sum += spread(picked, 0, 10, width);
    }
    return sum / draws;
  }

  /** Mean over pixels of the variance over rows {@code first .. first + rows - 1}. */
  static double spread(double[] px, int first, int rows, int width) {
    double total = 0;
    for (int p = 0; p < width; p++) {
      double mean = 0;
      for (int k = 0; k < rows; k++) {
        mean += px[(first + k) * width + p] / rows;
      }
      double var = 0;
      for (int k = 0; k < rows; k++) {
        double d = px[(first + k) * width + p] - mean;
        var += d * d / rows;
      }
      total += var / width;
    }
    return total;
  }
}
