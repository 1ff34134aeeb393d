package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSplitsTest {
  @TempDir Path dir;

  @Test
  void readsTrainAndTestFromGzipAndRawNames() throws IOException {
    MnistFiles.writeSplit(dir, "train", 30, 4, 5, MnistFiles.cyclicLabels(30), true);
    MnistFiles.writeSplit(dir, "t10k", 12, 4, 5, MnistFiles.cyclicLabels(12), false);
    DatasetSplits splits = FashionMnist.fromDirectory(dir);
    ImageDataset train = splits.train();
    ImageDataset test = splits.test();
    assertThat(train.size()).isEqualTo(30);
    assertThat(test.size()).isEqualTo(12);
    assertThat(train.imageShape()).containsExactly(1, 4, 5);
    assertThat(train.numClasses()).isEqualTo(10);
    assertThat(test.labels()).containsExactly(MnistFiles.cyclicLabels(12));
    // image 7 has every pixel 7/255
    assertThat(train.images().getFloat(7, 0, 3, 4)).isEqualTo(7 / 255f);
    assertThat(splits.all().size()).isEqualTo(42);
    assertThat(splits.downloadsMissingFiles()).isFalse();
  }

  @Test
  void testOnlyDirectoryServesTestAndExplainsMissingTrainFiles() throws IOException {
    MnistFiles.writeSplit(dir, "t10k", 5, 2, 2, MnistFiles.cyclicLabels(5), true);
    DatasetSplits splits = Mnist.fromDirectory(dir);
    assertThat(splits.test().size()).isEqualTo(5);
    assertThatThrownBy(splits::train)
        .isInstanceOf(DatasetUnavailableException.class)
        .hasMessageContainingAll(dir.toAbsolutePath().toString(), "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz");
  }

  @Test
  void rejectsImageAndLabelFilesWhoseCountsDiffer() throws IOException {
    MnistFiles.writeSplit(dir, "t10k", 6, 2, 2, MnistFiles.cyclicLabels(5), true);
    assertThatThrownBy(() -> Mnist.fromDirectory(dir).test())
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContainingAll("t10k-labels-idx1-ubyte.gz", "label count 5",
            "image count 6");
  }

  @Test
  void rejectsLabelsOutsideTheDeclaredClassRange() throws IOException {
    MnistFiles.writeSplit(dir, "t10k", 3, 2, 2, new int[] {0, 10, 1}, true);
    assertThatThrownBy(() -> Kmnist.fromDirectory(dir).test())
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContainingAll("t10k-labels-idx1-ubyte.gz", "label 1", "[0, 10)", "got 10");
  }

  @Test
  void rejectsImagesOfTheWrongTypeOrRank() throws IOException {
    MnistFiles.writeSplit(dir, "t10k", 2, 2, 2, new int[] {0, 1}, true);
    Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
    Idx.write(images, IdxArray.of(IdxType.FLOAT, new int[] {2, 4}, new double[8]), true);
    assertThatThrownBy(() -> Mnist.fromDirectory(dir).test())
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContainingAll(images.toString(), "UNSIGNED_BYTE [N, H, W]", "FLOAT [2, 4]");
  }

  @Test
  void rejectsAnEmptyImageFile() throws IOException {
    MnistFiles.writeSplit(dir, "t10k", 1, 2, 2, new int[] {0}, true);
    Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), new byte[0]);
    assertThatThrownBy(() -> Mnist.fromDirectory(dir).test())
        .isInstanceOf(IdxFormatException.class).hasMessageContaining("empty");
  }
}
