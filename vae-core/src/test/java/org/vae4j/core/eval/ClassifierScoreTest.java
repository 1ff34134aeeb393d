package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClassifierScoreTest {

  @Test
  void countsEachTruePredictedPairAndTheAccuracy() {
    int[] truth = {0, 0, 1, 2, 2, 2};
    int[] predicted = {0, 1, 1, 2, 0, 2};
    ClassifierScore s = ClassifierScore.of(truth, predicted, 3);
    assertThat(s.confusion()).isDeepEqualTo(new long[][] {{1, 1, 0}, {0, 1, 0}, {1, 0, 2}});
    assertThat(s.accuracy()).isEqualTo(4 / 6.0);
    assertThat(s.count()).isEqualTo(6);
    assertThat(s.numClasses()).isEqualTo(3);
  }

  @Test
  void theMatrixIsCopiedInAndOut() {
    long[][] m = {{2, 0}, {1, 1}};
    ClassifierScore s = new ClassifierScore(0.75, m);
    m[0][0] = 99;
    s.confusion()[1][1] = 99;
    assertThat(s.confusion()).isDeepEqualTo(new long[][] {{2, 0}, {1, 1}});
    assertThat(s).isEqualTo(new ClassifierScore(0.75, new long[][] {{2, 0}, {1, 1}}));
  }

  @Test
  void rejectsOutOfRangeClassesAndRaggedMatrices() {
    assertThatThrownBy(() -> ClassifierScore.of(new int[] {0, 3}, new int[] {0, 1}, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truth[1]")
        .hasMessageContaining("3");
    assertThatThrownBy(() -> ClassifierScore.of(new int[] {0}, new int[] {0, 1}, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same non-zero length");
    assertThatThrownBy(() -> new ClassifierScore(1, new long[][] {{1, 0}, {0}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
  }
}
