package org.vae4j.api;

import org.nd4j.linalg.dataset.DataSet;

/**
 * A batch source (a DL4J {@code DataSetIterator}, typically) that takes its batches back: a
 * consumer that is done with a batch {@link #release(DataSet) releases} it, and the source frees
 * or reuses the batch's native memory at once instead of when the garbage collector finds the
 * batch unreachable. A streaming source allocates a new native array per batch; without release,
 * the JVM's collector decides how many of them are alive, and on a large default heap that can be
 * hundreds of megabytes.
 *
 * <p>Releasing is optional: a batch that is never released stays valid and is freed by the
 * collector as usual. vae-core's training loop releases every batch of such a source after its
 * step. A consumer must not use a released batch's arrays (or views of them) again.
 */
public interface ReleasableBatches {
  /**
   * Hands back a batch this source returned: its arrays may be closed or filled with another
   * batch's values from now on. A batch the source did not make, or one released before, is left
   * as it is.
   */
  void release(DataSet batch);
}
