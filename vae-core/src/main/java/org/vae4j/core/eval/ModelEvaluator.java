package org.vae4j.core.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.ImageData;
import org.vae4j.api.internal.CrossEntropy;
import org.vae4j.api.internal.DiagonalGaussian;
import org.vae4j.api.internal.Seeds;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.internal.ArrayRows;
import org.vae4j.core.internal.LatentMoments;
import org.vae4j.core.internal.Network;
import org.vae4j.core.likelihood.Likelihood;

/**
 * Scores a model on a dataset; see {@link Metrics} for each number and {@code docs/evaluation.md}
 * for what they mean.
 *
 * <p>For each example: one posterior draw {@code z = mean + exp(0.5 * logVar) * eps} gives the
 * reconstruction term, the KL is in closed form, {@code loss = reconstruction + beta * kl} and
 * {@code elbo = log p(x|z) - kl}. With {@code importanceSamples(k)} a variational model also gets
 * the importance-weighted estimate
 *
 * <pre>{@code log p(x) ≈ log (1/k) Σ_j exp(log p(x|z_j) + log p(z_j) - log q(z_j|x)),  z_j ~ q(z|x)}</pre>
 *
 * computed with a max-shifted log-mean-exp, where {@code log p(x|z)} is the model's likelihood's
 * normalised log-probability of the same loss it trains on ({@link Likelihood#logProbability(double,
 * long)}): {@code -BCE(logits, x)} (Bernoulli), {@code -SSE - 0.5 * D * log(pi)} (MSE models: a
 * Gaussian of variance ½), {@code -sum(0.5 ((x - mu)² exp(-s) + s + log(2 pi)))} (learned
 * variance). With {@code
 * k = 1} it is an unbiased estimate of the ELBO; it rises towards {@code log p(x)} as {@code k}
 * grows.
 *
 * <p>Work is done in batches of at most {@link Builder#maxBatchRows(int)} rows through the model
 * (inputs times samples), so memory stays bounded for any dataset size and {@code k}. Every draw
 * comes from a generator derived from {@code (seed, stream, example index)}, so results do not
 * depend on the batch size and the same seed gives the same numbers. An evaluation never changes
 * the model.
 *
 * <pre>{@code
 * EvaluationReport e = ModelEvaluator.builder().importanceSamples(1000).seed(1).build().evaluate(vae, testImages);
 * double nats = -e.overall().logLikelihoodOrThrow();
 * }</pre>
 *
 * <p>Immutable and thread-safe; calls on one model are serialised by the model.
 */
public final class ModelEvaluator {

  /** Default bound on the rows of one batch through the model. */
  public static final int DEFAULT_MAX_BATCH_ROWS = 1024;

  private static final long LOSS_STREAM = 0x4C4F5353L;
  private static final long IW_STREAM = 0x49574145L;

  private final int importanceSamples;
  private final long seed;
  private final int maxBatchRows;

  private ModelEvaluator(Builder b) {
    this.importanceSamples = b.importanceSamples;
    this.seed = b.seed;
    this.maxBatchRows = b.maxBatchRows;
  }

  /** A builder: no log-likelihood estimate, seed 0, batches of {@value #DEFAULT_MAX_BATCH_ROWS} rows. */
  public static Builder builder() {
    return new Builder();
  }

  /** The evaluator with the builder's defaults (no importance-weighted estimate). */
  public static ModelEvaluator defaults() {
    return new Builder().build();
  }

  /** {@code k} of the log-likelihood estimate, 0 when it is not computed. */
  public int importanceSamples() {
    return importanceSamples;
  }

  /** The seed of every random draw. */
  public long seed() {
    return seed;
  }

  /** The bound on the rows of one batch through the model. */
  public int maxBatchRows() {
    return maxBatchRows;
  }

  /**
   * Evaluates any vae4j model on {@code data} {@code [n, dataShape...]}, without a per-class
   * breakdown. An autoencoder has no KL, no ELBO and no log-likelihood estimate.
   *
   * @throws IllegalArgumentException for a conditional VAE, whose every term needs the labels
   *     ({@link #evaluate(Vae4jModel, INDArray, int[])})
   */
  public EvaluationReport evaluate(Vae4jModel model, INDArray data) {
    return run(ScoringView.of(model), data, null, false);
  }

  /**
   * Evaluates any vae4j model with one class label ({@code >= 0}) per example, for a per-class
   * breakdown; a conditional VAE is also conditioned on them, so its estimate is of {@code log p(x
   * | y)}.
   */
  public EvaluationReport evaluate(Vae4jModel model, INDArray data, int[] labels) {
    return run(ScoringView.of(model), data, labels, true);
  }

  /**
   * Evaluates any vae4j model on labelled or unlabelled images (flattened for an MLP model of
   * {@code [D]}); with labels, as {@link #evaluate(Vae4jModel, INDArray, int[])}.
   *
   * @throws IllegalArgumentException for a conditional VAE and images without labels
   */
  public EvaluationReport evaluate(Vae4jModel model, ImageData data) {
    ScoringView m = ScoringView.of(model);
    INDArray images = Inputs.images("data", data, m.config().inputShape());
    if (m.config().numClasses() > 0 && !data.hasLabels()) {
      throw new IllegalArgumentException("data must have labels for a conditional VAE, got none");
    }
    return run(m, images, labelsOf(data), false);
  }

  private static int[] labelsOf(ImageData data) {
    return data.hasLabels() ? data.labels() : null;
  }

  // ---------------------------------------------------------------- the evaluation

  private EvaluationReport run(ScoringView model, INDArray data, int[] labelsIn, boolean labelsRequired) {
    if (model.isClosed()) {
      throw new IllegalStateException("model is closed");
    }
    ModelConfig c = model.config();
    INDArray x = Inputs.data("data", data, c);
    try {
      return evaluate(model, x, labelsIn, labelsRequired);
    } finally {
      if (x != data) {
        x.close();
      }
    }
  }

  private EvaluationReport evaluate(ScoringView model, INDArray x, int[] labelsIn,
      boolean labelsRequired) {
    ModelConfig c = model.config();
    // the condition is an optional part of the input: the models with classes need it
    boolean conditional = c.numClasses() > 0;
    int n = Math.toIntExact(x.size(0));
    Inputs.requireCondition(labelsIn, c);
    int[] labels = labelsIn == null && !labelsRequired
        ? null : Inputs.labels("labels", labelsIn, n, conditional ? c.numClasses() : 0);

    boolean variational = c.isVariational();
    Likelihood likelihood = c.likelihood();
    // the BCE column: exactly the loss for a Bernoulli model, from clipped decoded values otherwise
    boolean bceModel = c.loss().equals(ModelConfig.LossKind.BCE);
    int d = c.latentDim();
    long dataWidth = c.inputSize();
    double[] recon = new double[n];
    double[] kl = new double[n];
    double[] mse = new double[n];
    double[] bce = new double[n];
    double[] means = new double[Math.multiplyExact(n, d)];
    LatentMoments usage = new LatentMoments(d);
    double[] logVars = variational ? new double[n * d] : null;

    for (int from = 0; from < n; from += maxBatchRows) {
      int to = Math.min(n, from + maxBatchRows);
      INDArray xc = ArrayRows.rows(x, from, to);
      int[] lc = slice(labels, from, to);
      INDArray[] enc = model.encode(xc, lc);
      double[] mu = Inputs.flatDoubles(enc[0]);
      System.arraycopy(mu, 0, means, from * d, mu.length);
      double[] noise = null;
      if (variational) {
        double[] lv = Inputs.drain(enc[1]);
        System.arraycopy(lv, 0, logVars, from * d, lv.length);
        noise = PosteriorSamples.noise(from, to, d, e -> generator(LOSS_STREAM, e));
      }
      Network.PerExample parts = model.evaluate(xc, lc, noise);
      usage.add(parts.means(), parts.klTerms());
      System.arraycopy(parts.reconstruction(), 0, recon, from, to - from);
      System.arraycopy(parts.kl(), 0, kl, from, to - from);
      try (INDArray mean = enc[0]) {
        reconstructionErrors(model, xc, mean, lc, bceModel, dataWidth, mse, bce, from);
      }
    }

    double[] logLikelihood = null;
    if (variational && importanceSamples > 0) {
      logLikelihood = importanceWeighted(model, x, labels, means, logVars, likelihood, dataWidth);
    }

    double beta = variational ? c.beta() : 0.0;
    double[] loss = new double[n];
    double[] elbo = variational ? new double[n] : null;
    for (int i = 0; i < n; i++) {
      loss[i] = recon[i] + beta * kl[i];
      if (variational) {
        elbo[i] = likelihood.logProbability(recon[i], dataWidth) - kl[i];
      }
    }
    Columns cols = new Columns(loss, recon, kl, elbo, logLikelihood, mse, bce);
    TreeMap<Integer, Metrics> perClass = new TreeMap<>();
    if (labels != null) {
      TreeMap<Integer, List<Integer>> members = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        members.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
      }
      members.forEach((label, idx) -> perClass.put(label, cols.metrics(idx)));
    }
    List<Integer> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    return new EvaluationReport(cols.metrics(all), perClass, beta,
        variational ? importanceSamples : 0, seed, usage.usage());
  }

  /** MSE per data dimension and BCE summed over data dimensions of the reconstruction at the mean. */
  private static void reconstructionErrors(ScoringView model, INDArray xc, INDArray mean, int[] lc,
      boolean bceModel, long dataWidth, double[] mse, double[] bce, int from) {
    int rows = Math.toIntExact(xc.size(0));
    double[] xs = Inputs.flatDoubles(xc);
    double[] out = Inputs.drain(model.decode(mean, lc));
    double[] fromLogits = bceModel ? Inputs.drain(model.reconstructionLoss(xc, mean, lc)) : null;
    int w = Math.toIntExact(dataWidth);
    for (int i = 0; i < rows; i++) {
      double sse = 0;
      double cross = 0;
      for (int j = i * w; j < (i + 1) * w; j++) {
        double diff = out[j] - xs[j];
        sse += diff * diff;
        if (!bceModel) {
          cross += CrossEntropy.ofProbability(xs[j], out[j]);
        }
      }
      mse[from + i] = sse / dataWidth;
      bce[from + i] = bceModel ? fromLogits[i] : cross;
    }
  }

  /** The importance-weighted estimate of {@code log p(x)} of every example (see {@link PosteriorSamples}). */
  private double[] importanceWeighted(ScoringView model, INDArray x, int[] labels, double[] means,
      double[] logVars, Likelihood likelihood, long dataWidth) {
    return PosteriorSamples.importanceWeighted(model, x, labels, means, logVars,
        importanceSamples, maxBatchRows, e -> generator(IW_STREAM, e));
  }

  private SplittableRandom generator(long stream, long index) {
    return new SplittableRandom(Seeds.mix(Seeds.mix(seed, stream), index));
  }

  private static int[] slice(int[] labels, int from, int to) {
    return labels == null ? null : java.util.Arrays.copyOfRange(labels, from, to);
  }


  /** Per-example columns; {@code elbo} and {@code logLikelihood} may be null. */
  private record Columns(double[] loss, double[] recon, double[] kl, double[] elbo,
      double[] logLikelihood, double[] mse, double[] bce) {

    Metrics metrics(List<Integer> idx) {
      return new Metrics(idx.size(), mean(loss, idx), mean(recon, idx), mean(kl, idx),
          elbo == null ? OptionalDouble.empty() : OptionalDouble.of(mean(elbo, idx)),
          logLikelihood == null ? OptionalDouble.empty() : OptionalDouble.of(mean(logLikelihood, idx)),
          mean(mse, idx), mean(bce, idx));
    }

    private static double mean(double[] v, List<Integer> idx) {
      double s = 0;
      for (int i : idx) {
        s += v[i];
      }
      return s / idx.size();
    }
  }

  /** Builds an {@link ModelEvaluator}. */
  public static final class Builder {
    private int importanceSamples;
    private long seed;
    private int maxBatchRows = DEFAULT_MAX_BATCH_ROWS;

    private Builder() {}

    /**
     * Computes the importance-weighted log-likelihood estimate with {@code k >= 1} posterior
     * samples per input (variational models only; the IWAE paper uses 5,000). Not computed unless
     * set.
     */
    public Builder importanceSamples(int k) {
      if (k < 1) {
        throw new IllegalArgumentException("importanceSamples must be >= 1, got " + k);
      }
      this.importanceSamples = k;
      return this;
    }

    /** Seed of every random draw (posterior samples). Default 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Upper bound on the rows (inputs times samples) of one batch through the model, {@code >= 1}.
     * Default {@value ModelEvaluator#DEFAULT_MAX_BATCH_ROWS}.
     */
    public Builder maxBatchRows(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("maxBatchRows must be >= 1, got " + rows);
      }
      this.maxBatchRows = rows;
      return this;
    }

    /** The evaluator. */
    public ModelEvaluator build() {
      return new ModelEvaluator(this);
    }
  }
}
