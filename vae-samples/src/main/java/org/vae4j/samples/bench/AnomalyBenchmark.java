package org.vae4j.samples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.internal.Seeds;
import org.vae4j.api.table.Column;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.Table;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.core.TableImputation;
import org.vae4j.core.Vae;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.anomaly.AnomalyMetrics;
import org.vae4j.core.eval.AggregatePosterior;
import org.vae4j.core.eval.InputComplexity;
import org.vae4j.core.eval.LikelihoodRatio;
import org.vae4j.core.eval.AnomalyScorer;
import org.vae4j.core.eval.AnomalyScorer.ScoreType;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.CsvOptions;
import org.vae4j.datasets.CsvTables;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.Mnist;

/**
 * The vae4j side of the anomaly benchmark (issue 20, docs/anomaly.md), four parts, each printing
 * one {@code RESULT} line per run and a {@code SUMMARY} line per configuration:
 *
 * <ol>
 *   <li>{@code mnist}: the MNIST test set (the only MNIST file here), one digit held out: the
 *       training rows are the first 8,000 images (file order) minus the held-out digit, the test
 *       rows the last 2,000 images with the held-out digit as the anomalies. An MLP VAE (BCE) per
 *       digit and seed; ROC-AUC of every score type.
 *   <li>{@code tables}: the splits written by {@code bench/anomaly/peers.py}
 *       ({@code splits/<table>/seed<s>/train.csv, test.csv}); a table VAE per table and seed;
 *       ROC-AUC and average precision of every score type.
 *   <li>{@code missing}: the same splits with 20% of the feature entries of the training and test
 *       rows removed at random (seeded), scored by the same configuration; ROC-AUC beside the
 *       complete data's.
 *   <li>{@code speed}: scoring a generated 30-column numeric table: rows/s of NEGATIVE_ELBO and of
 *       NEGATIVE_LOG_LIKELIHOOD with k = 1, 8, 64.
 * </ol>
 *
 * <pre>
 * java -cp vae4j.jar:lib/* org.vae4j.samples.bench.AnomalyBenchmark [--parts mnist,tables,missing,speed]
 *     [--seeds 0,1,2] [--digits 0-9] [--mnist DIR] [--splits DIR] [--mnist-epochs N]
 *     [--mnist-latent N] [--mnist-hidden N] [--table-epochs N] [--table-latent N] [--table-hidden N]
 *     [--k N] [--mnist-model mlp|conv] [--mnist-loss bce|gaussian] [--missing-in both|test]
 *     [--variants plain,norm,imp3] [--denoise P] [--mnist-background MU,...]
 * </pre>
 *
 * <p>{@code --missing-in test} removes entries from the test rows only (the model trains on the
 * complete rows: what is lost to the missing information alone); {@code --variants} adds, in the
 * missing part, the scorers {@code norm} ({@code perObservedValue}) and {@code impN} ({@code
 * imputationRounds(N)}), joined by {@code +}; {@code --denoise P} trains the table models with
 * {@code TrainingOptions.denoisingMaskRate(P)}. {@code --mnist-background 0.1,0.3} adds, per
 * rate {@code μ}, a background model of the same architecture, seed and training trained on the
 * MNIST training rows perturbed by {@code LikelihoodRatio.perturb(train, μ, seed)}, and the
 * likelihood-ratio score {@code TYPE-LRμ} of every score type ({@code AnomalyScorer.scoreRatio}).
 */
public final class AnomalyBenchmark {

  private AnomalyBenchmark() {}

  /** Parsed arguments. */
  record Options(List<String> parts, List<Long> seeds, List<Integer> digits, Path mnistDir,
      Path splitsDir, int mnistEpochs, int mnistLatent, int mnistHidden, int tableEpochs,
      int tableLatent, int tableHidden, int importanceSamples, String mnistModel,
      String mnistLoss, String missingIn, List<String> variants, double denoise,
      List<Double> mnistBackground) {}

  static Options parse(String... args) {
    List<String> parts = List.of("mnist", "tables", "missing", "speed");
    List<Long> seeds = List.of(0L, 1L, 2L);
    List<Integer> digits = range("0-9");
    Path mnist = Path.of("/work/shared/datasets/mnist");
    Path splits = Path.of("bench/anomaly/out/splits");
    int mnistEpochs = 10;
    int mnistLatent = 8;
    int mnistHidden = 256;
    int tableEpochs = 100;
    int tableLatent = 4;
    int tableHidden = 32;
    int k = 64;
    String mnistModel = "mlp";
    String mnistLoss = "bce";
    String missingIn = "both";
    List<String> variants = List.of("plain");
    double denoise = 0;
    List<Double> background = List.of();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + a);
      }
      String v = args[++i];
      switch (a) {
        case "--parts" -> parts = List.of(v.split(","));
        case "--seeds" -> seeds = range(v).stream().map(Integer::longValue).toList();
        case "--digits" -> digits = range(v);
        case "--mnist" -> mnist = Path.of(v);
        case "--splits" -> splits = Path.of(v);
        case "--mnist-epochs" -> mnistEpochs = positive(a, v);
        case "--mnist-latent" -> mnistLatent = positive(a, v);
        case "--mnist-hidden" -> mnistHidden = positive(a, v);
        case "--table-epochs" -> tableEpochs = positive(a, v);
        case "--table-latent" -> tableLatent = positive(a, v);
        case "--table-hidden" -> tableHidden = positive(a, v);
        case "--k" -> k = positive(a, v);
        case "--missing-in" -> {
          if (!v.equals("both") && !v.equals("test")) {
            throw new IllegalArgumentException("--missing-in must be both or test, got " + v);
          }
          missingIn = v;
        }
        case "--denoise" -> {
          try {
            denoise = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--denoise must be a number in [0, 1), got " + v, e);
          }
          TrainingOptions.builder().denoisingMaskRate(denoise); // checks the range
        }
        case "--variants" -> {
          variants = List.of(v.split(","));
          for (String x : variants) {
            scorer(ScoreType.NEGATIVE_ELBO, 1, x); // checks the name
          }
        }
        case "--mnist-model" -> {
          if (!v.equals("mlp") && !v.equals("conv")) {
            throw new IllegalArgumentException("--mnist-model must be mlp or conv, got " + v);
          }
          mnistModel = v;
        }
        case "--mnist-background" -> {
          List<Double> mus = new ArrayList<>();
          for (String m : v.split(",")) {
            double mu;
            try {
              mu = Double.parseDouble(m);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--mnist-background must be a list of rates in "
                  + "(0, 1] like 0.1,0.3, got " + v, e);
            }
            if (!(mu > 0 && mu <= 1)) {
              throw new IllegalArgumentException("--mnist-background: each rate must be in (0, 1],"
                  + " got " + m);
            }
            mus.add(mu);
          }
          background = List.copyOf(mus);
        }
        case "--mnist-loss" -> {
          if (!v.equals("bce") && !v.equals("gaussian")) {
            throw new IllegalArgumentException("--mnist-loss must be bce or gaussian, got " + v);
          }
          mnistLoss = v;
        }
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    for (String p : parts) {
      if (!List.of("mnist", "tables", "missing", "speed").contains(p)) {
        throw new IllegalArgumentException("--parts: unknown part " + p
            + ", expected mnist, tables, missing or speed");
      }
    }
    return new Options(parts, seeds, digits, mnist, splits, mnistEpochs, mnistLatent, mnistHidden,
        tableEpochs, tableLatent, tableHidden, k, mnistModel, mnistLoss, missingIn, variants,
        denoise, background);
  }

  static List<Integer> range(String v) {
    List<Integer> out = new ArrayList<>();
    for (String part : v.split(",")) {
      try {
        if (part.contains("-")) {
          int lo = Integer.parseInt(part.substring(0, part.indexOf('-')));
          int hi = Integer.parseInt(part.substring(part.indexOf('-') + 1));
          for (int x = lo; x <= hi; x++) {
            out.add(x);
          }
        } else {
          out.add(Integer.parseInt(part));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a list like 0-9 or 0,1,2, got " + v, e);
      }
    }
    return out;
  }

  private static int positive(String name, String v) {
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got " + v, e);
    }
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + v);
    }
    return n;
  }

  /**
   * The names of the MNIST scores: every score type, plain and with the input complexity
   * correction ({@code TYPE+IC}).
   */
  static List<String> mnistScoreNames() {
    List<String> out = new ArrayList<>();
    for (ScoreType t : ScoreType.values()) {
      out.add(t.name());
    }
    for (ScoreType t : ScoreType.values()) {
      out.add(t.name() + "+IC");
    }
    return out;
  }

  /**
   * Each score with the input complexity correction, {@code score − L(x)}: what {@code
   * inputComplexityCorrection(true)} computes (AnomalyScorerTest checks that), without scoring
   * twice; checked here once more against the scorer itself for NEGATIVE_ELBO.
   */
  static double[] corrected(double[] scores, double[] complexity) {
    double[] out = scores.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] -= complexity[i];
    }
    return out;
  }

  /**
   * A scorer of a variant: {@code plain}, or {@code +}-joined {@code norm}
   * ({@code perObservedValue}) and {@code impN} ({@code imputationRounds(N)}).
   */
  static AnomalyScorer scorer(ScoreType t, int k, String variant) {
    AnomalyScorer.Builder b = AnomalyScorer.builder().scoreType(t).importanceSamples(k).seed(7);
    if (!variant.equals("plain")) {
      for (String p : variant.split("\\+")) {
        if (p.equals("norm")) {
          b.perObservedValue(true);
        } else if (p.matches("imp[0-9]+")) {
          b.imputationRounds(Integer.parseInt(p.substring(3)));
        } else {
          throw new IllegalArgumentException("--variants: unknown variant " + variant
              + ", expected plain or +-joined norm and impN");
        }
      }
    }
    return b.build();
  }

  /** The scorers of every score type. */
  static Map<ScoreType, AnomalyScorer> scorers(int k) {
    Map<ScoreType, AnomalyScorer> out = new LinkedHashMap<>();
    for (ScoreType t : ScoreType.values()) {
      out.put(t, AnomalyScorer.builder().scoreType(t).importanceSamples(k).seed(7).build());
    }
    return out;
  }

  public static void main(String[] args) throws IOException {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: AnomalyBenchmark [--parts mnist,tables,missing,speed] [--seeds 0,1,2]"
          + " [--digits 0-9] [--mnist DIR] [--splits DIR] [--mnist-epochs N] [--mnist-latent N]"
          + " [--mnist-hidden N] [--table-epochs N] [--table-latent N] [--table-hidden N] [--k N] [--mnist-model mlp|conv] [--mnist-loss bce|gaussian]"
          + " [--missing-in both|test] [--variants plain,norm,imp3,norm+imp3] [--denoise P]"
          + " [--mnist-background 0.1,0.3]");
      System.exit(2);
      return;
    }
    PrintStream out = System.out;
    out.println("# vae4j anomaly benchmark " + o + " cores=" + Runtime.getRuntime()
        .availableProcessors() + " OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
    long t0 = System.nanoTime();
    if (o.parts().contains("mnist")) {
      mnist(o, out);
    }
    Map<String, Double> complete = new LinkedHashMap<>();
    if (o.parts().contains("tables")) {
      tables(o, out, 0.0, complete);
    }
    if (o.parts().contains("missing")) {
      tables(o, out, 0.2, complete);
    }
    if (o.parts().contains("speed")) {
      speed(o, out);
    }
    out.printf(Locale.ROOT, "# total seconds %.1f%n", (System.nanoTime() - t0) / 1e9);
  }

  // ---------------------------------------------------------------- MNIST, one digit held out

  static void mnist(Options o, PrintStream out) throws IOException {
    ImageDataset test = Mnist.fromDirectory(o.mnistDir()).test();
    int n = test.size();
    ImageDataset first = test.subset(0, 8000);
    ImageDataset last = test.subset(n - 2000, n);
    out.printf(Locale.ROOT, "# mnist: train = test-set images 0..7999 minus the held-out digit, test"
        + " = images %d..%d; %s (MLP hidden %d), latent %d, %s, %d epochs, batch 128, Adam 1e-3, k=%d%n",
        n - 2000, n - 1, o.mnistModel(), o.mnistHidden(), o.mnistLatent(),
        "gaussian".equals(o.mnistLoss()) ? "learned-variance Gaussian" : "BCE", o.mnistEpochs(),
        o.importanceSamples());
    Map<ScoreType, AnomalyScorer> scorers = scorers(o.importanceSamples());
    Map<String, double[]> perDigitSum = new LinkedHashMap<>();
    for (String t : mnistScoreNames()) {
      perDigitSum.put(t, new double[10]);
    }
    perDigitSum.put(COMPLEXITY_ONLY, new double[10]);
    perDigitSum.put(AGGREGATE_POSTERIOR, new double[10]);
    perDigitSum.put(INK_NORMALISED, new double[10]);
    perDigitSum.put(INK_PLUS_LATENT, new double[10]);
    for (double mu : o.mnistBackground()) {
      for (ScoreType t : ScoreType.values()) {
        perDigitSum.put(ratioName(t, mu), new double[10]);
      }
    }
    for (int digit : o.digits()) {
      int[] keep = indices(first.labels(), digit, false);
      INDArray train = rows(first.images(), keep);
      INDArray x = last.images();
      boolean[] anomalous = new boolean[last.size()];
      for (int i = 0; i < anomalous.length; i++) {
        anomalous[i] = last.label(i) == digit;
      }
      for (long seed : o.seeds()) {
        long ts = System.nanoTime();
        try (Vae vae = mnistModel(o, seed)) {
          vae.fit(train, mnistTraining(o, seed));
          double trainSeconds = (System.nanoTime() - ts) / 1e9;
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
              "RESULT part=mnist digit=%d seed=%d train_rows=%d test_rows=%d anomalies=%d",
              digit, seed, keep.length, anomalous.length, count(anomalous)));
          double[] complexity = InputComplexity.nats(x);
          Map<String, Double> aucs = new LinkedHashMap<>();
          Map<ScoreType, double[]> plain = new LinkedHashMap<>();
          for (Map.Entry<ScoreType, AnomalyScorer> e : scorers.entrySet()) {
            double[] s = e.getValue().score(vae, x);
            plain.put(e.getKey(), s);
            double[] sc = corrected(s, complexity);
            if (e.getKey() == ScoreType.NEGATIVE_ELBO) {
              double[] real = e.getValue().toBuilder().inputComplexityCorrection(true).build()
                  .score(vae, x);
              for (int i = 0; i < real.length; i++) {
                if (Math.abs(real[i] - sc[i]) > 1e-9 * Math.max(1, Math.abs(real[i]))) {
                  throw new IllegalStateException("NEGATIVE_ELBO+IC of example " + i + ": "
                      + real[i] + " from the scorer, " + sc[i] + " as score - L(x)");
                }
              }
            }
            aucs.put(e.getKey().name(), AnomalyMetrics.rocAuc(s, anomalous));
            aucs.put(e.getKey().name() + "+IC", AnomalyMetrics.rocAuc(sc, anomalous));
          }
          for (String name : mnistScoreNames()) {
            double auc = aucs.get(name);
            perDigitSum.get(name)[digit] += auc / o.seeds().size();
            line.append(String.format(Locale.ROOT, " %s=%.4f", name, auc));
          }
          double[] simplicity = complexity.clone();
          for (int i = 0; i < simplicity.length; i++) {
            simplicity[i] = -simplicity[i];
          }
          double auc = AnomalyMetrics.rocAuc(simplicity, anomalous);
          perDigitSum.get(COMPLEXITY_ONLY)[digit] += auc / o.seeds().size();
          line.append(String.format(Locale.ROOT, " %s=%.4f", COMPLEXITY_ONLY, auc));
          double[] agg = AggregatePosterior.fit(vae, train, null).score(vae, x);
          double aggAuc = AnomalyMetrics.rocAuc(agg, anomalous);
          perDigitSum.get(AGGREGATE_POSTERIOR)[digit] += aggAuc / o.seeds().size();
          line.append(String.format(Locale.ROOT, " %s=%.4f", AGGREGATE_POSTERIOR, aggAuc));
          double[] inkNorm = scorers.get(ScoreType.RECONSTRUCTION_ERROR)
              .fitInkLine(vae, train, null).score(vae, x);
          double inkAuc = AnomalyMetrics.rocAuc(inkNorm, anomalous);
          perDigitSum.get(INK_NORMALISED)[digit] += inkAuc / o.seeds().size();
          line.append(String.format(Locale.ROOT, " %s=%.4f", INK_NORMALISED, inkAuc));
          double[] both = zSum(inkNorm, agg);
          double bothAuc = AnomalyMetrics.rocAuc(both, anomalous);
          perDigitSum.get(INK_PLUS_LATENT)[digit] += bothAuc / o.seeds().size();
          line.append(String.format(Locale.ROOT, " %s=%.4f", INK_PLUS_LATENT, bothAuc));
          for (double mu : o.mnistBackground()) {
            long tb = System.nanoTime();
            INDArray noisy = LikelihoodRatio.perturb(train, mu, Seeds.mix(seed, 0x424BL));
            try (Vae bg = mnistModel(o, seed)) {
              bg.fit(noisy, mnistTraining(o, seed));
              for (Map.Entry<ScoreType, AnomalyScorer> e : scorers.entrySet()) {
                double[] s = ratio(plain.get(e.getKey()), e.getValue().score(bg, x));
                if (e.getKey() == ScoreType.RECONSTRUCTION_ERROR) {
                  double[] real = e.getValue().scoreRatio(vae, bg, x);
                  for (int i = 0; i < real.length; i++) {
                    if (Math.abs(real[i] - s[i]) > 1e-9 * Math.max(1, Math.abs(real[i]))) {
                      throw new IllegalStateException("RECONSTRUCTION_ERROR ratio of example " + i
                          + ": " + real[i] + " from scoreRatio, " + s[i] + " as a difference");
                    }
                  }
                }
                String name = ratioName(e.getKey(), mu);
                double a = AnomalyMetrics.rocAuc(s, anomalous);
                perDigitSum.get(name)[digit] += a / o.seeds().size();
                line.append(String.format(Locale.ROOT, " %s=%.4f", name, a));
              }
            } finally {
              noisy.close();
            }
            line.append(String.format(Locale.ROOT, " background_seconds_%s=%.1f", mu,
                (System.nanoTime() - tb) / 1e9));
          }
          line.append(String.format(Locale.ROOT, " train_seconds=%.1f seconds=%.1f", trainSeconds,
              (System.nanoTime() - ts) / 1e9));
          out.println(line);
          out.flush();
        }
      }
    }
    for (Map.Entry<String, double[]> e : perDigitSum.entrySet()) {
      double mean = 0;
      StringBuilder cells = new StringBuilder();
      for (int d : o.digits()) {
        mean += e.getValue()[d] / o.digits().size();
        cells.append(String.format(Locale.ROOT, " %d=%.3f", d, e.getValue()[d]));
      }
      out.printf(Locale.ROOT, "SUMMARY part=mnist score=%s mean_roc_auc=%.4f per_digit:%s%n",
          e.getKey(), mean, cells);
    }
  }

  /**
   * The squared error normalised by ink ({@link org.vae4j.core.eval.InkLine}), its line fitted on
   * the normal training rows only ({@code AnomalyScorer.fitInkLine}): how much worse the model
   * reconstructs an image than normal images with as much ink. No label of the held-out digit is
   * used.
   */
  static final String INK_NORMALISED = "RECONSTRUCTION_ERROR_PER_INK";

  /**
   * The ink-normalised squared error plus the latent-space score, each standardised over the
   * scored images (their mean and population standard deviation; no label used): an unsupervised
   * combination of a pixel-space and a latent-space score.
   */
  static final String INK_PLUS_LATENT = "PER_INK+AGGREGATE_POSTERIOR";

  /** {@code z(a) + z(b)}, each standardised by its own mean and population deviation. */
  static double[] zSum(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("scores of " + a.length + " and " + b.length + " rows");
    }
    double ma = mean(a);
    double mb = mean(b);
    double sa = sd(a);
    double sb = sd(b);
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (sa > 0 ? (a[i] - ma) / sa : 0) + (sb > 0 ? (b[i] - mb) / sb : 0);
    }
    return out;
  }

  /** The name of a likelihood-ratio score: {@code TYPE-LRμ}. */
  static String ratioName(ScoreType t, double mu) {
    return t.name() + "-LR" + mu;
  }

  /** {@code main − background}, what {@code AnomalyScorer.scoreRatio} computes. */
  static double[] ratio(double[] main, double[] background) {
    double[] out = main.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] -= background[i];
    }
    return out;
  }

  /** The MNIST model of the options (the normal and the background model alike). */
  static Vae mnistModel(Options o, long seed) {
    Vae.Builder b = Vae.builder();
    b = "conv".equals(o.mnistModel()) ? b.convEncoder() : b.mlpEncoder(o.mnistHidden());
    b = "gaussian".equals(o.mnistLoss())
        ? b.loss(ModelConfig.LossKind.LEARNED_VARIANCE_GAUSSIAN) : b.bceLoss();
    return b.latentDim(o.mnistLatent()).seed(seed).build();
  }

  static TrainingOptions mnistTraining(Options o, long seed) {
    return TrainingOptions.builder().epochs(o.mnistEpochs()).batchSize(128).learningRate(1e-3)
        .seed(seed).build();
  }

  /** The diagnostic score {@code −L(x)} alone: the simpler an image, the more anomalous. */
  static final String COMPLEXITY_ONLY = "MINUS_COMPLEXITY";
  /** {@code −log q(μ(x))} under the training rows' aggregate posterior ({@link AggregatePosterior}). */
  static final String AGGREGATE_POSTERIOR = "AGGREGATE_POSTERIOR";

  static int[] indices(int[] labels, int digit, boolean equal) {
    return java.util.stream.IntStream.range(0, labels.length)
        .filter(i -> (labels[i] == digit) == equal).toArray();
  }

  static INDArray rows(INDArray images, int[] keep) {
    long[] idx = Arrays.stream(keep).asLongStream().toArray();
    return images.get(org.nd4j.linalg.indexing.NDArrayIndex.indices(idx)).dup();
  }

  static int count(boolean[] b) {
    int c = 0;
    for (boolean v : b) {
      c += v ? 1 : 0;
    }
    return c;
  }

  // ---------------------------------------------------------------- real tables

  static List<String> tableNames(Path splits) throws IOException {
    if (!Files.isDirectory(splits)) {
      throw new IllegalArgumentException("--splits: no directory " + splits
          + " (run bench/anomaly/run-peers.sh first, it writes the splits)");
    }
    List<String> names = new ArrayList<>();
    try (var s = Files.list(splits)) {
      s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(names::add);
    }
    return names;
  }

  /** One split: the feature table and the anomaly labels. */
  record Split(Table features, boolean[] anomalous) {}

  static Split read(Path file) throws IOException {
    Table t = CsvTables.read(file, CsvOptions.builder().label("anomaly").build());
    Column label = t.label().orElseThrow();
    boolean[] anomalous = new boolean[t.rowCount()];
    for (int i = 0; i < anomalous.length; i++) {
      anomalous[i] = label.type() == ColumnType.NUMERIC ? label.number(i) != 0
          : "1".equals(label.level(i));
    }
    return new Split(Table.of(t.columns()), anomalous);
  }

  /** The table with each numeric entry missing with probability {@code p}. */
  static Table withMissing(Table t, double p, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Column> cols = new ArrayList<>();
    for (Column c : t.columns()) {
      if (c.type() != ColumnType.NUMERIC) {
        throw new IllegalArgumentException("column " + c.name() + " is " + c.type()
            + ", the missing-value part removes numeric entries only");
      }
      boolean[] missing = c.missingMask().clone();
      double[] v = c.numbers().clone();
      for (int i = 0; i < v.length; i++) {
        if (r.nextDouble() < p) {
          missing[i] = true;
          v[i] = Double.NaN;
        }
      }
      cols.add(Column.numeric(c.name(), v, missing));
    }
    return Table.of(cols);
  }

  static void tables(Options o, PrintStream out, double missing, Map<String, Double> complete)
      throws IOException {
    String part = missing > 0 ? "missing" : "tables";
    out.printf(Locale.ROOT, "# %s: splits %s, table VAE MLP %d, latent %d, %d epochs, batch 32,"
            + " Adam 1e-3, denoising mask rate %.2f, missing fraction %.2f (in %s), k=%d, variants"
            + " %s%n", part, o.splitsDir(), o.tableHidden(), o.tableLatent(), o.tableEpochs(),
        o.denoise(), missing, missing > 0 ? o.missingIn() : "none", o.importanceSamples(),
        o.variants());
    Map<String, AnomalyScorer> scorers = new LinkedHashMap<>();
    for (ScoreType t : ScoreType.values()) {
      for (String v : missing > 0 ? o.variants() : List.of("plain")) {
        scorers.put(v.equals("plain") ? t.name() : t.name() + "+" + v,
            scorer(t, o.importanceSamples(), v));
      }
    }
    Map<String, List<double[]>> byTableScore = new LinkedHashMap<>();
    for (String name : tableNames(o.splitsDir())) {
      for (long seed : o.seeds()) {
        Path dir = o.splitsDir().resolve(name).resolve("seed" + seed);
        Split train = read(dir.resolve("train.csv"));
        Split test = read(dir.resolve("test.csv"));
        Table trainT = train.features();
        Table testT = test.features();
        if (missing > 0) {
          if (o.missingIn().equals("both")) {
            trainT = withMissing(trainT, missing, 1000 + seed);
          }
          testT = withMissing(testT, missing, 2000 + seed);
        }
        TablePreprocessing prep = TablePreprocessing.fit(trainT);
        INDArray x = TableImputation.missingAsNaN(prep.transform(trainT));
        INDArray y = TableImputation.missingAsNaN(prep.transform(testT));
        long ts = System.nanoTime();
        try (Vae vae = Vae.builder().mlpEncoder(o.tableHidden()).table(prep)
            .latentDim(o.tableLatent()).seed(seed).build()) {
          vae.fit(x, TrainingOptions.builder().epochs(o.tableEpochs()).batchSize(32)
              .learningRate(1e-3).seed(seed).denoisingMaskRate(o.denoise()).build());
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
              "RESULT part=%s table=%s seed=%d train_rows=%d test_rows=%d anomalies=%d", part,
              name, seed, trainT.rowCount(), testT.rowCount(), count(test.anomalous())));
          for (Map.Entry<String, AnomalyScorer> e : scorers.entrySet()) {
            double[] s = e.getValue().score(vae, y);
            double auc = AnomalyMetrics.rocAuc(s, test.anomalous());
            double ap = AnomalyMetrics.averagePrecision(s, test.anomalous());
            String group = name.startsWith("digits_") ? "digits" : name;
            byTableScore.computeIfAbsent(group + " " + e.getKey(), g -> new ArrayList<>())
                .add(new double[] {auc, ap});
            line.append(String.format(Locale.ROOT, " %s=%.4f/%.4f", e.getKey(), auc, ap));
            String key = name + " " + seed + " " + e.getKey().split("\\+")[0];
            if (missing > 0 && complete.containsKey(key)) {
              line.append(String.format(Locale.ROOT, "(d%+.4f)", auc - complete.get(key)));
            } else if (missing == 0) {
              complete.put(key, auc);
            }
          }
          line.append(String.format(Locale.ROOT, " seconds=%.1f", (System.nanoTime() - ts) / 1e9));
          out.println(line);
          out.flush();
        }
      }
    }
    for (Map.Entry<String, List<double[]>> e : byTableScore.entrySet()) {
      double[] auc = e.getValue().stream().mapToDouble(v -> v[0]).toArray();
      double[] ap = e.getValue().stream().mapToDouble(v -> v[1]).toArray();
      String[] ts = e.getKey().split(" ");
      out.printf(Locale.ROOT, "SUMMARY part=%s table=%s score=%s runs=%d roc_auc=%.3f±%.3f"
          + " ap=%.3f±%.3f%n", part, ts[0], ts[1], auc.length, mean(auc), sd(auc), mean(ap), sd(ap));
    }
  }

  static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }

  /** Population standard deviation, as NumPy's std in peers.py. */
  static double sd(double[] v) {
    double m = mean(v);
    return Math.sqrt(Arrays.stream(v).map(a -> (a - m) * (a - m)).average().orElse(Double.NaN));
  }

  // ---------------------------------------------------------------- speed

  static void speed(Options o, PrintStream out) {
    int cols = 30;
    int trainRows = 5000;
    int rows = 100_000;
    SplittableRandom r = new SplittableRandom(5);
    List<Column> train = new ArrayList<>();
    double[][] latent = new double[trainRows + rows][3];
    for (double[] l : latent) {
      for (int j = 0; j < 3; j++) {
        l[j] = gaussian(r);
      }
    }
    List<Column> test = new ArrayList<>();
    for (int c = 0; c < cols; c++) {
      double[] a = new double[trainRows];
      double[] b = new double[rows];
      for (int i = 0; i < trainRows + rows; i++) {
        double v = latent[i][c % 3] * (1 + c % 5) + 0.3 * gaussian(r);
        if (i < trainRows) {
          a[i] = v;
        } else {
          b[i - trainRows] = v;
        }
      }
      train.add(Column.numeric("x" + c, a));
      test.add(Column.numeric("x" + c, b));
    }
    TablePreprocessing prep = TablePreprocessing.fit(Table.of(train));
    INDArray x = TableImputation.missingAsNaN(prep.transform(Table.of(train)));
    INDArray y = TableImputation.missingAsNaN(prep.transform(Table.of(test)));
    out.printf(Locale.ROOT, "# speed: generated %d-column numeric table, table VAE MLP %d, latent"
        + " %d, trained 5 epochs on %d rows; scoring %d rows%n", cols, o.tableHidden(),
        o.tableLatent(), trainRows, rows);
    try (Vae vae = Vae.builder().mlpEncoder(o.tableHidden()).table(prep).latentDim(o.tableLatent())
        .seed(1).build()) {
      vae.fit(x, TrainingOptions.builder().epochs(5).batchSize(64).seed(1).build());
      timed(out, vae, y, rows, AnomalyScorer.builder().scoreType(ScoreType.NEGATIVE_ELBO).build(),
          "NEGATIVE_ELBO", 3);
      for (int k : new int[] {1, 8, 64}) {
        int n = k == 64 ? rows / 10 : rows;
        timed(out, vae, y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), n,
            AnomalyScorer.builder().scoreType(ScoreType.NEGATIVE_LOG_LIKELIHOOD)
                .importanceSamples(k).build(), "NEGATIVE_LOG_LIKELIHOOD k=" + k, 3);
      }
    }
  }

  private static void timed(PrintStream out, Vae vae, INDArray y, int rows, AnomalyScorer s,
      String what, int repeats) {
    s.score(vae, y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, Math.min(rows, 2048)),
        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup()); // warm-up
    double best = Double.MAX_VALUE;
    double[] times = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t = System.nanoTime();
      double[] sc = s.score(vae, y);
      times[i] = (System.nanoTime() - t) / 1e9;
      if (sc.length != rows) {
        throw new IllegalStateException("expected " + rows + " scores, got " + sc.length);
      }
      best = Math.min(best, times[i]);
    }
    Arrays.sort(times);
    out.printf(Locale.ROOT, "RESULT part=speed score=%s rows=%d median_seconds=%.3f"
        + " rows_per_second=%.0f best_rows_per_second=%.0f%n", what.replace(' ', '_'), rows,
        times[repeats / 2], rows / times[repeats / 2], rows / best);
    out.flush();
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
