package org.vae4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * Consecutive rows of one partition as the training tasks keep them cached: the examples
 * flattened into one {@code float} array, row after row, and the class labels of a conditional
 * VAE (else null). A partition is stored as blocks of {@code blockRows} rows each, the last one
 * holding the rest, so that no block grows past a few megabytes whatever the partition's size.
 *
 * <p>Plain fields and a no-argument constructor: whichever serializer the application configured
 * (Java's or Kryo) can store it when Spark spills the cache to disk.
 */
final class RowBlock implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Values per block: about 4 MB of floats. */
  static final int TARGET_VALUES = 1 << 20;

  private float[] values;
  private int[] labels;
  private int rows;

  /** For serializers. */
  RowBlock() {}

  RowBlock(float[] values, int[] labels, int rows) {
    this.values = values;
    this.labels = labels;
    this.rows = rows;
  }

  /** Rows per block for examples of {@code width} values. */
  static int rowsPerBlock(int width) {
    return Math.max(1, TARGET_VALUES / Math.max(1, width));
  }

  int rows() {
    return rows;
  }

  float[] values() {
    return values;
  }

  int[] labels() {
    return labels;
  }

  /**
   * Reads a partition's rows into blocks of {@code blockRows} rows, checking each row with the
   * reader (width, nulls, finite values, labels): a bad row fails the task with an {@link
   * IllegalArgumentException} naming the column.
   */
  record Reader(ExampleReader rows, int blockRows) implements FlatMapFunction<Iterator<Row>, RowBlock> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<RowBlock> call(Iterator<Row> in) {
      int width = rows.width();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return in.hasNext();
        }

        @Override
        public RowBlock next() {
          if (!in.hasNext()) {
            throw new NoSuchElementException();
          }
          List<Row> batch = new ArrayList<>(Math.min(blockRows, 4096));
          while (batch.size() < blockRows && in.hasNext()) {
            batch.add(in.next());
          }
          int n = batch.size();
          float[] values = new float[Math.multiplyExact(n, width)];
          int[] labels = rows.hasLabels() ? new int[n] : null;
          for (int i = 0; i < n; i++) {
            rows.readInput(batch.get(i), values, i * width);
            if (labels != null) {
              labels[i] = rows.readLabel(batch.get(i));
            }
          }
          return new RowBlock(values, labels, n);
        }
      };
    }
  }

  /**
   * The rows of one partition, from its blocks, by index: gathers batches in any order.
   * Every block but the last holds {@code blockRows} rows.
   */
  static final class Partition {
    private final List<RowBlock> blocks;
    private final int blockRows;
    private final int width;
    private final int size;
    private final boolean labelled;

    Partition(List<RowBlock> blocks, int blockRows, int width) {
      this.blocks = List.copyOf(blocks);
      this.blockRows = blockRows;
      this.width = width;
      long n = 0;
      for (int b = 0; b < this.blocks.size(); b++) {
        RowBlock block = this.blocks.get(b);
        if (b < this.blocks.size() - 1 ? block.rows != blockRows
            : block.rows < 1 || block.rows > blockRows) {
          throw new IllegalStateException("block " + b + " of " + this.blocks.size()
              + " must hold " + (b < this.blocks.size() - 1 ? "" : "1 to ") + blockRows
              + " rows, got " + block.rows);
        }
        n += block.rows;
      }
      this.size = Math.toIntExact(n);
      this.labelled = !this.blocks.isEmpty() && this.blocks.get(0).labels != null;
    }

    /** Reads all blocks of a partition. */
    static Partition of(Iterator<RowBlock> blocks, int blockRows, int width) {
      List<RowBlock> list = new ArrayList<>();
      blocks.forEachRemaining(list::add);
      return new Partition(list, blockRows, width);
    }

    /** Rows in the partition. */
    int size() {
      return size;
    }

    /** The examples of rows {@code order[from..to)}, one after another. */
    float[] values(int[] order, int from, int to) {
      float[] out = new float[Math.multiplyExact(to - from, width)];
      for (int i = from; i < to; i++) {
        int r = order[i];
        System.arraycopy(blocks.get(r / blockRows).values, (r % blockRows) * width, out,
            (i - from) * width, width);
      }
      return out;
    }

    /** The labels of rows {@code order[from..to)}, or null when the rows carry none. */
    int[] labels(int[] order, int from, int to) {
      if (!labelled) {
        return null;
      }
      int[] out = new int[to - from];
      for (int i = from; i < to; i++) {
        int r = order[i];
        out[i - from] = blocks.get(r / blockRows).labels[r % blockRows];
      }
      return out;
    }
  }
}
