package org.vae4j.spark;

import java.io.Serializable;
import org.apache.spark.sql.Row;

/**
 * Reads one example (and a conditional VAE's label) out of a {@link Row} into a flat float array,
 * checking it on the way: {@link RowReader} for a vector or array column, {@link TableRowReader}
 * for the feature columns of a table model. Shared by the executor side of {@link
 * VaeModel#transform} and of {@link VaeEstimator#fit}'s tasks.
 */
interface ExampleReader extends Serializable {

  /** Values per example. */
  int width();

  /** True when the rows carry labels. */
  boolean hasLabels();

  /** The shape of a batch of {@code n} examples, {@code [n, dataShape...]}. */
  long[] batchShape(int n);

  /**
   * Copies the example of {@code row} into {@code into} from {@code offset}.
   *
   * @throws IllegalArgumentException for a row the model cannot take, naming the column
   */
  void readInput(Row row, float[] into, int offset);

  /** The class index of {@code row}. */
  int readLabel(Row row);
}
