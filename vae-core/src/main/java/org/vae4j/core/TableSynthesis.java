package org.vae4j.core;

import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.internal.Seeds;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.EncodedTable;
import org.vae4j.api.table.Table;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.core.internal.InputChecks;
import org.vae4j.core.internal.Noise;
import org.vae4j.core.likelihood.Likelihood;

/**
 * Synthetic rows of a {@code TABLE} model, in the columns of the table it was trained on: {@code
 * z ~ N(0, I)}, decoded, then <b>every column drawn from its likelihood</b> (a numeric value from
 * the Gaussian with its learned variance, a binary value from its Bernoulli, a category from its
 * softmax — not the decoded means, which would have too little spread and always the most
 * probable level), mapped back by the model's own {@link TablePreprocessing} (numbers in the
 * original units, binary and categorical columns as their level strings). Each column is then left
 * missing in a random fraction of the rows equal to its {@link ColumnEncoding#missingRate()} in
 * the training rows, independently of the other columns and of the values.
 *
 * <p>Seeded and deterministic: the same model, row count and seed give the same table; the latent
 * draws are those of {@code vae.sample(rows, seed)} (and of {@code cvae.sampleOfClass(label,
 * rows, seed)}). Rows are made in batches of {@value #BATCH_ROWS}, so the native memory a call
 * uses does not grow with the row count (the returned table holds every row).
 */
public final class TableSynthesis {

  /** Rows decoded and drawn at a time. */
  public static final int BATCH_ROWS = 1024;

  private static final long DRAW_STREAM = 0x7AB1E5EEDL;
  private static final long MISSING_STREAM = 0x5A3B1E5L;

  private TableSynthesis() {}

  /**
   * {@code rows} synthetic rows of a {@code TABLE} model without a condition.
   *
   * @throws IllegalArgumentException when the model is not a {@code TABLE} model, is a
   *     conditional model (use {@link #sample(Vae4jModel, int, int, long)}), or {@code rows} is
   *     not in [1, limit] (at most {@value InputChecks#MAX_RESULT_VALUES} encoded values)
   * @throws IllegalStateException when the model is closed
   */
  public static Table sample(Vae4jModel model, int rows, long seed) {
    BaseModel m = tableModel(model);
    if (m.conditional()) {
      throw new IllegalArgumentException("model is a conditional model with " + m.numClasses()
          + " classes: give the class of the rows, sample(model, rows, label, seed)");
    }
    return synthesize(m, rows, -1, seed);
  }

  /**
   * {@code rows} synthetic rows of a conditional {@code TABLE} model ({@link ConditionalVae}), all
   * decoded with class {@code label} (the class index the model was trained with).
   *
   * @throws IllegalArgumentException as {@link #sample(Vae4jModel, int, long)}, when the model
   *     has no classes, or {@code label} is not in [0, numClasses)
   */
  public static Table sample(Vae4jModel model, int rows, int label, long seed) {
    BaseModel m = tableModel(model);
    if (!m.conditional()) {
      throw new IllegalArgumentException("model has no class input (a " + m.config().kind()
          + "): call sample(model, rows, seed) without a label");
    }
    if (label < 0 || label >= m.numClasses()) {
      throw new IllegalArgumentException(
          "label must be in [0, " + m.numClasses() + "), got " + label);
    }
    return synthesize(m, rows, label, seed);
  }

  /** The model as a TABLE model, or a clear error. */
  static BaseModel tableModel(Vae4jModel model) {
    Objects.requireNonNull(model, "model");
    if (model.config().tablePreprocessing().isEmpty()) {
      throw new IllegalArgumentException("model must be a TABLE model (built with "
          + "Vae.builder().table(preprocessing)), got a " + model.config().kind() + " with loss "
          + model.config().loss().name());
    }
    return (BaseModel) model;
  }

  private static Table synthesize(BaseModel m, int rows, int label, long seed) {
    TablePreprocessing prep = m.config().tablePreprocessing().orElseThrow();
    int width = prep.width();
    InputChecks.count("rows", rows, width);
    m.network.ensureOpen();
    Likelihood likelihood = m.config().likelihood();
    SplittableRandom latent = new SplittableRandom(seed);
    SplittableRandom draws = new SplittableRandom(Seeds.mix(seed, DRAW_STREAM));
    SplittableRandom blanks = new SplittableRandom(Seeds.mix(seed, MISSING_STREAM));
    float[] values = new float[Math.multiplyExact(rows, width)];
    for (int from = 0; from < rows; from += BATCH_ROWS) {
      int n = Math.min(BATCH_ROWS, rows - from);
      INDArray y = label < 0 ? null : m.checks.oneHot("label", sameLabel(n, label), n);
      try (INDArray z = Noise.gaussianArray(latent, n, m.latentDim(), m.network.dataType());
          INDArray out = m.checks.finiteResult("the decoder output",
              m.network.decoderOutputs(z, y), "z", z);
          INDArray x = Nd4j.create(m.network.dataType(), n, width)) {
        likelihood.draw(out, draws, x);
        float[] batch = x.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data()
            .asFloat();
        System.arraycopy(batch, 0, values, from * width, batch.length);
      } finally {
        if (y != null) {
          y.close();
        }
      }
    }
    float[] mask = new float[values.length];
    java.util.Arrays.fill(mask, 1f);
    // row by row, so that the first rows do not depend on how many are made
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < prep.columns().size(); i++) {
        ColumnEncoding c = prep.columns().get(i);
        if (c.missingRate() > 0 && blanks.nextDouble() < c.missingRate()) {
          int o = r * width + prep.offsetOf(i);
          java.util.Arrays.fill(mask, o, o + c.width(), 0f);
          java.util.Arrays.fill(values, o, o + c.width(), 0f);
        }
      }
    }
    return prep.inverseTransform(new EncodedTable(rows, width, values, mask));
  }

  private static int[] sameLabel(int n, int label) {
    int[] l = new int[n];
    java.util.Arrays.fill(l, label);
    return l;
  }
}
