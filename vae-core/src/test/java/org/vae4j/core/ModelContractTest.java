package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.Posterior;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.testing.ArrayImages;
import org.vae4j.core.train.TrainingOptions;

/**
 * The one model contract ({@link Vae4jModel}): every kind answers the same calls, the class label
 * being the optional part of the input, with the results of the kind's own vocabulary; training
 * through the contract is the training of the kind's own {@code fit}.
 */
class ModelContractTest {

  private static final int[] LABELS = {0, 1, 2, 0, 1, 2};

  private static INDArray data() {
    return Nd4j.rand(DataType.FLOAT, 6, 1, 4, 4);
  }

  private static List<Vae4jModel> models() {
    return List.of(Vae.builder().mlpEncoder(5).inputShape(1, 4, 4).seed(3).build(),
        Autoencoder.builder().mlpEncoder(5).inputShape(1, 4, 4).seed(3).build(),
        ConditionalVae.builder().mlpEncoder(5).inputShape(1, 4, 4).numClasses(3).seed(3).build());
  }

  private static int[] labelsFor(Vae4jModel m) {
    return m.numClasses() > 0 ? LABELS : null;
  }

  @Test
  void theContractsCallsGiveTheKindsOwnResults() {
    INDArray x = data();
    for (Vae4jModel m : models()) {
      try (m) {
        int[] y = labelsFor(m);
        INDArray mean = m.encodeMean(x, y);
        Posterior p = m.encode(x, y);
        INDArray z = Nd4j.rand(DataType.FLOAT, 6, m.latentDim());
        if (m instanceof AbstractLatentModel l) {
          assertThat(m.numClasses()).isZero();
          assertThat(mean).isEqualTo(l.encodeMean(x));
          assertThat(p.mean()).isEqualTo(l.encode(x).mean());
          assertThat(p.logVar()).isEqualTo(l.encode(x).logVar());
          assertThat(m.decode(z, null)).isEqualTo(l.decode(z));
          assertThat(m.reconstruct(x, null)).isEqualTo(l.reconstruct(x));
          assertThat(m.reconstructionLoss(x, z, null)).isEqualTo(l.reconstructionLoss(x, z));
        } else {
          ConditionalVae c = (ConditionalVae) m;
          assertThat(m.numClasses()).isEqualTo(3);
          try (INDArray oneHot = Nd4j.eye(3).getRows(LABELS).castTo(DataType.FLOAT)) {
            assertThat(mean).isEqualTo(c.encodeMean(x, oneHot));
            assertThat(m.decode(z, y)).isEqualTo(c.decode(z, oneHot));
          }
          assertThat(m.reconstruct(x, y)).isEqualTo(c.decode(c.encodeMean(x, y), y));
        }
        assertThat(p.isPointMass()).isEqualTo(!m.config().isVariational());
      }
    }
  }

  @Test
  void theLabelIsRequiredExactlyWhenTheModelHasAClassInput() {
    INDArray x = data();
    for (Vae4jModel m : models()) {
      try (m) {
        if (m.numClasses() > 0) {
          assertThatThrownBy(() -> m.encodeMean(x, null)).isInstanceOf(IllegalArgumentException.class)
              .hasMessage("labels must not be null");
          assertThatThrownBy(() -> m.fit(ArrayImages.of(x), TrainingOptions.builder().epochs(1).build()))
              .hasMessage("data must have labels for a conditional VAE, got none");
        } else {
          assertThatThrownBy(() -> m.encodeMean(x, LABELS))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessage("labels must be null for a " + m.config().kind()
                  + " (it has no class input), got 6 labels");
          assertThatThrownBy(() -> m.decode(Nd4j.zeros(DataType.FLOAT, 6, m.latentDim()), LABELS))
              .hasMessageStartingWith("labels must be null");
        }
      }
    }
  }

  @Test
  void fitAndResumeThroughTheContractAreTheKindsOwn(@TempDir Path dir) throws IOException {
    INDArray x = data();
    TrainingOptions two = TrainingOptions.builder().epochs(2).batchSize(3).seed(5).build();
    for (Vae4jModel m : models()) {
      try (m; Vae4jModel twin = Vae4jModel.fromConfig(m.config())) {
        int[] y = labelsFor(m);
        ArrayImages images = y == null ? ArrayImages.of(x) : ArrayImages.of(x, y);
        TrainingHistory viaContract = m.fit(images, null, two);
        TrainingHistory own = twin instanceof ConditionalVae c ? c.fit(x, y, two)
            : ((AbstractLatentModel) twin).fit(x, two);
        assertThat(viaContract.trainLosses()).containsExactly(own.trainLosses());
        assertThat(m.encodeMean(x, y)).isEqualTo(twin.encodeMean(x, y));
        Path file = dir.resolve(m.config().kind() + ".zip");
        m.save(file);
        try (Vae4jModel back = Vae4jModel.load(file)) {
          assertThat(back.getClass()).isEqualTo(m.getClass());
          assertThat(back.encodeMean(x, y)).isEqualTo(m.encodeMean(x, y));
        }
      }
    }
  }
}
