package org.vae4j.core.likelihood;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.ColumnType;

/**
 * The likelihood of an encoded table (a {@link org.vae4j.api.table.TablePreprocessing}'s columns),
 * one density per column by its type: a numeric column is a Gaussian with a learned variance (the
 * {@link LearnedVarianceGaussian}'s bounded log-variance {@code s = B tanh(r / B)}), a binary
 * column a Bernoulli of a logit, a categorical column a softmax over its one-hot block.
 *
 * <p>Layout: like the learned-variance Gaussian, the decoder has two outputs per encoded value,
 * {@code [n, 2 * width]}: the first {@code width} columns hold each value's mean (numeric) or
 * logit (binary, categorical); the next {@code width} hold the raw log-variance {@code r} of each
 * numeric value. The second output of a binary or categorical value is unused (its gradient is
 * always 0): the price of keeping the {@code outputsPerValue() * width} layout every model
 * architecture understands.
 *
 * <p>The loss is the exact negative log-probability (the Gaussian's {@code ½ log(2π)} included),
 * so {@link #lossConstantPerValue()} is 0. Missing values (NaN; a categorical entry is missing when
 * its whole block is NaN) have loss, gradient and log-probability 0.
 */
final class TableLikelihood implements Likelihood {

  static final String NAME = "TABLE";

  private static final double B = LearnedVarianceGaussian.LOG_VAR_BOUND;
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  /** A run of columns of one type: numeric and binary runs span many columns, a block one. */
  private record Segment(ColumnType type, int from, int count) {}

  private final List<Segment> segments;
  private final int width;

  /**
   * The registered template, named {@code TABLE} so a config can store the name: it knows no
   * columns, so it refuses to compute; {@code ModelConfig.likelihood()} builds the real one from
   * the config's table columns.
   */
  TableLikelihood() {
    this.segments = List.of();
    this.width = -1;
  }

  TableLikelihood(List<ColumnEncoding> columns) {
    Objects.requireNonNull(columns, "columns");
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a table likelihood needs at least one column");
    }
    List<Segment> s = new ArrayList<>();
    int from = 0;
    for (ColumnEncoding c : columns) {
      Objects.requireNonNull(c, "column");
      int w = c.width();
      Segment last = s.isEmpty() ? null : s.get(s.size() - 1);
      if (c.type() != ColumnType.CATEGORICAL && last != null && last.type() == c.type()) {
        s.set(s.size() - 1, new Segment(c.type(), last.from(), last.count() + w));
      } else {
        s.add(new Segment(c.type(), from, w));
      }
      from = Math.addExact(from, w);
    }
    this.segments = List.copyOf(s);
    this.width = from;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int outputsPerValue() {
    return 2;
  }

  @Override
  public double lossConstantPerValue() {
    return 0;
  }

  @Override
  public boolean supportsMissing() {
    return true;
  }

  /** The number of encoded values an example has. */
  int width() {
    return width;
  }

  private void checkWidth(INDArray x) {
    if (width < 0) {
      throw new IllegalStateException("the TABLE likelihood needs the table's columns: use"
          + " ModelConfig.likelihood() or Likelihoods.table(columns), not Likelihoods.of(\"TABLE\")");
    }
    if (x.size(1) != width) {
      throw new IllegalArgumentException("the table likelihood needs " + width
          + " encoded values per example, got " + x.size(1));
    }
  }

  @Override
  public void loss(INDArray out, INDArray x, INDArray loss, INDArray gradient, double scale,
      Scratch scratch) {
    checkWidth(x);
    boolean missing = Missing.any(x);
    INDArray x0 = missing ? Missing.zeroed(x) : x;
    INDArray observed = missing ? Missing.observed(x) : null;
    if (gradient != null) {
      gradient.assign(0);
    }
    for (Segment s : segments) {
      INDArray o = cols(out, s.from(), s.count());
      INDArray xs = cols(x0, s.from(), s.count());
      INDArray ls = cols(loss, s.from(), s.count());
      INDArray g = gradient == null ? null : cols(gradient, s.from(), s.count());
      switch (s.type()) {
        case NUMERIC -> {
          INDArray r = cols(out, width + s.from(), s.count());
          INDArray t = Transforms.tanh(r.div(B), false);
          INDArray sv = t.mul(B);
          INDArray precision = Transforms.exp(sv.neg(), false);
          INDArray d = o.sub(xs);
          INDArray sq = d.mul(d).muli(precision);
          ls.assign(sq.add(sv).muli(0.5).addi(HALF_LOG_2PI));
          if (g != null) {
            g.assign(d.mul(precision).muli(scale));
            INDArray gr = cols(gradient, width + s.from(), s.count());
            // d/dr = ½ (1 - (x - mu)² exp(-s)) (1 - t²)
            gr.assign(sq.rsub(1.0).muli(t.mul(t).rsubi(1.0)).muli(0.5 * scale));
          }
        }
        case BINARY -> {
          // max(l, 0) - l x + log(1 + exp(-|l|)), with max(l, 0) as ½ (l + |l|)
          INDArray abs = Transforms.abs(o, true);
          INDArray softplus = Transforms.log(Transforms.exp(abs.neg(), false).addi(1.0), false);
          ls.assign(o.add(abs).muli(0.5).subi(o.mul(xs)).addi(softplus));
          if (g != null) {
            g.assign(Transforms.sigmoid(o, true).subi(xs).muli(scale));
          }
        }
        case CATEGORICAL -> {
          INDArray logp = Categorical.logSoftmax(o);
          ls.assign(logp.mul(xs).negi());
          if (g != null) {
            INDArray total = xs.sum(true, 1);
            g.assign(Transforms.exp(logp, false).muliColumnVector(total).subi(xs).muli(scale));
          }
        }
        default -> throw new IllegalStateException("column type " + s.type());
      }
    }
    if (missing) {
      loss.muli(observed);
      if (gradient != null) {
        cols(gradient, 0, width).muli(observed);
        cols(gradient, width, width).muli(observed);
      }
    }
  }

  @Override
  public void mean(INDArray out, INDArray into, Scratch scratch) {
    checkWidth(into);
    for (Segment s : segments) {
      INDArray o = cols(out, s.from(), s.count());
      INDArray m = cols(into, s.from(), s.count());
      switch (s.type()) {
        case NUMERIC -> m.assign(o);
        case BINARY -> m.assign(Transforms.sigmoid(o, true));
        case CATEGORICAL -> m.assign(Transforms.exp(Categorical.logSoftmax(o), false));
        default -> throw new IllegalStateException("column type " + s.type());
      }
    }
  }

  /**
   * One draw per column: a numeric value {@code mu + exp(s / 2) eps} with the learned (bounded)
   * log-variance {@code s}, a binary value 1 with probability {@code sigmoid(logit)}, a
   * categorical block one-hot at a level drawn from its softmax. Row by row, columns in encoding
   * order, so the draws of a row do not depend on how the rows are batched.
   */
  @Override
  public void draw(INDArray out, java.util.SplittableRandom random, INDArray into) {
    Objects.requireNonNull(random, "random");
    checkWidth(into);
    if (out.rank() != 2 || out.size(0) != into.size(0) || out.size(1) != 2L * width) {
      throw new IllegalArgumentException("out must have shape [" + into.size(0) + ", "
          + 2L * width + "], got " + java.util.Arrays.toString(out.shape()));
    }
    int n = Math.toIntExact(out.size(0));
    double[] o = out.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
    double[] v = new double[Math.multiplyExact(n, width)];
    int ow = 2 * width;
    for (int r = 0; r < n; r++) {
      int base = r * ow;
      for (Segment s : segments) {
        switch (s.type()) {
          case NUMERIC -> {
            for (int j = s.from(); j < s.from() + s.count(); j++) {
              double logVar = B * Math.tanh(o[base + width + j] / B);
              v[r * width + j] = o[base + j] + Math.exp(0.5 * logVar) * random.nextGaussian();
            }
          }
          case BINARY -> {
            for (int j = s.from(); j < s.from() + s.count(); j++) {
              double p = 1 / (1 + Math.exp(-o[base + j]));
              v[r * width + j] = random.nextDouble() < p ? 1 : 0;
            }
          }
          case CATEGORICAL -> {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = s.from(); j < s.from() + s.count(); j++) {
              max = Math.max(max, o[base + j]);
            }
            double total = 0;
            for (int j = s.from(); j < s.from() + s.count(); j++) {
              total += Math.exp(o[base + j] - max);
            }
            double u = random.nextDouble() * total;
            int pick = s.from() + s.count() - 1;
            double c = 0;
            for (int j = s.from(); j < s.from() + s.count(); j++) {
              c += Math.exp(o[base + j] - max);
              if (u < c) {
                pick = j;
                break;
              }
            }
            v[r * width + pick] = 1;
          }
          default -> throw new IllegalStateException("column type " + s.type());
        }
      }
    }
    into.assign(org.nd4j.linalg.factory.Nd4j.create(v, new long[] {n, width},
        org.nd4j.linalg.api.buffer.DataType.DOUBLE).castTo(into.dataType()));
  }

  private static INDArray cols(INDArray a, int from, int count) {
    return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + count));
  }
}
