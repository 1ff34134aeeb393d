package org.vae4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class PosteriorTest {

  @Test
  void rejectsMismatchedShapesNamingBoth() {
    assertThatThrownBy(() -> new Posterior(Nd4j.zeros(DataType.FLOAT, 3, 2), Nd4j.zeros(DataType.FLOAT, 3, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logVar")
        .hasMessageContaining("[3, 2]")
        .hasMessageContaining("[3, 4]");
  }

  @Test
  void rejectsRankOtherThanTwo() {
    assertThatThrownBy(() -> new Posterior(Nd4j.zeros(DataType.FLOAT, 3), Nd4j.zeros(DataType.FLOAT, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mean must have shape [n, latentDim], got [3]");
  }

  @Test
  void stdIsExpOfHalfLogVar() {
    Posterior p = new Posterior(Nd4j.zeros(DataType.DOUBLE, 1, 3), Nd4j.createFromArray(new double[][] {{0, 2, -4}}));
    assertThat(p.std().toDoubleVector()).containsExactly(1.0, Math.exp(1.0), Math.exp(-2.0));
    assertThat(p.latentDim()).isEqualTo(3);
    assertThat(p.batchSize()).isEqualTo(1);
    assertThat(p.isPointMass()).isFalse();
  }

  @Test
  void pointMassHasNegativeInfiniteLogVarAndZeroStd() {
    Posterior p = Posterior.pointMass(Nd4j.ones(DataType.FLOAT, 2, 2));
    assertThat(p.isPointMass()).isTrue();
    assertThat(p.std().ravel().toDoubleVector()).containsOnly(0.0);
  }
}
