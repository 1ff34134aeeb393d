package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.Vae;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.eval.AnomalyScorer.ScoreType;

/**
 * The one check of the condition labels ({@link Inputs#condition}) behind the anomaly scorer, the
 * aggregate posterior and the evaluator: the same messages from each.
 */
class ConditionLabelsTest {

  private static final int D = 12; // ModelEvaluatorTest.uniform's width

  /** Each service's call with {@code (model, data, labels)}. */
  private interface Call {
    void run(Vae4jModel model, INDArray data, int[] labels);
  }

  private static List<Call> services(Vae4jModel fitted) {
    AnomalyScorer scorer = AnomalyScorer.builder().scoreType(ScoreType.NEGATIVE_ELBO).build();
    ModelEvaluator evaluator = ModelEvaluator.builder().importanceSamples(2).build();
    return List.of(
        (m, x, l) -> scorer.score(m, x, l),
        (m, x, l) -> scorer.contributions(m, x, l),
        (m, x, l) -> AggregatePosterior.fit(m, x, l),
        (m, x, l) -> AggregatePosterior.fit(fitted, ModelEvaluatorTest.uniform(4, 2),
            new int[] {0, 1, 2, 0}).score(m, x, l),
        (m, x, l) -> evaluator.evaluate(m, x, l));
  }

  private static void forEach(List<Call> calls, Consumer<Call> check) {
    for (Call c : calls) {
      check.accept(c);
    }
  }

  @Test
  void aConditionalModelRefusesMissingOrBadLabelsWithTheSameMessagesEverywhere() {
    try (ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(6).inputShape(D).numClasses(3)
        .latentDim(2).seed(2).build()) {
      INDArray x = ModelEvaluatorTest.uniform(4, 5);
      forEach(services(cvae), c -> {
        assertThatThrownBy(() -> c.run(cvae, x, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("labels must be given for a model conditioned on 3 classes (a "
                + "conditional VAE), got none");
        assertThatThrownBy(() -> c.run(cvae, x, new int[] {0, 1, 2}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("labels must have one label per example (4), got 3");
        assertThatThrownBy(() -> c.run(cvae, x, new int[] {0, 1, 3, 0}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("labels[2] must be in [0, 3), got 3");
        c.run(cvae, x, new int[] {0, 1, 2, 0});
      });
    }
  }

  @Test
  void theHelperKeepsAConditionalModelsLabelsAndDropsTheOthersAfterCheckingThem() {
    try (ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(6).inputShape(D).numClasses(3)
        .latentDim(2).build();
        Vae vae = Vae.builder().mlpEncoder(6).inputShape(D).latentDim(2).build()) {
      int[] labels = {2, 0, 1};
      int[] kept = Inputs.condition("labels", labels, 3, cvae.config());
      assertThat(kept).containsExactly(2, 0, 1).isNotSameAs(labels);
      assertThat(Inputs.condition("labels", labels, 3, vae.config())).isNull();
      assertThat(Inputs.condition("labels", null, 3, vae.config())).isNull();
      assertThatThrownBy(() -> Inputs.condition("labels", new int[] {0, -1, 0}, 3, vae.config()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("labels[1] must be in [0, infinity), got -1");
      assertThatThrownBy(() -> Inputs.condition("labels", new int[] {0}, 3, vae.config()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("labels must have one label per example (3), got 1");
      // an unconditional model's scores ignore (checked) labels
      INDArray x = ModelEvaluatorTest.uniform(3, 7);
      AnomalyScorer s = AnomalyScorer.builder().seed(4).build();
      assertThat(s.score(vae, x, labels)).containsExactly(s.score(vae, x));
      AggregatePosterior q = AggregatePosterior.fit(vae, x, null);
      assertThat(q.score(vae, x, labels)).containsExactly(q.score(vae, x, null));
    }
  }
}
