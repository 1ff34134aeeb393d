package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vae4j.core.eval.EvaluationReport;
import org.vae4j.core.eval.Metrics;
import org.vae4j.core.eval.ModelEvaluator;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.samples.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vae4j evaluate}: the metrics of a saved model on a data set (vae-core's ModelEvaluator). */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a saved model on images, per image: the loss as trained (reconstruction + beta * "
          + "KL), its parts, the ELBO, the BCE and MSE of the decoded posterior mean, and with "
          + "--importance-samples K the importance-weighted estimate of log p(x)."
    })
final class EvaluateCommand implements Callable<Integer> {

  /** The most importance samples per image (the IWAE paper uses 5,000). */
  static final int MAX_IMPORTANCE_SAMPLES = 10_000;

  @Spec CommandSpec spec;
  @Mixin ModelOptions model;
  @Mixin DataOptions data;

  int importanceSamples;

  @Option(names = "--importance-samples", paramLabel = "K", defaultValue = "0",
      description = "Estimate log p(x) with K importance samples per image (costs K decodings "
          + "per image); 0 = off, at most 10000 (default ${DEFAULT-VALUE}).")
  void importanceSamples(int v) {
    importanceSamples = Checks.inRange(spec, "--importance-samples", v, 0,
        MAX_IMPORTANCE_SAMPLES);
  }

  @Option(names = "--per-class", description = "Also print one line per class.")
  boolean perClass;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "Seed of the evaluation's draws (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException {
    PrintStream log = Checks.root(spec).out();
    DataSource.Resolved resolved = data.resolve(model.file);
    ImageDataset images = resolved.data();
    ModelEvaluator.Builder b = ModelEvaluator.builder().seed(seed);
    if (importanceSamples > 0) {
      b.importanceSamples(importanceSamples);
    }
    ModelEvaluator evaluator = b.build();
    try (ModelArgument m = ModelArgument.load(model.file)) {
      log.println("model: " + m.describe());
      log.println("data: " + resolved.description());
      EvaluationReport e = evaluator.evaluate(m.model(), images);
      print(log, "all", e.overall());
      if (perClass) {
        for (Map.Entry<Integer, Metrics> c : e.perClass().entrySet()) {
          print(log, "class " + c.getKey(), c.getValue());
        }
      }
    }
    return 0;
  }

  private static void print(PrintStream log, String what, Metrics m) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%s: images %d, loss %.4f, reconstruction %.4f, KL %.4f", what, m.count(), m.loss(),
        m.reconstruction(), m.kl()));
    m.elbo().ifPresent(v -> sb.append(String.format(Locale.ROOT, ", ELBO %.4f", v)));
    m.logLikelihood().ifPresent(v -> sb.append(String.format(Locale.ROOT,
        ", log-likelihood %.4f", v)));
    sb.append(String.format(Locale.ROOT, ", BCE at mean %.4f, MSE at mean %.6f", m.bce(),
        m.mse()));
    log.println(sb);
  }
}
