package org.vae4j.core.eval;

import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.ImageData;
import org.vae4j.api.internal.DiagonalGaussian;
import org.vae4j.api.internal.Seeds;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.internal.ArrayRows;
import org.vae4j.core.internal.MeanImputation;

/**
 * Per-example anomaly scores of any vae4j model ({@code Vae}, {@code Autoencoder}, {@code
 * ConditionalVae} with labels; images or tables): higher means more anomalous. Every score is a
 * negative log-density or an error, so the usual anomaly metrics ({@link
 * org.vae4j.core.anomaly.AnomalyMetrics}) and thresholds ({@link
 * org.vae4j.core.anomaly.AnomalyThresholds}) apply directly.
 *
 * <p>Seeded and deterministic: every example draws its latent samples from its own generator
 * (derived from the seed, the score type and the example's row), so the same seed gives the same
 * scores whatever {@code maxBatchRows} is (up to float rounding of the batched products). With
 * {@link Builder#seedByRowValues(boolean) seedByRowValues(true)} the generator comes from the
 * example's own values (and label) instead of its row number, so an example's score does not depend
 * on which other rows are scored with it or in which order (what a partitioned data set, such as a
 * Spark DataFrame, needs); identical rows then get identical scores. The
 * data is processed in batches of at most {@code maxBatchRows} decoded rows, so memory is bounded
 * by the batch, not by {@code k} or the data size (the per-value contributions are the exception:
 * they are {@code n × width} doubles by definition).
 *
 * <pre>{@code
 * AnomalyScorer scorer = AnomalyScorer.builder()
 *     .scoreType(AnomalyScorer.ScoreType.NEGATIVE_LOG_LIKELIHOOD).importanceSamples(64).seed(1).build();
 * double[] scores = scorer.score(model, data);
 * }</pre>
 */
public final class AnomalyScorer {

  /** The default importance samples of {@link ScoreType#NEGATIVE_LOG_LIKELIHOOD}. */
  public static final int DEFAULT_IMPORTANCE_SAMPLES = 64;
  /** The default Monte-Carlo samples of {@link ScoreType#RECONSTRUCTION_PROBABILITY}. */
  public static final int DEFAULT_RECONSTRUCTION_SAMPLES = 16;
  /** The limit of both sample counts. */
  public static final int MAX_SAMPLES = 100_000;
  /** The limit of {@link Builder#imputationRounds(int)}. */
  public static final int MAX_IMPUTATION_ROUNDS = 100;

  static final long ELBO_STREAM = 0x4E454C42L;
  static final long IW_STREAM = 0x4E4C4C4BL;
  static final long RECONSTRUCTION_STREAM = 0x52505242L;

  /** What an example's score is; higher is more anomalous for each. */
  public enum ScoreType {
    /**
     * The negative single-sample ELBO, {@code −log p(x|z) + KL(q(z|x) ‖ p(z))} with one {@code z ~
     * q(z|x)}; variational models only.
     */
    NEGATIVE_ELBO(false),
    /**
     * The importance-weighted estimate of {@code −log p(x)} with {@code k} samples from {@code
     * q(z|x)} (Burda et al.); variational models only.
     */
    NEGATIVE_LOG_LIKELIHOOD(false),
    /**
     * An &amp; Cho's reconstruction probability, negated: {@code −(1/L) Σ log p(x|z_l)}, {@code z_l ~
     * q(z|x)}; for an autoencoder {@code −log p(x|z)} at its code.
     */
    RECONSTRUCTION_PROBABILITY(true),
    /**
     * The squared error {@code Σ_j (x̂_j − x_j)²} of the decoded mean {@code x̂} of the posterior
     * mean, over the observed values (a table model's missing values add nothing).
     */
    RECONSTRUCTION_ERROR(true);

    private final boolean pointPosterior;

    ScoreType(boolean pointPosterior) {
      this.pointPosterior = pointPosterior;
    }

    /** Whether the score is defined for an autoencoder's point code. */
    public boolean supportsPointPosterior() {
      return pointPosterior;
    }
  }

  /**
   * The per-value parts of the reconstruction part of each example's score: {@code values[i][j]}
   * of example {@code i}, data value {@code j} (a table's column, an image's pixel in row-major
   * order); each row sums to {@code reconstruction[i]} (up to rounding).
   *
   * @param reconstruction the reconstruction part of each example's score ({@code −log p(x|z)},
   *     its Monte-Carlo mean, or the squared error)
   * @param values {@code [n][width]}
   */
  public record Contributions(double[] reconstruction, double[][] values) {
    /** Checks the shapes and copies nothing (the arrays are the caller's). */
    public Contributions {
      Objects.requireNonNull(reconstruction, "reconstruction");
      Objects.requireNonNull(values, "values");
      if (reconstruction.length != values.length) {
        throw new IllegalArgumentException("reconstruction has " + reconstruction.length
            + " examples, values " + values.length);
      }
    }

    /**
     * The contributions summed into the columns of the table the model encodes: {@code [n][c]}
     * with {@code c = preprocessing.columns().size()}, a categorical column's one-hot block as one
     * value. Each row still sums to {@code reconstruction[i]} (up to rounding).
     *
     * @param preprocessing the model's preprocessing ({@code config().tablePreprocessing()})
     * @throws IllegalArgumentException when its encoded width is not the number of values
     */
    public double[][] perColumn(TablePreprocessing preprocessing) {
      Objects.requireNonNull(preprocessing, "preprocessing");
      int columns = preprocessing.columns().size();
      double[][] out = new double[values.length][columns];
      for (int i = 0; i < values.length; i++) {
        if (values[i].length != preprocessing.width()) {
          throw new IllegalArgumentException("the preprocessing encodes " + preprocessing.width()
              + " values per row, the contributions of example " + i + " have "
              + values[i].length);
        }
        for (int c = 0; c < columns; c++) {
          int from = preprocessing.offsetOf(c);
          int to = from + preprocessing.columns().get(c).width();
          double sum = 0;
          for (int j = from; j < to; j++) {
            sum += values[i][j];
          }
          out[i][c] = sum;
        }
      }
      return out;
    }
  }

  private final ScoreType scoreType;
  private final int importanceSamples;
  private final int reconstructionSamples;
  private final long seed;
  private final int maxBatchRows;
  private final boolean seedByRowValues;
  private final boolean inputComplexityCorrection;
  private final boolean perObservedValue;
  private final int imputationRounds;
  private final InkLine inkLine;

  private AnomalyScorer(Builder b) {
    this.scoreType = b.scoreType;
    this.importanceSamples = b.importanceSamples;
    this.reconstructionSamples = b.reconstructionSamples;
    this.seed = b.seed;
    this.maxBatchRows = b.maxBatchRows;
    this.seedByRowValues = b.seedByRowValues;
    this.inputComplexityCorrection = b.inputComplexityCorrection;
    this.perObservedValue = b.perObservedValue;
    this.imputationRounds = b.imputationRounds;
    this.inkLine = b.inkLine;
  }

  /** A builder: negative ELBO, 64 importance samples, 16 reconstruction samples, seed 0, 1024 rows. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this scorer's settings. */
  public Builder toBuilder() {
    return new Builder().scoreType(scoreType).importanceSamples(importanceSamples)
        .reconstructionSamples(reconstructionSamples).seed(seed).maxBatchRows(maxBatchRows)
        .seedByRowValues(seedByRowValues).inputComplexityCorrection(inputComplexityCorrection)
        .perObservedValue(perObservedValue).imputationRounds(imputationRounds).inkLine(inkLine);
  }

  public ScoreType scoreType() {
    return scoreType;
  }

  public int importanceSamples() {
    return importanceSamples;
  }

  public int reconstructionSamples() {
    return reconstructionSamples;
  }

  public long seed() {
    return seed;
  }

  public int maxBatchRows() {
    return maxBatchRows;
  }

  /** Whether each example's samples are seeded by its values rather than its row number. */
  public boolean seedByRowValues() {
    return seedByRowValues;
  }

  /**
   * Whether each score has the example's input complexity {@code L(x)} ({@link InputComplexity},
   * nats) subtracted.
   */
  public boolean inputComplexityCorrection() {
    return inputComplexityCorrection;
  }

  /** Whether a score is scaled by {@code width / observed values} of its row (default false). */
  public boolean perObservedValue() {
    return perObservedValue;
  }

  /** The rounds of decoded-mean imputation before the scoring encoder pass (default 0). */
  public int imputationRounds() {
    return imputationRounds;
  }

  /**
   * The ink line each squared error is normalised by ({@link InkLine}), or empty (the default):
   * with one, a score is the residual {@code log(SE + ε) − intercept − slope · log(1 + ink)}.
   */
  public Optional<InkLine> inkLine() {
    return Optional.ofNullable(inkLine);
  }

  /**
   * This scorer with its squared errors normalised by ink ({@link InkLine}), the line fitted on
   * {@code normal}, rows believed normal (the training rows, or validation rows): their squared
   * errors, as this scorer computes them without a line, against their inks.
   *
   * @param labels one class per row for a conditional VAE, else null
   * @throws IllegalArgumentException when this scorer's type is not {@link
   *     ScoreType#RECONSTRUCTION_ERROR} or it subtracts the input complexity, when there are fewer
   *     than two rows, a value is negative (the row named), or the data do not fit the model
   */
  public AnomalyScorer fitInkLine(Vae4jModel model, INDArray normal, int[] labels) {
    InkLine.checkApplies(scoreType, inputComplexityCorrection);
    Result r = toBuilder().inkLine(null).build().run(model, normal, labels, false, 0, true);
    return toBuilder().inkLine(InkLine.fit(r.scores, r.ink)).build();
  }

  /** The score of every row of {@code data} under a model without classes. */
  public double[] score(Vae4jModel model, INDArray data) {
    return score(model, data, null);
  }

  /** The score of every image of {@code data}, with its labels for a conditional VAE. */
  public double[] score(Vae4jModel model, ImageData data) {
    Objects.requireNonNull(data, "data");
    ScoringView view = ScoringView.of(model);
    INDArray x = Inputs.images("data", data, view.config().inputShape());
    try {
      return score(model, x, data.hasLabels() ? data.labels() : null);
    } finally {
      x.close();
    }
  }

  /**
   * The score of every row of {@code data}; {@code labels} (one class per row) are required by a
   * conditional VAE and ignored otherwise.
   *
   * @throws IllegalArgumentException when the data or labels do not fit the model, or the score
   *     type needs a posterior density and the model is an autoencoder, or the input complexity
   *     correction is on and a value is not in [0, 1]
   */
  public double[] score(Vae4jModel model, INDArray data, int[] labels) {
    return run(model, data, labels, false, 0, false).scores;
  }

  /**
   * The scores of rows {@code firstRow, firstRow + 1, ...} of a larger data set: {@code data}
   * holds those rows, and each one's samples are drawn as if it were scored in one call with the
   * whole data set. So a data set too large for memory, scored in consecutive chunks each with
   * its first row's index, gets the scores of {@link #score(Vae4jModel, INDArray, int[])} on all
   * of it (bit for bit when every chunk but the last is a multiple of {@code maxBatchRows} rows
   * and {@code maxBatchRows} is a multiple of the sample count, as with the defaults; else up to
   * float rounding of the batched products). With {@link Builder#seedByRowValues(boolean)
   * seedByRowValues(true)} the row number does not matter.
   *
   * @throws IllegalArgumentException as {@link #score(Vae4jModel, INDArray, int[])}, or when
   *     firstRow is negative
   */
  public double[] score(Vae4jModel model, INDArray data, int[] labels, long firstRow) {
    return run(model, data, labels, false, checkFirstRow(firstRow), false).scores;
  }

  private static long checkFirstRow(long firstRow) {
    if (firstRow < 0) {
      throw new IllegalArgumentException("firstRow must be at least 0, got " + firstRow);
    }
    return firstRow;
  }

  /**
   * Ren et al.'s likelihood-ratio score (NeurIPS 2019): each example's score under {@code model}
   * minus its score under {@code background}, a model trained on perturbed copies of the normal
   * data ({@link LikelihoodRatio#perturb}). For the likelihood scores this is {@code −[log p_θ(x) −
   * log p_bg(x)]} (with this scorer's estimate of each: the ELBO, the importance-weighted
   * likelihood, the reconstruction probability); for {@link ScoreType#RECONSTRUCTION_ERROR} the
   * difference of the two squared errors. Both scores use this scorer's settings and seed (each
   * model's samples from the same per-example streams); the input complexity correction, being
   * subtracted from both, cancels. Higher is still more anomalous: better explained by the normal
   * model's specifics than by the background's population statistics is normal.
   *
   * @param model the model trained on normal data
   * @param background a model of the same input shape (and classes) trained on the perturbed
   *     normal data, usually of the same architecture
   * @throws IllegalArgumentException when the two models' input shapes or class counts differ, or
   *     either rejects the data (see {@link #score(Vae4jModel, INDArray, int[])})
   */
  public double[] scoreRatio(Vae4jModel model, Vae4jModel background, INDArray data,
      int[] labels) {
    ModelConfig main = ScoringView.of(model).config();
    ModelConfig bg = ScoringView.of(Objects.requireNonNull(background, "background")).config();
    if (!java.util.Arrays.equals(main.inputShape(), bg.inputShape())) {
      throw new IllegalArgumentException("background must have the model's input shape "
          + java.util.Arrays.toString(main.inputShape()) + ", got "
          + java.util.Arrays.toString(bg.inputShape()));
    }
    if (main.numClasses() != bg.numClasses()) {
      throw new IllegalArgumentException("background must be conditioned on the model's "
          + main.numClasses() + " classes, got " + bg.numClasses());
    }
    double[] s = score(model, data, labels);
    double[] b = score(background, data, labels);
    for (int i = 0; i < s.length; i++) {
      s[i] -= b[i];
    }
    return s;
  }

  /** {@link #scoreRatio(Vae4jModel, Vae4jModel, INDArray, int[])} for models without classes. */
  public double[] scoreRatio(Vae4jModel model, Vae4jModel background, INDArray data) {
    return scoreRatio(model, background, data, null);
  }

  /**
   * The per-value contributions of the reconstruction part of each example's score, from the
   * same latent samples as {@link #score}; {@code score − reconstruction} is the KL for {@link
   * ScoreType#NEGATIVE_ELBO} and 0 for the reconstruction scores.
   *
   * @throws IllegalArgumentException for {@link ScoreType#NEGATIVE_LOG_LIKELIHOOD}: a log-mean-exp
   *     over samples has no per-value decomposition
   */
  public Contributions contributions(Vae4jModel model, INDArray data, int[] labels) {
    return contributions(model, data, labels, 0);
  }

  /**
   * The contributions of rows {@code firstRow, firstRow + 1, ...} of a larger data set, drawn
   * from the samples {@link #score(Vae4jModel, INDArray, int[], long)} uses for them: the
   * contributions of a few chosen rows (the highest-scored, say) without those of all the others.
   *
   * @throws IllegalArgumentException as {@link #contributions(Vae4jModel, INDArray, int[])}, or
   *     when firstRow is negative
   */
  public Contributions contributions(Vae4jModel model, INDArray data, int[] labels,
      long firstRow) {
    if (scoreType == ScoreType.NEGATIVE_LOG_LIKELIHOOD) {
      throw new IllegalArgumentException("score type NEGATIVE_LOG_LIKELIHOOD has no per-value "
          + "contributions (a log-mean-exp over samples does not split over values): use "
          + "RECONSTRUCTION_PROBABILITY or NEGATIVE_ELBO");
    }
    Result r = run(model, data, labels, true, checkFirstRow(firstRow), false);
    return new Contributions(r.reconstruction, r.values);
  }

  /** The contributions under a model without classes. */
  public Contributions contributions(Vae4jModel model, INDArray data) {
    return contributions(model, data, null);
  }

  /** Each example's score, its reconstruction part, per-value parts and ink (null when unused). */
  private record Result(double[] scores, double[] reconstruction, double[][] values,
      double[] ink) {
    Result(double[] scores, double[] reconstruction, double[][] values) {
      this(scores, reconstruction, values, null);
    }
  }

  /**
   * The scores; {@code wantInk} also returns each row's ink (the squared error's only); the ink
   * line, when set, turns the scores into residuals (not the per-value parts).
   */
  private Result run(Vae4jModel modelIn, INDArray data, int[] labelsIn, boolean perValue,
      long firstRow, boolean wantInk) {
    ScoringView model = ScoringView.of(modelIn);
    Objects.requireNonNull(data, "data");
    if (model.isClosed()) {
      throw new IllegalStateException("model is closed");
    }
    ModelConfig c = model.config();
    boolean variational = c.isVariational();
    if (!variational && !scoreType.supportsPointPosterior()) {
      throw new IllegalArgumentException("score type " + scoreType + " needs a posterior density "
          + "q(z|x), but the model is an autoencoder (a point code): use RECONSTRUCTION_ERROR or "
          + "RECONSTRUCTION_PROBABILITY");
    }
    INDArray x = Inputs.data("data", data, c);
    try {
      int n = Math.toIntExact(x.size(0));
      int[] labels = Inputs.condition("labels", labelsIn, n, c);
      long[] keys = rowKeys(x, labels);
      double[] complexity = inputComplexityCorrection && !perValue ? InputComplexity.nats(x) : null;
      int d = c.latentDim();
      double[] means = new double[Math.multiplyExact(n, d)];
      double[] logVars = variational ? new double[n * d] : null;
      // the data's values, copied once for the imputation and the per-observed scaling
      double[] xs = imputationRounds > 0 || perObservedValue ? Inputs.flatDoubles(x) : null;
      INDArray seen = imputationRounds > 0 ? imputed(model, x, xs, labels) : x;
      for (int from = 0; from < n; from += maxBatchRows) {
        int to = Math.min(n, from + maxBatchRows);
        INDArray[] enc = model.encode(ArrayRows.rows(seen, from, to), slice(labels, from, to));
        double[] mu = Inputs.drain(enc[0]);
        System.arraycopy(mu, 0, means, from * d, mu.length);
        if (variational) {
          double[] lv = Inputs.drain(enc[1]);
          System.arraycopy(lv, 0, logVars, from * d, lv.length);
        }
      }
      if (seen != x) {
        seen.close();
      }
      Result r = switch (scoreType) {
        case NEGATIVE_ELBO -> sampled(model, x, labels, means, logVars, 1, ELBO_STREAM, true,
            perValue, keys, firstRow);
        case NEGATIVE_LOG_LIKELIHOOD -> {
          double[] ll = PosteriorSamples.importanceWeighted(model, x, labels, means, logVars,
              importanceSamples, maxBatchRows, generators(IW_STREAM, keys, firstRow));
          for (int i = 0; i < n; i++) {
            ll[i] = -ll[i];
          }
          yield new Result(ll, null, null);
        }
        case RECONSTRUCTION_PROBABILITY -> sampled(model, x, labels, means, logVars,
            variational ? reconstructionSamples : 1, RECONSTRUCTION_STREAM, false, perValue, keys,
            firstRow);
        case RECONSTRUCTION_ERROR -> squaredError(model, x, labels, means, perValue,
            wantInk || inkLine != null);
      };
      Result result = perObservedValue ? perObserved(xs, n, r) : r;
      if (complexity != null) {
        for (int i = 0; i < n; i++) {
          result.scores[i] -= complexity[i];
        }
      }
      if (inkLine != null && !perValue) {
        for (int i = 0; i < n; i++) {
          result.scores[i] = inkLine.residual(result.scores[i], result.ink[i]);
        }
      }
      return result;
    } finally {
      if (x != data) {
        x.close();
      }
    }
  }

  /** {@code −mean log p(x|z)} over {@code k} samples, plus the KL when asked. */
  private Result sampled(ScoringView model, INDArray x, int[] labels, double[] means,
      double[] logVars, int k, long stream, boolean withKl, boolean perValue, long[] keys,
      long firstRow) {
    int n = Math.toIntExact(x.size(0));
    int d = model.config().latentDim();
    int w = Math.toIntExact(model.config().inputSize());
    double[] recon = new double[n];
    double[][] values = perValue ? new double[n][w] : null;
    PosteriorSamples.visit(model, x, labels, means, logVars, k, maxBatchRows,
        generators(stream, keys, firstRow), perValue, (e, z, logPxz, v, offset) -> {
          recon[e] -= logPxz / k;
          if (values != null) {
            double[] row = values[e];
            for (int j = 0; j < w; j++) {
              row[j] -= v[offset + j] / k;
            }
          }
        });
    double[] scores = recon.clone();
    if (withKl) {
      for (int i = 0; i < n; i++) {
        scores[i] += DiagonalGaussian.kl(means, logVars, i * d, d);
      }
    }
    return new Result(scores, recon, values);
  }

  private Result squaredError(ScoringView model, INDArray x, int[] labels, double[] means,
      boolean perValue, boolean withInk) {
    int n = Math.toIntExact(x.size(0));
    int d = model.config().latentDim();
    int w = Math.toIntExact(model.config().inputSize());
    double[] sse = new double[n];
    double[][] values = perValue ? new double[n][w] : null;
    double[] ink = withInk ? new double[n] : null;
    for (int from = 0; from < n; from += maxBatchRows) {
      int to = Math.min(n, from + maxBatchRows);
      double[] xs = Inputs.flatDoubles(ArrayRows.rows(x, from, to));
      if (ink != null) {
        for (int i = 0; i < to - from; i++) {
          ink[from + i] = InkLine.ink(xs, i * w, w, from + i);
        }
      }
      float[] mu = new float[(to - from) * d];
      for (int i = 0; i < mu.length; i++) {
        mu[i] = (float) means[from * d + i];
      }
      double[] out;
      try (INDArray z = org.nd4j.linalg.factory.Nd4j.create(mu, new long[] {to - from, d}, 'c')) {
        out = Inputs.drain(model.decode(z.castTo(model.dataType()), slice(labels, from, to)));
      }
      for (int i = 0; i < to - from; i++) {
        double s = 0;
        for (int j = 0; j < w; j++) {
          if (Double.isNaN(xs[i * w + j])) {
            continue; // missing (only a likelihood that masks missing values lets NaN in)
          }
          double diff = out[i * w + j] - xs[i * w + j];
          s += diff * diff;
          if (values != null) {
            values[from + i][j] = diff * diff;
          }
        }
        sse[from + i] = s;
      }
    }
    return new Result(sse, sse.clone(), values, ink);
  }

  /**
   * {@code x} with every missing (NaN) value replaced by the decoded mean of the posterior mean,
   * {@code imputationRounds} times, each round's encoder seeing the previous round's filled values
   * (the first round sees a missing value as 0); the observed values kept. {@code x} itself when
   * it has no missing value. The implementation {@code TableImputation.impute} shares ({@link
   * MeanImputation}); {@code xs} are the values of {@code x}.
   */
  INDArray imputed(ScoringView model, INDArray x, double[] xs, int[] labels) {
    return MeanImputation.impute(x, xs, imputationRounds, maxBatchRows, model.dataType(),
        (rows, from, to) -> {
          int[] l = slice(labels, from, to);
          INDArray[] q = model.encode(rows, l);
          if (q[1] != null) {
            q[1].close();
          }
          try (INDArray mean = q[0]) {
            return model.decode(mean, l);
          }
        });
  }

  /**
   * {@code r} with each example's score, reconstruction and per-value parts scaled by {@code
   * width / observed}, its count of observed (non-NaN) values.
   */
  private static Result perObserved(double[] xs, int n, Result r) {
    int w = xs.length / n;
    double[] scores = r.scores().clone();
    double[] recon = r.reconstruction() == null ? null : r.reconstruction().clone();
    for (int i = 0; i < n; i++) {
      int observed = 0;
      for (int j = i * w; j < (i + 1) * w; j++) {
        observed += Double.isNaN(xs[j]) ? 0 : 1;
      }
      if (observed == 0) {
        throw new IllegalArgumentException("data row " + i + " has no observed value, so a score "
            + "per observed value (perObservedValue) is undefined for it");
      }
      double f = (double) w / observed;
      scores[i] *= f;
      if (recon != null) {
        recon[i] *= f;
      }
      if (r.values() != null) {
        double[] row = r.values()[i];
        for (int j = 0; j < w; j++) {
          row[j] *= f;
        }
      }
    }
    return new Result(scores, recon, r.values(), r.ink());
  }

  /**
   * Example {@code e}'s generator: from its row number counted from {@code firstRow}, or from
   * {@code keys[e]} when given.
   */
  private IntFunction<SplittableRandom> generators(long stream, long[] keys, long firstRow) {
    long base = Seeds.mix(seed, stream);
    return keys == null
        ? e -> new SplittableRandom(Seeds.mix(base, firstRow + e))
        : e -> new SplittableRandom(Seeds.mix(base, keys[e]));
  }

  /**
   * Each row's key from its values' float bits (NaN, a missing value, has one key) and its label,
   * or null when the examples are seeded by row number.
   */
  private long[] rowKeys(INDArray x, int[] labels) {
    if (!seedByRowValues) {
      return null;
    }
    int n = Math.toIntExact(x.size(0));
    int w = Math.toIntExact(x.length() / Math.max(1, n));
    long[] keys = new long[n];
    for (int from = 0; from < n; from += maxBatchRows) {
      int to = Math.min(n, from + maxBatchRows);
      double[] v = Inputs.flatDoubles(ArrayRows.rows(x, from, to));
      for (int i = from; i < to; i++) {
        long h = labels == null ? 0x9E3779B97F4A7C15L : Seeds.mix(0x9E3779B97F4A7C15L, labels[i]);
        for (int j = 0; j < w; j++) {
          h = Seeds.mix(h, Float.floatToIntBits((float) v[(i - from) * w + j]));
        }
        keys[i] = h;
      }
    }
    return keys;
  }

  private static int[] slice(int[] labels, int from, int to) {
    return labels == null ? null : java.util.Arrays.copyOfRange(labels, from, to);
  }

  @Override
  public String toString() {
    return "AnomalyScorer[" + scoreType + ", importanceSamples=" + importanceSamples
        + ", reconstructionSamples=" + reconstructionSamples + ", seed=" + seed
        + ", maxBatchRows=" + maxBatchRows + ", seedByRowValues=" + seedByRowValues
        + ", inputComplexityCorrection=" + inputComplexityCorrection
        + ", perObservedValue=" + perObservedValue + ", imputationRounds=" + imputationRounds
        + (inkLine != null ? ", " + inkLine : "") + "]";
  }

  /** A fluent builder of an {@link AnomalyScorer}. */
  public static final class Builder {
    private ScoreType scoreType = ScoreType.NEGATIVE_ELBO;
    private int importanceSamples = DEFAULT_IMPORTANCE_SAMPLES;
    private int reconstructionSamples = DEFAULT_RECONSTRUCTION_SAMPLES;
    private long seed;
    private int maxBatchRows = ModelEvaluator.DEFAULT_MAX_BATCH_ROWS;
    private boolean seedByRowValues;
    private boolean inputComplexityCorrection;
    private boolean perObservedValue;
    private int imputationRounds;
    private InkLine inkLine;

    private Builder() {}

    public Builder scoreType(ScoreType type) {
      this.scoreType = Objects.requireNonNull(type, "scoreType");
      return this;
    }

    /** {@code k} of {@link ScoreType#NEGATIVE_LOG_LIKELIHOOD}, in [1, {@value #MAX_SAMPLES}]. */
    public Builder importanceSamples(int k) {
      this.importanceSamples = checkSamples("importanceSamples", k);
      return this;
    }

    /** {@code L} of {@link ScoreType#RECONSTRUCTION_PROBABILITY}, in [1, {@value #MAX_SAMPLES}]. */
    public Builder reconstructionSamples(int l) {
      this.reconstructionSamples = checkSamples("reconstructionSamples", l);
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The most rows decoded at once (memory bound), at least 1. */
    public Builder maxBatchRows(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("maxBatchRows must be at least 1, got " + rows);
      }
      this.maxBatchRows = rows;
      return this;
    }

    /**
     * Seeds each example's samples by its own values (and label) instead of its row number
     * (default false), so that its score does not depend on the other rows of the call: for data
     * scored in partitions or in an order that varies. Identical rows get identical samples.
     */
    public Builder seedByRowValues(boolean byValues) {
      this.seedByRowValues = byValues;
      return this;
    }

    /**
     * Subtracts each example's input complexity {@code L(x)} from its score (default false):
     * Serrà et al.'s correction {@code S(x) = −log p(x) − L(x)}, with {@code L(x)} the raw-Deflate
     * length of the example's 8-bit code in nats ({@link InputComplexity}). A likelihood model
     * assigns a high likelihood to simple inputs (an image with little ink) whatever it was
     * trained on; {@code L(x)} measures that simplicity with a compressor that knows no training
     * data, so the difference is how much better the model explains {@code x} than a generic
     * compressor does. Applies to every score type; it is commensurate (nats from nats) for the
     * likelihood scores, and an unweighted mix of units for {@link
     * ScoreType#RECONSTRUCTION_ERROR}. Needs data in [0, 1] (images); the per-value {@link
     * #contributions} are those of the uncorrected score ({@code L(x)} has no per-value split).
     */
    public Builder inputComplexityCorrection(boolean correct) {
      this.inputComplexityCorrection = correct;
      return this;
    }

    /**
     * Scales each example's score by {@code width / observed}, the model's value count over the
     * row's observed (non-NaN) values (default false): a score per observed value, in the units of
     * a complete row, so that rows with more missing values are not favoured for having fewer
     * terms in their {@code −log p(x|z)}. A complete row's score is unchanged; the KL of {@link
     * ScoreType#NEGATIVE_ELBO} and the per-value contributions are scaled with the rest (they
     * still sum to the reconstruction part). A row with no observed value is refused.
     */
    public Builder perObservedValue(boolean perObserved) {
      this.perObservedValue = perObserved;
      return this;
    }

    /**
     * Rounds of decoded-mean imputation before scoring (default 0, in [0, {@value
     * #MAX_IMPUTATION_ROUNDS}]): the encoder then sees each missing (NaN) value as the decoded
     * mean of the previous round's posterior mean (the first round's encoder sees it as 0, the
     * mean of a standardised column), not as 0. The likelihood still masks the missing values, so
     * only the posterior {@code q(z|x)} changes; rows without a missing value score as with 0.
     */
    public Builder imputationRounds(int rounds) {
      if (rounds < 0 || rounds > MAX_IMPUTATION_ROUNDS) {
        throw new IllegalArgumentException("imputationRounds must be in [0, "
            + MAX_IMPUTATION_ROUNDS + "], got " + rounds);
      }
      this.imputationRounds = rounds;
      return this;
    }

    /**
     * Normalises each squared error by the example's ink with {@code line} ({@link InkLine}, e.g.
     * {@link InkLine#fit} on scores of normal rows), or not (null, the default); {@link
     * AnomalyScorer#fitInkLine} fits and sets it in one call. Only for {@link
     * ScoreType#RECONSTRUCTION_ERROR} without the input complexity correction ({@link #build}
     * checks), on non-negative data (images); the per-value {@link #contributions} stay those of
     * the squared error, and in {@link #scoreRatio} the line cancels ({@code log} of the two
     * errors' ratio).
     */
    public Builder inkLine(InkLine line) {
      this.inkLine = line;
      return this;
    }

    /**
     * The scorer.
     *
     * @throws IllegalArgumentException when an ink line is set on a score type other than {@link
     *     ScoreType#RECONSTRUCTION_ERROR} or with the input complexity correction
     */
    public AnomalyScorer build() {
      if (inkLine != null) {
        InkLine.checkApplies(scoreType, inputComplexityCorrection);
      }
      return new AnomalyScorer(this);
    }

    private static int checkSamples(String arg, int k) {
      if (k < 1 || k > MAX_SAMPLES) {
        throw new IllegalArgumentException(
            arg + " must be in [1, " + MAX_SAMPLES + "], got " + k);
      }
      return k;
    }
  }
}
