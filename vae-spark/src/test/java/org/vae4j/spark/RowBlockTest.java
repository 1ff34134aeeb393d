package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Reading a partition's rows into blocks, and gathering batches back out of them by index. */
class RowBlockTest {

  private static final int WIDTH = 3;

  private static List<Row> rows(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(Vectors.dense(i, i + 0.25, i + 0.5), i % 4));
    }
    return rows;
  }

  private static RowReader reader(boolean labels) {
    return new RowReader(0, Columns.InputKind.VECTOR, "x", labels ? 1 : -1,
        labels ? "y" : "", new long[] {WIDTH}, 4);
  }

  private static List<RowBlock> read(int n, int blockRows, boolean labels) {
    Iterator<RowBlock> it = new RowBlock.Reader(reader(labels), blockRows).call(rows(n).iterator());
    List<RowBlock> blocks = new ArrayList<>();
    it.forEachRemaining(blocks::add);
    return blocks;
  }

  @Test
  void aPartitionIsCutIntoFullBlocksAndARest() {
    List<RowBlock> blocks = read(11, 4, true);
    assertThat(blocks).extracting(RowBlock::rows).containsExactly(4, 4, 3);
    assertThat(blocks.get(2).values()).containsExactly(8, 8.25f, 8.5f, 9, 9.25f, 9.5f, 10, 10.25f,
        10.5f);
    assertThat(blocks.get(1).labels()).containsExactly(0, 1, 2, 3);
    assertThat(read(8, 4, false)).extracting(RowBlock::rows).containsExactly(4, 4);
    assertThat(read(0, 4, false)).isEmpty();
    assertThat(read(5, 4, false).get(0).labels()).isNull();
  }

  @Test
  void batchesAreGatheredInTheGivenOrderAcrossBlocks() {
    RowBlock.Partition p = new RowBlock.Partition(read(11, 4, true), 4, WIDTH);
    assertThat(p.size()).isEqualTo(11);
    int[] order = {10, 3, 4, 0, 7};
    assertThat(p.values(order, 0, 3)).containsExactly(10, 10.25f, 10.5f, 3, 3.25f, 3.5f, 4, 4.25f,
        4.5f);
    assertThat(p.values(order, 3, 5)).containsExactly(0, 0.25f, 0.5f, 7, 7.25f, 7.5f);
    assertThat(p.labels(order, 0, 5)).containsExactly(2, 3, 0, 0, 3);
    RowBlock.Partition unlabelled = new RowBlock.Partition(read(6, 4, false), 4, WIDTH);
    assertThat(unlabelled.labels(new int[] {1, 2}, 0, 2)).isNull();
    assertThat(new RowBlock.Partition(List.of(), 4, WIDTH).size()).isZero();
  }

  @Test
  void blocksOfTheWrongSizeAreRefused() {
    List<RowBlock> blocks = read(7, 3, false); // 3, 3, 1
    List<RowBlock> swapped = List.of(blocks.get(2), blocks.get(0), blocks.get(1));
    assertThatThrownBy(() -> new RowBlock.Partition(swapped, 3, WIDTH))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("block 0 of 3 must hold 3 rows, got 1");
  }

  @Test
  void rowsPerBlockKeepBlocksNearFourMegabytes() {
    assertThat(RowBlock.rowsPerBlock(784)).isEqualTo((1 << 20) / 784);
    assertThat(RowBlock.rowsPerBlock(1 << 22)).isEqualTo(1);
    assertThat(RowBlock.rowsPerBlock(1)).isEqualTo(1 << 20);
  }
}
