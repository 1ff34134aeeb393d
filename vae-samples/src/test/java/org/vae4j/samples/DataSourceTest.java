package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.DatasetUnavailableException;
import org.vae4j.datasets.Idx;
import org.vae4j.datasets.IdxArray;
import org.vae4j.datasets.ImageDataset;

class DataSourceTest {

  @TempDir Path tmp;
  private String savedDataDir;
  private String savedMnistDir;

  @BeforeEach
  void isolateTheCache() {
    savedDataDir = System.getProperty("vae4j.data.dir");
    savedMnistDir = System.getProperty("vae4j.mnist.dir");
    System.setProperty("vae4j.data.dir", tmp.resolve("cache").toString());
  }

  @AfterEach
  void restore() {
    restore("vae4j.data.dir", savedDataDir);
    restore("vae4j.mnist.dir", savedMnistDir);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  /** Writes a tiny MNIST-layout split: n (< 256) 4×4 images whose pixels are their index. */
  static void writeSplit(Path dir, String prefix, int n) throws IOException {
    byte[] pixels = new byte[n * 16];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(pixels, i * 16, i * 16 + 16, (byte) i);
      labels[i] = (byte) (i % 10);
    }
    String images = prefix.equals("train") ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte";
    String lab = prefix.equals("train") ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte";
    Idx.write(dir.resolve(images + ".gz"), IdxArray.ofUnsignedBytes(new int[] {n, 4, 4}, pixels),
        true);
    Idx.write(dir.resolve(lab + ".gz"), IdxArray.ofUnsignedBytes(new int[] {n}, labels), true);
  }

  @Test
  void syntheticGivesTheLimitedNumberOfLabelledDigits() throws IOException {
    DataSource.Resolved r = DataSource.resolve("synthetic", 50, 3);
    assertThat(r.data().size()).isEqualTo(50);
    assertThat(r.data().imageShape()).containsExactly(1, 28, 28);
    assertThat(r.data().numClasses()).isEqualTo(10);
    assertThat(r.real()).isFalse();
    assertThat(r.description()).contains("SyntheticDigits").contains("50");
  }

  @Test
  void aDirectoryWithBothSplitsGivesTrainFollowedByTest() throws IOException {
    writeSplit(tmp, "train", 5);
    writeSplit(tmp, "test", 3);
    DataSource.Resolved r = DataSource.resolve(tmp.toString(), 0, 1);
    assertThat(r.data().size()).isEqualTo(8);
    assertThat(r.description()).contains("train+test").contains("8 images");
    assertThat(r.real()).isTrue();
  }

  @Test
  void aDirectoryWithOnlyTheTestSplitUsesItAndSaysSo() throws IOException {
    writeSplit(tmp, "test", 6);
    DataSource.Resolved r = DataSource.resolve(tmp.toString(), 0, 1);
    assertThat(r.data().size()).isEqualTo(6);
    assertThat(r.description()).contains("test split only").contains("no train split");
  }

  @Test
  void aDirectoryWithOnlyTheTrainSplitUsesItAndSaysSo() throws IOException {
    writeSplit(tmp, "train", 4);
    DataSource.Resolved r = DataSource.resolve(tmp.toString(), 0, 1);
    assertThat(r.data().size()).isEqualTo(4);
    assertThat(r.description()).contains("train split only");
  }

  @Test
  void anEmptyDirectoryIsTheDatasetsOwnUnavailableError() {
    assertThatThrownBy(() -> DataSource.resolve(tmp.toString(), 0, 1))
        .isInstanceOf(DatasetUnavailableException.class)
        .hasMessageContaining("t10k-images-idx3-ubyte");
  }

  @Test
  void anUnknownNameThatIsNoDirectoryIsRejectedWithTheValue() {
    assertThatThrownBy(() -> DataSource.resolve("nmist", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"nmist\"").hasMessageContaining("synthetic");
  }

  @Test
  void aNegativeLimitIsRejected() {
    assertThatThrownBy(() -> DataSource.resolve("synthetic", -1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit")
        .hasMessageContaining("-1");
  }

  @Test
  void theLimitIsASeededSubsetThatKeepsImagesWithTheirLabels() throws IOException {
    writeSplit(tmp, "test", 40);
    ImageDataset a = DataSource.resolve(tmp.toString(), 10, 5).data();
    ImageDataset b = DataSource.resolve(tmp.toString(), 10, 5).data();
    ImageDataset c = DataSource.resolve(tmp.toString(), 10, 6).data();
    assertThat(a.labels()).containsExactly(b.labels());
    assertThat(a.size()).isEqualTo(10);
    float[] pixels = a.flatImages().toFloatMatrix()[0].clone();
    int index = Math.round(pixels[0] * 255);   // the image's original index
    assertThat(a.label(0)).isEqualTo(index % 10);
    assertThat(java.util.Arrays.equals(a.labels(), c.labels())
        && a.flatImages().equals(c.flatImages())).as("another seed, another subset").isFalse();
    java.util.Set<Integer> distinct = new java.util.HashSet<>();
    for (float[] row : a.flatImages().toFloatMatrix()) {
      distinct.add(Math.round(row[0] * 255));
    }
    assertThat(distinct).as("a subset without repeats").hasSize(10);
  }

  @Test
  void aLimitAboveTheSizeKeepsEverything() throws IOException {
    writeSplit(tmp, "test", 7);
    assertThat(DataSource.resolve(tmp.toString(), 100, 5).data().size()).isEqualTo(7);
  }

  @Test
  void offlineFallsBackToSyntheticDigitsAndNamesWhereItLooked() throws IOException {
    System.clearProperty("vae4j.mnist.dir");
    DataSource.Resolved r = DataSource.offlineMnistOrSynthetic(0, 30, 1);
    if (System.getenv("VAE4J_MNIST_DIR") == null) {
      assertThat(r.real()).isFalse();
      assertThat(r.data().size()).isEqualTo(30);
      assertThat(r.description()).contains("no MNIST files found").contains(tmp.toString());
    }
  }

  @Test
  void offlineFindsTheTestSplitInTheDownloadCacheWithoutNetwork() throws IOException {
    writeSplit(tmp.resolve("cache").resolve("mnist"), "test", 9);
    DataSource.Resolved r = DataSource.offlineMnistOrSynthetic(0, 30, 1);
    assertThat(r.real()).isTrue();
    assertThat(r.data().size()).isEqualTo(9);
    assertThat(r.description()).contains("test split only");
  }

  @Test
  void offlineFindsTheMnistDirectoryProperty() throws IOException {
    Path dir = tmp.resolve("mnist-here");
    writeSplit(dir, "test", 11);
    System.setProperty("vae4j.mnist.dir", dir.toString());
    DataSource.Resolved r = DataSource.offlineMnistOrSynthetic(0, 30, 1);
    assertThat(r.data().size()).isEqualTo(11);
    assertThat(r.description()).contains(dir.toString());
  }

  @Test
  void theRealMnistTestSetDirectoryGivesTenThousandDigits() throws IOException {
    Path dir = Pictures.mnistDir();
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(dir),
        "MNIST test set not present at " + dir);
    DataSource.Resolved r = DataSource.resolve(dir.toString(), 0, 1);
    assertThat(r.data().size()).isEqualTo(10_000);
    assertThat(r.description()).contains("test split only").contains("10,000");
  }

  @Test
  void aNamedDatasetWithoutNetworkUsesTheCachedTestSplitAndSaysTheRestIsMissing()
      throws IOException {
    Path real = Pictures.mnistDir();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isRegularFile(real.resolve("t10k-images-idx3-ubyte.gz")),
        "MNIST test set not present at " + real);
    org.junit.jupiter.api.Assumptions.assumeTrue(noNetwork(), "network available");
    Path cache = java.nio.file.Files.createDirectories(tmp.resolve("cache").resolve("mnist"));
    for (String f : new String[] {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
      java.nio.file.Files.copy(real.resolve(f), cache.resolve(f));   // a temp dir, not the repo
    }
    DataSource.Resolved r = DataSource.resolve("mnist", 0, 1);
    assertThat(r.data().size()).isEqualTo(10_000);
    assertThat(r.description()).contains("test split only").contains("could not be downloaded");
  }

  private static boolean noNetwork() {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("ossci-datasets.s3.amazonaws.com", 443), 1500);
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
