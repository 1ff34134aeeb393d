package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;
import org.vae4j.core.testing.MnistTestImages;
import org.vae4j.core.train.TrainingOptions;

/**
 * The numbers reported for issue 7 (takes many minutes, so tagged {@code slow}): the 10,000 MNIST
 * test images split 8,000 / 2,000 with seed 1; a conv VAE (channels 32/64, dense 128, BCE,
 * beta 1) with a 2-D and with a 16-D latent trained on the 8,000 for 5 epochs (property {@code
 * vae4j.report.epochs})
 * (batch 128, Adam 1e-3, seed 1); on the 2,000: the ELBO, the importance-weighted log-likelihood
 * with k = {@value #K}, and the accuracy of a logistic regression on the latent means next to the
 * same classifier on raw pixels (default budget: 30 epochs, batch 128, Adam 0.01, L2 1e-4).
 *
 * <pre>
 * mvn -B -o -pl vae-core -am test -Dvae4j.excludedTags=none -Dtest=MnistEvaluationReportTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dvae4j.report.latents=16 -Dvae4j.report.epochs=2]
 * </pre>
 */
@Tag("slow")
class MnistEvaluationReportTest {

  private static final int EPOCHS = Integer.getInteger("vae4j.report.epochs", 5);
  private static final int K = 100;

  /** The latent sizes to run: system property {@code vae4j.report.latents}, default "2,16". */
  private static int[] latentDims() {
    String v = System.getProperty("vae4j.report.latents", "2,16");
    return java.util.Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
  }

  @Test
  void convVaeLatentsKeepClassInformationAndTheBoundsAreOrdered() {
    MnistTestImages.Subset all = MnistTestImages.first(10_000);
    DataSplit split = DataSplit.shuffled(10_000, 8_000, 1L);
    INDArray train = split.trainRows(all.images());
    INDArray test = split.testRows(all.images());
    int[] trainLabels = split.trainLabels(all.labels());
    int[] testLabels = split.testLabels(all.labels());
    for (int latentDim : latentDims()) {
      try (Vae vae = Vae.builder().convEncoder().denseUnits(128).latentDim(latentDim).seed(1).build()) {
        long t0 = System.nanoTime();
        TrainingHistory h = vae.fit(train, TrainingOptions.builder()
            .epochs(EPOCHS).batchSize(128).learningRate(1e-3).seed(1).build());
        long t1 = System.nanoTime();
        EvaluationReport e = ModelEvaluator.builder().importanceSamples(K).seed(1).build()
            .evaluate(vae, test, testLabels);
        long t2 = System.nanoTime();
        LinearProbe.Comparison c = LinearProbe.compare(vae, train, trainLabels, test, testLabels, 10,
            LogisticClassifier.Config.defaults());
        long t3 = System.nanoTime();
        Metrics m = e.overall();
        System.out.printf("REPORT conv VAE latent %d, %d epochs (train losses %s, %.0f s): on the 2,000 "
                + "ELBO %.2f (loss %.2f = recon %.2f + KL %.2f), IW log p(x) k=%d %.2f (%.0f s), "
                + "MSE %.5f, BCE %.2f; probe accuracy latent %.4f vs pixels %.4f (%.0f s)%n",
            latentDim, EPOCHS, Arrays.toString(h.trainLosses()), (t1 - t0) / 1e9, m.elboOrThrow(),
            m.loss(), m.reconstruction(), m.kl(), K, m.logLikelihoodOrThrow(), (t2 - t1) / 1e9,
            m.mse(), m.bce(), c.latent().accuracy(), c.pixels().accuracy(), (t3 - t2) / 1e9);
        System.out.println("REPORT per class: " + e);
        System.out.println("REPORT latent confusion " + Arrays.deepToString(c.latent().confusion()));
        System.out.println("REPORT pixel confusion " + Arrays.deepToString(c.pixels().confusion()));
        assertThat(m.logLikelihoodOrThrow()).isGreaterThan(m.elboOrThrow() - 1.0);
        assertThat(c.pixels().accuracy()).isGreaterThan(0.8);
        assertThat(c.latent().accuracy()).isGreaterThan(0.4);
        assertThat(c.latent().count()).isEqualTo(2_000);
      }
    }
  }
}
