package org.vae4j.spark;

import java.io.IOException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.Posterior;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.ModelEvaluator;

/**
 * A vae4j model loaded in an executor, behind the calls the featurizer makes, whatever its kind.
 * Each call goes through the model's public API.
 */
abstract class LoadedModel implements AutoCloseable {

  /** The posterior of a batch: means, and log-variances when asked for (else null). */
  record Encoded(INDArray mean, INDArray logVar) {}

  /** Loads a model of {@code kind} from the bytes of its model file. */
  static LoadedModel load(ModelConfig.Kind kind, byte[] bytes) throws IOException {
    return switch (kind) {
      case VAE -> new OfVae(ModelBytes.read(bytes, Vae::load));
      case AUTOENCODER -> new OfAutoencoder(ModelBytes.read(bytes, Autoencoder::load));
      case CONDITIONAL_VAE -> new OfConditionalVae(ModelBytes.read(bytes, ConditionalVae::load));
    };
  }

  /** The posterior of {@code x} {@code [n, dataShape...]}; {@code labels} only for a conditional VAE. */
  abstract Encoded encode(INDArray x, int[] labels, boolean withLogVar);

  /** The reconstruction loss of each row of {@code x} decoded from {@code z}, {@code [n]}. */
  abstract INDArray reconstructionLoss(INDArray x, INDArray z, int[] labels);

  /** The importance-weighted log-likelihood estimate of one example {@code [1, dataShape...]}. */
  abstract double logLikelihood(ModelEvaluator evaluator, INDArray x, int label);

  @Override
  public abstract void close();

  private static final class OfVae extends LoadedModel {
    private final Vae model;

    OfVae(Vae model) {
      this.model = model;
    }

    @Override
    Encoded encode(INDArray x, int[] labels, boolean withLogVar) {
      if (!withLogVar) {
        return new Encoded(model.encodeMean(x), null);
      }
      Posterior p = model.encode(x);
      return new Encoded(p.mean(), p.logVar());
    }

    @Override
    INDArray reconstructionLoss(INDArray x, INDArray z, int[] labels) {
      return model.reconstructionLoss(x, z);
    }

    @Override
    double logLikelihood(ModelEvaluator evaluator, INDArray x, int label) {
      return evaluator.evaluate(model, x).overall().logLikelihoodOrThrow();
    }

    @Override
    public void close() {
      model.close();
    }
  }

  private static final class OfAutoencoder extends LoadedModel {
    private final Autoencoder model;

    OfAutoencoder(Autoencoder model) {
      this.model = model;
    }

    @Override
    Encoded encode(INDArray x, int[] labels, boolean withLogVar) {
      if (withLogVar) {
        throw new IllegalStateException("an autoencoder has no posterior variance");
      }
      return new Encoded(model.encodeMean(x), null);
    }

    @Override
    INDArray reconstructionLoss(INDArray x, INDArray z, int[] labels) {
      return model.reconstructionLoss(x, z);
    }

    @Override
    double logLikelihood(ModelEvaluator evaluator, INDArray x, int label) {
      throw new IllegalStateException("an autoencoder has no likelihood");
    }

    @Override
    public void close() {
      model.close();
    }
  }

  private static final class OfConditionalVae extends LoadedModel {
    private final ConditionalVae model;

    OfConditionalVae(ConditionalVae model) {
      this.model = model;
    }

    @Override
    Encoded encode(INDArray x, int[] labels, boolean withLogVar) {
      if (!withLogVar) {
        return new Encoded(model.encodeMean(x, labels), null);
      }
      Posterior p = model.encode(x, labels);
      return new Encoded(p.mean(), p.logVar());
    }

    @Override
    INDArray reconstructionLoss(INDArray x, INDArray z, int[] labels) {
      return model.reconstructionLoss(x, z, labels);
    }

    @Override
    double logLikelihood(ModelEvaluator evaluator, INDArray x, int label) {
      return evaluator.evaluate(model, x, new int[] {label}).overall().logLikelihoodOrThrow();
    }

    @Override
    public void close() {
      model.close();
    }
  }
}
