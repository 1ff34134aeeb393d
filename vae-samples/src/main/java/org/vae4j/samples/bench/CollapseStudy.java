package org.vae4j.samples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.Posterior;
import org.vae4j.api.training.EpochStats;
import org.vae4j.api.training.TrainingControl;
import org.vae4j.api.training.TrainingListener;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.Mnist;

/**
 * Measures how often seed 000's conv VAE collapses: {@code Vae.builder().convEncoder().latentDim(2)
 * .bceLoss()} (conv 1→32→64, dense 16, latent 2, no KL warm-up), batch 128, Adam 1e-3, on the first
 * 9,000 MNIST test images (file order) for 5 epochs, once per seed (the seed is both the model's
 * and the run's). Per seed it prints one {@code RUN} line: the last epoch's training loss and KL,
 * then, over the training images after training, the KL per example, the active units
 * ({@link PosteriorStats}), the posterior-mean variance of each latent dimension, and the dead units
 * of the 16-unit layer at initialisation, after each epoch and after training ({@link
 * EncoderProbe}); then one
 * {@code COLLAPSE} summary line. A run is <em>collapsed</em> when it has no active unit. The KL per
 * example and the posterior-mean variances before training are printed too ({@code kl_init},
 * {@code mean_var_init}); {@code --epochs 0} prints only those (no training).
 *
 * <p>{@code --init RULE} redraws the parameters with one of the {@link StudyInit} rules before
 * training, to compare initialisations on one build; the default {@code model} keeps the library's.
 *
 * <pre>
 * java -cp vae4j.jar:lib/* org.vae4j.samples.bench.CollapseStudy [--seeds 1-10|1,5,9] [--limit N]
 *     [--epochs N] [--dense N] [--init model|zero-bias|torch|torch-dense-bias|he-relu|glorot] [--mnist DIR]
 * </pre>
 */
public final class CollapseStudy {

  private CollapseStudy() {}

  /** What one run measured. */
  record Run(long seed, double lossLast, double klTrainLast, PosteriorStats posterior,
      PosteriorStats atInit, int deadInit, List<Integer> deadPerEpoch, int deadFinal, int hiddenUnits, double seconds) {

    /** Copies the list. */
    Run {
      deadPerEpoch = List.copyOf(deadPerEpoch);
    }

    boolean collapsed() {
      return posterior.activeUnits() == 0;
    }

    String line(String init) {
      return String.format(Locale.ROOT, "RUN engine=vae4j init=%s seed=%d loss_last=%.4f"
              + " kl_train_last=%.4f kl_per_example=%.4f active_units=%d mean_var=%s"
              + " dead_units_init=%d dead_units_final=%d dead_per_epoch=%s hidden_units=%d"
              + " collapsed=%s kl_init=%.4f mean_var_init=%s seconds=%.1f",
          init, seed, lossLast, klTrainLast, posterior.klPerExample(), posterior.activeUnits(),
          posterior.varianceText(), deadInit, deadFinal,
          deadPerEpoch.toString().replace(" ", ""), hiddenUnits, collapsed() ? "yes" : "no",
          atInit.klPerExample(), atInit.varianceText(), seconds);
    }
  }

  /** Parsed arguments. */
  record Options(List<Long> seeds, int limit, int epochs, int dense, String init, Path mnistDir) {}

  /** Parses the arguments of {@link #main}; throws {@link IllegalArgumentException} naming a bad one. */
  static Options parse(String... args) {
    List<Long> seeds = seeds("1-10");
    int limit = 9000;
    int epochs = 5;
    int dense = 16;
    String init = "model";
    Path dir = Benchmark.defaultMnistDir();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--seeds" -> seeds = seeds(v);
        case "--limit" -> limit = positive(a, v, 1);
        case "--epochs" -> epochs = positive(a, v, 0);
        case "--dense" -> dense = positive(a, v, 1);
        case "--init" -> {
          if (!v.equals("model")) {
            StudyInit.parse(v);
          }
          init = v;
        }
        case "--mnist" -> dir = Path.of(v);
        default -> throw new IllegalArgumentException("option must be --seeds, --limit, --epochs,"
            + " --dense, --init or --mnist, got " + a);
      }
    }
    return new Options(seeds, limit, epochs, dense, init, dir);
  }

  /** {@code "1-10"} or {@code "1,5,9"} (or a mix) as a list of seeds. */
  static List<Long> seeds(String spec) {
    List<Long> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      try {
        int dash = part.indexOf('-', 1);
        if (dash > 0) {
          long from = Long.parseLong(part.substring(0, dash));
          long to = Long.parseLong(part.substring(dash + 1));
          if (to < from || to - from > 10_000) {
            throw new IllegalArgumentException("--seeds range must be from <= to, at most 10000"
                + " seeds, got " + part);
          }
          for (long s = from; s <= to; s++) {
            out.add(s);
          }
        } else {
          out.add(Long.parseLong(part));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--seeds must be like 1-10 or 1,5,9, got " + spec, e);
      }
    }
    return out;
  }

  private static int positive(String name, String v, int min) {
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got " + v, e);
    }
    if (n < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + v);
    }
    return n;
  }

  /** Runs every seed of {@code o}, printing as it goes, and returns the runs. */
  static List<Run> run(Options o, PrintStream out) throws IOException {
    INDArray images = Mnist.fromDirectory(o.mnistDir()).test().subset(0, o.limit()).images();
    out.printf(Locale.ROOT, "# vae4j collapse study: conv VAE 32/64, dense %d, latent 2, BCE, batch"
            + " 128, Adam 1e-3, %d epochs, MNIST test images 0..%d (file order), init %s,"
            + " OMP_NUM_THREADS=%s%n", o.dense(), o.epochs(), o.limit() - 1, o.init(),
        System.getenv("OMP_NUM_THREADS"));
    List<Run> runs = new ArrayList<>();
    for (long seed : o.seeds()) {
      Run r = runSeed(seed, images, o);
      out.println(r.line(o.init()));
      out.flush();
      runs.add(r);
    }
    out.println(summary(o.init(), runs));
    return runs;
  }

  private static Run runSeed(long seed, INDArray images, Options o) {
    long t0 = System.nanoTime();
    try (Vae vae = initialised(seed, o)) {
      int deadInit = EncoderProbe.deadUnits(probe(vae).hidden(images));
      Posterior q0 = vae.encode(images);
      PosteriorStats atInit = PosteriorStats.of(q0.mean(), q0.logVar());
      TrainingOptions training = TrainingOptions.builder().epochs(Math.max(1, o.epochs()))
          .batchSize(128)
          .learningRate(1e-3).seed(seed).build();
      List<Integer> deadPerEpoch = new ArrayList<>();
      TrainingListener deadCounter = new TrainingListener() {
        @Override
        public void onEpochEnd(EpochStats stats, TrainingControl control) {
          deadPerEpoch.add(EncoderProbe.deadUnits(probe(vae).hidden(images)));
        }
      };
      double lossLast = Double.NaN;
      double klLast = Double.NaN;
      if (o.epochs() > 0) {
        EpochStats last = vae.fit(images, training, deadCounter).last().orElseThrow();
        lossLast = last.train().total();
        klLast = last.train().kl();
      }
      Posterior q = vae.encode(images);
      PosteriorStats stats = PosteriorStats.of(q.mean(), q.logVar());
      EncoderProbe probe = probe(vae);
      INDArray hidden = probe.hidden(images);
      double gap = probe.mean(hidden).sub(q.mean()).amaxNumber().doubleValue();
      if (gap > 1e-3) {
        throw new IllegalStateException("the probe's posterior means must match encodeMean, got a"
            + " largest difference of " + gap);
      }
      return new Run(seed, lossLast, klLast, stats, atInit, deadInit, deadPerEpoch, EncoderProbe.deadUnits(hidden), (int) hidden.size(1),
          (System.nanoTime() - t0) / 1e9);
    }
  }

  /** The seed model, with the parameters of {@code o.init()}. */
  private static Vae initialised(long seed, Options o) {
    Vae vae = Vae.builder().convEncoder().denseUnits(o.dense()).latentDim(2).bceLoss().seed(seed)
        .build();
    if (o.init().equals("model")) {
      return vae;
    }
    Map<String, INDArray> params = ParameterArrays.copy(vae);
    StudyInit.parse(o.init()).apply(params, seed);
    ParameterArrays.set(vae, params);
    return vae;
  }

  /** A probe on a copy of the model's current parameters. */
  private static EncoderProbe probe(Vae vae) {
    return new EncoderProbe(vae.config(), ParameterArrays.copy(vae));
  }

  /** The {@code COLLAPSE} line: how many runs collapsed, and the medians. */
  static String summary(String init, List<Run> runs) {
    List<Long> collapsed = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    int oneActive = 0;
    for (Run r : runs) {
      if (r.collapsed()) {
        collapsed.add(r.seed());
      }
      if (r.posterior().activeUnits() == 1) {
        oneActive++;
      }
      losses.add(r.lossLast());
    }
    return String.format(Locale.ROOT, "COLLAPSE engine=vae4j init=%s runs=%d collapsed=%d"
            + " one_active_unit=%d median_loss_last=%.4f collapsed_seeds=%s", init, runs.size(),
        collapsed.size(), oneActive, runs.isEmpty() ? Double.NaN : Benchmark.median(losses),
        collapsed);
  }

  /** Runs the study; exits with 2 on bad arguments and 1 when the data cannot be read. */
  public static void main(String[] args) {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("collapse-study: " + e.getMessage());
      System.err.println("usage: CollapseStudy [--seeds 1-10|1,5,9] [--limit N] [--epochs N]"
          + " [--dense N] [--init model|zero-bias|torch|torch-dense-bias|he-relu|glorot] [--mnist DIR]");
      System.exit(2);
      return;
    }
    try {
      run(o, System.out);
    } catch (IOException e) {
      System.err.println("collapse-study: " + e.getMessage());
      System.exit(1);
    }
  }
}
