package org.vae4j.core.internal.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every work array of one network: activations, gradients and scratch, each a {@link Slot} of
 * {@code capacity} rows of a fixed per-example shape. Slots are declared while the network is
 * composed; their memory is allocated on first use and grows only when a larger batch arrives
 * (the old arrays are closed at once), so the native memory a network holds is bounded by its
 * largest batch, whatever sizes an iterator yields. A batch of {@code n <= capacity} rows uses
 * the first {@code n} rows ({@link Slot#rows}), a contiguous view. Forward slots (what inference
 * needs) and backward slots (what training adds) have separate capacities, so inference never
 * allocates gradient memory. {@link #close()} frees everything.
 *
 * <p>Not thread-safe: the network uses it under its lock.
 */
public final class Workspace implements AutoCloseable {

  private static final int VIEWS_KEPT = 4;

  private final DataType dataType;
  private final List<Slot> slots = new ArrayList<>();
  private long forwardCapacity;
  private long backwardCapacity;
  private boolean closed;

  public Workspace(DataType dataType) {
    this.dataType = dataType;
  }

  /** The data type of every slot. */
  public DataType dataType() {
    return dataType;
  }

  /** One work array: up to capacity rows of {@code perExample} values each. */
  public final class Slot {
    private final long[] perExample;
    private final boolean backward;
    private INDArray full;
    private final Map<Long, INDArray> views = new LinkedHashMap<>(8, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, INDArray> eldest) {
        return size() > VIEWS_KEPT;
      }
    };

    private Slot(long[] perExample, boolean backward) {
      this.perExample = perExample.clone();
      this.backward = backward;
    }

    /** The shape of one example (a copy). */
    public long[] perExample() {
      return perExample.clone();
    }

    /**
     * The first {@code n} rows, {@code [n, perExample...]}; valid until the capacity grows. The
     * caller must have reserved at least {@code n} rows for this slot's kind.
     */
    public INDArray rows(long n) {
      INDArray v = views.get(n);
      if (v == null) {
        if (full == null || full.size(0) < n) {
          throw new IllegalStateException("workspace slot " + Arrays.toString(perExample)
              + " has " + (full == null ? 0 : full.size(0)) + " rows reserved, needs " + n);
        }
        if (n == full.size(0)) {
          v = full;
        } else {
          INDArrayIndex[] idx = new INDArrayIndex[perExample.length + 1];
          idx[0] = NDArrayIndex.interval(0, n);
          for (int i = 1; i < idx.length; i++) {
            idx[i] = NDArrayIndex.all();
          }
          v = full.get(idx);
        }
        views.put(n, v);
      }
      return v;
    }

    private void allocate(long capacity) {
      free();
      long[] shape = new long[perExample.length + 1];
      shape[0] = capacity;
      System.arraycopy(perExample, 0, shape, 1, perExample.length);
      full = Nd4j.zeros(dataType, shape);
    }

    private void free() {
      views.clear();
      if (full != null) {
        full.close();
        full = null;
      }
    }

    private long bytes() {
      return full == null ? 0 : full.length() * dataType.width();
    }
  }

  /** Declares a slot that inference needs (activations). */
  public Slot forward(long... perExample) {
    return declare(perExample, false);
  }

  /** Declares a slot that only training needs (gradients, masks). */
  public Slot backward(long... perExample) {
    return declare(perExample, true);
  }

  private Slot declare(long[] perExample, boolean backward) {
    Slot s = new Slot(perExample, backward);
    slots.add(s);
    long cap = backward ? backwardCapacity : forwardCapacity;
    if (cap > 0) {
      s.allocate(cap);
    }
    return s;
  }

  /**
   * Makes sure every forward slot (and every backward slot, when {@code backward}) has at least
   * {@code n} rows, reallocating the ones that are smaller.
   */
  public void reserve(long n, boolean backward) {
    ensureOpen();
    if (n > forwardCapacity) {
      forwardCapacity = n;
      for (Slot s : slots) {
        if (!s.backward) {
          s.allocate(n);
        }
      }
    }
    if (backward && n > backwardCapacity) {
      backwardCapacity = n;
      for (Slot s : slots) {
        if (s.backward) {
          s.allocate(n);
        }
      }
    }
  }

  /** Rows reserved for forward slots (0 before the first use). */
  public long forwardCapacity() {
    return forwardCapacity;
  }

  /** Bytes of native memory held by all slots. */
  public long bytes() {
    long b = 0;
    for (Slot s : slots) {
      b += s.bytes();
    }
    return b;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("workspace is closed");
    }
  }

  /** Frees every slot; idempotent. */
  @Override
  public void close() {
    closed = true;
    for (Slot s : slots) {
      s.free();
    }
  }
}
