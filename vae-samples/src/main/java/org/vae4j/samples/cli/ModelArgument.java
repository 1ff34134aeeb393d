package org.vae4j.samples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.LatentDecoder;
import org.vae4j.api.LatentModel;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelFormatException;
import org.vae4j.core.Vae4jModel;

/**
 * A model file of any kind, loaded with vae-core's one entry for any kind ({@code
 * Vae4jModel.load}, checked and bounded), with what the commands need of it.
 */
final class ModelArgument implements AutoCloseable {

  private final Path file;
  private final ModelConfig config;
  private final LatentModel plain;
  private final ConditionalVae conditional;

  private ModelArgument(Path file, ModelConfig config, LatentModel plain, ConditionalVae conditional) {
    this.file = file;
    this.config = config;
    this.plain = plain;
    this.conditional = conditional;
  }

  static ModelArgument load(Path file) throws IOException {
    readConfig(file);
    Vae4jModel model = Vae4jModel.load(file);
    return model instanceof ConditionalVae c
        ? new ModelArgument(file, c.config(), null, c)
        : new ModelArgument(file, model.config(), (LatentModel) model, null);
  }

  /** The config stored in a model file (vae-core's bounded, checked reading). */
  static ModelConfig readConfig(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    if (!Files.isRegularFile(file)) {
      throw new ModelFormatException(file + ": not a model file (it is a directory)");
    }
    return ModelConfig.readFrom(file);
  }

  Path file() {
    return file;
  }

  ModelConfig config() {
    return config;
  }

  boolean isConditional() {
    return conditional != null;
  }

  /** The autoencoder or VAE; {@link IllegalArgumentException} for a conditional VAE. */
  LatentModel plain(String what) {
    if (plain == null) {
      throw new IllegalArgumentException(what + " needs an autoencoder or VAE model, got a "
          + "conditional VAE in " + file);
    }
    return plain;
  }

  ConditionalVae conditional() {
    return conditional;
  }

  /** The model, of any kind. */
  Vae4jModel model() {
    return conditional != null ? conditional : (Vae4jModel) plain;
  }

  /** A decoder: the model's own, or the conditional VAE's with a fixed class. */
  LatentDecoder decoder(Integer label) {
    if (plain != null) {
      if (label != null) {
        throw new IllegalArgumentException("--label applies to a conditional VAE, got a "
            + config.kind() + " in " + file);
      }
      return plain;
    }
    int k = label == null ? 0 : label;
    if (k < 0 || k >= conditional.numClasses()) {
      throw new IllegalArgumentException("--label must be in [0, " + conditional.numClasses()
          + "), got " + k);
    }
    return new LatentDecoder() {
      @Override
      public int latentDim() {
        return conditional.latentDim();
      }

      @Override
      public long[] dataShape() {
        return conditional.dataShape();
      }

      @Override
      public INDArray decode(INDArray z) {
        int[] labels = new int[(int) z.size(0)];
        java.util.Arrays.fill(labels, k);
        return conditional.decode(z, labels);
      }
    };
  }

  /** Posterior means of {@code x} (with their labels for a conditional VAE). */
  INDArray encodeMean(INDArray x, int[] labels) {
    return plain != null ? plain.encodeMean(x) : conditional.encodeMean(x, labels);
  }

  /** Reconstructions of {@code x} (with their labels for a conditional VAE). */
  INDArray reconstruct(INDArray x, int[] labels) {
    return plain != null ? plain.reconstruct(x) : conditional.reconstruct(x, labels);
  }

  /** One line describing the model. */
  String describe() {
    ModelConfig c = config;
    String enc = c.encoder() == ModelConfig.EncoderKind.CONV
        ? "conv " + java.util.Arrays.toString(c.channels())
        : "MLP " + java.util.Arrays.toString(c.hidden());
    return c.kind() + ", " + enc + " encoder, latent " + c.latentDim() + ", " + c.loss()
        + " loss, beta " + c.beta() + ", input " + java.util.Arrays.toString(c.inputShape())
        + (c.numClasses() > 0 ? ", " + c.numClasses() + " classes" : "");
  }

  @Override
  public void close() {
    if (plain != null) {
      plain.close();
    }
    if (conditional != null) {
      conditional.close();
    }
  }
}
