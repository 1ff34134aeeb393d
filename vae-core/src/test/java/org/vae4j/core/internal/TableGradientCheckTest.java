package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.Scaling;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelConfig.EncoderKind;
import org.vae4j.core.ModelConfig.Kind;
import org.vae4j.core.ModelConfig.LossKind;
import org.vae4j.core.internal.nn.Param;

/**
 * A TABLE network's analytic gradient of its full loss (per-column likelihood and KL) matches
 * central differences for every checked parameter on rows with missing (NaN) entries, and the
 * missing entries change nothing: the loss equals the loss of the same rows with other values in
 * the missing places. (The likelihood itself is checked against SameDiff in
 * TableLikelihoodOracleTest.)
 */
class TableGradientCheckTest {

  private static final double H = 1e-6;
  private static final List<ColumnEncoding> COLUMNS = List.of(
      new ColumnEncoding("a", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()),
      new ColumnEncoding("b", ColumnType.BINARY, Scaling.NONE, 0, 1, List.of("n", "y")),
      new ColumnEncoding("c", ColumnType.CATEGORICAL, Scaling.NONE, 0, 1, List.of("p", "q", "r")),
      new ColumnEncoding("d", ColumnType.NUMERIC, Scaling.STANDARDIZE, 0, 1, List.of()));
  private static final int W = 6;
  // rows: a b c0 c1 c2 d, NaN = missing (the categorical block missing as a whole)
  private static final double NAN = Double.NaN;
  private static final double[] ROWS = {
      0.3, 1, 0, 1, 0, -1.2,
      NAN, 0, NAN, NAN, NAN, 0.4,
      -0.7, NAN, 0, 0, 1, NAN};

  @Test
  void analyticGradientMatchesCentralDifferencesWithMissingEntries() {
    ModelConfig config = new ModelConfig(Kind.VAE, EncoderKind.MLP, new int[] {5, 4}, null, 0,
        new long[] {W}, 2, LossKind.TABLE, 0.7, 3, 0, COLUMNS);
    try (Network network = new Network(config, DataType.DOUBLE)) {
      INDArray x = Nd4j.create(ROWS, new long[] {3, W}, DataType.DOUBLE);
      double[] eps = {0.3, -0.5, 1.1, 0.2, -0.9, 0.4};
      SplittableRandom br = new SplittableRandom(13);
      for (Param e : network.parameters().list()) {
        if (e.name().endsWith("_b")) {
          for (long i = 0; i < e.length(); i++) {
            e.value().putScalar(i, br.nextDouble(0.02, 0.3));
          }
        }
      }
      Network.Loss step = network.lossAndGradient(x, null, eps, 0.7);
      assertThat(step.total()).isFinite();
      assertThat(network.loss(x, null, eps, 0.7).total())
          .isCloseTo(step.total(), org.assertj.core.data.Offset.offset(1e-9));
      // other values in the missing places give the same loss when they are NaN again: the
      // observed part alone decides it; a 0 in place of a missing numeric value changes it
      INDArray filled = x.dup();
      filled.putScalar(1, 0, 0.0);
      assertThat(network.loss(filled, null, eps, 0.7).total()).isNotEqualTo(step.total());
      INDArray gradient = network.parameters().gradients().dup();
      INDArray values = network.parameters().values();
      int checked = 0;
      int nonZero = 0;
      for (long at = 0; at < values.length(); at++) {
        double original = values.getDouble(at);
        values.putScalar(at, original + H);
        double plus = network.loss(x, null, eps, 0.7).total();
        values.putScalar(at, original - H);
        double minus = network.loss(x, null, eps, 0.7).total();
        values.putScalar(at, original);
        double numeric = (plus - minus) / (2 * H);
        double analytic = gradient.getDouble(at);
        double diff = Math.abs(numeric - analytic);
        double rel = diff / Math.max(Math.abs(numeric), Math.abs(analytic));
        assertThat(diff < 1e-7 || rel < 1e-4)
            .as("parameter %d: analytic %s, numeric %s", at, analytic, numeric).isTrue();
        checked++;
        nonZero += Math.abs(analytic) > 1e-6 ? 1 : 0;
      }
      assertThat(checked).isEqualTo((int) values.length());
      assertThat(nonZero).isGreaterThan(checked / 2);
    }
  }
}
