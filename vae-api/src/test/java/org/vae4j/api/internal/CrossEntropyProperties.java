package org.vae4j.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import org.junit.jupiter.api.Test;

class CrossEntropyProperties {

  @Test
  void isTheBernoulliNegativeLogProbabilityAndFiniteAtTheEdges() {
    qt().forAll(doubles().between(0, 1), doubles().between(1e-6, 1 - 1e-6)).checkAssert((x, p) -> {
      double expected = -(x * Math.log(p) + (1 - x) * Math.log(1 - p));
      assertThat(CrossEntropy.ofProbability(x, p)).isCloseTo(expected, within(1e-9 * (1 + expected)));
      assertThat(CrossEntropy.ofProbability(x, p)).isGreaterThanOrEqualTo(0);
    });
    assertThat(CrossEntropy.ofProbability(1, 0)).isCloseTo(-Math.log(1e-7), within(1e-9));
    assertThat(CrossEntropy.ofProbability(0, 1)).isCloseTo(-Math.log(1e-7), within(1e-6));
    assertThat(CrossEntropy.ofProbability(1, 1)).isCloseTo(0, within(1e-6));
  }
}
