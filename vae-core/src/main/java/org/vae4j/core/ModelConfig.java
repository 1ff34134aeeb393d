package org.vae4j.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Arrays;
import java.util.Objects;

/**
 * The full, immutable description of a model: what the builders produce and what a saved model
 * carries (as JSON, see {@link #toJson()} and {@link #fromJson(String)}). Validated on
 * construction; the arrays are copied in and out.
 *
 * @param kind which model this is
 * @param encoder MLP or convolutional encoder (the decoder mirrors it)
 * @param hidden hidden layer sizes of the MLP encoder, in encoder order (the decoder uses them
 *     reversed); empty for a conv encoder
 * @param channels output channels of the stride-2 3×3 convolutions of the conv encoder, in
 *     encoder order; empty for an MLP encoder
 * @param denseUnits width of the dense layer between the conv stack and the latent heads (conv
 *     only; 0 for MLP)
 * @param inputShape shape of one example without the batch dimension: {@code [C, H, W]}, or
 *     {@code [D]} for an MLP encoder
 * @param latentDim width of the latent space, at least 1
 * @param loss the reconstruction loss
 * @param beta weight of the KL term (1 for a plain VAE, 0 for an autoencoder)
 * @param seed seed of the parameter initialisation and of the model's own sampling generator
 * @param numClasses number of classes of a conditional VAE; 0 for the other kinds
 */
public record ModelConfig(
    Kind kind,
    EncoderKind encoder,
    int[] hidden,
    int[] channels,
    int denseUnits,
    long[] inputShape,
    int latentDim,
    LossKind loss,
    double beta,
    long seed,
    int numClasses) {

  /** The three model kinds. */
  public enum Kind {
    /** A deterministic autoencoder: no KL term, no noise. */
    AUTOENCODER,
    /** A (beta-)VAE with a Gaussian posterior and a N(0, I) prior. */
    VAE,
    /** A conditional VAE: the one-hot class label joins encoder and decoder inputs. */
    CONDITIONAL_VAE
  }

  /** The encoder family; the decoder mirrors it. */
  public enum EncoderKind {
    /** Dense ReLU layers on the flattened input. */
    MLP,
    /** Stride-2 3×3 convolutions, then one dense ReLU layer. */
    CONV
  }

  /** The reconstruction loss. */
  public enum LossKind {
    /** Bernoulli: binary cross-entropy from logits; {@code decode} returns sigmoid(logits). */
    BCE,
    /** Gaussian with unit variance: sum of squared errors; {@code decode} returns values. */
    MSE
  }

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Validates every field and the combinations of fields. */
  public ModelConfig {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(loss, "loss");
    hidden = hidden == null ? new int[0] : hidden.clone();
    channels = channels == null ? new int[0] : channels.clone();
    Objects.requireNonNull(inputShape, "inputShape");
    inputShape = inputShape.clone();
    if (latentDim < 1) {
      throw new IllegalArgumentException("latentDim must be >= 1, got " + latentDim);
    }
    if (inputShape.length != 1 && inputShape.length != 3) {
      throw new IllegalArgumentException(
          "inputShape must be [C, H, W] or [D], got " + Arrays.toString(inputShape));
    }
    for (long d : inputShape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "inputShape dimensions must be >= 1, got " + Arrays.toString(inputShape));
      }
    }
    for (int h : hidden) {
      if (h < 1) {
        throw new IllegalArgumentException(
            "hidden layer sizes must be >= 1, got " + Arrays.toString(hidden));
      }
    }
    for (int c : channels) {
      if (c < 1) {
        throw new IllegalArgumentException(
            "channels must be >= 1, got " + Arrays.toString(channels));
      }
    }
    if (encoder == EncoderKind.CONV) {
      if (inputShape.length != 3) {
        throw new IllegalArgumentException(
            "inputShape must be [C, H, W] for a conv encoder, got " + Arrays.toString(inputShape));
      }
      if (channels.length == 0) {
        throw new IllegalArgumentException("channels must not be empty for a conv encoder, got []");
      }
      if (denseUnits < 1) {
        throw new IllegalArgumentException("denseUnits must be >= 1, got " + denseUnits);
      }
      if (hidden.length != 0) {
        throw new IllegalArgumentException(
            "hidden must be empty for a conv encoder, got " + Arrays.toString(hidden));
      }
    } else if (channels.length != 0) {
      throw new IllegalArgumentException(
          "channels must be empty for an MLP encoder, got " + Arrays.toString(channels));
    }
    if (!Double.isFinite(beta) || beta < 0) {
      throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
    }
    if (kind == Kind.AUTOENCODER && beta != 0) {
      throw new IllegalArgumentException("beta must be 0 for an autoencoder, got " + beta);
    }
    if (kind == Kind.CONDITIONAL_VAE && numClasses < 2) {
      throw new IllegalArgumentException(
          "numClasses must be >= 2 for a conditional VAE, got " + numClasses);
    }
    if (kind != Kind.CONDITIONAL_VAE && numClasses != 0) {
      throw new IllegalArgumentException(
          "numClasses must be 0 for a " + kind + ", got " + numClasses);
    }
  }

  /** Hidden layer sizes of the MLP encoder (a copy). */
  @Override
  public int[] hidden() {
    return hidden.clone();
  }

  /** Conv channels (a copy). */
  @Override
  public int[] channels() {
    return channels.clone();
  }

  /** Shape of one example (a copy). */
  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  /** Number of values in one example: the product of {@link #inputShape()}. */
  @JsonIgnore
  public long inputSize() {
    long n = 1;
    for (long d : inputShape) {
      n *= d;
    }
    return n;
  }

  /** True for the models with a stochastic encoder and a KL term (VAE and conditional VAE). */
  @JsonIgnore
  public boolean isVariational() {
    return kind != Kind.AUTOENCODER;
  }

  /** This config as indented JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise model config", e);
    }
  }

  /**
   * Reads a config written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException when the text is not a valid config
   */
  public static ModelConfig fromJson(String json) {
    try {
      return JSON.readValue(json, ModelConfig.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new IllegalArgumentException("not a model config: " + cause.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelConfig c
        && kind == c.kind
        && encoder == c.encoder
        && Arrays.equals(hidden, c.hidden)
        && Arrays.equals(channels, c.channels)
        && denseUnits == c.denseUnits
        && Arrays.equals(inputShape, c.inputShape)
        && latentDim == c.latentDim
        && loss == c.loss
        && Double.compare(beta, c.beta) == 0
        && seed == c.seed
        && numClasses == c.numClasses;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        kind, encoder, Arrays.hashCode(hidden), Arrays.hashCode(channels), denseUnits,
        Arrays.hashCode(inputShape), latentDim, loss, beta, seed, numClasses);
  }

  @Override
  public String toString() {
    return "ModelConfig[kind=" + kind + ", encoder=" + encoder + ", hidden=" + Arrays.toString(hidden)
        + ", channels=" + Arrays.toString(channels) + ", denseUnits=" + denseUnits + ", inputShape="
        + Arrays.toString(inputShape) + ", latentDim=" + latentDim + ", loss=" + loss + ", beta="
        + beta + ", seed=" + seed + ", numClasses=" + numClasses + "]";
  }
}
