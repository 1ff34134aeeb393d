package org.vae4j.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.LinearProbe;
import org.vae4j.core.eval.LogisticClassifier;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.viz.LatentScatter;
import org.vae4j.viz.LossCurves;
import org.vae4j.viz.ManifoldRenderer;

/**
 * Tutorial 3: the classic MLP VAE, 784-256-2 with a Bernoulli (BCE) decoder. Trains on 90% of the
 * data, then draws the loss curves, the latent means of the held-out digits coloured by class, and
 * the manifold decoded on Gaussian quantiles (the Keras layout).
 *
 * <p>Writes {@code history.json}, {@code loss.png}, {@code latent-scatter.png} and {@code
 * manifold.png}. Run: {@code vae4j tutorial mlp-vae --data mnist --epochs 20}.
 */
public final class MlpVaeTutorial {

  /** The name of this program on the command line. */
  public static final String NAME = "mlp-vae";

  /** The hidden layer of the classic model. */
  public static final int HIDDEN = 256;

  private MlpVaeTutorial() {}

  /** 20 epochs, 2-D latent, MNIST, batch 128, seed 42. */
  public static SampleSettings defaults() {
    return new SampleSettings(20, 2, "mnist", Path.of("vae4j-output", NAME), 42, 0, 128, 1);
  }

  /** Runs the program from the command line. */
  public static void main(String[] args) {
    org.vae4j.samples.cli.Vae4jCommand.runAndExit("tutorial", NAME, args);
  }

  /** Trains, evaluates and draws; logs to {@code log}. */
  public static SampleResult run(SampleSettings s, PrintStream log) throws IOException {
    SampleRun run = new SampleRun("Tutorial 3: MLP VAE 784-" + HIDDEN + "-" + s.latentDim()
        + " with BCE", s.out(), log);
    ImageDataset.Split split = run.data(s).data().split(0.9, s.seed());
    ImageDataset train = split.first();
    ImageDataset valid = split.second();
    run.info("training on " + train.size() + " images, validating on " + valid.size());
    try (Vae vae = Vae.builder().mlpEncoder(HIDDEN).latentDim(s.latentDim()).bceLoss()
        .beta(1.0).seed(s.seed()).build()) {
      TrainingHistory history = vae.fit(train, valid, SampleRun.training(s),
          run.progress("vae"));
      run.history("vae", history, "history.json");
      LossCurves.of(history).withParts(true).title("MLP VAE 784-" + HIDDEN + "-" + s.latentDim())
          .writePng(run.file("loss.png"));
      run.wrote(run.file("loss.png"));
      run.number("validation reconstruction BCE per image (at the posterior mean)",
          Metrics.bcePerImage(valid.images(), Metrics.reconstructAll(vae, valid.images())));

      INDArray validMeans = vae.encodeMean(valid.images());
      if (s.latentDim() >= 2) {
        LatentScatter.of(validMeans, valid.labels())
            .title("Latent means of " + valid.size() + " validation digits")
            .writePng(run.file("latent-scatter.png"));
        run.wrote(run.file("latent-scatter.png"));
        ManifoldRenderer.of(vae).size(20).gaussianQuantiles()
            .title("Decoded on Gaussian quantiles 0.05 … 0.95")
            .writePng(run.file("manifold.png"));
        run.wrote(run.file("manifold.png"));
      } else {
        run.info("scatter and manifold skipped: they need a latent of at least 2 dimensions");
      }
      // Logistic regression on the latent means vs on the raw pixels (vae-core's LinearProbe).
      LinearProbe.Comparison c = LinearProbe.compare(vae, train, valid,
          LogisticClassifier.Config.defaults());
      run.number("logistic regression accuracy on " + c.latentDim() + "-D latent means",
          c.latent().accuracy());
      run.number("logistic regression accuracy on " + train.pixelsPerImage() + " raw pixels",
          c.pixels().accuracy());
    }
    return run.finish();
  }
}
