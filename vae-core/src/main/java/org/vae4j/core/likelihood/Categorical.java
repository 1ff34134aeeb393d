package org.vae4j.core.likelihood;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Categorical distributions over one-hot blocks: the data's {@code width} values are split into
 * consecutive blocks of the given sizes (each block the one-hot code of one categorical column),
 * and the decoder outputs one logit per value. Within a block of logits {@code l}, {@code log p =
 * l - logsumexp(l)} (computed after subtracting the block's maximum, so it is stable for every
 * logit); the loss of value {@code j} is {@code -x_j log p_j}, so a block's loss sums to its
 * cross-entropy, which is exactly {@code -log p(x | l)} (no constant). The gradient is {@code
 * softmax(l) * sum(x) - x} per block; the mean is {@code softmax(l)}, the block's probabilities.
 *
 * <p>Missing values: an entry whose value is NaN counts as 0, so a block whose values are all NaN
 * (a missing categorical entry) has loss, log-probability and gradient 0.
 */
final class Categorical implements Likelihood {

  static final String NAME = "CATEGORICAL";

  private final int[] blocks;
  private final int width;

  Categorical(int... blocks) {
    if (blocks == null || blocks.length == 0) {
      throw new IllegalArgumentException("categorical blocks must not be empty");
    }
    int w = 0;
    for (int i = 0; i < blocks.length; i++) {
      if (blocks[i] < 1) {
        throw new IllegalArgumentException("categorical block " + i
            + " must have at least 1 value (category), got " + blocks[i]);
      }
      w = Math.addExact(w, blocks[i]);
    }
    this.blocks = blocks.clone();
    this.width = w;
  }

  /** The block sizes, a copy. */
  int[] blocks() {
    return blocks.clone();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double lossConstantPerValue() {
    return 0;
  }

  @Override
  public boolean supportsMissing() {
    return true;
  }

  @Override
  public void checkDomain(String arg, double min, double max) {
    if (min < 0 || max > 1) {
      throw new IllegalArgumentException(arg + " must hold one-hot values in [0, 1] for a categorical"
          + " likelihood, got values in [" + min + ", " + max + "]");
    }
  }

  private void checkWidth(INDArray x) {
    if (x.size(1) != width) {
      throw new IllegalArgumentException("categorical likelihood of blocks " + Arrays.toString(blocks)
          + " needs " + width + " values per example, got " + x.size(1));
    }
  }

  @Override
  public void loss(INDArray l, INDArray x, INDArray loss, INDArray gradient, double scale,
      Scratch scratch) {
    checkWidth(x);
    INDArray x0 = Missing.zeroed(x);
    int from = 0;
    for (int b : blocks) {
      INDArray lb = cols(l, from, b);
      INDArray xb = cols(x0, from, b);
      INDArray logp = logSoftmax(lb);
      cols(loss, from, b).assign(logp.mul(xb).negi());
      if (gradient != null) {
        INDArray total = xb.sum(true, 1);
        INDArray p = org.nd4j.linalg.ops.transforms.Transforms.exp(logp, true);
        cols(gradient, from, b).assign(p.muliColumnVector(total).subi(xb).muli(scale));
      }
      from += b;
    }
  }

  @Override
  public void mean(INDArray l, INDArray into, Scratch scratch) {
    checkWidth(into);
    int from = 0;
    for (int b : blocks) {
      INDArray logp = logSoftmax(cols(l, from, b));
      cols(into, from, b).assign(org.nd4j.linalg.ops.transforms.Transforms.exp(logp, false));
      from += b;
    }
  }

  /** {@code l - logsumexp(l)} per row of the block {@code l}, a new array (l is not changed). */
  static INDArray logSoftmax(INDArray l) {
    INDArray m = l.max(true, 1);
    INDArray shifted = l.subColumnVector(m);
    INDArray lse = org.nd4j.linalg.ops.transforms.Transforms.exp(shifted, true).sum(true, 1);
    org.nd4j.linalg.ops.transforms.Transforms.log(lse, false);
    return shifted.subiColumnVector(lse);
  }

  private static INDArray cols(INDArray a, int from, int count) {
    return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + count));
  }
}
