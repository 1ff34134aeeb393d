package org.vae4j.core.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test-only reader of the real MNIST test set (gzip IDX). The directory comes from the system
 * property {@code vae4j.mnist.dir}, then the environment variable {@code VAE4J_MNIST_DIR}, then
 * {@code /work/shared/datasets/mnist}. A missing directory or file fails the test with a clear
 * message (never a silent skip).
 */
public final class MnistTestImages {

  /** The first {@code n} images as {@code [n, 1, rows, cols]} floats in [0, 1], with labels. */
  public record Subset(INDArray images, int[] labels, int rows, int cols) {}

  private MnistTestImages() {}

  /** The directory holding the two gzip files. */
  public static Path directory() {
    String dir = System.getProperty("vae4j.mnist.dir");
    if (dir == null || dir.isBlank()) {
      dir = System.getenv("VAE4J_MNIST_DIR");
    }
    if (dir == null || dir.isBlank()) {
      dir = "/work/shared/datasets/mnist";
    }
    return Paths.get(dir);
  }

  /** Reads the first {@code n} test images and labels. */
  public static Subset first(int n) {
    Path dir = directory();
    Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
    Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
    for (Path p : new Path[] {images, labels}) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException("MNIST test file " + p + " is missing; run Maven with "
            + "-Dvae4j.mnist.dir=DIR (outside Maven: that property or VAE4J_MNIST_DIR) naming the "
            + "directory holding t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz");
      }
    }
    try (DataInputStream in = open(images); DataInputStream lin = open(labels)) {
      int magic = in.readInt();
      if (magic != 2051) {
        throw new IOException(images + ": magic must be 2051, got " + magic);
      }
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (n < 1 || n > count) {
        throw new IllegalArgumentException("n must be in [1, " + count + "], got " + n);
      }
      byte[] raw = new byte[n * rows * cols];
      in.readFully(raw);
      float[] values = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        values[i] = (raw[i] & 0xFF) / 255f;
      }
      int lmagic = lin.readInt();
      if (lmagic != 2049) {
        throw new IOException(labels + ": magic must be 2049, got " + lmagic);
      }
      lin.readInt();
      byte[] lraw = new byte[n];
      lin.readFully(lraw);
      int[] ls = new int[n];
      for (int i = 0; i < n; i++) {
        ls[i] = lraw[i] & 0xFF;
      }
      return new Subset(Nd4j.create(values, new long[] {n, 1, rows, cols}, 'c'), ls, rows, cols);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataInputStream open(Path p) throws IOException {
    InputStream raw = Files.newInputStream(p);
    return new DataInputStream(new GZIPInputStream(raw, 1 << 16));
  }
}
