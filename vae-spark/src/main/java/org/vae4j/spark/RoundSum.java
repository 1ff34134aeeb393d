package org.vae4j.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the partitions of one training round return, summed: their parameters and states (the
 * optimiser state, then the model's: batch norm's running means and variances) weighted by the
 * examples each trained on (for the driver's average), those example counts, the
 * most steps any partition took, each partition's per-step losses, and the per-dimension latent
 * sums of the examples trained on ({@code TrainingSession.takeLatentSums()}, added up). {@code treeAggregate}
 * merges the partitions' sums.
 *
 * <p>A sum of one partition keeps that partition's vectors as they are, so that with a single
 * partition the average is exactly its vectors; two or more are summed in {@code double}. The
 * merge is commutative and associative up to that rounding.
 *
 * <p>Plain fields and a no-argument constructor: whichever serializer the application configured
 * (Java's or Kryo) can carry it.
 */
final class RoundSum implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Values recorded per step: the total loss, the reconstruction, the KL, the batch's rows. */
  static final int LOSS_FIELDS = 4;

  private long examples;
  private int steps;
  private int partitions;
  private float[] soleParameters;
  private float[] soleState;
  private double[] parameterSums;
  private double[] stateSums;
  private double[] latentSums;
  /** Per partition (in index order): {@link #LOSS_FIELDS} values per step, in step order. */
  private TreeMap<Integer, double[]> losses = new TreeMap<>();

  /** For serializers; {@link #empty()} for code. */
  RoundSum() {}

  /** The sum of no partition (what an idle or empty partition returns). */
  static RoundSum empty() {
    return new RoundSum();
  }

  /**
   * The result of partition {@code partition}: its parameters and optimiser state after {@code
   * steps} steps on {@code examples} rows, and the losses of those steps ({@link #LOSS_FIELDS}
   * values per step).
   */
  static RoundSum of(int partition, float[] parameters, float[] state, int steps, long examples,
      double[] stepLosses, double[] latentSums) {
    if (examples < 1 || steps < 1) {
      throw new IllegalArgumentException("examples and steps must be >= 1, got " + examples
          + " and " + steps);
    }
    if (stepLosses.length != steps * LOSS_FIELDS) {
      throw new IllegalArgumentException("stepLosses must hold " + steps * LOSS_FIELDS
          + " values, got " + stepLosses.length);
    }
    RoundSum s = new RoundSum();
    s.examples = examples;
    s.steps = steps;
    s.partitions = 1;
    s.soleParameters = parameters;
    s.soleState = state;
    s.losses.put(partition, stepLosses);
    s.latentSums = latentSums;
    return s;
  }

  /** Merges two sums; either argument may be changed and returned. */
  static RoundSum merge(RoundSum a, RoundSum b) {
    if (b.examples == 0) {
      return a;
    }
    if (a.examples == 0) {
      return b;
    }
    a.toSums();
    if (a.parameterSums.length != b.length(b.soleParameters, b.parameterSums)
        || a.stateSums.length != b.length(b.soleState, b.stateSums)) {
      throw new IllegalStateException("partitions must return vectors of one length, got "
          + a.parameterSums.length + "+" + a.stateSums.length + " and "
          + b.length(b.soleParameters, b.parameterSums) + "+" + b.length(b.soleState, b.stateSums));
    }
    if (b.soleParameters != null) {
      add(a.parameterSums, b.soleParameters, b.examples);
      add(a.stateSums, b.soleState, b.examples);
    } else {
      add(a.parameterSums, b.parameterSums);
      add(a.stateSums, b.stateSums);
    }
    if (a.latentSums.length != b.latentSums.length) {
      throw new IllegalStateException("partitions must return latent sums of one length, got "
          + a.latentSums.length + " and " + b.latentSums.length);
    }
    double[] latent = a.latentSums.clone();
    add(latent, b.latentSums);
    a.latentSums = latent;
    for (Map.Entry<Integer, double[]> e : b.losses.entrySet()) {
      if (a.losses.put(e.getKey(), e.getValue()) != null) {
        throw new IllegalStateException("partition " + e.getKey() + " must be counted once, got twice");
      }
    }
    a.examples += b.examples;
    a.steps = Math.max(a.steps, b.steps);
    a.partitions += b.partitions;
    return a;
  }

  private int length(float[] sole, double[] sums) {
    return sole != null ? sole.length : sums.length;
  }

  private void toSums() {
    if (soleParameters != null) {
      parameterSums = new double[soleParameters.length];
      stateSums = new double[soleState.length];
      add(parameterSums, soleParameters, examples);
      add(stateSums, soleState, examples);
      soleParameters = null;
      soleState = null;
    }
  }

  private static void add(double[] sums, float[] values, long weight) {
    double w = weight;
    for (int i = 0; i < sums.length; i++) {
      sums[i] += w * values[i];
    }
  }

  private static void add(double[] sums, double[] more) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += more[i];
    }
  }

  /** Examples trained on in the round, over all partitions. */
  long examples() {
    return examples;
  }

  /** The most steps a partition took. */
  int steps() {
    return steps;
  }

  /** Partitions that took steps. */
  int partitions() {
    return partitions;
  }

  /** Per-step losses by partition, in partition order ({@link #LOSS_FIELDS} values per step). */
  Map<Integer, double[]> losses() {
    return losses;
  }

  /**
   * The per-dimension latent sums over every example the partitions trained on in the round (see
   * {@code TrainingSession.takeLatentSums()}); a copy.
   */
  double[] latentSums() {
    if (examples == 0) {
      throw new IllegalStateException("a round must train at least one partition, got none");
    }
    return latentSums.clone();
  }

  /** The parameters averaged over the partitions, each weighted by the examples it trained on. */
  float[] meanParameters() {
    return mean(soleParameters, parameterSums);
  }

  /** The states (optimiser, then model) averaged like {@link #meanParameters()}. */
  float[] meanState() {
    return mean(soleState, stateSums);
  }

  private float[] mean(float[] sole, double[] sums) {
    if (examples == 0) {
      throw new IllegalStateException("a round must train at least one partition, got none");
    }
    if (sole != null) {
      return sole.clone();
    }
    float[] out = new float[sums.length];
    double n = examples;
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (sums[i] / n);
    }
    return out;
  }
}
