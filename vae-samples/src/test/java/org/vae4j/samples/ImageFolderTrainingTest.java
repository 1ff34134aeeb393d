package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.Vae;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.ImageFolder;
import org.vae4j.datasets.ImageFolderIterator;
import org.vae4j.samples.bench.ImageFolderGeneratorAccess;

/**
 * vae-core's {@code fit} trains from an image folder's lazy iterator exactly as from the same
 * images in memory, and a colour model's pictures of it are drawn.
 */
class ImageFolderTrainingTest {

  @TempDir Path dir;

  @Test
  void fittingFromTheFolderIteratorEqualsFittingTheSameImagesInMemory() throws IOException {
    Path images = dir.resolve("images");
    ImageFolderGeneratorAccess.write(images, 40, 16, 3L,
        new PrintStream(PrintStream.nullOutputStream()));
    ImageFolder folder = ImageFolder.builder(images).size(12).channels(3).scan();
    assertThat(folder.size()).isEqualTo(40);
    assertThat(folder.numClasses()).isEqualTo(10);
    ImageDataset memory = folder.load();
    TrainingOptions options = TrainingOptions.builder().epochs(2).batchSize(8).learningRate(1e-3)
        .seed(5).build();
    TrainingHistory fromFolder;
    TrainingHistory fromMemory;
    INDArray a;
    INDArray b;
    INDArray x = memory.images();
    try (Vae vae = Vae.builder().inputShape(3, 12, 12).mlpEncoder(16).latentDim(3).seed(9).build();
        ImageFolderIterator it = folder.iterator(8, 17L)) {
      fromFolder = vae.fit(it, options);
      a = vae.encodeMean(x);
    }
    try (Vae vae = Vae.builder().inputShape(3, 12, 12).mlpEncoder(16).latentDim(3).seed(9).build()) {
      fromMemory = vae.fit(memory.dataSetIterator(8, false, 17L), options);
      b = vae.encodeMean(x);
    }
    assertThat(fromFolder.epochs()).hasSize(2);
    double l1 = fromFolder.epochs().get(1).train().total();
    assertThat(l1).isFinite().isLessThan(fromFolder.epochs().get(0).train().total());
    assertThat(l1).isEqualTo(fromMemory.epochs().get(1).train().total());
    assertThat(a.equalsWithEps(b, 0)).isTrue();
  }
}
