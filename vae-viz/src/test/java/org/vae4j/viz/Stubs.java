package org.vae4j.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.ConditionalDecoder;
import org.vae4j.api.LatentDecoder;
import org.vae4j.api.LatentEncoder;
import org.vae4j.api.Posterior;

/** Stub implementations of the vae-api interfaces: pixels as simple functions of z, no training. */
final class Stubs {

  private Stubs() {}

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /** A decoder that paints each example with {@code paint(z)} (values in C, H, W order) and records its inputs. */
  static class FunctionDecoder implements LatentDecoder {
    final int latentDim;
    final long[] shape;
    final Function<double[], double[]> paint;
    final List<double[][]> calls = new ArrayList<>();

    FunctionDecoder(int latentDim, long[] shape, Function<double[], double[]> paint) {
      this.latentDim = latentDim;
      this.shape = shape.clone();
      this.paint = paint;
    }

    @Override
    public int latentDim() {
      return latentDim;
    }

    @Override
    public long[] dataShape() {
      return shape.clone();
    }

    @Override
    public INDArray decode(INDArray z) {
      if (z.rank() != 2 || z.size(1) != latentDim) {
        throw new IllegalArgumentException("z must be [n, " + latentDim + "]");
      }
      double[][] rows = z.castTo(DataType.DOUBLE).toDoubleMatrix();
      calls.add(rows);
      int per = 1;
      for (long s : shape) {
        per *= (int) s;
      }
      float[] out = new float[rows.length * per];
      for (int i = 0; i < rows.length; i++) {
        double[] px = paint.apply(rows[i]);
        for (int j = 0; j < per; j++) {
          out[i * per + j] = (float) px[j];
        }
      }
      long[] full = new long[shape.length + 1];
      full[0] = rows.length;
      System.arraycopy(shape, 0, full, 1, shape.length);
      return Nd4j.create(out, full, 'c');
    }
  }

  /** Every pixel of a [1, h, w] image is sigmoid(z[dim]): output depends on one latent dimension only. */
  static FunctionDecoder oneDimension(int latentDim, int dim, int h, int w) {
    return new FunctionDecoder(latentDim, new long[] {1, h, w}, z -> {
      double[] px = new double[h * w];
      java.util.Arrays.fill(px, sigmoid(z[dim]));
      return px;
    });
  }

  /** An RGB [3, h, w] decoder: red = sigmoid(z0), green = sigmoid(z1), blue = sigmoid(z2 or 0). */
  static FunctionDecoder rgb(int latentDim, int h, int w) {
    return new FunctionDecoder(latentDim, new long[] {3, h, w}, z -> {
      double[] px = new double[3 * h * w];
      for (int c = 0; c < 3; c++) {
        double v = sigmoid(c < z.length ? z[c] : 0);
        java.util.Arrays.fill(px, c * h * w, (c + 1) * h * w, v);
      }
      return px;
    });
  }

  /** A grayscale [1, s, s] "blob" decoder: a bright spot whose position follows z0 and z1. */
  static FunctionDecoder blob(int latentDim, int s) {
    return new FunctionDecoder(latentDim, new long[] {1, s, s}, z -> {
      double cx = s / 2.0 + z[0] * s / 6.0;
      double cy = s / 2.0 - (z.length > 1 ? z[1] : 0) * s / 6.0;
      double r = s / 6.0 * (1 + 0.3 * (z.length > 2 ? Math.tanh(z[2]) : 0));
      double[] px = new double[s * s];
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
          px[y * s + x] = Math.exp(-d2 / (2 * r * r));
        }
      }
      return px;
    });
  }

  /** An encoder whose mean is the first latentDim pixel values of each (flattened) example. */
  static final class FirstPixelsEncoder implements LatentEncoder {
    final int latentDim;
    final long[] shape;

    FirstPixelsEncoder(int latentDim, long[] shape) {
      this.latentDim = latentDim;
      this.shape = shape.clone();
    }

    @Override
    public int latentDim() {
      return latentDim;
    }

    @Override
    public long[] dataShape() {
      return shape.clone();
    }

    @Override
    public Posterior encode(INDArray x) {
      return Posterior.pointMass(encodeMean(x));
    }

    @Override
    public INDArray encodeMean(INDArray x) {
      long n = x.size(0);
      INDArray flat = x.castTo(DataType.FLOAT).reshape('c', n, x.length() / n);
      return flat.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
          org.nd4j.linalg.indexing.NDArrayIndex.interval(0, latentDim)).dup();
    }
  }

  /** A conditional decoder whose every pixel is label / (numClasses - 1), ignoring z. */
  static final class LabelDecoder implements ConditionalDecoder {
    final int latentDim;
    final int classes;
    final int side;
    final List<double[][]> calls = new ArrayList<>();

    LabelDecoder(int latentDim, int classes, int side) {
      this.latentDim = latentDim;
      this.classes = classes;
      this.side = side;
    }

    @Override
    public int latentDim() {
      return latentDim;
    }

    @Override
    public int numClasses() {
      return classes;
    }

    @Override
    public long[] dataShape() {
      return new long[] {1, side, side};
    }

    @Override
    public INDArray decode(INDArray z, int[] labels) {
      calls.add(z.castTo(DataType.DOUBLE).toDoubleMatrix());
      int n = (int) z.size(0);
      INDArray out = Nd4j.create(DataType.FLOAT, n, 1, side, side);
      for (int i = 0; i < n; i++) {
        out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(labels[i] / (double) (classes - 1));
      }
      return out;
    }
  }
}
