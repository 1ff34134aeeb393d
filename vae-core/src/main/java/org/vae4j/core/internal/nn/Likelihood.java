package org.vae4j.core.internal.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.ModelConfig;

/**
 * The reconstruction term: the negative log-likelihood of the data under the decoder's output,
 * per example (summed over the data dimensions), and its gradient w.r.t. the decoder's output for
 * the batch mean. Bernoulli: binary cross-entropy from logits {@code sum(max(l, 0) - l x + log(1 +
 * exp(-|l|)))}, stable for every logit, gradient {@code (sigmoid(l) - x) / n}, decoded values
 * {@code sigmoid(l)}. Unit-variance Gaussian: the sum of squared errors {@code sum((y - x)²)},
 * gradient {@code 2 (y - x) / n}, decoded values {@code y}.
 */
public abstract class Likelihood {

  final Workspace.Slot scratch;
  final Workspace.Slot rowSum;

  private Likelihood(long width, Workspace workspace) {
    this.scratch = workspace.forward(width);
    this.rowSum = workspace.forward();
  }

  /** The likelihood of a model with loss {@code kind} on data of {@code width} values per example. */
  public static Likelihood of(ModelConfig.LossKind kind, long width, Workspace workspace) {
    return kind == ModelConfig.LossKind.BCE
        ? new Bernoulli(width, workspace) : new UnitGaussian(width, workspace);
  }

  /**
   * The loss of each example of {@code x} {@code [n, width]} under the decoder output {@code out}
   * {@code [n, width]}; when {@code gradient} is not null, writes dL/dout of the mean over the
   * batch into it.
   */
  public abstract double[] lossPerExample(INDArray out, INDArray x, INDArray gradient);

  /** The decoded values of {@code out} into {@code into} (same shape). */
  public abstract void decode(INDArray out, INDArray into);

  double[] sums(INDArray perValue) {
    INDArray r = rowSum.rows(perValue.size(0));
    Kernels.rowSums(perValue, r);
    return HostValues.read(r);
  }

  private static final class Bernoulli extends Likelihood {
    private final Workspace.Slot second;

    Bernoulli(long width, Workspace workspace) {
      super(width, workspace);
      this.second = workspace.forward(width);
    }

    @Override
    public double[] lossPerExample(INDArray l, INDArray x, INDArray gradient) {
      long n = l.size(0);
      INDArray s = scratch.rows(n);
      INDArray t = second.rows(n);
      Kernels.abs(l, s);
      Kernels.negate(s, s);
      Kernels.exp(s, s);
      Kernels.log1p(s, s);
      Kernels.relu(l, t);
      Kernels.add(s, t, s);
      Kernels.mul(l, x, t);
      Kernels.sub(s, t, s);
      double[] loss = sums(s);
      if (gradient != null) {
        Kernels.sigmoid(l, gradient);
        Kernels.sub(gradient, x, gradient);
        Kernels.scale(gradient, 1.0 / n, gradient);
      }
      return loss;
    }

    @Override
    public void decode(INDArray l, INDArray into) {
      Kernels.sigmoid(l, into);
    }
  }

  private static final class UnitGaussian extends Likelihood {
    private final Workspace.Slot squares;

    UnitGaussian(long width, Workspace workspace) {
      super(width, workspace);
      this.squares = workspace.forward(width);
    }

    @Override
    public double[] lossPerExample(INDArray y, INDArray x, INDArray gradient) {
      long n = y.size(0);
      INDArray d = scratch.rows(n);
      INDArray sq = squares.rows(n);
      Kernels.sub(y, x, d);
      Kernels.mul(d, d, sq);
      double[] loss = sums(sq);
      if (gradient != null) {
        Kernels.scale(d, 2.0 / n, gradient);
      }
      return loss;
    }

    @Override
    public void decode(INDArray y, INDArray into) {
      Kernels.assign(into, y);
    }
  }
}
