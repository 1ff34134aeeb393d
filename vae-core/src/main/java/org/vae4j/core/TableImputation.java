package org.vae4j.core;

import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.vae4j.api.internal.DiagonalGaussian;
import org.vae4j.api.internal.Seeds;
import org.vae4j.core.internal.Noise;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.internal.MeanImputation;
import org.vae4j.core.internal.nn.HostValues;

/**
 * Fills the missing (NaN) values of encoded rows with a model's decoded mean: {@code
 * reconstruct(x, null)} (the encoder sees a missing value as 0, the mean of a standardised column) taken
 * where {@code x} is NaN, the observed values kept as they are. For a categorical column the filled
 * values are the decoded probabilities of its levels (a row of the one-hot block); {@link
 * org.vae4j.api.table.TablePreprocessing#inverseTransform} turns them back into levels.
 *
 * <p>{@link #imputeByDraw(Vae4jModel, INDArray, long)} draws instead: {@code z ~ q(z | x)} (the
 * encoder seeing the observed values), then each missing value from {@code p(x | z)} — a number
 * with the learned spread, a binary 0 or 1, a categorical block one-hot at a drawn level — so
 * repeated draws with other seeds show the uncertainty of the filled values (multiple imputation).
 */
public final class TableImputation {

  private TableImputation() {}

  /**
   * The values of {@code encoded} as a new float array {@code [rows, width]} with NaN at every
   * masked (missing) entry: the input a {@code TABLE} model trains on and scores (an {@link
   * org.vae4j.api.table.EncodedTable} holds 0 there, with the mask beside it).
   */
  public static INDArray missingAsNaN(org.vae4j.api.table.EncodedTable encoded) {
    Objects.requireNonNull(encoded, "encoded");
    float[] v = encoded.values();
    float[] m = encoded.mask();
    for (int i = 0; i < v.length; i++) {
      if (m[i] == 0f) {
        v[i] = Float.NaN;
      }
    }
    return org.nd4j.linalg.factory.Nd4j.create(v, new long[] {encoded.rows(), encoded.width()}, 'c');
  }

  private static final long DRAW_STREAM = 0x1E9D7A3L;

  /**
   * A new array: {@code x} {@code [n, width]} of a {@code TABLE} model without a condition with
   * every NaN replaced by a draw from {@code p(x_missing | z)}, {@code z ~ q(z | x_observed)}; the
   * observed values unchanged. Seeded: the same model, {@code x} and seed give the same values.
   *
   * @throws IllegalArgumentException when the model is not a {@code TABLE} model, for a wrong
   *     shape or infinite values, or for a conditional model (use {@link #imputeByDraw(Vae4jModel,
   *     INDArray, int[], long)})
   */
  public static INDArray imputeByDraw(Vae4jModel model, INDArray x, long seed) {
    return imputeByDraw(model, x, null, seed);
  }

  /**
   * As {@link #imputeByDraw(Vae4jModel, INDArray, long)}, with the rows' class indices for a
   * conditional model ({@code null} for any other).
   */
  public static INDArray imputeByDraw(Vae4jModel model, INDArray x, int[] labels, long seed) {
    BaseModel m = TableSynthesis.tableModel(model);
    Objects.requireNonNull(x, "x");
    INDArray cx = m.checks.data("x", x, false);
    long n = cx.size(0);
    INDArray y = m.condition("labels", labels, n);
    INDArray[] q = m.posterior(cx, y);
    INDArray z = q[0];
    if (q[1] != null) {
      // z = mean + exp(logVar / 2) eps, by the one reparameterization (DiagonalGaussian)
      double[] eps = Noise.gaussian(new SplittableRandom(seed), n, m.latentDim());
      double[] mean = q[0].dup('c').data().asDouble();
      double[] logVar = q[1].dup('c').data().asDouble();
      double[] zs = new double[eps.length];
      for (int i = 0; i < zs.length; i++) {
        zs[i] = DiagonalGaussian.sample(mean[i], logVar[i], eps[i]);
      }
      z = org.nd4j.linalg.factory.Nd4j.create(zs, q[0].shape(), DataType.DOUBLE)
          .castTo(q[0].dataType());
    }
    INDArray out = m.checks.finiteResult("the decoder output", m.network.decoderOutputs(z, y),
        "x", cx);
    INDArray drawn = org.nd4j.linalg.factory.Nd4j.create(m.network.dataType(), n,
        m.config().inputSize());
    m.config().likelihood().draw(out, new SplittableRandom(Seeds.mix(seed, DRAW_STREAM)), drawn);
    double[] xs = HostValues.readAny(cx);
    double[] filled = xs.clone();
    MeanImputation.fill(xs, 0, HostValues.readAny(drawn), filled);
    drawn.close();
    return Nd4j.create(filled, cx.shape(), m.network.dataType());
  }

  /**
   * A new array: {@code x} {@code [n, width]} with every NaN replaced by the model's decoded mean.
   * The same imputation as one round of the anomaly scorer's {@code imputationRounds} (one shared
   * implementation).
   *
   * @throws IllegalArgumentException as {@link Vae4jModel#reconstruct(INDArray, int[])} does: wrong shape, or NaN
   *     for a model whose likelihood does not support missing values
   */
  public static INDArray impute(Vae4jModel model, INDArray x) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(x, "x");
    BaseModel m = (BaseModel) model;
    m.network.ensureOpen();
    INDArray cx = m.checks.data("x", x, false);
    INDArray y = m.condition("labels", null, cx.size(0));
    double[] xs = HostValues.readAny(cx);
    int n = Math.toIntExact(cx.size(0));
    // the whole batch in one reconstruction (the network chunks it), as reconstruct(x) does
    INDArray filled = MeanImputation.impute(cx, xs, 1, n, m.network.dataType(),
        (rows, from, to) -> {
          try (INDArray z = m.means(rows, y)) {
            return m.decoded(z, y);
          }
        });
    if (filled == cx) {
      filled = Nd4j.create(xs, cx.shape(), m.network.dataType());
    }
    if (cx != x) {
      cx.close();
    }
    return filled;
  }
}
