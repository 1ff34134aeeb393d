package org.vae4j.core;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Fills the missing (NaN) values of encoded rows with a model's decoded mean: {@code
 * reconstruct(x, null)} (the encoder sees a missing value as 0, the mean of a standardised column) taken
 * where {@code x} is NaN, the observed values kept as they are. For a categorical column the filled
 * values are the decoded probabilities of its levels (a row of the one-hot block); {@link
 * org.vae4j.api.table.TablePreprocessing#inverseTransform} turns them back into levels.
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

  /**
   * A new array: {@code x} {@code [n, width]} with every NaN replaced by the model's decoded mean.
   *
   * @throws IllegalArgumentException as {@link Vae4jModel#reconstruct(INDArray, int[])} does: wrong shape, or NaN
   *     for a model whose likelihood does not support missing values
   */
  public static INDArray impute(Vae4jModel model, INDArray x) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(x, "x");
    INDArray mean = model.reconstruct(x, null);
    INDArray filled = x.castTo(mean.dataType()).dup();
    INDArray missing = filled.mul(0.0); // 0 where observed, NaN where missing
    BooleanIndexing.replaceWhere(missing, 1.0, Conditions.isNan());
    BooleanIndexing.replaceWhere(filled, 0.0, Conditions.isNan());
    return filled.addi(mean.reshape(filled.shape()).mul(missing));
  }
}
