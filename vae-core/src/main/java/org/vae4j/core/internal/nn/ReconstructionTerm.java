package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.likelihood.Likelihood;

/**
 * A network's {@link Likelihood} with its work arrays: the per-value loss, the likelihood's
 * scratch arrays and the per-example sums, each a {@link Workspace} slot of the data's width, so
 * the likelihood allocates nothing per call.
 */
public final class ReconstructionTerm {

  private final Likelihood likelihood;
  private final long width;
  private final Workspace.Slot perValue;
  private final Workspace.Slot[] scratch;
  private final Workspace.Slot rowSum;

  /** The term of {@code likelihood} on data of {@code width} values per example. */
  public ReconstructionTerm(Likelihood likelihood, long width, Workspace workspace) {
    this.likelihood = likelihood;
    this.width = width;
    this.perValue = workspace.forward(width);
    this.scratch = new Workspace.Slot[likelihood.scratchArrays()];
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = workspace.forward(width);
    }
    this.rowSum = workspace.forward();
  }

  /** The likelihood. */
  public Likelihood likelihood() {
    return likelihood;
  }

  /** The decoder's output width per example: {@code outputsPerValue * width}. */
  public long outputWidth() {
    return likelihood.outputsPerValue() * width;
  }

  private Likelihood.Scratch scratch(long n) {
    return i -> scratch[i].rows(n);
  }

  /**
   * The loss of each example of {@code x} {@code [n, width]} under the decoder output {@code out}
   * {@code [n, outputWidth]}; when {@code gradient} is not null, writes d(mean loss)/d out into it.
   */
  public double[] lossPerExample(INDArray out, INDArray x, INDArray gradient) {
    long n = x.size(0);
    INDArray loss = perValue.rows(n);
    likelihood.loss(out, x, loss, gradient, 1.0 / n, scratch(n));
    INDArray r = rowSum.rows(n);
    Kernels.rowSums(loss, r);
    return HostValues.read(r);
  }

  /**
   * {@code log p(x | out)} of every data value of {@code x} {@code [n, width]}, with every
   * constant, row-major ({@code n * width} values), from the likelihood's per-value {@link
   * Likelihood#logProbability(INDArray, INDArray, INDArray, Likelihood.Scratch)}.
   */
  public double[] logProbabilityPerValue(INDArray out, INDArray x) {
    long n = x.size(0);
    INDArray into = perValue.rows(n);
    likelihood.logProbability(out, x, into, scratch(n));
    return HostValues.read(into);
  }

  /** The mean of p(x | out) into {@code into} {@code [n, width]}. */
  public void decode(INDArray out, INDArray into) {
    likelihood.mean(out, into, scratch(out.size(0)));
  }
}
