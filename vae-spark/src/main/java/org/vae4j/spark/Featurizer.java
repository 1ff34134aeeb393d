package org.vae4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.eval.Evaluator;

/**
 * The executor side of {@link VaeModel#transform}: reads each partition's rows in batches, runs
 * every batch through the model (borrowed from {@link ExecutorModels}, loaded from the broadcast
 * bytes only when this JVM has no idle instance), and appends the requested columns to each row.
 * An empty partition touches neither the model nor the broadcast.
 */
final class Featurizer implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  /** The model: its bytes (broadcast), their digest, its kind and shapes. */
  record ModelSpec(Broadcast<byte[]> bytes, String digest, ModelConfig.Kind kind, long[] dataShape,
      int latentDim, int numClasses) implements Serializable {
    private static final long serialVersionUID = 1L;

    int width() {
      long w = 1;
      for (long d : dataShape) {
        w *= d;
      }
      return Math.toIntExact(w);
    }
  }

  /**
   * Where the inputs are and which outputs to add.
   *
   * @param inputIndex position of the input column in the row
   * @param labelIndex position of the label column, -1 for none
   * @param fieldCount number of columns of the input rows
   */
  record Plan(int inputIndex, Columns.InputKind inputKind, String inputName, int labelIndex,
      String labelName, int fieldCount, boolean logVar, boolean reconstructionError,
      boolean logLikelihood, int importanceSamples, long logLikelihoodSeed, int batchSize)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final ModelSpec model;
  private final Plan plan;

  Featurizer(ModelSpec model, Plan plan) {
    this.model = model;
    this.plan = plan;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Batches(rows);
  }

  /** A model borrowed for one partition, given back once whichever comes first: the end of the rows or of the task. */
  private final class Lease {
    private LoadedModel loaded;

    synchronized LoadedModel get() {
      if (loaded == null) {
        try {
          loaded = ExecutorModels.borrow(model.digest(), model.kind(), () -> model.bytes().value());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot load the vae4j model in this executor: "
              + e.getMessage(), e);
        }
      }
      return loaded;
    }

    synchronized void release() {
      if (loaded != null) {
        ExecutorModels.release(model.digest(), loaded);
        loaded = null;
      }
    }
  }

  private final class Batches implements Iterator<Row> {
    private final Iterator<Row> in;
    private final int width = model.width();
    private final Lease lease = new Lease();
    private Evaluator evaluator;
    private Row[] out = new Row[0];
    private int next;

    Batches(Iterator<Row> in) {
      this.in = in;
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener(new TaskCompletionListener() {
          @Override
          public void onTaskCompletion(TaskContext context) {
            lease.release();
          }
        });
      }
    }

    @Override
    public boolean hasNext() {
      if (next < out.length) {
        return true;
      }
      if (!in.hasNext()) {
        lease.release();
        return false;
      }
      out = featurize(readBatch());
      next = 0;
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = out[next];
      out[next++] = null;
      return r;
    }

    private Row[] readBatch() {
      Row[] rows = new Row[plan.batchSize()];
      int n = 0;
      while (n < rows.length && in.hasNext()) {
        rows[n++] = in.next();
      }
      return n == rows.length ? rows : Arrays.copyOf(rows, n);
    }

    private Row[] featurize(Row[] rows) {
      int n = rows.length;
      float[] values = new float[Math.multiplyExact(n, width)];
      int[] labels = plan.labelIndex() < 0 ? null : new int[n];
      for (int i = 0; i < n; i++) {
        readInput(rows[i], values, i * width);
        if (labels != null) {
          labels[i] = readLabel(rows[i]);
        }
      }
      LoadedModel m = lease.get();
      INDArray x = Nd4j.create(values, shape(n), 'c');
      LoadedModel.Encoded e = m.encode(x, labels, plan.logVar());
      float[] mean = flatFloats(e.mean());
      float[] logVar = plan.logVar() ? flatFloats(e.logVar()) : null;
      double[] recon = plan.reconstructionError()
          ? flatDoubles(m.reconstructionLoss(x, e.mean(), labels)) : null;
      double[] logLikelihood = plan.logLikelihood() ? logLikelihoods(m, values, labels, n) : null;
      close(x);
      close(e.mean());
      close(e.logVar());

      int d = model.latentDim();
      Row[] result = new Row[n];
      for (int i = 0; i < n; i++) {
        Object[] cells = new Object[plan.fieldCount() + outputCount()];
        for (int c = 0; c < plan.fieldCount(); c++) {
          cells[c] = rows[i].get(c);
        }
        int at = plan.fieldCount();
        cells[at++] = vector(mean, i * d, d);
        if (logVar != null) {
          cells[at++] = vector(logVar, i * d, d);
        }
        if (recon != null) {
          cells[at++] = recon[i];
        }
        if (logLikelihood != null) {
          cells[at] = logLikelihood[i];
        }
        result[i] = RowFactory.create(cells);
      }
      return result;
    }

    /** One estimate per row, each from the row alone: the value does not depend on the partitioning. */
    private double[] logLikelihoods(LoadedModel m, float[] values, int[] labels, int n) {
      if (evaluator == null) {
        evaluator = Evaluator.builder().importanceSamples(plan.importanceSamples())
            .seed(plan.logLikelihoodSeed()).build();
      }
      double[] result = new double[n];
      for (int i = 0; i < n; i++) {
        INDArray row = Nd4j.create(Arrays.copyOfRange(values, i * width, (i + 1) * width), shape(1), 'c');
        result[i] = m.logLikelihood(evaluator, row, labels == null ? 0 : labels[i]);
        close(row);
      }
      return result;
    }

    private int outputCount() {
      return 1 + (plan.logVar() ? 1 : 0) + (plan.reconstructionError() ? 1 : 0)
          + (plan.logLikelihood() ? 1 : 0);
    }

    private long[] shape(int n) {
      long[] s = new long[model.dataShape().length + 1];
      s[0] = n;
      System.arraycopy(model.dataShape(), 0, s, 1, model.dataShape().length);
      return s;
    }

    private void readInput(Row row, float[] into, int offset) {
      int c = plan.inputIndex();
      if (row.isNullAt(c)) {
        throw new IllegalArgumentException(
            "inputCol '" + plan.inputName() + "' must hold an example in every row, got null");
      }
      Object cell = row.get(c);
      if (plan.inputKind() == Columns.InputKind.VECTOR) {
        Vector v = (Vector) cell;
        checkWidth(v.size());
        double[] a = v instanceof DenseVector dv ? dv.values() : v.toArray();
        for (int j = 0; j < width; j++) {
          into[offset + j] = finite((float) a[j], j);
        }
      } else {
        scala.collection.Seq<?> s = (scala.collection.Seq<?>) cell;
        checkWidth(s.length());
        for (int j = 0; j < width; j++) {
          Object o = s.apply(j);
          if (o == null) {
            throw new IllegalArgumentException("inputCol '" + plan.inputName()
                + "' must not hold null elements, got null at index " + j);
          }
          into[offset + j] = finite(((Number) o).floatValue(), j);
        }
      }
    }

    private void checkWidth(int actual) {
      if (actual != width) {
        throw new IllegalArgumentException(Columns.widthMessage("inputCol", plan.inputName(), width,
            model.dataShape()) + ", got " + actual);
      }
    }

    private float finite(float v, int index) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("inputCol '" + plan.inputName()
            + "' must hold finite values, got " + v + " at index " + index);
      }
      return v;
    }

    private int readLabel(Row row) {
      int c = plan.labelIndex();
      String range = "[0, " + model.numClasses() + ")";
      if (row.isNullAt(c)) {
        throw new IllegalArgumentException("labelCol '" + plan.labelName()
            + "' must hold a class index in " + range + " in every row, got null");
      }
      Number n = (Number) row.get(c);
      double v = n.doubleValue();
      if (v != Math.rint(v) || v < 0 || v >= model.numClasses()) {
        throw new IllegalArgumentException("labelCol '" + plan.labelName()
            + "' must hold class indices in " + range + ", got " + n);
      }
      return (int) v;
    }
  }

  private static Vector vector(float[] values, int from, int length) {
    double[] v = new double[length];
    for (int j = 0; j < length; j++) {
      v[j] = values[from + j];
    }
    return Vectors.dense(v);
  }

  private static float[] flatFloats(INDArray a) {
    INDArray c = a.castTo(DataType.FLOAT).dup('c');
    float[] f = c.data().asFloat();
    close(c);
    return f;
  }

  private static double[] flatDoubles(INDArray a) {
    INDArray c = a.castTo(DataType.DOUBLE).dup('c');
    double[] f = c.data().asDouble();
    close(c);
    close(a);
    return f;
  }

  /** Frees an array's native memory now rather than when the collector finds it. */
  private static void close(INDArray a) {
    if (a != null && a.closeable()) {
      a.close();
    }
  }
}
