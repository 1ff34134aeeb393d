package org.vae4j.samples;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The settings every sample program takes, validated on construction. Each program offers its
 * own defaults ({@code defaults()} on the program class); the command line overrides them field by
 * field with the {@code with...} methods.
 *
 * @param epochs passes over the training data, at least 1
 * @param latentDim width of the latent space, at least 1
 * @param data where the images come from: see {@link DataSource#resolve(String, int, long)}
 * @param out the directory the pictures and {@code history.json} are written to
 * @param seed seed of the model, the training run, data subsets and pictures
 * @param limit use at most this many images (0 = all)
 * @param batchSize examples per training step, at least 1
 * @param beta weight of the KL term for the programs that take one (finite, at least 0)
 */
public record SampleSettings(
    int epochs, int latentDim, String data, Path out, long seed, int limit, int batchSize,
    double beta) {

  /** Checks every field. */
  public SampleSettings {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    if (latentDim < 1) {
      throw new IllegalArgumentException("latentDim must be >= 1, got " + latentDim);
    }
    if (data == null || data.isBlank()) {
      throw new IllegalArgumentException("data must not be blank, got \"" + data + "\"");
    }
    Objects.requireNonNull(out, "out");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0 = all images), got " + limit);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (!Double.isFinite(beta) || beta < 0) {
      throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
    }
  }

  /** These settings with another number of epochs. */
  public SampleSettings withEpochs(int epochs) {
    return new SampleSettings(epochs, latentDim, data, out, seed, limit, batchSize, beta);
  }

  /** These settings with another latent width. */
  public SampleSettings withLatentDim(int latentDim) {
    return new SampleSettings(epochs, latentDim, data, out, seed, limit, batchSize, beta);
  }

  /** These settings with another data source. */
  public SampleSettings withData(String data) {
    return new SampleSettings(epochs, latentDim, data, out, seed, limit, batchSize, beta);
  }

  /** These settings with another output directory. */
  public SampleSettings withOut(Path out) {
    return new SampleSettings(epochs, latentDim, data, out, seed, limit, batchSize, beta);
  }

  /** These settings with another seed. */
  public SampleSettings withSeed(long seed) {
    return new SampleSettings(epochs, latentDim, data, out, seed, limit, batchSize, beta);
  }

  /** These settings with another image limit (0 = all). */
  public SampleSettings withLimit(int limit) {
    return new SampleSettings(epochs, latentDim, data, out, seed, limit, batchSize, beta);
  }

  /** These settings with another batch size. */
  public SampleSettings withBatchSize(int batchSize) {
    return new SampleSettings(epochs, latentDim, data, out, seed, limit, batchSize, beta);
  }

  /** These settings with another KL weight. */
  public SampleSettings withBeta(double beta) {
    return new SampleSettings(epochs, latentDim, data, out, seed, limit, batchSize, beta);
  }
}
