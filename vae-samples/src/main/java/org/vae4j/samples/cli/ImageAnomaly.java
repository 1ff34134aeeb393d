package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.anomaly.AnomalyCurves;
import org.vae4j.core.anomaly.AnomalyThresholds;
import org.vae4j.core.eval.AnomalyDetector;
import org.vae4j.core.eval.AnomalyScorer;
import org.vae4j.core.eval.InkLine;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageFolder;
import org.vae4j.datasets.ImageFolderIterator;
import org.vae4j.samples.EpochPrinter;
import org.vae4j.viz.AnomalyCharts;

/**
 * {@code vae4j anomaly --images DIR --score-images DIR2} (or {@code --model --detector
 * --score-images DIR2}): an image VAE trained on a folder of normal pictures, the pictures of
 * another folder scored, one {@code scores.csv} row per file, and the most anomalous images with
 * their per-pixel contributions as a picture. Neither folder is loaded: the training images are
 * read in shuffled batches ({@link ImageFolderIterator}), the validation and scored images in
 * chunks ({@link FolderScores}); only the scores and the pictured images are kept.
 */
final class ImageAnomaly {

  /** The encoder's hidden sizes when --hidden is not given (the MNIST benchmark's model). */
  static final String HIDDEN = "256";
  /** The latent width when --latent-dim is not given (the MNIST benchmark's model). */
  static final int LATENT_DIM = 8;
  /** The highest-scored images drawn into most-anomalous.png. */
  static final int PICTURED_IMAGES = 20;
  /** The sub-folder names taken as the normal class when --normal-label is not given. */
  static final List<String> NORMAL_FOLDERS = List.of("good", "normal");

  private final AnomalyCommand c;
  private final PrintStream log;

  ImageAnomaly(AnomalyCommand command, PrintStream log) {
    this.c = command;
    this.log = log;
  }

  int run(AnomalyScorer trainScorer) throws IOException {
    Vae4jModel model = null;
    try {
      AnomalyDetector detector = null;
      ImageFolder scored;
      if (c.images != null) {
        ImageFolder normal = ImageFolders.scan("--images", c.images, c.imageChannels, c.size,
            c.size);
        log.println("data: " + ImageFolders.describe(normal));
        // the training folder's sub-folders, if any, are all normal: its labels are not used
        int n = normal.size();
        int nValidation = (int) Math.round(n * c.validationFraction);
        if (nValidation < 1 || n - nValidation < 1) {
          throw new IllegalArgumentException("--images " + c.images + " has " + n + " images: "
              + "too few to hold out a validation share of " + c.validationFraction + " and "
              + "train on the rest (need at least 2)");
        }
        // the split ImageDataset.split gives the loaded images, without loading them
        ImageFolder.Split split = normal.split((double) (n - nValidation) / n, c.seed);
        ImageFolder fitImages = split.first();
        ImageFolder validation = split.second();
        log.println(fitImages.size() + " training images, " + validation.size()
            + " validation images (seeded shuffle " + c.seed + "; both read in batches, not "
            + "loaded)");
        boolean hiddenGiven = c.spec.commandLine().getParseResult().hasMatchedOption("--hidden");
        boolean latentGiven =
            c.spec.commandLine().getParseResult().hasMatchedOption("--latent-dim");
        int[] hidden = hiddenGiven ? c.hidden : new int[] {Integer.parseInt(HIDDEN)};
        int latent = latentGiven ? c.latentDim : LATENT_DIM;
        Vae vae = Vae.builder().inputShape(normal.imageShape()).mlpEncoder(hidden).bceLoss()
            .latentDim(latent).seed(c.seed).build();
        model = vae;
        log.println("model: VAE, MLP encoder " + java.util.Arrays.toString(hidden) + ", latent "
            + latent + ", BCE pixels");
        TrainingHistory history;
        try (ImageFolderIterator batches = fitImages.iterator(c.batchSize, c.seed)) {
          history = vae.fit(batches, TrainingOptions.builder().epochs(c.epochs)
              .batchSize(c.batchSize).learningRate(c.learningRate).seed(c.seed).build(),
              new EpochPrinter(log, "anomaly"));
        }
        double[] losses = history.trainLosses();
        log.println(String.format(Locale.ROOT, "trained %d epochs, final loss %.4f",
            losses.length, losses[losses.length - 1]));
        double[] v = null; // the validation images' scores, when the threshold or the line needs them
        if (c.perInk) {
          double[] ink = new double[validation.size()];
          v = FolderScores.score(trainScorer, vae, validation, FolderScores.chunk(trainScorer), ink);
          InkLine line = InkLine.fit(v, ink);
          trainScorer = trainScorer.toBuilder().inkLine(line).build();
          for (int i = 0; i < v.length; i++) {
            v[i] = line.residual(v[i], ink[i]);
          }
          log.println(String.format(Locale.ROOT, "ink line: log(squared error) = %.4f + %.4f * "
              + "log(1 + ink) on the %d validation images; scores are residuals from it",
              line.intercept(), line.slope(), v.length));
        }
        if (c.contamination == 0) {
          if (v == null) {
            v = FolderScores.score(trainScorer, vae, validation, FolderScores.chunk(trainScorer));
          }
          detector = AnomalyDetector.of(trainScorer, AnomalyThresholds.quantile(v, c.quantile));
          log.println(String.format(Locale.ROOT, "threshold: %.6g, the %s-quantile of the %d "
              + "validation images' scores", detector.threshold(), AnomalyCommand.fmt(c.quantile),
              validation.size()));
        }
        vae.save(AnomalyCommand.wrote(log, c.out.resolve("model.zip")));
      } else {
        model = Vae4jModel.load(c.modelFile);
        if (model.config().tablePreprocessing().isPresent()) {
          throw new IllegalArgumentException("--model " + c.modelFile + " is a table model; "
              + "score a CSV with --score FILE, or give an image model for --score-images");
        }
        if (model.numClasses() > 0) {
          throw new IllegalArgumentException("--model " + c.modelFile + " is a conditional VAE ("
              + model.numClasses() + " classes); 'vae4j anomaly' scores images with a VAE or an "
              + "autoencoder");
        }
        detector = AnomalyDetector.load(c.detectorFile);
        log.println("model: " + c.modelFile + ", images " + java.util.Arrays.toString(
            model.dataShape()) + "; detector: " + detector.scorer().scoreType() + ", threshold "
            + String.format(Locale.ROOT, "%.6g", detector.threshold()));
      }
      scored = ImageFolders.scanFor("--score-images", c.scoreImages, model.dataShape());
      log.println("scoring: " + ImageFolders.describe(scored));
      boolean[] anomalous = anomalous(scored);
      AnomalyScorer scorer = detector != null ? detector.scorer() : trainScorer;
      // scored in chunks of the scorer's batch, one decoded ahead: the folder is never loaded
      double[] scores = FolderScores.score(scorer, model, scored, FolderScores.chunk(scorer));
      if (detector == null) {
        detector = AnomalyDetector.of(trainScorer,
            AnomalyThresholds.fromContamination(scores, c.contamination));
        log.println(String.format(Locale.ROOT, "threshold: %.6g, flagging a share %s of the "
            + "%d --score-images images (--contamination)", detector.threshold(),
            AnomalyCommand.fmt(c.contamination), scores.length));
      }
      if (c.images != null) {
        detector.save(AnomalyCommand.wrote(log, c.out.resolve("detector.json")));
      }
      AnomalyDetector.Predictions pred = detector.flag(scores);
      writeScores(AnomalyCommand.wrote(log, c.out.resolve("scores.csv")), scored, pred,
          anomalous);
      pictures(model, detector, pred, scored, anomalous);
      AnomalyCommand.summary(log, "images", "images of " + c.scoreImages, pred,
          detector.threshold(), anomalous);
    } finally {
      if (model != null) {
        model.close();
      }
    }
    return 0;
  }

  /**
   * Whether each scored image is anomalous, from its sub-folder: null when the folder has none;
   * the sub-folder named --normal-label (or, without it, "good" or "normal") is normal.
   */
  private boolean[] anomalous(ImageFolder folder) {
    if (!folder.hasLabels()) {
      return null;
    }
    List<String> classes = folder.classNames();
    boolean given = c.spec.commandLine().getParseResult().hasMatchedOption("--normal-label");
    int normal = -1;
    if (given) {
      normal = classes.indexOf(c.normalLabel);
    } else {
      for (String name : NORMAL_FOLDERS) {
        if (normal < 0) {
          normal = classes.indexOf(name);
        }
      }
    }
    if (normal < 0) {
      throw new IllegalArgumentException("--score-images " + c.scoreImages + " has the "
          + "sub-folders " + classes + " but none is the normal class "
          + (given ? "\"" + c.normalLabel + "\" (--normal-label)"
              : "(\"good\" or \"normal\"; name it with --normal-label)"));
    }
    int[] labels = folder.labels();
    boolean[] out = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = labels[i] != normal;
    }
    return out;
  }

  /** scores.csv: index (0-based, the pictures' #index), file, score, flag, label, anomalous. */
  private void writeScores(Path file, ImageFolder folder, AnomalyDetector.Predictions pred,
      boolean[] anomalous) throws IOException {
    StringBuilder sb = new StringBuilder("index,file,score,flag");
    if (anomalous != null) {
      sb.append(",label,anomalous");
    }
    sb.append('\n');
    List<Path> files = folder.files();
    List<String> classes = anomalous != null ? folder.classNames() : null;
    int[] labels = anomalous != null ? folder.labels() : null;
    for (int i = 0; i < files.size(); i++) {
      sb.append(i).append(',').append(AnomalyCommand.csv(relative(files.get(i)))).append(',')
          .append(AnomalyCommand.num(pred.scores()[i])).append(',')
          .append(pred.flags()[i] ? 1 : 0);
      if (anomalous != null) {
        sb.append(',').append(AnomalyCommand.csv(classes.get(labels[i]))).append(',')
            .append(anomalous[i] ? 1 : 0);
      }
      sb.append('\n');
    }
    org.vae4j.api.io.AtomicFiles.writeString(file, sb.toString());
  }

  /** A relative path with '/' between its parts, whatever the platform. */
  static String relative(Path p) {
    StringBuilder sb = new StringBuilder();
    for (Path part : p) {
      sb.append(sb.length() == 0 ? "" : "/").append(part);
    }
    return sb.toString();
  }

  private void pictures(Vae4jModel model, AnomalyDetector detector,
      AnomalyDetector.Predictions pred, ImageFolder folder, boolean[] anomalous)
      throws IOException {
    double[] s = pred.scores();
    Path out = c.out;
    AnomalyCharts.writePng(AnomalyCharts.histogram(s, anomalous, detector.threshold(), 50),
        AnomalyCommand.wrote(log, out.resolve("score-histogram.png")));
    int positives = anomalous == null ? 0 : AnomalyCommand.count(anomalous);
    if (positives > 0 && positives < s.length) {
      AnomalyCurves.Roc roc = AnomalyCurves.roc(s, anomalous);
      AnomalyCharts.writePng(AnomalyCharts.roc(roc.falsePositiveRate(), roc.truePositiveRate()),
          AnomalyCommand.wrote(log, out.resolve("roc.png")));
      AnomalyCurves.PrecisionRecall pr = AnomalyCurves.precisionRecall(s, anomalous);
      AnomalyCharts.writePng(AnomalyCharts.precisionRecall(pr.recall(), pr.precision()),
          AnomalyCommand.wrote(log, out.resolve("precision-recall.png")));
    }
    AnomalyScorer scorer = AnomalyCommand.contributionScorer(detector.scorer());
    int m = Math.min(PICTURED_IMAGES, s.length);
    Integer[] order = AnomalyCommand.top(s);
    int[] top = new int[m];
    double[] topScores = new double[m];
    for (int i = 0; i < m; i++) {
      top[i] = order[i];
      topScores[i] = s[order[i]];
    }
    // only the pictured images are decoded again; each one's contributions from its row number,
    // the samples its score was drawn with
    INDArray x = FolderScores.load(folder.select(top), 0, m).images();
    double[][] values = new double[m][];
    for (int i = 0; i < m; i++) {
      try (INDArray one = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).dup()) {
        values[i] = scorer.contributions(model, one, null, top[i]).values()[0];
      }
    }
    INDArray perPixel = perPixel(values, model.dataShape());
    long side = model.dataShape()[2];
    int scale = (int) Math.max(1, Math.min(8, 64 / side));
    AnomalyCharts.writePng(AnomalyCharts.mostAnomalous(x, topScores, top, s.length, perPixel,
        scale), AnomalyCommand.wrote(log, out.resolve("most-anomalous.png")));
    StringBuilder sb = new StringBuilder("  (most-anomalous.png: the " + m + " highest-scored "
        + "images, each beside a map of its per-pixel contributions (inferno over a grey copy)"
        + (scorer != detector.scorer() ? " (of the reconstruction probability: nll has none)"
            : "") + "; first " + Math.min(3, m) + ":");
    for (int i = 0; i < Math.min(3, m); i++) {
      sb.append(i == 0 ? " " : ", ").append('#').append(order[i]).append(' ')
          .append(relative(folder.files().get(order[i])));
    }
    log.println(sb.append(')'));
    perPixel.close();
    x.close();
  }

  /** The contributions summed over the channels: {@code [n, H*W]}. */
  static INDArray perPixel(double[][] values, long[] shape) {
    int plane = (int) (shape[1] * shape[2]);
    float[] flat = new float[values.length * plane];
    for (int i = 0; i < values.length; i++) {
      double[] v = values[i];
      for (int j = 0; j < v.length; j++) {
        flat[i * plane + j % plane] += (float) v[j];
      }
    }
    return Nd4j.create(flat, new long[] {values.length, plane}, 'c').castTo(DataType.FLOAT);
  }
}
