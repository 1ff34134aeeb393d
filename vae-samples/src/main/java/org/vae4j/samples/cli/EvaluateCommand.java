package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.Posterior;
import org.vae4j.core.ModelConfig;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.samples.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vae4j evaluate}: the loss parts of a saved model on a data set. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a saved model on images: per image, the reconstruction loss of the decoded "
          + "posterior mean (BCE or squared error, summed over pixels), the KL of the posterior "
          + "to N(0, I), and their sum (the negative ELBO at the posterior mean, an upper "
          + "bound's deterministic stand-in)."
    })
final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ModelOptions model;
  @Mixin DataOptions data;

  @Override
  public Integer call() throws IOException {
    PrintStream log = Checks.root(spec).out();
    DataSource.Resolved resolved = data.resolve();
    try (SavedModel m = SavedModel.load(model.file)) {
      log.println("model: " + m.describe());
      log.println("data: " + resolved.description());
      double[] parts = evaluate(m, resolved.data());
      log.println(String.format(Locale.ROOT, "images: %d", resolved.data().size()));
      log.println(String.format(Locale.ROOT, "reconstruction per image: %.4f", parts[0]));
      if (m.config().isVariational()) {
        log.println(String.format(Locale.ROOT, "KL per image: %.4f", parts[1]));
        log.println(String.format(Locale.ROOT, "reconstruction + KL per image: %.4f",
            parts[0] + parts[1]));
        log.println(String.format(Locale.ROOT, "loss as trained (reconstruction + beta %s * KL):"
            + " %.4f", m.config().beta(), parts[0] + m.config().beta() * parts[1]));
      }
    }
    return 0;
  }

  /** Mean reconstruction loss and mean KL per image, in batches of 1,000. */
  static double[] evaluate(SavedModel m, ImageDataset data) {
    boolean bce = m.config().loss() == ModelConfig.LossKind.BCE;
    int n = data.size();
    int[] labels = data.hasLabels() ? data.labels() : null;
    double recon = 0;
    double kl = 0;
    for (int from = 0; from < n; from += 1000) {
      int to = Math.min(n, from + 1000);
      INDArray x = data.images().get(NDArrayIndex.interval(from, to));
      int[] y = labels == null ? null : java.util.Arrays.copyOfRange(labels, from, to);
      if (m.isConditional() && y == null) {
        throw new IllegalArgumentException("data must have labels for a conditional VAE");
      }
      double[] xs = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
      double[] ps = m.reconstruct(x, y).castTo(DataType.DOUBLE).dup('c').data().asDouble();
      for (int i = 0; i < xs.length; i++) {
        if (bce) {
          double q = Math.min(1 - 1e-7, Math.max(1e-7, ps[i]));
          recon -= xs[i] * Math.log(q) + (1 - xs[i]) * Math.log(1 - q);
        } else {
          recon += (xs[i] - ps[i]) * (xs[i] - ps[i]);
        }
      }
      if (m.config().isVariational()) {
        Posterior p = m.isConditional() ? m.conditional().encode(x, y) : m.plain("evaluate")
            .encode(x);
        double[] mu = p.mean().castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] lv = p.logVar().castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < mu.length; i++) {
          kl += -0.5 * (1 + lv[i] - mu[i] * mu[i] - Math.exp(lv[i]));
        }
      }
    }
    return new double[] {recon / n, kl / n};
  }
}
