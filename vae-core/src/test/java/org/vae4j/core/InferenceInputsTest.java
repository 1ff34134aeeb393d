package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.eval.ModelEvaluator;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.core.train.TrainingSession;

/**
 * What every entry point refuses before computing: data a BCE model cannot have come from (outside
 * [0, 1]), counts beyond the documented limit, and results that overflowed from finite but
 * extreme inputs — each with a message naming the argument, the range or limit, and what was found.
 */
class InferenceInputsTest {

  private static final String RANGE = "x must hold values in [0, 1] for a model with a BCE loss, "
      + "got values in [0.0, 255.0]";

  private static INDArray pixels0To255(int n) {
    INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 4, 4).muli(255);
    x.putScalar(0, 0.0);
    x.putScalar(1, 255.0);
    return x;
  }

  @Test
  void bceModelsRefuseDataOutsideZeroOneAtEveryEntryPoint() {
    INDArray x = pixels0To255(6);
    try (Vae vae = Vae.builder().mlpEncoder(5).inputShape(1, 4, 4).build();
        ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(5).inputShape(1, 4, 4).numClasses(2).build()) {
      int[] labels = {0, 1, 0, 1, 0, 1};
      assertThatThrownBy(() -> vae.encodeMean(x)).hasMessageStartingWith(RANGE)
          .hasMessageContaining("divide by 255");
      assertThatThrownBy(() -> vae.encode(x)).hasMessageStartingWith(RANGE);
      assertThatThrownBy(() -> vae.reconstruct(x)).hasMessageStartingWith(RANGE);
      assertThatThrownBy(() -> vae.fit(x, TrainingOptions.builder().epochs(1).build()))
          .hasMessageStartingWith("data must hold values in [0, 1]");
      assertThatThrownBy(() -> TrainingSession.of(vae, TrainingOptions.builder().build()).step(x, null, 1))
          .hasMessageStartingWith(RANGE);
      assertThatThrownBy(() -> ModelEvaluator.defaults().evaluate(vae, x))
          .hasMessageStartingWith("data must hold values in [0, 1]");
      assertThatThrownBy(() -> cvae.encodeMean(x, labels)).hasMessageStartingWith(RANGE);
      assertThatThrownBy(() -> cvae.fit(x, labels, TrainingOptions.builder().epochs(1).build()))
          .hasMessageStartingWith("data must hold values in [0, 1]");
    }
  }

  @Test
  void mseModelsTakeAnyFiniteValues() {
    INDArray x = pixels0To255(6);
    try (Vae vae = Vae.builder().mlpEncoder(5).inputShape(1, 4, 4).mseLoss().build()) {
      assertThat(vae.encodeMean(x).shape()).containsExactly(6, 2);
      vae.fit(x.div(255), TrainingOptions.builder().epochs(1).build());
    }
  }

  @Test
  void countsAreBoundedBeforeAnythingIsAllocated() {
    try (Vae vae = Vae.builder().mlpEncoder(5).inputShape(1, 28, 28).build();
        ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(5).inputShape(1, 28, 28).numClasses(3).build()) {
      // 2^28 values of 784 per example: at most 342,392 samples in one call
      assertThatThrownBy(() -> vae.sample(Integer.MAX_VALUE, 1))
          .hasMessage("n must be in [1, 342392] (at most 268435456 values in a result, 784 per"
              + " example), got 2147483647");
      assertThatThrownBy(() -> vae.sample(0)).hasMessageStartingWith("n must be in [1, 342392]");
      assertThatThrownBy(() -> cvae.sampleOfClass(1, Integer.MAX_VALUE))
          .hasMessageStartingWith("n must be in [1, 342392]");
      INDArray one = Nd4j.rand(DataType.FLOAT, 1, 1, 28, 28);
      assertThatThrownBy(() -> vae.interpolate(one, one, 100_000_000))
          .hasMessage("steps must be in [2, 10000], got 100000000");
    }
  }

  @Test
  void extremeFiniteInputsThatOverflowTheModelAreNamed() {
    try (Vae vae = Vae.builder().mlpEncoder(5).inputShape(1, 4, 4).mseLoss().build()) {
      // every weight 1: the first layer sums 16 inputs of 3e38, beyond float's 3.4e38
      TrainingSession session = TrainingSession.of(vae, TrainingOptions.builder().build());
      float[] ones = new float[session.parameterCount()];
      java.util.Arrays.fill(ones, 1f);
      session.setParameters(ones);
      INDArray huge = Nd4j.valueArrayOf(new long[] {2, 1, 4, 4}, 3e38f, DataType.FLOAT);
      assertThatThrownBy(() -> vae.encodeMean(huge))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("the posterior mean is not finite for x with values in [3.0E38, 3.0E38]")
          .hasMessageContaining("scale x");
    }
  }
}
