package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;
import static org.vae4j.datasets.TestImageFiles.bombPng;
import static org.vae4j.datasets.TestImageFiles.grey;
import static org.vae4j.datasets.TestImageFiles.noise;
import static org.vae4j.datasets.TestImageFiles.solid;
import static org.vae4j.datasets.TestImageFiles.truncated;
import static org.vae4j.datasets.TestImageFiles.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ImageFolderTest {

  @TempDir Path dir;

  private static float at(INDArray images, int n, int c, int y, int x) {
    return images.getFloat(n, c, y, x);
  }

  @Test
  void labelsAreTheSortedSubFoldersAndFilesAreInPathOrder() throws IOException {
    write(solid(5, 5, 0xFF0000), "png", dir.resolve("b/2.png"));
    write(solid(5, 5, 0x00FF00), "png", dir.resolve("b/1.png"));
    write(solid(5, 5, 0x0000FF), "bmp", dir.resolve("a/deeper/x.bmp"));
    write(solid(5, 5, 0xFFFFFF), "jpeg", dir.resolve("a/z.JPG"));
    Files.createDirectories(dir.resolve("c-empty"));
    Files.writeString(dir.resolve("a/notes.txt"), "not an image");
    write(solid(5, 5, 0), "png", dir.resolve("a/.hidden.png"));
    write(solid(5, 5, 0), "png", dir.resolve(".git/x.png"));

    ImageFolder f = ImageFolder.builder(dir).size(4).scan();
    assertThat(f.classNames()).containsExactly("a", "b", "c-empty");
    assertThat(f.files()).containsExactly(Path.of("a/deeper/x.bmp"), Path.of("a/z.JPG"),
        Path.of("b/1.png"), Path.of("b/2.png"));
    assertThat(f.labels()).containsExactly(0, 0, 1, 1);
    assertThat(f.skipped()).isEmpty();

    ImageDataset d = f.load();
    assertThat(d.imageShape()).containsExactly(3, 4, 4);
    assertThat(d.labels()).containsExactly(0, 0, 1, 1);
    assertThat(d.numClasses()).isEqualTo(3);
    INDArray x = d.images();
    assertThat(at(x, 0, 2, 1, 1)).isEqualTo(1f); // blue BMP
    assertThat(at(x, 0, 0, 1, 1)).isEqualTo(0f);
    assertThat(at(x, 2, 1, 3, 3)).isEqualTo(1f); // green
    assertThat(at(x, 3, 0, 0, 0)).isEqualTo(1f); // red
    assertThat(at(x, 3, 1, 0, 0)).isEqualTo(0f);
    assertThat((double) at(x, 1, 0, 2, 2)).isCloseTo(1, within(0.02)); // white JPEG (lossy)
  }

  @Test
  void selectAndSplitListTheImagesOfTheInMemorySplitWithoutReadingThem() throws IOException {
    for (int i = 0; i < 13; i++) {
      write(noise(4, 4, i), "png", dir.resolve((i % 3 == 0 ? "b/" : "a/") + "i" + i + ".png"));
    }
    ImageFolder f = ImageFolder.builder(dir).size(4).scan();
    ImageDataset all = f.load();
    ImageFolder.Split parts = f.split(0.7, 11);
    ImageDataset.Split ref = all.split(0.7, 11);
    assertThat(parts.first().size()).isEqualTo(9);
    assertThat(parts.second().size()).isEqualTo(4);
    ImageDataset second = parts.second().load();
    assertThat(second.images()).isEqualTo(ref.second().images());
    assertThat(second.labels()).containsExactly(ref.second().labels());
    assertThat(parts.first().load().images()).isEqualTo(ref.first().images());
    assertThat(parts.first().classNames()).isEqualTo(f.classNames());
    // select keeps the given order, files and labels
    ImageFolder sel = f.select(5, 0, 12);
    assertThat(sel.files()).containsExactly(f.files().get(5), f.files().get(0), f.files().get(12));
    assertThat(sel.labels()).containsExactly(f.labels()[5], f.labels()[0], f.labels()[12]);
    assertThat(sel.load().images().slice(1)).isEqualTo(all.images().slice(0));
    assertThatThrownBy(() -> f.select(13)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("indices[0] must be in [0, 13) (the folder's images), got 13");
    assertThatThrownBy(() -> f.select()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("indices must name at least 1 image, got none");
    assertThatThrownBy(() -> f.split(1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> f.split(0.01, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaves an empty part");
  }

  @Test
  void aFileFoundBadThroughASelectionIsListedByItsFolderToo() throws IOException {
    write(solid(3, 3, 0x808080), "png", dir.resolve("a.png"));
    truncated("png", dir.resolve("b.png"), 0.5);
    ImageFolder f = ImageFolder.builder(dir).unlabelled().size(3)
        .badFiles(ImageFolder.BadFiles.SKIP).scan();
    assertThat(f.select(0, 1).load().size()).isEqualTo(1);
    assertThat(f.skipped()).extracting(ImageFolder.Skipped::file)
        .containsExactly(dir.resolve("b.png"));
  }

  @Test
  void unlabelledTakesEveryImageOfTheTree() throws IOException {
    write(solid(3, 3, 0x808080), "png", dir.resolve("top.png"));
    write(solid(3, 3, 0x808080), "gif", dir.resolve("sub/inner.gif"));
    ImageFolder f = ImageFolder.builder(dir).unlabelled().size(3).channels(1).scan();
    assertThat(f.files()).containsExactly(Path.of("sub/inner.gif"), Path.of("top.png"));
    assertThat(f.hasLabels()).isFalse();
    assertThatThrownBy(f::labels).isInstanceOf(IllegalStateException.class);
    ImageDataset d = f.load();
    assertThat(d.hasLabels()).isFalse();
    assertThat((double) d.images().getFloat(0, 0, 1, 1)).isCloseTo(128 / 255.0, within(1e-6));
  }

  @Test
  void greyAndColourImagesConvertToEitherChannelCount() throws IOException {
    write(grey(6, 6, 200), "png", dir.resolve("k/grey.png"));
    write(solid(6, 6, 0xFF8000), "png", dir.resolve("k/orange.png"));
    ImageDataset rgb = ImageFolder.builder(dir).size(6).channels(3).scan().load();
    for (int c = 0; c < 3; c++) {
      // a grey PNG's stored sample, not brightened through the linear grey colour space
      assertThat((double) at(rgb.images(), 0, c, 2, 3)).isCloseTo(200 / 255.0, within(1e-6));
    }
    assertThat(at(rgb.images(), 1, 0, 0, 0)).isEqualTo(1f);
    assertThat((double) at(rgb.images(), 1, 1, 0, 0)).isCloseTo(128 / 255.0, within(1e-6));
    assertThat(at(rgb.images(), 1, 2, 0, 0)).isEqualTo(0f);

    ImageDataset g = ImageFolder.builder(dir).size(6).channels(1).scan().load();
    assertThat(g.imageShape()).containsExactly(1, 6, 6);
    assertThat((double) at(g.images(), 0, 0, 5, 5)).isCloseTo(200 / 255.0, within(1e-6));
    assertThat((double) at(g.images(), 1, 0, 5, 5))
        .isCloseTo(0.299 + 0.587 * 128 / 255.0, within(1e-6));
  }

  @Test
  void imagesOfMixedSizesAreScaledAndCentreCropped() throws IOException {
    // 40 x 10 (w x h): black left and right quarters; the 10 x 10 centre crop is white
    java.awt.image.BufferedImage wide = solid(40, 10, 0);
    for (int y = 0; y < 10; y++) {
      for (int x = 10; x < 30; x++) {
        wide.setRGB(x, y, 0xFFFFFF);
      }
    }
    write(wide, "png", dir.resolve("s/wide.png"));
    write(noise(7, 300, 3), "png", dir.resolve("s/tall.png"));
    write(solid(1, 1, 0x00FFFF), "png", dir.resolve("s/tiny.png"));
    ImageDataset d = ImageFolder.builder(dir).size(5).scan().load();
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.imageShape()).containsExactly(3, 5, 5);
    INDArray tiny = d.images().get(NDArrayIndex.point(1));
    assertThat(tiny.getFloat(0, 4, 4)).isEqualTo(0f);
    assertThat(tiny.getFloat(1, 0, 0)).isEqualTo(1f);
    INDArray w = d.images().get(NDArrayIndex.point(2));
    assertThat(w.minNumber().floatValue()).isEqualTo(1f);
  }

  @Test
  void transparencyIsCompositedOverWhite() throws IOException {
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        img.setRGB(x, y, 0x00000000); // fully transparent black
      }
    }
    write(img, "png", dir.resolve("t/clear.png"));
    ImageDataset d = ImageFolder.builder(dir).size(2).scan().load();
    assertThat(d.images().minNumber().floatValue()).isEqualTo(1f);
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeaderNamingTheFile() throws IOException {
    write(solid(4, 4, 0x112233), "png", dir.resolve("a/ok.png"));
    Path bomb = bombPng(dir.resolve("a/bomb.png"), 100_000, 100_000);
    ImageFolder f = ImageFolder.builder(dir).size(4).scan();
    Throwable t = catchThrowable(f::load);
    assertThat(t).isInstanceOf(ImageFileException.class)
        .hasMessageContaining(bomb.toString())
        .hasMessageContaining("100000 x 100000")
        .hasMessageContaining("maxImagePixels = 67108864");
    assertThat(((ImageFileException) t).file()).isEqualTo(bomb);

    ImageFolder skip = ImageFolder.builder(dir).size(4).badFiles(ImageFolder.BadFiles.SKIP).scan();
    ImageDataset d = skip.load();
    assertThat(d.size()).isEqualTo(1);
    assertThat(skip.skipped()).extracting(ImageFolder.Skipped::file).containsExactly(bomb);
  }

  @Test
  void aSmallerPixelLimitRefusesAnOrdinaryImage() throws IOException {
    write(solid(30, 20, 0), "png", dir.resolve("a/x.png"));
    ImageFolder f = ImageFolder.builder(dir).size(4).maxImagePixels(599).scan();
    assertThatThrownBy(f::load).isInstanceOf(ImageFileException.class)
        .hasMessageContaining("30 x 20 image (600 pixels)");
  }

  @Test
  void truncatedFilesAreRefusedOrSkippedAndCounted() throws IOException {
    write(solid(4, 4, 0x112233), "png", dir.resolve("a/ok.png"));
    Path png = truncated("png", dir.resolve("a/cut.png"), 0.5);
    ImageFolder f = ImageFolder.builder(dir).size(4).scan();
    assertThatThrownBy(f::load).isInstanceOf(ImageFileException.class)
        .hasMessageStartingWith(png.toString())
        .hasMessageContaining("corrupt, truncated or unsupported PNG");

    Path jpeg = truncated("jpeg", dir.resolve("a/cut.jpg"), 0.5);
    Path garbage = Files.writeString(dir.resolve("a/text.png"), "hello, not a picture");
    Path empty = Files.write(dir.resolve("a/empty.gif"), new byte[0]);
    ImageFolder skip = ImageFolder.builder(dir).size(4).badFiles(ImageFolder.BadFiles.SKIP).scan();
    assertThat(skip.size()).isEqualTo(5);
    ImageDataset d = skip.load();
    assertThat(d.size()).isEqualTo(1);
    assertThat(skip.skipped()).extracting(ImageFolder.Skipped::file)
        .containsExactlyInAnyOrder(png, jpeg, garbage, empty);
    assertThat(skip.skipped()).filteredOn(s -> s.file().equals(garbage))
        .extracting(ImageFolder.Skipped::reason).first().asString()
        .contains("is not a PNG, JPEG, BMP or GIF image");
  }

  @Test
  void aSymbolicLinkLeavingTheDirectoryIsNotFollowed(@TempDir Path outside) throws IOException {
    Path secret = write(solid(4, 4, 0xABCDEF), "png", outside.resolve("secret.png"));
    write(solid(4, 4, 0x112233), "png", dir.resolve("a/ok.png"));
    Path out = Files.createSymbolicLink(dir.resolve("a/link.png"), secret);
    Path in = Files.createSymbolicLink(dir.resolve("a/inside.png"), dir.resolve("a/ok.png"));
    Files.createSymbolicLink(dir.resolve("linked-dir"), outside);
    ImageFolder f = ImageFolder.builder(dir).size(4).scan(); // REFUSE: still only skipped
    assertThat(f.files()).containsExactly(Path.of("a/inside.png"), Path.of("a/ok.png"));
    assertThat(f.classNames()).containsExactly("a");
    assertThat(f.skipped()).hasSize(1);
    assertThat(f.skipped().get(0).file()).isEqualTo(out);
    assertThat(f.skipped().get(0).reason()).contains("outside").contains("not followed");
    ImageDataset d = f.load();
    assertThat(d.size()).isEqualTo(2);
    assertThat((double) d.images().getFloat(0, 0, 0, 0)).isCloseTo(0x11 / 255.0, within(1e-6));
    assertThat(in).isSymbolicLink();
  }

  @Test
  void limitsOnFileSizeAndCountAreEnforcedWhileListing() throws IOException {
    Path big = write(noise(64, 64, 1), "png", dir.resolve("a/big.png"));
    write(solid(2, 2, 0), "png", dir.resolve("a/small.png"));
    assertThatThrownBy(() -> ImageFolder.builder(dir).maxFileBytes(1000).scan())
        .isInstanceOf(ImageFileException.class)
        .hasMessageContaining(big.toString())
        .hasMessageContaining("more than maxFileBytes = 1000");
    ImageFolder skip = ImageFolder.builder(dir).maxFileBytes(1000)
        .badFiles(ImageFolder.BadFiles.SKIP).scan();
    assertThat(skip.files()).containsExactly(Path.of("a/small.png"));
    assertThatThrownBy(() -> ImageFolder.builder(dir).maxFiles(1).scan())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("at most maxFiles = 1 images");
  }

  @Test
  void anImageDirectlyInALabelledFolderIsRefusedOrSkipped() throws IOException {
    Path loose = write(solid(2, 2, 0), "png", dir.resolve("loose.png"));
    write(solid(2, 2, 0), "png", dir.resolve("a/x.png"));
    assertThatThrownBy(() -> ImageFolder.builder(dir).scan())
        .isInstanceOf(ImageFileException.class)
        .hasMessageContaining(loose.toString())
        .hasMessageContaining("inside a class folder");
    ImageFolder f = ImageFolder.builder(dir).badFiles(ImageFolder.BadFiles.SKIP).scan();
    assertThat(f.files()).containsExactly(Path.of("a/x.png"));
  }

  @Test
  void aMissingOrEmptyDirectoryIsAClearError() throws IOException {
    assertThatThrownBy(() -> ImageFolder.builder(dir.resolve("nope")).scan())
        .isInstanceOf(NoSuchFileException.class);
    Files.createDirectories(dir.resolve("a"));
    assertThatThrownBy(() -> ImageFolder.builder(dir).scan())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("must hold at least 1 PNG, JPEG, BMP or GIF image");
    Path file = Files.writeString(dir.resolve("f.txt"), "x");
    assertThatThrownBy(() -> ImageFolder.builder(file).scan())
        .hasMessageContaining("must be a directory");
  }

  @Test
  void builderRejectsBadSettingsNamingThem() {
    ImageFolder.Builder b = ImageFolder.builder(dir);
    assertThatThrownBy(() -> b.channels(2)).hasMessage("channels must be 1 (grey) or 3 (RGB), got 2");
    assertThatThrownBy(() -> b.size(0)).hasMessage("height must be in [1, 4096], got 0");
    assertThatThrownBy(() -> b.size(4, 5000)).hasMessage("width must be in [1, 4096], got 5000");
    assertThatThrownBy(() -> b.maxFiles(0)).hasMessageContaining("maxFiles must be in");
    assertThatThrownBy(() -> b.maxFileBytes(0)).hasMessageContaining("maxFileBytes must be in");
    assertThatThrownBy(() -> b.maxImagePixels(-1)).hasMessageContaining("maxImagePixels must be in");
    assertThatThrownBy(() -> b.threads(0)).hasMessageContaining("threads must be in [1, 64]");
  }

  @Test
  void aLargeImageIsAreaAveragedWithoutAliasing() throws IOException {
    // 400 x 400 of 3 x 3 checks: each output pixel averages a 100 x 100 area, close to 0.5
    java.awt.image.BufferedImage img = solid(400, 400, 0);
    for (int y = 0; y < 400; y++) {
      for (int x = 0; x < 400; x++) {
        if (((x / 3) + (y / 3)) % 2 == 0) {
          img.setRGB(x, y, 0xFFFFFF);
        }
      }
    }
    write(img, "png", dir.resolve("a/checks.png"));
    ImageDataset d = ImageFolder.builder(dir).size(4).channels(1).scan().load();
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertThat((double) d.images().getFloat(0, 0, y, x)).isCloseTo(0.5, within(0.02));
      }
    }
  }

  @Test
  void filesAreListedIdenticallyOnEveryScan() throws IOException {
    for (int i = 0; i < 30; i++) {
      write(solid(2, 2, i), "png", dir.resolve("c" + (i % 4) + "/img" + (i * 7 % 30) + ".png"));
    }
    List<Path> first = ImageFolder.builder(dir).scan().files();
    assertThat(ImageFolder.builder(dir).threads(3).scan().files()).isEqualTo(first);
    assertThat(first).isSortedAccordingTo((a, b) -> a.toString().compareTo(b.toString()));
  }
}
