package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Properties of the plain-Java numbers the samples print. */
class MetricsProperties {

  private static INDArray row(double... v) {
    return Nd4j.create(v, new long[] {1, v.length}, DataType.DOUBLE);
  }

  @Test
  void bceOfBinaryPixelsIsMinusTheLogOfTheProbabilityOfTheObservedValue() {
    qt().withExamples(200).forAll(integers().between(1, 20), integers().all(),
        doubles().between(0.001, 0.999)).checkAssert((d, bits, p) -> {
          double[] x = new double[d];
          double[] q = new double[d];
          double expected = 0;
          for (int i = 0; i < d; i++) {
            x[i] = (bits >>> (i % 32) & 1);
            q[i] = Math.min(0.999, p + 0.01 * i);
            expected += -Math.log(x[i] == 1 ? q[i] : 1 - q[i]);
          }
          assertThat(Metrics.bcePerImage(row(x), row(q))).isCloseTo(expected,
              org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, expected)));
        });
  }

  @Test
  void bceIsSmallestWhenTheProbabilitiesEqualTheTargets() {
    qt().withExamples(200).forAll(doubles().between(0, 1), doubles().between(0, 1))
        .checkAssert((x, p) -> assertThat(Metrics.bcePerImage(row(x), row(p)))
            .isGreaterThanOrEqualTo(Metrics.bcePerImage(row(x), row(x)) - 1e-12));
  }

  @Test
  void bceAveragesOverImagesAndSumsOverPixels() {
    INDArray x = Nd4j.create(new double[] {1, 0, 1, 1}, new long[] {2, 2}, DataType.DOUBLE);
    INDArray p = Nd4j.create(new double[] {0.5, 0.5, 0.25, 0.5}, new long[] {2, 2},
        DataType.DOUBLE);
    double expected = (2 * Math.log(2) + Math.log(4) + Math.log(2)) / 2;
    assertThat(Metrics.bcePerImage(x, p)).isCloseTo(expected,
        org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void bceRejectsMismatchedShapes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Metrics.bcePerImage(row(1, 0), row(0.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 1]");
  }
}
