package org.vae4j.core.eval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.Autoencoder;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;

/** What the evaluator needs of a model, over the three model types' public API. */
interface ScoredModel {

  ModelConfig config();

  boolean isClosed();

  /** {@code [mean, logVar]}; {@code logVar} is null for an autoencoder. */
  INDArray[] encode(INDArray x, int[] labels);

  INDArray reconstructionLoss(INDArray x, INDArray z, int[] labels);

  INDArray decode(INDArray z, int[] labels);

  static ScoredModel of(Vae m) {
    return new ScoredModel() {
      @Override
      public ModelConfig config() {
        return m.config();
      }

      @Override
      public boolean isClosed() {
        return m.isClosed();
      }

      @Override
      public INDArray[] encode(INDArray x, int[] labels) {
        var p = m.encode(x);
        return new INDArray[] {p.mean(), p.logVar()};
      }

      @Override
      public INDArray reconstructionLoss(INDArray x, INDArray z, int[] labels) {
        return m.reconstructionLoss(x, z);
      }

      @Override
      public INDArray decode(INDArray z, int[] labels) {
        return m.decode(z);
      }
    };
  }

  static ScoredModel of(Autoencoder m) {
    return new ScoredModel() {
      @Override
      public ModelConfig config() {
        return m.config();
      }

      @Override
      public boolean isClosed() {
        return m.isClosed();
      }

      @Override
      public INDArray[] encode(INDArray x, int[] labels) {
        return new INDArray[] {m.encodeMean(x), null};
      }

      @Override
      public INDArray reconstructionLoss(INDArray x, INDArray z, int[] labels) {
        return m.reconstructionLoss(x, z);
      }

      @Override
      public INDArray decode(INDArray z, int[] labels) {
        return m.decode(z);
      }
    };
  }

  static ScoredModel of(ConditionalVae m) {
    return new ScoredModel() {
      @Override
      public ModelConfig config() {
        return m.config();
      }

      @Override
      public boolean isClosed() {
        return m.isClosed();
      }

      @Override
      public INDArray[] encode(INDArray x, int[] labels) {
        var p = m.encode(x, labels);
        return new INDArray[] {p.mean(), p.logVar()};
      }

      @Override
      public INDArray reconstructionLoss(INDArray x, INDArray z, int[] labels) {
        return m.reconstructionLoss(x, z, labels);
      }

      @Override
      public INDArray decode(INDArray z, int[] labels) {
        return m.decode(z, labels);
      }
    };
  }
}
