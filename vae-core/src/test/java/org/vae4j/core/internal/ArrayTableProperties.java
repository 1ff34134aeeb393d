package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelFormatException;

class ArrayTableProperties {

  private static final Path FILE = Path.of("model.zip");
  private static final int MAGIC = 0x12345678;

  private static Map<String, INDArray> table(long seed, int rows, int cols) {
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put("w", Nd4j.rand(DataType.FLOAT, rows, cols).muli(seed % 7 - 3));
    m.put("b", Nd4j.rand(DataType.DOUBLE, cols).subi(0.5));
    m.put("scalar", Nd4j.scalar(DataType.FLOAT, (float) seed));
    return m;
  }

  @Test
  void decodeInvertsEncodeBitForBit() {
    qt().withExamples(30)
        .forAll(longs().between(1, 1000), integers().between(1, 9), integers().between(1, 9))
        .checkAssert((seed, rows, cols) -> {
          Map<String, INDArray> in = table(seed, rows, cols);
          try {
            Map<String, INDArray> out = ArrayTable.decode(FILE, "p.bin", MAGIC, ArrayTable.encode(MAGIC, in));
            assertThat(out.keySet()).containsExactlyElementsOf(in.keySet());
            in.forEach((k, v) -> {
              assertThat(out.get(k).shape()).isEqualTo(v.shape());
              assertThat(out.get(k).dataType()).isEqualTo(v.dataType());
              assertThat(out.get(k)).isEqualTo(v);
            });
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void everyTruncationIsRejectedNamingFileAndEntry() throws Exception {
    byte[] full = ArrayTable.encode(MAGIC, table(3, 2, 3));
    for (int cut = 0; cut < full.length; cut++) {
      byte[] part = Arrays.copyOf(full, cut);
      assertThatThrownBy(() -> ArrayTable.decode(FILE, "p.bin", MAGIC, part))
          .as("cut at %d of %d bytes", cut, full.length)
          .isInstanceOf(ModelFormatException.class)
          .hasMessageStartingWith("model.zip: p.bin");
    }
  }

  @Test
  void wrongMagicIsRejectedWithBothValues() throws Exception {
    byte[] bytes = ArrayTable.encode(MAGIC, table(3, 2, 3));
    assertThatThrownBy(() -> ArrayTable.decode(FILE, "p.bin", 0x0BADF00D, bytes))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("model.zip: p.bin must start with magic badf00d, got 12345678");
  }
}
