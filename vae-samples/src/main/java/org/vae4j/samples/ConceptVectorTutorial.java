package org.vae4j.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.viz.ImageGrid;
import org.vae4j.viz.LossCurves;

/**
 * Tutorial 6: concept vectors. The direction between the mean latent codes of two groups of
 * digits is an "attribute vector" ({@code Vae.attributeVector}); adding it to a code and decoding
 * ({@code Vae.edit}) edits the image. Two concepts: stroke thickness (within each class, the
 * quarter of training digits with the most ink minus the quarter with the least, averaged over
 * the classes) and one class turning into another.
 *
 * <p>Writes {@code concept-ink.png} (rows: held-out digits; columns: the original, then edits from
 * thinner to thicker), {@code concept-class.png} (digits of the first class moved towards the
 * second), {@code loss.png} and {@code history.json}. Run: {@code vae4j tutorial concept-vector
 * --data mnist --from-class 1 --to-class 7}.
 */
public final class ConceptVectorTutorial {

  /** The name of this program on the command line. */
  public static final String NAME = "concept-vector";

  /** Strengths of the ink edit, thinner (negative) to thicker. */
  static final double[] INK_STRENGTHS = {-1.5, -1, -0.5, 0, 0.5, 1, 1.5};
  /** Strengths of the class edit. */
  static final double[] CLASS_STRENGTHS = {0, 0.25, 0.5, 0.75, 1, 1.25};
  static final int ROWS = 8;

  private ConceptVectorTutorial() {}

  /** 10 epochs, 16-D latent, MNIST, batch 128, seed 42. */
  public static SampleSettings defaults() {
    return new SampleSettings(10, 16, "mnist", Path.of("vae4j-output", NAME), 42, 0, 128, 1);
  }

  /** Runs the program from the command line. */
  public static void main(String[] args) {
    org.vae4j.samples.cli.Vae4jCommand.runAndExit("tutorial", NAME, args);
  }

  /** Trains a VAE and edits digits along the two concept vectors; logs to {@code log}. */
  public static SampleResult run(SampleSettings s, int fromClass, int toClass, PrintStream log)
      throws IOException {
    if (fromClass < 0 || toClass < 0 || fromClass == toClass) {
      throw new IllegalArgumentException("fromClass and toClass must be two different classes "
          + ">= 0, got " + fromClass + " and " + toClass);
    }
    SampleRun run = new SampleRun("Tutorial 6: concept vectors in a " + s.latentDim()
        + "-D VAE", s.out(), log);
    ImageDataset.Split split = run.data(s).data().split(0.9, s.seed());
    ImageDataset train = split.first();
    ImageDataset heldOut = split.second();
    if (Math.max(fromClass, toClass) >= train.numClasses()) {
      throw new IllegalArgumentException("fromClass and toClass must be below numClasses = "
          + train.numClasses() + ", got " + fromClass + " and " + toClass);
    }
    run.info("training on " + train.size() + " images, " + heldOut.size() + " held out");
    try (Vae vae = Vae.builder().mlpEncoder(512, 256).latentDim(s.latentDim()).bceLoss()
        .beta(1.0).seed(s.seed()).build()) {
      TrainingHistory history = vae.fit(train, heldOut, SampleRun.training(s),
          run.progress("vae"));
      run.history("vae", history, "history.json");
      LossCurves.of(history).withParts(true).title("VAE for concept vectors")
          .writePng(run.file("loss.png"));
      run.wrote(run.file("loss.png"));

      // Thick vs thin: within each class, the quarter of its training digits with the most ink
      // minus the quarter with the least, averaged over the classes. (Over all digits at once
      // the direction would mostly turn digits into 1s, which have the least ink, and 0s.)
      INDArray inkVector = inkVector(vae, train);
      run.number("ink vector length", inkVector.norm2Number().doubleValue());
      ImageDataset rowData = heldOut.subset(0, Math.min(ROWS, heldOut.size()));
      INDArray rows = rowData.images();
      INDArray thinner = vae.edit(rows, inkVector, -1);
      INDArray thicker = vae.edit(rows, inkVector, 1);
      run.number("mean ink of the held-out digits themselves", meanInk(rows));
      run.number("mean ink of held-out digits edited with strength -1", meanInk(thinner));
      run.number("mean ink of held-out digits edited with strength +1", meanInk(thicker));
      editGrid(vae, rowData, inkVector, INK_STRENGTHS)
          .title("edit(x, thickness vector, s): thinner to thicker")
          .writePng(run.file("concept-ink.png"));
      run.wrote(run.file("concept-ink.png"));
      run.info("concept-ink.png: rows are held-out digits; columns: original, then strengths "
          + Arrays.toString(INK_STRENGTHS) + " (thinner to thicker)");

      int[] trainCounts = train.classCounts();
      int[] heldOutCounts = heldOut.classCounts();
      if (trainCounts[fromClass] == 0 || trainCounts[toClass] == 0
          || heldOutCounts[fromClass] == 0) {
        run.info("concept-class.png skipped: the data holds too few digits of class " + fromClass
            + " or " + toClass);
      } else {
        INDArray classVector = vae.attributeVector(train.withLabel(toClass).images(),
            train.withLabel(fromClass).images());
        run.number("class vector " + fromClass + "->" + toClass + " length",
            classVector.norm2Number().doubleValue());
        ImageDataset fromHeldOut = heldOut.withLabel(fromClass);
        ImageDataset source = fromHeldOut.subset(0, Math.min(ROWS, fromHeldOut.size()));
        editGrid(vae, source, classVector, CLASS_STRENGTHS)
            .title(String.format(Locale.ROOT, "edit(x, v, s), v = mean code of the %d's minus "
                + "that of the %d's", toClass, fromClass))
            .writePng(run.file("concept-class.png"));
        run.wrote(run.file("concept-class.png"));
        run.info(String.format(Locale.ROOT, "concept-class.png: held-out %d's moved towards %d;"
            + " columns: original, then strengths %s", fromClass, toClass,
            Arrays.toString(CLASS_STRENGTHS)));
      }
    }
    return run.finish();
  }

  /** The class-balanced thick-minus-thin direction (see the class comment). */
  static INDArray inkVector(Vae vae, ImageDataset train) {
    INDArray sum = null;
    int classes = 0;
    int[] counts = train.classCounts();
    for (int c = 0; c < train.numClasses(); c++) {
      if (counts[c] < 4) {
        continue;
      }
      ImageDataset ofClass = train.withLabel(c);
      int[] byInk = byInk(ofClass);
      int q = byInk.length / 4;
      INDArray v = vae.attributeVector(
          ofClass.select(Arrays.copyOfRange(byInk, byInk.length - q, byInk.length)).images(),
          ofClass.select(Arrays.copyOfRange(byInk, 0, q)).images());
      sum = sum == null ? v : sum.add(v);
      classes++;
    }
    if (sum == null) {
      throw new IllegalArgumentException(
          "train must hold at least 4 digits of some class for an ink vector, got none");
    }
    return sum.div(classes);
  }

  /**
   * Rows of: the original, then {@code edit(x, vector, s)} for each strength; rows labelled with
   * their digit, columns with the strength.
   */
  static ImageGrid editGrid(Vae vae, ImageDataset rows, INDArray vector, double[] strengths) {
    INDArray x = rows.images();
    List<INDArray> columns = new ArrayList<>();
    columns.add(x);
    for (double st : strengths) {
      columns.add(vae.edit(x, vector, st));
    }
    int n = (int) x.size(0);
    INDArray[] tiles = new INDArray[n * columns.size()];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < columns.size(); c++) {
        tiles[i * columns.size() + c] = columns.get(c).get(
            org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).castTo(x.dataType());
      }
    }
    String[] rowLabels = new String[n];
    for (int i = 0; i < n; i++) {
      rowLabels[i] = "a " + rows.label(i);
    }
    String[] columnLabels = new String[columns.size()];
    columnLabels[0] = "original";
    for (int c = 0; c < strengths.length; c++) {
      columnLabels[c + 1] = "s = " + new java.math.BigDecimal(Double.toString(strengths[c]))
          .stripTrailingZeros().toPlainString();
    }
    return ImageGrid.of(Nd4j.concat(0, tiles)).columns(columns.size()).rowLabels(rowLabels)
        .columnLabels(columnLabels);
  }

  /** Indices of the images sorted by ink mass (mean pixel value), least first. */
  static int[] byInk(ImageDataset data) {
    double[] ink = data.flatImages().mean(1).castTo(
        org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
    return Arrays.stream(Samples.indices(data.size())).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> ink[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
  }

  static double meanInk(INDArray images) {
    return images.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
  }
}
