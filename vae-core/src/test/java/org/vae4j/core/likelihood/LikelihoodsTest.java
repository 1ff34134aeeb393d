package org.vae4j.core.likelihood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;

class LikelihoodsTest {

  @Test
  void theBuiltInLikelihoodsAreRegisteredByTheNamesModelFilesStore() {
    assertThat(Likelihoods.names()).contains("BCE", "MSE", "LEARNED_VARIANCE_GAUSSIAN");
    assertThat(ModelConfig.LossKind.of("BCE")).isSameAs(ModelConfig.LossKind.BCE);
    assertThat(ModelConfig.LossKind.MSE.likelihood().outputsPerValue()).isEqualTo(1);
    assertThat(ModelConfig.LossKind.LEARNED_VARIANCE_GAUSSIAN.likelihood().outputsPerValue())
        .isEqualTo(2);
  }

  @Test
  void rejectsAnUnknownLossNamingTheRegisteredOnes() {
    assertThatThrownBy(() -> ModelConfig.LossKind.of("POISSON"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loss must be one of [BCE, LEARNED_VARIANCE_GAUSSIAN, MSE, TABLE]")
        .hasMessageContaining("got 'POISSON'");
  }

  @Test
  void aConfigWithTheLearnedVarianceGaussianRoundTripsThroughJson() {
    try (Vae vae = Vae.builder().mlpEncoder(4).inputShape(3).latentDim(2)
        .loss(ModelConfig.LossKind.LEARNED_VARIANCE_GAUSSIAN).build()) {
      ModelConfig c = vae.config();
      assertThat(c.toJson()).contains("\"loss\" : \"LEARNED_VARIANCE_GAUSSIAN\"");
      assertThat(ModelConfig.fromJson(c.toJson())).isEqualTo(c);
      // the output layer has a mean and a log-variance per value: 4 * (2 * 3) + 2 * 3 more values
      ModelConfig mse = ModelConfig.fromJson(c.toJson().replace("LEARNED_VARIANCE_GAUSSIAN", "MSE"));
      assertThat(c.parameterCount() - mse.parameterCount()).isEqualTo(4 * 3 + 3);
      // any finite data; decode returns the means
      INDArray x = Nd4j.create(new double[] {-7, 0.5, 30}, new long[] {1, 3}, DataType.FLOAT);
      assertThat(vae.reconstruct(x).shape()).containsExactly(1, 3);
    }
  }

  @Test
  void theBernoulliDomainIsTheUnitInterval() {
    Likelihood b = ModelConfig.LossKind.BCE.likelihood();
    b.checkDomain("x", 0, 1);
    assertThatThrownBy(() -> b.checkDomain("x", -0.5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("x must hold values in [0, 1] for a model with a BCE loss, got values"
            + " in [-0.5, 1.0]");
  }

  @Test
  void theLogProbabilityCarriesEveryConstant() {
    // learned variance: raw output 0 gives log-variance 0, so the density is N(x; mu, 1)
    Likelihood g = ModelConfig.LossKind.LEARNED_VARIANCE_GAUSSIAN.likelihood();
    INDArray out = Nd4j.create(new double[] {0.25, 0.0}, new long[] {1, 2}, DataType.DOUBLE);
    INDArray x = Nd4j.create(new double[] {1.25}, new long[] {1, 1}, DataType.DOUBLE);
    INDArray into = Nd4j.create(DataType.DOUBLE, 1, 1);
    INDArray[] scratch = new INDArray[g.scratchArrays()];
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = Nd4j.create(DataType.DOUBLE, 1, 1);
    }
    g.logProbability(out, x, into, i -> scratch[i]);
    assertThat(into.getDouble(0)).isCloseTo(-0.5 - 0.5 * Math.log(2 * Math.PI), within(1e-12));
  }
}
