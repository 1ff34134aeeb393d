package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.eval.LatentFeatures;
import org.vae4j.core.train.TrainingOptions;

/** A shape error says which builder setting (or reshape) makes the data fit, and following it works. */
class ShapeHintTest {

  private static INDArray uniform(long... shape) {
    return Nd4j.rand(DataType.FLOAT, shape);
  }

  @Test
  void aTableGivenToTheDefaultImageModelNamesInputShapeAndTheHintWorks() {
    INDArray table = uniform(50, 30);
    try (Vae images = Vae.builder().latentDim(2).seed(1).build()) {
      assertThatThrownBy(() -> images.fit(table, TrainingOptions.builder().epochs(1).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("data must have shape [n, 1, 28, 28] with n >= 1, got [50, 30]; ")
          .hasMessageContaining("inputShape(30)")
          .hasMessageContaining("Vae.builder().mlpEncoder(64).inputShape(30)");
      assertThatThrownBy(() -> images.encodeMean(table)).hasMessageContaining("inputShape(30)");
      assertThatThrownBy(() -> LatentFeatures.encode(images, table, 16)).hasMessageContaining("inputShape(30)");
    }
    try (Vae tabular = Vae.builder().mlpEncoder(64).inputShape(30).latentDim(2).seed(1).build()) {
      tabular.fit(table, TrainingOptions.builder().epochs(1).batchSize(25).build());
      assertThat(tabular.encodeMean(table).shape()).containsExactly(50, 2);
    }
  }

  @Test
  void aTableOfTheWrongWidthForAnMlpModelNamesTheWidthItHas() {
    try (Vae mlp = Vae.builder().mlpEncoder(8).inputShape(12).latentDim(2).seed(1).build()) {
      assertThatThrownBy(() -> mlp.encodeMean(uniform(4, 7)))
          .hasMessage("x must have shape [n, 12] with n >= 1, got [4, 7]; for rows of 7 values (a table), "
              + "build the model with an MLP encoder and inputShape(7), e.g. Vae.builder().mlpEncoder(64).inputShape(7)");
    }
  }

  @Test
  void flattenedImagesForAConvModelSuggestTheReshape() {
    try (Vae conv = Vae.builder().convEncoder(4).inputShape(1, 8, 8).latentDim(2).seed(1).build()) {
      assertThatThrownBy(() -> conv.encodeMean(uniform(3, 64)))
          .hasMessageContaining("got [3, 64]; these look like flattened images: reshape them with "
              + "x.reshape(n, 1, 8, 8), or build the model with mlpEncoder(...).inputShape(64)");
      assertThatThrownBy(() -> conv.encodeMean(uniform(3, 1, 9, 9)))
          .hasMessageEndingWith("got [3, 1, 9, 9]; for images of this shape, build the model with inputShape(1, 9, 9)");
      INDArray flat = uniform(3, 64);
      assertThat(conv.encodeMean(flat.reshape(3, 1, 8, 8)).shape()).containsExactly(3, 2);
    }
  }
}
