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
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.core.eval.AnomalyScorer;
import org.vae4j.core.eval.ModelEvaluator;

/**
 * The executor side of {@link VaeModel#transform}: reads each partition's rows in batches, runs
 * every batch through the model (borrowed from {@link ExecutorModels}, loaded from the broadcast
 * bytes only when this JVM has no idle instance), and appends the requested columns to each row.
 * An empty partition touches neither the model nor the broadcast.
 */
final class Featurizer implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  /** The model: its bytes (broadcast), their digest, its kind and latent width. */
  record ModelSpec(Broadcast<byte[]> bytes, String digest, ModelConfig.Kind kind, int latentDim)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Where the inputs are and which outputs to add.
   *
   * @param rows reads and checks each row's example and label
   * @param fieldCount number of columns of the input rows
   */
  record Plan(ExampleReader rows, int fieldCount, boolean logVar, boolean reconstructionError,
      boolean logLikelihood, int importanceSamples, long logLikelihoodSeed, int batchSize,
      Scoring scoring) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The anomaly outputs, null for none: the scorer's settings, which columns to add, the flag's
   * threshold, and a table model's preprocessing (its JSON) to sum contributions per column.
   */
  record Scoring(String scoreType, int samples, long seed, boolean score, boolean flag,
      double threshold, boolean contributions, String preprocessingJson) implements Serializable {
    private static final long serialVersionUID = 1L;

    int outputs() {
      return (score ? 1 : 0) + (flag ? 1 : 0) + (contributions ? 1 : 0);
    }
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
    private ExecutorScorer loaded;
    private int previousThreads;

    synchronized ExecutorScorer get() {
      if (loaded == null) {
        // the first batch: this task's thread computes from here on, with spark.task.cpus threads
        int previous = TaskThreads.apply();
        try {
          loaded = ExecutorModels.borrow(model.digest(), model.kind(), () -> model.bytes().value());
        } catch (IOException e) {
          TaskThreads.restore(previous);
          throw new UncheckedIOException("cannot load the vae4j model in this executor: "
              + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
          TaskThreads.restore(previous);
          throw e;
        }
        previousThreads = previous;
      }
      return loaded;
    }

    synchronized void release() {
      if (loaded != null) {
        ExecutorModels.release(model.digest(), loaded);
        loaded = null;
        TaskThreads.restore(previousThreads);
        previousThreads = 0;
      }
    }
  }

  private final class Batches implements Iterator<Row> {
    private final Iterator<Row> in;
    private final int width = plan.rows().width();
    private final Lease lease = new Lease();
    private ModelEvaluator evaluator;
    private AnomalyScorer scorer;
    private TablePreprocessing preprocessing;
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
      ExampleReader reader = plan.rows();
      int[] labels = reader.hasLabels() ? new int[n] : null;
      for (int i = 0; i < n; i++) {
        reader.readInput(rows[i], values, i * width);
        if (labels != null) {
          labels[i] = reader.readLabel(rows[i]);
        }
      }
      ExecutorScorer m = lease.get();
      INDArray x = Nd4j.create(values, plan.rows().batchShape(n), 'c');
      ExecutorScorer.Encoded e = m.encode(x, labels, plan.logVar());
      float[] mean = flatFloats(e.mean());
      float[] logVar = plan.logVar() ? flatFloats(e.logVar()) : null;
      double[] recon = plan.reconstructionError()
          ? flatDoubles(m.reconstructionLoss(x, e.mean(), labels)) : null;
      double[] logLikelihood = plan.logLikelihood() ? logLikelihoods(m, values, labels, n) : null;
      Scoring sc = plan.scoring();
      double[] scores = null;
      double[][] contributions = null;
      if (sc != null) {
        scores = new double[n];
        contributions = sc.contributions() ? new double[n][] : null;
        score(m, x, labels, scores, contributions);
      }
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
          cells[at++] = logLikelihood[i];
        }
        if (sc != null) {
          if (sc.score()) {
            cells[at++] = scores[i];
          }
          if (sc.flag()) {
            cells[at++] = scores[i] > sc.threshold();
          }
          if (sc.contributions()) {
            cells[at] = contributions[i];
          }
        }
        result[i] = RowFactory.create(cells);
      }
      return result;
    }

    /** One estimate per row, each from the row alone: the value does not depend on the partitioning. */
    private double[] logLikelihoods(ExecutorScorer m, float[] values, int[] labels, int n) {
      if (evaluator == null) {
        evaluator = ModelEvaluator.builder().importanceSamples(plan.importanceSamples())
            .seed(plan.logLikelihoodSeed()).build();
      }
      double[] result = new double[n];
      for (int i = 0; i < n; i++) {
        INDArray row = Nd4j.create(Arrays.copyOfRange(values, i * width, (i + 1) * width),
            plan.rows().batchShape(1), 'c');
        result[i] = m.logLikelihood(evaluator, row, labels == null ? 0 : labels[i]);
        close(row);
      }
      return result;
    }

    private int outputCount() {
      return 1 + (plan.logVar() ? 1 : 0) + (plan.reconstructionError() ? 1 : 0)
          + (plan.logLikelihood() ? 1 : 0) + (plan.scoring() == null ? 0 : plan.scoring().outputs());
    }

    /**
     * The scores (and contributions) of the batch, as {@link AnomalyScorer} gives them, the whole
     * batch at once: the scorer seeds each row's samples by the row's own values ({@link
     * AnomalyScorer.Builder#seedByRowValues}), so a row's score does not depend on the
     * partitioning or on the other rows of its batch.
     */
    private void score(ExecutorScorer m, INDArray x, int[] labels, double[] scores,
        double[][] contributions) {
      Scoring sc = plan.scoring();
      if (scorer == null) {
        scorer = AnomalyScorer.builder()
            .scoreType(ColumnParams.scoreType(sc.scoreType())).importanceSamples(sc.samples())
            .reconstructionSamples(sc.samples()).seed(sc.seed()).seedByRowValues(true).build();
        preprocessing = sc.preprocessingJson() == null ? null
            : TablePreprocessing.fromJson(sc.preprocessingJson());
      }
      fill(m, x, labels, 0, scores, contributions);
    }

    private void fill(ExecutorScorer m, INDArray x, int[] labels, int from, double[] scores,
        double[][] contributions) {
      double[] s = m.score(scorer, x, labels);
      System.arraycopy(s, 0, scores, from, s.length);
      if (contributions != null) {
        AnomalyScorer.Contributions c = m.contributions(scorer, x, labels);
        double[][] v = preprocessing == null ? c.values() : c.perColumn(preprocessing);
        System.arraycopy(v, 0, contributions, from, v.length);
      }
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
