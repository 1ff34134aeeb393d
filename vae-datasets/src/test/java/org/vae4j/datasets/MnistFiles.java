package org.vae4j.datasets;

import java.io.IOException;
import java.nio.file.Path;

/** Writes small MNIST-layout IDX files for tests. */
final class MnistFiles {
  private MnistFiles() {}

  /** Writes {@code <prefix>-images-idx3-ubyte} and labels; image i has every pixel = i % 256. */
  static void writeSplit(Path dir, String prefix, int n, int h, int w, int[] labels,
      boolean gzip) throws IOException {
    byte[] pixels = new byte[n * h * w];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < h * w; k++) {
        pixels[i * h * w + k] = (byte) (i % 256);
      }
    }
    String suffix = gzip ? ".gz" : "";
    Idx.write(dir.resolve(prefix + "-images-idx3-ubyte" + suffix),
        IdxArray.ofUnsignedBytes(new int[] {n, h, w}, pixels), gzip);
    byte[] l = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      l[i] = (byte) labels[i];
    }
    Idx.write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix),
        IdxArray.ofUnsignedBytes(new int[] {labels.length}, l), gzip);
  }

  static int[] cyclicLabels(int n) {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
    }
    return labels;
  }
}
