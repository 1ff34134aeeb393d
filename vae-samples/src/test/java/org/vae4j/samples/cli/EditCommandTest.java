package org.vae4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vae4j.samples.cli.Vae4jCommandTest.oneLineFailure;
import static org.vae4j.samples.cli.Vae4jCommandTest.run;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.Vae;
import org.vae4j.core.Vae4jModel;
import org.vae4j.datasets.AttributeVectors;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.ImageFolder;

/** {@code vae4j edit} and AttributeVectors on a trained model: adding a bright square. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditCommandTest {

  private Path tmp;
  private Path folder;
  private Path model;

  /** 8 x 8 grey noise, with a bright top-left 4 x 4 square in "square", dark there in "plain". */
  @BeforeAll
  void trainOnSquaresAndPlainImages() throws IOException {
    tmp = Files.createTempDirectory("vae4j-edit");
    folder = tmp.resolve("train");
    SplittableRandom r = new SplittableRandom(7);
    for (String cls : new String[] {"plain", "square"}) {
      Path dir = Files.createDirectories(folder.resolve(cls));
      for (int k = 0; k < 60; k++) {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
          for (int x = 0; x < 8; x++) {
            boolean sq = x < 4 && y < 4;
            int level = sq ? (cls.equals("square") ? 220 + r.nextInt(36) : r.nextInt(30))
                : 40 + r.nextInt(80);
            img.getRaster().setSample(x, y, 0, level);
          }
        }
        ImageIO.write(img, "png", dir.resolve(k + ".png").toFile());
      }
    }
    Path out = tmp.resolve("model");
    Vae4jCommandTest.Run t = run("train", "--images", folder.toString(), "--size", "8",
        "--channels", "1", "--hidden", "32", "--latent-dim", "2", "--epochs", "25",
        "--batch-size", "16", "--learning-rate", "0.01", "--out", out.toString());
    assertThat(t.exit()).as("stderr: %s", t.err()).isZero();
    model = out.resolve("model.zip");
  }

  @AfterAll
  void deleteTheTemporaryDirectory() throws IOException {
    try (var s = Files.walk(tmp)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static double squareMean(INDArray x) {
    return x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)).meanNumber().doubleValue();
  }

  @Test
  void theFolderVectorMovesPlainImagesTowardTheSquare() throws IOException {
    try (Vae vae = (Vae) Vae4jModel.load(model)) {
      INDArray v = AttributeVectors.fromFolders(vae, folder.resolve("square"),
          folder.resolve("plain"));
      ImageDataset plain = ImageFolder.builder(folder.resolve("plain")).size(8).channels(1)
          .unlabelled().scan().load();
      INDArray x = plain.images();
      double before = squareMean(vae.reconstruct(x));
      double after = squareMean(vae.edit(x, v, 1.0));
      double back = squareMean(vae.edit(x, v, -1.0));
      assertThat(before).as("plain images reconstruct with a dark square").isLessThan(0.4);
      assertThat(after).as("edited by +1: the square brightens").isGreaterThan(before + 0.3);
      assertThat(back).as("edited by -1: not brighter").isLessThanOrEqualTo(before + 0.05);
      // the same vector as the model's own attributeVector on the images in memory
      ImageDataset square = ImageFolder.builder(folder.resolve("square")).size(8).channels(1)
          .unlabelled().scan().load();
      INDArray reference = vae.attributeVector(square.images(), x);
      for (int j = 0; j < 2; j++) {
        assertThat(v.getDouble(0, j)).isCloseTo(reference.getDouble(0, j),
            org.assertj.core.api.Assertions.within(1e-4));
      }
    }
  }

  @Test
  void editWritesAGridWithOneRowPerImageAndOneColumnPerStrength() throws IOException {
    Path png = tmp.resolve("grid.png");
    Vae4jCommandTest.Run r = run("edit", "--model", model.toString(), "--with",
        folder.resolve("square").toString(), "--without", folder.resolve("plain").toString(),
        "--images", folder.resolve("plain").toString(), "--count", "3", "--strengths", "0,1,2",
        "--out", png.toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out()).contains("attribute vector").contains("(3 rows x 3 strengths)");
    BufferedImage grid = ImageIO.read(png.toFile());
    assertThat(grid).isNotNull();
    Path wider = tmp.resolve("wider.png");
    assertThat(run("edit", "--model", model.toString(), "--with",
        folder.resolve("square").toString(), "--without", folder.resolve("plain").toString(),
        "--images", folder.resolve("plain").toString(), "--count", "3", "--strengths",
        "-4,-3,-2,-1,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", "--out", wider.toString()).exit()).isZero();
    BufferedImage w = ImageIO.read(wider.toFile());
    assertThat(w.getWidth()).as("more strengths, more columns").isGreaterThan(grid.getWidth());
    assertThat(w.getHeight()).isEqualTo(grid.getHeight());
  }

  @Test
  void aMissingFolderIsNamed() {
    assertThat(oneLineFailure(run("edit", "--model", model.toString(), "--with",
        tmp.resolve("nope").toString(), "--without", folder.resolve("plain").toString(),
        "--images", folder.toString(), "--out", tmp.resolve("g.png").toString()), 1))
        .contains("--with must be an existing directory").contains("nope");
  }
}
