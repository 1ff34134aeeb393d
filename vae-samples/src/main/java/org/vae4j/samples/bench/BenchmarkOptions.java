package org.vae4j.samples.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Benchmark} runs: which seed models, for how many epochs, on which MNIST directory.
 *
 * @param models the models to train, in order: {@code "conv"} and/or {@code "mlp"}
 * @param epochs training epochs per model, at least 2 (the first is the warm-up)
 * @param mnistDir the directory holding the MNIST test files ({@code t10k-*}, gzip or not)
 * @param limit train on the first {@code limit} test images (1 to 10,000; 10,000 = all)
 * @param encodeRepeats how many times {@code encodeMean} runs over the images for the inference
 *     throughput (at least 1; the median is reported)
 * @param seed the seed of the whole run: the model's (parameter initialisation) and the training
 *     run's (shuffles and reparameterization noise); {@value #DEFAULT_SEED} by default
 * @param init {@code model} (the library's initialisation, the default) or a rule of the collapse
 *     study that redraws the parameters first ({@code zero-bias}: U(±1/√fan_in) everywhere and
 *     biases 0, the libtorch peer's rule, for a like-for-like loss comparison)
 * @param imagesDir the folder of 64×64 RGB images model {@code conv64} trains on (an {@link
 *     org.vae4j.datasets.ImageFolder}, e.g. written by {@link ImageFolderGenerator}); {@code null}
 *     when no model needs it
 * @param initParams a probe file of initial parameters in the libtorch peer's layouts ({@code
 *     DjlVae conv64 --dump-init FILE}, or {@link Conv64Probe}'s {@code params.bin}) that model
 *     {@code conv64} starts from instead of its own (after {@code init}, so it wins); {@code null}
 *     for none (bench-only, issue 21)
 */
public record BenchmarkOptions(List<String> models, int epochs, Path mnistDir, int limit,
    int encodeRepeats, long seed, String init, Path imagesDir, Path initParams) {

  /** The seed of the published runs. */
  public static final long DEFAULT_SEED = 42;

  /** The models the benchmark knows. */
  public static final List<String> KNOWN_MODELS = List.of("conv", "mlp", "conv64");

  /** The models {@code all} runs (the MNIST ones; {@code conv64} needs its image folder). */
  public static final List<String> MNIST_MODELS = List.of("conv", "mlp");

  /** Images in the MNIST test set. */
  public static final int TEST_IMAGES = 10_000;

  /** The options with the library's own initialisation. */
  public BenchmarkOptions(List<String> models, int epochs, Path mnistDir, int limit,
      int encodeRepeats, long seed) {
    this(models, epochs, mnistDir, limit, encodeRepeats, seed, "model");
  }

  /** The options of the MNIST models (no image folder). */
  public BenchmarkOptions(List<String> models, int epochs, Path mnistDir, int limit,
      int encodeRepeats, long seed, String init) {
    this(models, epochs, mnistDir, limit, encodeRepeats, seed, init, null);
  }

  /** The options without initial parameters from a file. */
  public BenchmarkOptions(List<String> models, int epochs, Path mnistDir, int limit,
      int encodeRepeats, long seed, String init, Path imagesDir) {
    this(models, epochs, mnistDir, limit, encodeRepeats, seed, init, imagesDir, null);
  }

  /** Validates every field. */
  public BenchmarkOptions {
    Objects.requireNonNull(init, "init");
    if (!init.equals("model")) {
      StudyInit.parse(init);
    }
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(mnistDir, "mnistDir");
    models = List.copyOf(models);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("models must name at least one of " + KNOWN_MODELS
          + ", got none");
    }
    for (String m : models) {
      if (!KNOWN_MODELS.contains(m)) {
        throw new IllegalArgumentException("models must be among " + KNOWN_MODELS + ", got " + m);
      }
    }
    if (models.contains("conv64") && imagesDir == null) {
      throw new IllegalArgumentException("model conv64 needs --images DIR, a folder of 64x64 RGB"
          + " images (e.g. written by ImageFolderGenerator DIR 2000), got none");
    }
    if (initParams != null && !models.equals(List.of("conv64"))) {
      throw new IllegalArgumentException("--init-params is for model conv64 alone, got models "
          + models);
    }
    if (epochs < 2) {
      throw new IllegalArgumentException(
          "epochs must be at least 2 (one warm-up epoch and one measured), got " + epochs);
    }
    if (limit < 1 || limit > TEST_IMAGES) {
      throw new IllegalArgumentException(
          "limit must be in [1, " + TEST_IMAGES + "], got " + limit);
    }
    if (encodeRepeats < 1) {
      throw new IllegalArgumentException("encodeRepeats must be at least 1, got " + encodeRepeats);
    }
  }

  /**
   * The settings for one model: conv 5 epochs, MLP 11 epochs (as the peer's published
   * numbers), all 10,000 images, 5 {@code encodeMean} passes, seed {@value #DEFAULT_SEED}.
   */
  public static BenchmarkOptions defaults(String model, Path mnistDir) {
    return new BenchmarkOptions(List.of(model), "mlp".equals(model) ? 11 : 5, mnistDir,
        TEST_IMAGES, 5, DEFAULT_SEED);
  }
}
