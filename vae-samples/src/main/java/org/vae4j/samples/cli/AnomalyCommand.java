package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.internal.Seeds;
import org.vae4j.api.io.AtomicFiles;
import org.vae4j.api.table.Column;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.EncodedTable;
import org.vae4j.api.table.Table;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.anomaly.AnomalyCurves;
import org.vae4j.core.anomaly.AnomalyMetrics;
import org.vae4j.core.eval.AnomalyDetector;
import org.vae4j.core.eval.AnomalyScorer;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.CsvOptions;
import org.vae4j.datasets.CsvTables;
import org.vae4j.samples.EpochPrinter;
import org.vae4j.viz.AnomalyCharts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code vae4j anomaly}: trains a table VAE on a CSV of normal rows and scores another CSV (or a
 * VAE on a folder of normal images and scores another folder: {@link ImageAnomaly}), or scores
 * with a saved model and detector; writes the model, the detector, the scores and pictures into
 * --out.
 */
@Command(
    name = "anomaly",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Find unusual rows of a CSV table with a VAE.",
      "Train and score: --train normal.csv --score test.csv --out DIR fits the preprocessing on "
          + "the training rows, trains a table VAE on them (a seeded --validation-fraction of "
          + "them held out for the threshold), fits the detector and scores --score.",
      "Score only: --model DIR/model.zip --detector DIR/detector.json --score new.csv --out DIR2 "
          + "(the preprocessing is inside the model file: pass raw rows).",
      "Images: --images normal/ --score-images test/ [--size N --channels C] trains an image "
          + "VAE on the picture files of normal/ and scores those of test/ (labels from its "
          + "sub-folders: the one named --normal-label, or 'good' or 'normal', is normal); score "
          + "only with --model, --detector and --score-images.",
      "Writes model.zip and detector.json (train mode), scores.csv, score-histogram.png, "
          + "top-contributions.png (tables) or most-anomalous.png (images) and, with labels, "
          + "roc.png and precision-recall.png."
    })
final class AnomalyCommand implements Callable<Integer> {

  /** The top columns by contribution written per row into scores.csv. */
  static final int TOP_COLUMNS = 3;
  /** The highest-scored rows whose mean contributions top-contributions.png shows. */
  static final int PICTURED_ROWS = 10;

  @Spec CommandSpec spec;

  @Option(names = "--train", paramLabel = "FILE",
      description = "CSV of normal rows to train on (with a header).")
  Path train;

  @Option(names = "--score", paramLabel = "FILE",
      description = "CSV of the rows to score (the training file's columns; label optional).")
  Path score;

  @Option(names = "--images", paramLabel = "DIR",
      description = "Folder of normal picture files (PNG, JPEG, BMP, GIF; sub-folders are read "
          + "too) to train an image VAE on, instead of --train.")
  Path images;

  @Option(names = "--score-images", paramLabel = "DIR",
      description = "Folder of picture files to score, instead of --score; with sub-folders each "
          + "image's label is its sub-folder (the --normal-label one, else 'good' or 'normal', "
          + "is normal).")
  Path scoreImages;

  int size;

  @Option(names = "--size", paramLabel = "N", defaultValue = "64",
      description = "With --images: every image is scaled and centre-cropped to N x N, 1 to 4096 "
          + "(default ${DEFAULT-VALUE}; score only uses the model's size).")
  void size(int v) {
    size = Checks.inRange(spec, "--size", v, 1, 4096);
  }

  int imageChannels;

  @Option(names = "--channels", paramLabel = "C", defaultValue = "3",
      description = "With --images: 3 (RGB) or 1 (grey) image channels (default "
          + "${DEFAULT-VALUE}).")
  void imageChannels(String v) {
    if (!v.equals("1") && !v.equals("3")) {
      throw new ParameterException(spec.commandLine(), "--channels is the number of image "
          + "channels, 1 (grey) or 3 (RGB), got " + v);
    }
    imageChannels = Integer.parseInt(v);
  }

  @Option(names = "--model", paramLabel = "FILE",
      description = "Score only: a model.zip written by 'vae4j anomaly' (a table model).")
  Path modelFile;

  @Option(names = "--detector", paramLabel = "FILE",
      description = "Score only: the detector.json written next to that model.")
  Path detectorFile;

  @Option(names = "--label", paramLabel = "COL",
      description = "The label column: not a feature; rows whose label is --normal-label are "
          + "normal, all others anomalies. Labelled anomalies in --train are left out of training; "
          + "in --score they give ROC-AUC, average precision and precision@n.")
  String label;

  @Option(names = "--normal-label", paramLabel = "VALUE", defaultValue = "0",
      description = "The label value of normal rows (default ${DEFAULT-VALUE}; numbers compare "
          + "as numbers, so 0.0 is 0).")
  String normalLabel;

  @Option(names = "--score-type", paramLabel = "TYPE", defaultValue = "negative-elbo",
      description = "negative-elbo | nll | reconstruction-probability | reconstruction-error "
          + "(default ${DEFAULT-VALUE}).")
  String scoreType;

  @Option(names = "--per-ink",
      description = "With --images and --score-type reconstruction-error: normalise each "
          + "image's squared error by its ink (the sum of its pixel values), as the residual of "
          + "log(error) against a line in log(1 + ink) fitted on the validation images, so an "
          + "image is not taken as normal for having little ink; the line is kept in "
          + "detector.json. For dark backgrounds (on a light one the ink is the background's).")
  boolean perInk;

  int k;

  @Option(names = "--k", paramLabel = "N",
      description = "Samples per row: importance samples of nll (default 64), Monte-Carlo "
          + "samples of reconstruction-probability (default 16); 1 to 100000.")
  void k(int v) {
    k = Checks.inRange(spec, "--k", v, 1, AnomalyScorer.MAX_SAMPLES);
  }

  double contamination;

  @Option(names = "--contamination", paramLabel = "C",
      description = "Threshold flagging a share C in (0, 0.5] of the --score rows (the expected "
          + "share of anomalies there, PyOD's convention).")
  void contamination(double v) {
    if (!(v > 0 && v <= 0.5)) {
      throw new ParameterException(spec.commandLine(),
          "--contamination must be in (0, 0.5], got " + v);
    }
    contamination = v;
  }

  double quantile;

  @Option(names = "--quantile", paramLabel = "Q", defaultValue = "0.99",
      description = "Threshold at the Q-quantile, Q in (0, 1), of the validation rows' scores "
          + "(about 1 - Q of normal rows flagged; default ${DEFAULT-VALUE}).")
  void quantile(double v) {
    if (!(v > 0 && v < 1)) {
      throw new ParameterException(spec.commandLine(), "--quantile must be in (0, 1), got " + v);
    }
    quantile = v;
  }

  double validationFraction;

  @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.2",
      description = "Share of the training rows held out (seeded shuffle) to set the threshold, "
          + "in (0, 0.9] (default ${DEFAULT-VALUE}).")
  void validationFraction(double v) {
    if (!(v > 0 && v <= 0.9)) {
      throw new ParameterException(spec.commandLine(),
          "--validation-fraction must be in (0, 0.9], got " + v);
    }
    validationFraction = v;
  }

  int epochs;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "50",
      description = "Passes over the training rows, 1 to 100000 (default ${DEFAULT-VALUE}).")
  void epochs(int v) {
    epochs = Checks.inRange(spec, "--epochs", v, 1, Checks.MAX_EPOCHS);
  }

  int latentDim;

  @Option(names = "--latent-dim", paramLabel = "N", defaultValue = "4",
      description = "Width of the latent space, 1 to 65536 (default ${DEFAULT-VALUE}; "
          + ImageAnomaly.LATENT_DIM + " with --images).")
  void latentDim(int v) {
    latentDim = Checks.inRange(spec, "--latent-dim", v, 1, ModelConfig.MAX_LATENT_DIM);
  }

  int[] hidden;

  @Option(names = "--hidden", paramLabel = "SIZES", split = ",", defaultValue = "64,32",
      description = "Hidden layer sizes of the encoder, 1 to 100 sizes of 1 to 1048576 "
          + "(default ${DEFAULT-VALUE}; " + ImageAnomaly.HIDDEN + " with --images).")
  void hidden(int[] v) {
    hidden = Checks.sizes(spec, "--hidden", v, 1, ModelConfig.MAX_WIDTH, ModelConfig.MAX_LAYERS);
  }

  int batchSize;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
      description = "Rows per step, 1 to 65536 (default ${DEFAULT-VALUE}).")
  void batchSize(int v) {
    batchSize = Checks.inRange(spec, "--batch-size", v, 1, Checks.MAX_BATCH_SIZE);
  }

  double learningRate;

  @Option(names = "--learning-rate", paramLabel = "LR", defaultValue = "0.003",
      description = "Adam step size, in (0, 1] (default ${DEFAULT-VALUE}).")
  void learningRate(double v) {
    learningRate = Checks.positiveAtMost(spec, "--learning-rate", v, 1);
  }

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the split, initialisation, shuffling and scoring samples "
          + "(default ${DEFAULT-VALUE}).")
  long seed;

  char delimiter;

  @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",",
      description = "Field delimiter of both CSV files, one character or 'tab' "
          + "(default ${DEFAULT-VALUE}).")
  void delimiter(String v) {
    if (v.equals("tab") || v.equals("\\t")) {
      delimiter = '\t';
    } else if (v.length() == 1) {
      delimiter = v.charAt(0);
    } else {
      throw new ParameterException(spec.commandLine(),
          "--delimiter must be one character or 'tab', got \"" + v + "\"");
    }
  }

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "vae4j-output/anomaly",
      description = "Output directory (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    checkMode();
    boolean training = train != null || images != null;
    AnomalyScorer trainScorer = training ? scorer() : null; // bad --score-type / --k first
    Checks.outputDirectory("--out", out);
    PrintStream log = Checks.root(spec).out();
    if (scoreImages != null) {
      return new ImageAnomaly(this, log).run(trainScorer);
    }
    Vae4jModel model = null;
    try {
      AnomalyDetector detector;
      TablePreprocessing prep;
      if (train != null) {
        Table normal = read("--train", train, null);
        Table trainRows = normal;
        if (normal.label().isPresent()) {
          boolean[] anomalous = anomalous("--train", normal);
          int dropped = count(anomalous);
          if (dropped > 0) {
            trainRows = keepRows(normal, anomalous, false);
            log.println("--train: left out " + dropped + " rows labelled anomalous (" + label
                + " is not " + normalLabel + ")");
          }
          if (trainRows.rowCount() == 0) {
            throw new IllegalArgumentException("--train " + train + ": every row is labelled "
                + "anomalous (no " + label + " value is " + normalLabel + "); set --normal-label");
          }
        }
        prep = TablePreprocessing.fit(trainRows);
        INDArray all = encode("--train", train, prep, trainRows);
        int n = (int) all.size(0);
        int[] order = shuffled(n, seed);
        int nValidation = (int) Math.round(n * validationFraction);
        if (nValidation < 1 || n - nValidation < 1) {
          throw new IllegalArgumentException("--train " + train + " has " + n + " rows: too few "
              + "to hold out a validation share of " + validationFraction + " and train on the "
              + "rest (need at least 2)");
        }
        INDArray validation = rows(all, Arrays.copyOfRange(order, 0, nValidation));
        INDArray fitRows = rows(all, Arrays.copyOfRange(order, nValidation, n));
        log.println("data: " + train + ", " + fitRows.size(0) + " training rows, "
            + nValidation + " validation rows (seeded shuffle " + seed + "), " + prep.columns()
            .size() + " columns encoded as " + prep.width() + " values");
        Vae vae = Vae.builder().mlpEncoder(hidden).table(prep).latentDim(latentDim).seed(seed)
            .build();
        model = vae;
        TrainingHistory history = vae.fit(fitRows, TrainingOptions.builder().epochs(epochs)
            .batchSize(batchSize).learningRate(learningRate).seed(seed).build(),
            new EpochPrinter(log, "anomaly", EpochPrinter.Examples.ROWS));
        double[] losses = history.trainLosses();
        log.println(String.format(Locale.ROOT, "trained %d epochs, final loss %.4f",
            losses.length, losses[losses.length - 1]));
        if (contamination == 0) {
          detector = AnomalyDetector.fitQuantile(trainScorer, vae, validation, null, quantile);
          log.println(String.format(Locale.ROOT, "threshold: %.6g, the %s-quantile of the %d "
              + "validation rows' scores", detector.threshold(), fmt(quantile), nValidation));
        } else {
          detector = null; // fitted on the scored rows below
        }
        vae.save(wrote(log, out.resolve("model.zip")));
      } else {
        model = Vae4jModel.load(modelFile);
        Optional<TablePreprocessing> p = model.config().tablePreprocessing();
        if (p.isEmpty()) {
          throw new IllegalArgumentException("--model " + modelFile + " is not a table model "
              + "(loss " + model.config().loss() + "); 'vae4j anomaly' scores models it trained");
        }
        prep = p.get();
        detector = AnomalyDetector.load(detectorFile);
        log.println("model: " + modelFile + ", " + prep.columns().size() + " columns; detector: "
            + detector.scorer().scoreType() + ", threshold " + String.format(Locale.ROOT, "%.6g",
                detector.threshold()));
      }

      Table scored = read("--score", score, prep);
      INDArray x = encode("--score", score, prep, scored);
      if (detector == null) {
        detector = AnomalyDetector.fitContamination(trainScorer, model, x, null, contamination);
        log.println(String.format(Locale.ROOT, "threshold: %.6g, flagging a share %s of the "
            + "%d --score rows (--contamination)", detector.threshold(), fmt(contamination),
            x.size(0)));
      }
      if (train != null) {
        detector.save(wrote(log, out.resolve("detector.json")));
      }
      AnomalyDetector.Predictions pred = detector.predict(model, x);
      double[] perRowScores = pred.scores();
      AnomalyScorer.Contributions contributions = contributionScorer(detector.scorer())
          .contributions(model, x);
      double[][] perColumn = contributions.perColumn(prep);
      boolean[] anomalous = label != null ? anomalous("--score", scored) : null;
      writeScores(wrote(log, out.resolve("scores.csv")), scored, prep, pred, perColumn);
      pictures(log, prep, pred, detector.threshold(), perColumn, anomalous);
      summary(log, "rows", "rows of " + score, pred, detector.threshold(), anomalous);
    } finally {
      if (model != null) {
        model.close();
      }
    }
    return 0;
  }

  private void checkMode() {
    ParseResult parsed = spec.commandLine().getParseResult();
    if (train != null && images != null) {
      throw new ParameterException(spec.commandLine(), "--train and --images name two training "
          + "sources, give one (--train FILE a CSV table, --images DIR a folder of pictures)");
    }
    if (score != null && scoreImages != null) {
      throw new ParameterException(spec.commandLine(), "--score and --score-images name two "
          + "sources to score, give one (--score FILE a CSV table, --score-images DIR a folder "
          + "of pictures)");
    }
    if (score == null && scoreImages == null) {
      throw new ParameterException(spec.commandLine(), "give what to score: --score FILE (a CSV "
          + "table) or --score-images DIR (a folder of pictures)");
    }
    if (train != null && scoreImages != null) {
      throw new ParameterException(spec.commandLine(), "--train trains on a CSV table, so score "
          + "a table with --score FILE; to score --score-images train on --images DIR");
    }
    if (images != null && score != null) {
      throw new ParameterException(spec.commandLine(), "--images trains on pictures, so score "
          + "pictures with --score-images DIR; to score --score FILE train on --train FILE");
    }
    if (images == null) {
      for (String o : new String[] {"--size", "--channels"}) {
        if (parsed.hasMatchedOption(o)) {
          throw new ParameterException(spec.commandLine(), o + " applies to --images DIR"
              + (scoreImages != null ? " (score only reads images at the model's shape)" : ""));
        }
      }
      if (perInk) {
        throw new ParameterException(spec.commandLine(), "--per-ink applies to --images DIR"
            + (train != null ? " (a table's standardised values have no ink)"
                : " (scoring with --detector uses the ink line saved in it, if any)"));
      }
    }
    if (scoreImages != null) {
      for (String o : new String[] {"--label", "--delimiter"}) {
        if (parsed.hasMatchedOption(o)) {
          throw new ParameterException(spec.commandLine(), o + " applies to CSV tables; the "
              + "labels of --score-images come from its sub-folders");
        }
      }
    }
    if (train != null || images != null) {
      for (String o : new String[] {"--model", "--detector"}) {
        if (parsed.hasMatchedOption(o)) {
          throw new ParameterException(spec.commandLine(), o + " is for scoring with a saved "
              + "model; with " + (train != null ? "--train" : "--images") + " the command trains "
              + "its own (give one of them)");
        }
      }
      if (parsed.hasMatchedOption("--contamination") && parsed.hasMatchedOption("--quantile")) {
        throw new ParameterException(spec.commandLine(), "--contamination and --quantile set "
            + "the threshold two ways, give one");
      }
      return;
    }
    if (modelFile == null || detectorFile == null) {
      throw new ParameterException(spec.commandLine(), "give --train FILE or --images DIR (train "
          + "and score) or both --model FILE and --detector FILE (score only)");
    }
    for (String o : new String[] {"--contamination", "--quantile", "--validation-fraction",
        "--epochs", "--latent-dim", "--hidden", "--batch-size", "--learning-rate", "--score-type",
        "--k"}) {
      if (parsed.hasMatchedOption(o)) {
        throw new ParameterException(spec.commandLine(), o + " applies to --train and --images; "
            + "scoring with --model and --detector uses the saved model, scorer and threshold");
      }
    }
  }

  AnomalyScorer scorer() {
    AnomalyScorer.ScoreType type = switch (scoreType) {
      case "negative-elbo" -> AnomalyScorer.ScoreType.NEGATIVE_ELBO;
      case "nll" -> AnomalyScorer.ScoreType.NEGATIVE_LOG_LIKELIHOOD;
      case "reconstruction-probability" -> AnomalyScorer.ScoreType.RECONSTRUCTION_PROBABILITY;
      case "reconstruction-error" -> AnomalyScorer.ScoreType.RECONSTRUCTION_ERROR;
      default -> throw new ParameterException(spec.commandLine(), "--score-type must be "
          + "negative-elbo, nll, reconstruction-probability or reconstruction-error, got \""
          + scoreType + "\"");
    };
    if (perInk && type != AnomalyScorer.ScoreType.RECONSTRUCTION_ERROR) {
      throw new ParameterException(spec.commandLine(), "--per-ink normalises the squared error: "
          + "give --score-type reconstruction-error, got --score-type " + scoreType);
    }
    AnomalyScorer.Builder b = AnomalyScorer.builder().scoreType(type).seed(seed);
    if (k > 0) {
      if (type == AnomalyScorer.ScoreType.NEGATIVE_LOG_LIKELIHOOD) {
        b.importanceSamples(k);
      } else if (type == AnomalyScorer.ScoreType.RECONSTRUCTION_PROBABILITY) {
        b.reconstructionSamples(k);
      } else {
        throw new ParameterException(spec.commandLine(), "--k applies to --score-type nll and "
            + "reconstruction-probability, got --score-type " + scoreType);
      }
    }
    return b.build();
  }

  /**
   * The scorer whose per-value contributions explain a row (the top columns, the pictures): the
   * detector's own, but for {@code nll}, whose log-mean-exp over samples does not split over
   * values, the reconstruction probability with the same seed (its contributions are the
   * reconstruction term {@code -log p(x|z)} per value, averaged over the samples).
   */
  static AnomalyScorer contributionScorer(AnomalyScorer scorer) {
    return scorer.scoreType() != AnomalyScorer.ScoreType.NEGATIVE_LOG_LIKELIHOOD ? scorer
        : scorer.toBuilder().scoreType(AnomalyScorer.ScoreType.RECONSTRUCTION_PROBABILITY)
            .build();
  }

  /**
   * Reads a CSV. With {@code prep} (the scored file) the model's column types are used (a binary
   * column read as categorical, so a file showing one of its levels reads), the --label column
   * must be there, and the columns must be the model's (the missing and extra ones named).
   */
  private Table read(String option, Path file, TablePreprocessing prep) throws IOException {
    CsvOptions.Builder o = CsvOptions.builder().delimiter(delimiter);
    if (prep == null) {
      return withLabel(option, file, emptyChecked(option, file, CsvTables.read(file, o.build())));
    }
    Map<String, ColumnType> fitted = prep.columnTypes();
    Map<String, ColumnType> types = new java.util.LinkedHashMap<>();
    fitted.forEach((name, type) -> types.put(name,
        type == ColumnType.BINARY ? ColumnType.CATEGORICAL : type));
    Table t;
    try {
      t = CsvTables.read(file, o.types(types).build());
    } catch (org.vae4j.datasets.TableFormatException e) {
      if (!String.valueOf(e.getMessage()).contains("the options name columns")) {
        throw e;
      }
      // a model column is not in the file: read it as it is to name the differences
      t = CsvTables.read(file, CsvOptions.builder().delimiter(delimiter).build());
    }
    t = withLabel(option, file, emptyChecked(option, file, t));
    checkLabelled(option, file, t);
    TreeSet<String> missing = new TreeSet<>(fitted.keySet());
    missing.removeAll(t.columnNames());
    TreeSet<String> extra = new TreeSet<>(t.columnNames());
    extra.removeAll(fitted.keySet());
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalArgumentException(option + " " + file + ": its columns differ from the "
          + "model's: " + (missing.isEmpty() ? "" : "missing " + missing)
          + (missing.isEmpty() || extra.isEmpty() ? "" : ", ")
          + (extra.isEmpty() ? "" : "not in the model " + extra
              + (label == null ? " (name the label column with --label)" : ""))
          + "; the model has " + prep.columns().size() + " columns");
    }
    return t;
  }

  private static Table emptyChecked(String option, Path file, Table t) {
    if (t.rowCount() == 0) {
      throw new IllegalArgumentException(option + " " + file + " has a header but no data rows");
    }
    return t;
  }

  /**
   * The --label column, when the file has it, made the table's label (the training file need not
   * have one; {@link #checkLabelled} asks it of the scored file).
   */
  private Table withLabel(String option, Path file, Table t) {
    if (label == null || !t.hasColumn(label)) {
      return t;
    }
    if (t.columnCount() == 1) {
      throw new IllegalArgumentException(option + " " + file + " has no column besides the "
          + "label " + label);
    }
    List<Column> features = new ArrayList<>(t.columns());
    features.remove(t.columnIndex(label));
    return Table.of(features, t.column(label));
  }

  private void checkLabelled(String option, Path file, Table t) {
    if (label != null && t.label().isEmpty()) {
      throw new IllegalArgumentException(option + " " + file + " has no label column " + label
          + " (--label); it has " + t.columnNames());
    }
  }

  /** The encoded rows with NaN where a value is missing (the table model's mask). */
  private static INDArray encode(String option, Path file, TablePreprocessing prep, Table t) {
    EncodedTable e;
    try {
      e = prep.transform(t);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(option + " " + file + ": " + ex.getMessage()
          + (ex.getMessage().contains("not seen when fitting") ? " (an unseen category is "
              + "refused, not scored: add rows with it to the training file, or map it to a known "
              + "level or to empty = missing)" : ""), ex);
    }
    float[] v = e.values().clone();
    float[] m = e.mask();
    for (int i = 0; i < v.length; i++) {
      if (m[i] == 0f) {
        v[i] = Float.NaN;
      }
    }
    return Nd4j.create(v, new long[] {e.rows(), e.width()}, 'c');
  }

  /** Whether each row's label is not --normal-label; a missing label is an error. */
  private boolean[] anomalous(String option, Table t) {
    Column c = t.label().orElseThrow();
    Double normalNumber = null;
    try {
      normalNumber = Double.parseDouble(normalLabel);
    } catch (NumberFormatException e) {
      // compared as text
    }
    boolean[] out = new boolean[t.rowCount()];
    for (int r = 0; r < out.length; r++) {
      if (c.isMissing(r)) {
        throw new IllegalArgumentException(option + ": label column " + label + " is empty in "
            + "data row " + (r + 1));
      }
      if (c.type() == ColumnType.NUMERIC) {
        out[r] = normalNumber == null || c.number(r) != normalNumber;
      } else {
        String level = c.level(r);
        boolean same = level.equals(normalLabel);
        if (!same && normalNumber != null) {
          try {
            same = Double.parseDouble(level) == normalNumber;
          } catch (NumberFormatException e) {
            same = false;
          }
        }
        out[r] = !same;
      }
    }
    return out;
  }

  private static Table keepRows(Table t, boolean[] drop, boolean keepDropped) {
    int[] keep = java.util.stream.IntStream.range(0, drop.length)
        .filter(i -> drop[i] == keepDropped).toArray();
    List<Column> cols = new ArrayList<>();
    for (Column c : t.columns()) {
      cols.add(select(c, keep));
    }
    return Table.of(cols, t.label().map(c -> select(c, keep)).orElse(null));
  }

  private static Column select(Column c, int[] rows) {
    boolean[] missing = new boolean[rows.length];
    for (int i = 0; i < rows.length; i++) {
      missing[i] = c.isMissing(rows[i]);
    }
    if (c.type() == ColumnType.NUMERIC) {
      double[] v = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        v[i] = missing[i] ? 0 : c.number(rows[i]);
      }
      return Column.numeric(c.name(), v, missing);
    }
    int[] codes = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      codes[i] = missing[i] ? 0 : c.code(rows[i]);
    }
    return c.type() == ColumnType.BINARY ? Column.binary(c.name(), c.levels(), codes, missing)
        : Column.categorical(c.name(), c.levels(), codes, missing);
  }

  private static int[] shuffled(int n, long seed) {
    return Seeds.permutation(new SplittableRandom(seed), n);
  }

  private static INDArray rows(INDArray all, int[] rows) {
    return all.getRows(rows).dup('c');
  }

  /** scores.csv: row (1-based data row), score, flag, label, the top columns. */
  private void writeScores(Path file, Table t, TablePreprocessing prep,
      AnomalyDetector.Predictions pred, double[][] perColumn) throws IOException {
    StringBuilder sb = new StringBuilder("row,score,flag");
    if (label != null) {
      sb.append(',').append(csv(label));
    }
    for (int j = 1; j <= TOP_COLUMNS; j++) {
      sb.append(",top").append(j).append("_column,top").append(j).append("_value,top")
          .append(j).append("_contribution");
    }
    sb.append('\n');
    List<String> names = prep.columns().stream().map(e -> e.name()).toList();
    for (int r = 0; r < t.rowCount(); r++) {
      sb.append(r + 1).append(',').append(num(pred.scores()[r])).append(',')
          .append(pred.flags()[r] ? 1 : 0);
      if (label != null) {
        sb.append(',').append(csv(value(t.label().orElseThrow(), r)));
      }
      Integer[] order = top(perColumn[r]);
      for (int j = 0; j < TOP_COLUMNS; j++) {
        if (j < order.length) {
          String name = names.get(order[j]);
          sb.append(',').append(csv(name)).append(',').append(csv(value(t.column(name), r)))
              .append(',').append(num(perColumn[r][order[j]]));
        } else {
          sb.append(",,,");
        }
      }
      sb.append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  static Integer[] top(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
    return order;
  }

  private static String value(Column c, int r) {
    if (c.isMissing(r)) {
      return "";
    }
    return c.type() == ColumnType.NUMERIC ? num(c.number(r)) : c.level(r);
  }

  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : Double.toString(v);
  }

  static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
        ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private void pictures(PrintStream log, TablePreprocessing prep,
      AnomalyDetector.Predictions pred, double threshold, double[][] perColumn,
      boolean[] anomalous) throws IOException {
    double[] s = pred.scores();
    AnomalyCharts.writePng(AnomalyCharts.histogram(s, anomalous, threshold, 50),
        wrote(log, out.resolve("score-histogram.png")));
    if (anomalous != null && count(anomalous) > 0 && count(anomalous) < s.length) {
      AnomalyCurves.Roc roc = AnomalyCurves.roc(s, anomalous);
      AnomalyCharts.writePng(AnomalyCharts.roc(roc.falsePositiveRate(), roc.truePositiveRate()),
          wrote(log, out.resolve("roc.png")));
      AnomalyCurves.PrecisionRecall pr = AnomalyCurves.precisionRecall(s, anomalous);
      AnomalyCharts.writePng(AnomalyCharts.precisionRecall(pr.recall(), pr.precision()),
          wrote(log, out.resolve("precision-recall.png")));
    }
    Integer[] order = top(s);
    int m = Math.min(PICTURED_ROWS, s.length);
    double[] mean = new double[prep.columns().size()];
    for (int i = 0; i < m; i++) {
      for (int c = 0; c < mean.length; c++) {
        mean[c] += perColumn[order[i]][c] / m;
      }
    }
    String[] names = prep.columns().stream().map(e -> e.name()).toArray(String[]::new);
    AnomalyCharts.writePng(AnomalyCharts.topContributions(mean, names, 10),
        wrote(log, out.resolve("top-contributions.png")));
    log.println("  (top-contributions.png: the mean per-column contributions of the " + m
        + " highest-scored rows)");
  }

  /**
   * The counts and, with labels, the metrics; {@code unit} is "rows" or "images", {@code what}
   * e.g. "rows of test.csv".
   */
  static void summary(PrintStream log, String unit, String what, AnomalyDetector.Predictions pred,
      double threshold, boolean[] anomalous) {
    double[] s = pred.scores();
    log.println(String.format(Locale.ROOT, "scored %d %s: %d flagged (%.2f%%) above "
        + "threshold %.6g", s.length, what, pred.flagged(), 100.0 * pred.flagged() / s.length,
        threshold));
    if (anomalous == null) {
      return;
    }
    int positives = count(anomalous);
    if (positives == 0 || positives == s.length) {
      log.println("labels: " + positives + " of " + s.length + " " + unit + " anomalous; "
          + "ROC-AUC and average precision need both kinds");
      return;
    }
    int truePositives = 0;
    for (int i = 0; i < s.length; i++) {
      truePositives += anomalous[i] && pred.flags()[i] ? 1 : 0;
    }
    log.println(String.format(Locale.ROOT, "labels: %d anomalous; ROC-AUC %.4f, average "
        + "precision %.4f, precision@%d %.4f; flagged: %d true anomalies, %d normal " + unit,
        positives, AnomalyMetrics.rocAuc(s, anomalous),
        AnomalyMetrics.averagePrecision(s, anomalous), positives,
        AnomalyMetrics.precisionAtN(s, anomalous, positives), truePositives,
        pred.flagged() - truePositives));
  }

  static int count(boolean[] b) {
    int c = 0;
    for (boolean v : b) {
      c += v ? 1 : 0;
    }
    return c;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }

  static Path wrote(PrintStream log, Path file) {
    log.println("  wrote " + file.toAbsolutePath().normalize());
    return file;
  }
}
