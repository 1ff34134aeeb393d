package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.vae4j.core.Vae;

/**
 * {@code setInputCols} of the estimator and of the model share one check ({@link
 * ColumnParams#inputCols}): the same messages, and both keep a copy of the array.
 */
class InputColsTest {

  @Test
  void bothSettersRefuseTheSameNamesWithTheSameMessagesAndCopyTheArray() {
    try (Vae vae = Vae.builder().mlpEncoder(4).inputShape(3).latentDim(2).build()) {
      VaeModel model = VaeModel.of(vae);
      VaeEstimator estimator = new VaeEstimator();
      List<Function<String[], VaeParams>> setters = List.of(estimator::setInputCols,
          model::setInputCols);
      for (Function<String[], VaeParams> set : setters) {
        assertThatThrownBy(() -> set.apply(new String[] {"a", "b", "a"}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("inputCols must be distinct, got 'a' twice");
        assertThatThrownBy(() -> set.apply(new String[] {"a", ""}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("inputCols must hold column names, got ''");
        assertThatThrownBy(() -> set.apply(new String[] {null}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("inputCols must hold column names, got 'null'");
        assertThatThrownBy(() -> set.apply(null))
            .isInstanceOf(NullPointerException.class).hasMessage("inputCols");
        String[] names = {"x", "y"};
        VaeParams p = set.apply(names);
        names[0] = "changed";
        assertThat(p.getInputCols()).containsExactly("x", "y");
      }
    }
  }
}
