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
import org.vae4j.core.eval.LogisticClassifier;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.Mnist;

/**
 * How often a conditional VAE's class grid has columns that ignore the label. A column is one
 * prior draw z decoded as every class (as {@code SampleGrid.perClass} draws it). Each decoded
 * image is read by a logistic regression trained on the real digits' pixels ({@link
 * LogisticClassifier}, about 90% accurate on held-out digits); a column <em>ignores the label</em>
 * when one predicted digit covers at least half of its rows (the same shape in most rows). Also
 * printed: the share of decoded images read as their own class, and each column's label spread
 * (mean over pixels of the variance across the classes) relative to that of ten real digits.
 *
 * <p>{@code java -cp <vae-samples class path> org.vae4j.samples.bench.CvaeLabelUse <mnist dir>
 * <epochs> <seeds> <latentDim:beta>...}, e.g. {@code ... 10 3 8:1 2:1}: trains one MLP CVAE
 * (512-256, BCE, the beta-cvae tutorial's) per configuration and seed on the MNIST test set's
 * 10,000 images and prints, per run, the share of 100 columns that ignore the label.
 */
public final class CvaeLabelUse {

  static final int COLUMNS = 100;

  private CvaeLabelUse() {}

  /** Runs the measurement; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    ImageDataset data = Mnist.fromDirectory(Path.of(args[0])).test();
    int epochs = Integer.parseInt(args[1]);
    int seeds = Integer.parseInt(args[2]);
    double reference = realDigitSpread(data, 500, 1);
    ImageDataset.Split split = data.split(0.8, 1);
    LogisticClassifier reader = LogisticClassifier.fit(split.first().images(), split.first().labels(), 10,
        LogisticClassifier.Config.defaults());
    System.out.printf(Locale.ROOT, "reader: logistic regression on pixels, held-out accuracy %.4f; label "
        + "spread of 10 real digits, one per class: %.5f%n",
        reader.score(split.second().images(), split.second().labels()).accuracy(), reference);
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
          ColumnStats st = columns(cvae, reader, COLUMNS, seed);
          shares[seed - 1] = st.ignored / (double) COLUMNS;
          double[] sorted = st.spread.clone();
          Arrays.sort(sorted);
          System.out.printf(Locale.ROOT, "latent %d, beta %.1f, seed %d, %d epochs: loss %.1f, %d of %d "
              + "columns ignore the label, %.3f of the images read as their own class; label spread / "
              + "real digits': median %.2f (%.0f s)%n", latentDim, beta, seed, epochs, loss, st.ignored,
              COLUMNS, st.ownClass, sorted[COLUMNS / 2] / reference, (System.nanoTime() - t0) / 1e9);
        }
      }
      System.out.printf(Locale.ROOT, "SUMMARY latent %d, beta %.1f: share of columns ignoring the label "
          + "over %d seeds: mean %.3f, per seed %s%n", latentDim, beta, seeds,
          Arrays.stream(shares).average().orElse(0), Arrays.toString(shares));
    }
  }

  /** What {@link #columns} measured over a class grid. */
  record ColumnStats(int ignored, double ownClass, double[] spread) {}

  /** Decodes {@code n} prior draws as every class and reads the images with {@code reader}. */
  static ColumnStats columns(ConditionalVae cvae, LogisticClassifier reader, int n, long seed) {
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
      int[] read = reader.predict(images);
      double[] px = images.castTo(DataType.DOUBLE).data().asDouble();
      int width = px.length / (n * classes);
      double[] spread = new double[n];
      int ignored = 0;
      int own = 0;
      for (int j = 0; j < n; j++) {
        spread[j] = spread(px, j * classes, classes, width);
        int[] counts = new int[classes];
        for (int k = 0; k < classes; k++) {
          int p = read[j * classes + k];
          counts[p]++;
          own += p == k ? 1 : 0;
        }
        ignored += Arrays.stream(counts).max().orElse(0) * 2 >= classes ? 1 : 0;
      }
      return new ColumnStats(ignored, own / (double) (n * classes), spread);
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
