package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DataSplitTest {

  @Test
  void aSplitPartitionsTheIndicesAndIsReproducible() {
    DataSplit s = DataSplit.shuffled(100, 80, 3);
    int[] all = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.test())).sorted().toArray();
    assertThat(all).isEqualTo(IntStream.range(0, 100).toArray());
    assertThat(s.train()).hasSize(80);
    assertThat(DataSplit.shuffled(100, 80, 3)).isEqualTo(s);
    assertThat(DataSplit.shuffled(100, 80, 4)).isNotEqualTo(s);
    // Shuffled: the test part is not simply the last 20 indices.
    assertThat(s.test()).isNotEqualTo(IntStream.range(80, 100).toArray());
  }

  @Test
  void rowsAndLabelsFollowTheIndices() {
    INDArray data = Nd4j.arange(0, 10 * 2 * 3).castTo(DataType.FLOAT).reshape(10, 1, 2, 3);
    int[] labels = IntStream.range(0, 10).map(i -> 100 + i).toArray();
    DataSplit s = DataSplit.shuffled(10, 6, 1);
    INDArray test = s.testRows(data);
    assertThat(test.shape()).containsExactly(4, 1, 2, 3);
    int[] idx = s.test();
    for (int i = 0; i < idx.length; i++) {
      assertThat(test.getFloat(i, 0, 1, 2)).isEqualTo(data.getFloat(idx[i], 0, 1, 2));
      assertThat(s.testLabels(labels)[i]).isEqualTo(100 + idx[i]);
    }
    assertThat(s.trainRows(data).size(0)).isEqualTo(6);
    assertThat(s.trainLabels(labels)).hasSize(6);
  }

  @Test
  void rejectsBadSizesAndMismatchedData() {
    assertThatThrownBy(() -> DataSplit.shuffled(10, 10, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("trainSize must be in [1, 9], got 10");
    assertThatThrownBy(() -> DataSplit.shuffled(1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("n must be >= 2 to split, got 1");
    DataSplit s = DataSplit.shuffled(10, 5, 0);
    assertThatThrownBy(() -> s.trainRows(Nd4j.zeros(9, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 rows").hasMessageContaining("[9, 2]");
    assertThatThrownBy(() -> s.testLabels(new int[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 entries").hasMessageContaining("3");
  }
}
