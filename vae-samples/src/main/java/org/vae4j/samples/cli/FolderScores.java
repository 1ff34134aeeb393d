package org.vae4j.samples.cli;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.eval.AnomalyScorer;
import org.vae4j.core.eval.InkLine;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.ImageFolder;

/**
 * The anomaly scores of an image folder's images in its file order, decoded and scored one chunk
 * at a time (the next chunk decoded while the current one is scored), so only two chunks are in
 * memory whatever the folder's size. Each chunk is scored from its first row's index ({@link
 * AnomalyScorer#score(Vae4jModel, INDArray, int[], long)}), so the scores are those of scoring
 * the whole folder loaded into memory; with the scorer's {@code maxBatchRows} as the chunk they
 * are equal bit for bit (FolderScoresTest).
 */
final class FolderScores {

  private FolderScores() {}

  /** The chunk for {@code scorer}: its {@code maxBatchRows} rows. */
  static int chunk(AnomalyScorer scorer) {
    return scorer.maxBatchRows();
  }

  /**
   * Every image's score, in file order.
   *
   * @throws IOException when an image cannot be decoded (ImageFolder's message), or a chunk
   *     loses images to a skipped file (the scores would no longer line up with the files)
   */
  static double[] score(AnomalyScorer scorer, Vae4jModel model, ImageFolder folder, int chunk)
      throws IOException {
    return score(scorer, model, folder, chunk, null);
  }

  /**
   * Every image's score, in file order, and into {@code inks} (when not null, one per image) each
   * image's ink ({@link InkLine#inks}) from the same decoded chunks.
   */
  static double[] score(AnomalyScorer scorer, Vae4jModel model, ImageFolder folder, int chunk,
      double[] inks) throws IOException {
    if (inks != null && inks.length != folder.size()) {
      throw new IllegalArgumentException("inks has room for " + inks.length + " images, the "
          + "folder has " + folder.size());
    }
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be at least 1, got " + chunk);
    }
    int n = folder.size();
    double[] scores = new double[n];
    ExecutorService ahead = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "vae4j-folder-scores");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<ImageDataset> next = ahead.submit(() -> load(folder, 0, Math.min(n, chunk)));
      for (int from = 0; from < n; from += chunk) {
        int to = Math.min(n, from + chunk);
        ImageDataset part = await(next);
        int nextFrom = to;
        next = nextFrom < n
            ? ahead.submit(() -> load(folder, nextFrom, Math.min(n, nextFrom + chunk))) : null;
        try (INDArray x = part.images()) {
          double[] s = scorer.score(model, x, null, from);
          System.arraycopy(s, 0, scores, from, s.length);
          if (inks != null) {
            double[] k = InkLine.inks(x);
            System.arraycopy(k, 0, inks, from, k.length);
          }
        }
      }
    } finally {
      ahead.shutdownNow();
    }
    return scores;
  }

  /** Images {@code [from, to)} of the folder, decoded; all of them or an IOException. */
  static ImageDataset load(ImageFolder folder, int from, int to) throws IOException {
    ImageDataset d = folder.select(IntStream.range(from, to).toArray()).load();
    if (d.size() != to - from) {
      throw new IOException(folder.directory() + ": " + (to - from - d.size()) + " of images "
          + from + " to " + (to - 1) + " could not be decoded (skipped: " + folder.skipped() + ")");
    }
    return d;
  }

  private static <T> T await(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while decoding images");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof java.io.UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause);
    }
  }
}
