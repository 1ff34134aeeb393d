package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
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

  private static final ArrayTable.Limits ROOMY = new ArrayTable.Limits(10, 1000);

  static Map<String, INDArray> decode(int magic, byte[] bytes) throws ModelFormatException {
    return ArrayTable.decode(FILE, "p.bin", magic, new ByteArrayInputStream(bytes), ROOMY);
  }

  @Test
  void decodeInvertsEncodeBitForBit() {
    qt().withExamples(30)
        .forAll(longs().between(1, 1000), integers().between(1, 9), integers().between(1, 9))
        .checkAssert((seed, rows, cols) -> {
          Map<String, INDArray> in = table(seed, rows, cols);
          try {
            Map<String, INDArray> out = decode(MAGIC, ArrayTable.encode(MAGIC, in));
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
      assertThatThrownBy(() -> decode(MAGIC, part))
          .as("cut at %d of %d bytes", cut, full.length)
          .isInstanceOf(ModelFormatException.class)
          .hasMessageStartingWith("model.zip: p.bin");
    }
  }

  @Test
  void wrongMagicIsRejectedWithBothValues() throws Exception {
    byte[] bytes = ArrayTable.encode(MAGIC, table(3, 2, 3));
    assertThatThrownBy(() -> decode(0x0BADF00D, bytes))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("model.zip: p.bin must start with magic badf00d, got 12345678");
  }

  @Test
  void aNonFiniteValueIsRejectedNamingTheArrayAndTheIndex() {
    qt().withExamples(20)
        .forAll(integers().between(0, 5), integers().between(0, 2))
        .checkAssert((index, which) -> {
          float bad = new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}[which];
          float[] v = {1, 2, 3, 4, 5, 6};
          v[index] = bad;
          Map<String, INDArray> m = new LinkedHashMap<>();
          m.put("ok", Nd4j.ones(DataType.DOUBLE, 2));
          m.put("w", Nd4j.create(v, new long[] {2, 3}, 'c'));
          assertThatThrownBy(() -> decode(MAGIC, ArrayTable.encode(MAGIC, m)))
              .isInstanceOf(ModelFormatException.class)
              .hasMessage("model.zip: p.bin: array w must hold only finite values, got " + bad
                  + " at index " + index);
        });
  }

  @Test
  void moreValuesOrArraysThanTheLimitsAllowAreRejectedBeforeAllocating() throws Exception {
    Map<String, INDArray> m = table(3, 4, 5); // 20 + 5 + 1 values, 3 arrays
    byte[] bytes = ArrayTable.encode(MAGIC, m);
    assertThat(ArrayTable.decode(FILE, "p.bin", MAGIC, new ByteArrayInputStream(bytes),
        new ArrayTable.Limits(3, 26))).hasSize(3);
    assertThatThrownBy(() -> ArrayTable.decode(FILE, "p.bin", MAGIC,
        new ByteArrayInputStream(bytes), new ArrayTable.Limits(3, 25)))
        .hasMessage("model.zip: p.bin: arrays must hold at most 25 values in all (what the config "
            + "needs), got 25 before array scalar of shape []");
    assertThatThrownBy(() -> ArrayTable.decode(FILE, "p.bin", MAGIC,
        new ByteArrayInputStream(bytes), new ArrayTable.Limits(2, 1000)))
        .hasMessage("model.zip: p.bin: array count must be in [0, 2], got 3");
    // a header claiming a huge array is refused from its shape alone
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(b)) {
      out.writeInt(MAGIC);
      out.writeInt(1);
      out.writeUTF("w");
      out.writeUTF("FLOAT");
      out.writeInt(2);
      out.writeLong(Integer.MAX_VALUE);
      out.writeLong(Integer.MAX_VALUE);
    }
    assertThatThrownBy(() -> decode(MAGIC, b.toByteArray()))
        .hasMessage("model.zip: p.bin: arrays must hold at most 1000 values in all (what the "
            + "config needs), got 0 before array w of shape [2147483647, 2147483647]");
    assertThat(ROOMY.maxBytes()).isLessThan(20_000);
  }

  @Test
  void trailingBytesLongNamesAndDuplicatesAreRejected() throws Exception {
    byte[] bytes = ArrayTable.encode(MAGIC, table(3, 2, 2));
    assertThatThrownBy(() -> decode(MAGIC, Arrays.copyOf(bytes, bytes.length + 1)))
        .hasMessage("model.zip: p.bin must end after its end marker, got more bytes");
    Map<String, INDArray> longName = new LinkedHashMap<>();
    longName.put("n".repeat(300), Nd4j.ones(DataType.FLOAT, 1));
    assertThatThrownBy(() -> decode(MAGIC, ArrayTable.encode(MAGIC, longName)))
        .hasMessage("model.zip: p.bin: array names must be at most 256 bytes, got 300");
    byte[] one = ArrayTable.encode(MAGIC, Map.of("a", Nd4j.ones(DataType.FLOAT, 1)));
    // the same array twice: header with count 2, the array's bytes twice, the end marker
    int arrayBytes = one.length - 12;
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(b)) {
      out.writeInt(MAGIC);
      out.writeInt(2);
      out.write(one, 8, arrayBytes);
      out.write(one, 8, arrayBytes);
      out.write(one, 8 + arrayBytes, 4);
    }
    assertThatThrownBy(() -> decode(MAGIC, b.toByteArray()))
        .hasMessage("model.zip: p.bin: array names must be unique, got a twice");
  }
}
