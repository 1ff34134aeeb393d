package org.vae4j.core.train.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.Vae;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.core.train.TrainingDivergedException;

/** A run that meets a non-finite loss stops with a clear exception and keeps the good state. */
class DivergenceTest {

  @Test
  void aHugeLearningRateStopsTheRunNamingEpochAndStepAndKeepsTheLastGoodCheckpoint(@TempDir Path dir)
      throws IOException {
    INDArray x = CheckpointTest.data(8);
    INDArray probe = Nd4j.ones(DataType.FLOAT, 3, 2);
    TrainingOptions good = TrainingOptions.builder().epochs(1).batchSize(4).seed(3).checkpoints(dir).build();
    Path checkpoint = dir.resolve(CheckpointCodec.fileName(1));
    try (Vae vae = CheckpointTest.vae()) {
      vae.fit(x, good);
      byte[] before = Files.readAllBytes(checkpoint);
      float[] decodedBefore = vae.decode(probe).data().asFloat();
      TrainingOptions huge = good.toBuilder().epochs(3).learningRate(1e30).build();
      TrainingDivergedException e = (TrainingDivergedException) org.assertj.core.api.Assertions
          .catchThrowable(() -> vae.resume(checkpoint, x, null, huge));
      assertThat(e).isNotNull();
      // step 3 (the first of epoch 2) applies the huge update, step 4 sees its non-finite loss
      assertThat(e.epoch()).isEqualTo(2);
      assertThat(e.step()).isEqualTo(4);
      assertThat(e).hasMessageStartingWith("training diverged at epoch 2, step 4: loss must be finite");
      // the model holds the end of epoch 1 again, without NaN
      float[] after = vae.decode(probe).data().asFloat();
      assertThat(after).containsExactly(decodedBefore);
      // the good checkpoint is untouched and no other file was written
      assertThat(Files.readAllBytes(checkpoint)).isEqualTo(before);
      try (Stream<Path> s = Files.list(dir)) {
        assertThat(s.map(p -> p.getFileName().toString()).toList())
            .isEqualTo(List.of(CheckpointCodec.fileName(1)));
      }
    }
  }

  @Test
  void divergenceInTheFirstEpochPutsBackTheInitialParameters() {
    INDArray x = CheckpointTest.data(8);
    INDArray probe = Nd4j.ones(DataType.FLOAT, 3, 2);
    try (Vae vae = CheckpointTest.vae()) {
      float[] initial = vae.decode(probe).data().asFloat();
      assertThatThrownBy(() -> vae.fit(x, TrainingOptions.builder().epochs(2).batchSize(4).learningRate(1e30).build()))
          .isInstanceOf(TrainingDivergedException.class)
          .hasMessageStartingWith("training diverged at epoch 1, step 2: loss must be finite");
      assertThat(vae.decode(probe).data().asFloat()).containsExactly(initial);
      // the model is still usable: a sane run afterwards trains normally
      assertThat(vae.fit(x, TrainingOptions.builder().epochs(1).batchSize(4).build()).epochs()).hasSize(1);
    }
  }

  @Test
  void aDivergedBatchNormRunPutsBackTheParametersAndTheRunningStatistics(@TempDir Path dir)
      throws IOException {
    INDArray x = ResumeTest.images(8, 3);
    INDArray probe = Nd4j.ones(DataType.FLOAT, 3, 2);
    TrainingOptions good = TrainingOptions.builder().epochs(1).batchSize(4).seed(3).checkpoints(dir).build();
    Path checkpoint = dir.resolve(CheckpointCodec.fileName(1));
    try (Vae vae = ResumeTest.bnVae()) {
      vae.fit(x, good);
      // decoding runs batch norm on its running statistics: it changes when they do
      float[] decodedBefore = vae.decode(probe).data().asFloat();
      float[] encodedBefore = vae.encode(x).mean().data().asFloat();
      TrainingOptions huge = good.toBuilder().epochs(3).learningRate(1e30).build();
      Throwable e = org.assertj.core.api.Assertions
          .catchThrowable(() -> vae.resume(checkpoint, x, null, huge));
      assertThat(e).isInstanceOf(TrainingDivergedException.class)
          .hasMessageStartingWith("training diverged at epoch 2");
      assertThat(vae.decode(probe).data().asFloat()).containsExactly(decodedBefore);
      assertThat(vae.encode(x).mean().data().asFloat()).containsExactly(encodedBefore);
    }
  }
}
