package org.vae4j.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderGeneratorTest {

  @TempDir Path dir;

  private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

  @Test
  void writesTenClassFoldersOfColourPngsDeterministically() throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    ImageFolderGeneratorAccess.write(a, 23, 20, 4L, QUIET);
    ImageFolderGeneratorAccess.write(b, 23, 20, 4L, QUIET);
    try (var s = Files.list(a)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("class0", "class1", "class2", "class3", "class4", "class5", "class6",
              "class7", "class8", "class9");
    }
    Path f = a.resolve("class2/00000012.png");
    assertThat(Files.readAllBytes(f)).isEqualTo(Files.readAllBytes(b.resolve("class2/00000012.png")));
    BufferedImage img = ImageIO.read(f.toFile());
    assertThat(img.getWidth()).isEqualTo(20);
    boolean colour = false;
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        int p = img.getRGB(x, y);
        colour |= ((p >> 16) & 0xFF) != (p & 0xFF);
      }
    }
    assertThat(colour).as("an RGB picture, not grey").isTrue();
    try (var s = Files.walk(a)) {
      assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(23);
    }
  }

  @Test
  void proceduralShapesWithoutFontsDifferByClass() {
    ImageFolderGenerator gen = new ImageFolderGenerator(32, List.of());
    assertThat(gen.usesFonts()).isFalse();
    BufferedImage disc = gen.image(0, 1, 0);
    BufferedImage square = gen.image(1, 1, 0);
    // same seed and index: the same colours and pose, only the shape differs
    int differ = 0;
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        differ += disc.getRGB(x, y) != square.getRGB(x, y) ? 1 : 0;
      }
    }
    assertThat(differ).isGreaterThan(20);
  }

  @Test
  void refusesAFolderThatAlreadyHoldsFiles() throws IOException {
    Files.writeString(dir.resolve("keep.txt"), "mine");
    assertThatThrownBy(() -> ImageFolderGeneratorAccess.write(dir, 3, 16, 1L, QUIET))
        .isInstanceOf(IOException.class).hasMessageContaining("must be an empty directory");
    assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("mine");
  }
}
