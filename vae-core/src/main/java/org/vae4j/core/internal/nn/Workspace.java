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
 * composed; a slot's memory is allocated the first time it is used after {@link #reserve} and
 * again only when a larger batch arrives (the old arrays are closed at once), so the native memory
 * a network holds is bounded by its largest batch, whatever sizes an iterator yields, and a slot
 * that is declared but never used (a layer's scratch for a case that does not arise) costs
 * nothing. A batch of {@code n <= capacity} rows uses the first {@code n} rows ({@link
 * Slot#rows}), a contiguous view. Forward slots (what inference needs) and backward slots (what
 * training adds) have separate capacities, so inference never allocates gradient memory.
 *
 * <p>A {@link Scratch} is one array shared by every layer that needs a temporary only inside one
 * call of its own (a transposed convolution's uncropped output): it is as large as the largest
 * request, not the sum of them. A {@link Fixed} array has a shape that does not depend on the
 * batch (a layer's gradient of one chunk of rows, before it is added to the parameters'
 * gradient). {@link #close()} frees everything.
 *
 * <p>Not thread-safe: the network uses it under its lock.
 */
public final class Workspace implements AutoCloseable {

  private static final int VIEWS_KEPT = 4;

  private final DataType dataType;
  private final List<Slot> slots = new ArrayList<>();
  private long forwardCapacity;
  private long backwardCapacity;
  private Scratch scratch;
  private final List<Fixed> fixed = new ArrayList<>();
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

    private long capacity() {
      return backward ? backwardCapacity : forwardCapacity;
    }

    /** True once this slot holds memory (it is allocated on its first use). */
    boolean allocated() {
      return full != null;
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
        long cap = capacity();
        if (cap < n) {
          throw new IllegalStateException("workspace slot " + Arrays.toString(perExample)
              + " has " + cap + " rows reserved, needs " + n);
        }
        if (full == null) {
          ensureOpen();
          allocate(cap);
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
    return s;
  }

  /**
   * Scratch for temporaries used only inside one call of one layer, {@code valuesPerExample}
   * values per example, shared with every other such request of this workspace: its size is the
   * largest request, and its contents are undefined at the start of each use. It is a forward
   * slot (inference needs it too), so a backward pass may use it for its own temporaries.
   */
  public Scratch scratch(long valuesPerExample) {
    if (valuesPerExample < 1) {
      throw new IllegalArgumentException("scratch needs at least 1 value per example, got "
          + valuesPerExample);
    }
    if (scratch == null || scratch.slot.perExample[0] < valuesPerExample) {
      if (scratch != null && scratch.slot.allocated()) {
        throw new IllegalStateException("scratch must be declared before the workspace is used");
      }
      Slot s = declare(new long[] {valuesPerExample}, false);
      if (scratch != null) {
        slots.remove(scratch.slot);
        scratch.slot = s;
      } else {
        scratch = new Scratch(s);
      }
    }
    return scratch;
  }

  /** The workspace's one shared scratch array (see {@link #scratch(long)}). */
  public final class Scratch {
    private Slot slot;
    private final Map<List<Long>, INDArray> views = new LinkedHashMap<>(8, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<List<Long>, INDArray> eldest) {
        return size() > 4 * VIEWS_KEPT;
      }
    };
    private INDArray viewsOf;

    private Scratch(Slot slot) {
      this.slot = slot;
    }

    /**
     * The first {@code n * prod(shape)} values as a c-order {@code [n, shape...]} view; the caller
     * must have reserved {@code n} forward rows and requested at least {@code prod(shape)} values
     * per example.
     */
    public INDArray view(long n, long... shape) {
      long per = 1;
      for (long d : shape) {
        per = Math.multiplyExact(per, d);
      }
      if (per > slot.perExample[0]) {
        throw new IllegalStateException("scratch holds " + slot.perExample[0]
            + " values per example, asked for " + per);
      }
      INDArray rows = slot.rows(forwardCapacity);
      if (rows != viewsOf) {
        views.clear();
        viewsOf = rows;
      }
      List<Long> key = new ArrayList<>(shape.length + 1);
      key.add(n);
      for (long d : shape) {
        key.add(d);
      }
      INDArray v = views.get(key);
      if (v == null) {
        long[] s = new long[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        INDArray flat = rows.reshape('c', new long[] {rows.length()});
        v = flat.get(NDArrayIndex.interval(0, n * per)).reshape('c', s);
        views.put(key, v);
      }
      return v;
    }
  }

  /**
   * Declares an array of a fixed {@code shape}, independent of the batch size (allocated on its
   * first use, kept until {@link #close()}; contents undefined at the start of each use).
   */
  public Fixed fixed(long... shape) {
    for (long d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException("fixed array dimensions must be at least 1, got "
            + Arrays.toString(shape));
      }
    }
    Fixed f = new Fixed(shape);
    fixed.add(f);
    return f;
  }

  /** A work array whose shape does not depend on the batch (see {@link #fixed}). */
  public final class Fixed {
    private final long[] shape;
    private INDArray array;

    private Fixed(long[] shape) {
      this.shape = shape.clone();
    }

    /** The array, allocated on the first call. */
    public INDArray array() {
      if (array == null) {
        ensureOpen();
        array = Nd4j.zeros(dataType, shape);
      }
      return array;
    }

    private void free() {
      if (array != null) {
        array.close();
        array = null;
      }
    }

    private long bytes() {
      return array == null ? 0 : array.length() * dataType.width();
    }
  }

  /**
   * Makes sure every forward slot (and every backward slot, when {@code backward}) has at least
   * {@code n} rows: the ones that are smaller are freed and allocated again, at the new size, on
   * their next use.
   */
  public void reserve(long n, boolean backward) {
    ensureOpen();
    if (n > forwardCapacity) {
      forwardCapacity = n;
      for (Slot s : slots) {
        if (!s.backward) {
          s.free();
        }
      }
    }
    if (backward && n > backwardCapacity) {
      backwardCapacity = n;
      for (Slot s : slots) {
        if (s.backward) {
          s.free();
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
    for (Fixed f : fixed) {
      b += f.bytes();
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
    for (Fixed f : fixed) {
      f.free();
    }
  }
}
