package org.vae4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vae4j.samples.cli.Vae4jCommandTest.oneLineFailure;
import static org.vae4j.samples.cli.Vae4jCommandTest.run;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae4jModel;

/** {@code --images DIR}: training from a folder of picture files, and reading one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagesOptionTest {

  private Path tmp;
  private Path folder;
  private Path trained;

  /** Two class folders of coloured squares, in two sizes (so the resize runs). */
  @BeforeAll
  void makeAFolderAndTrainOnIt() throws IOException {
    tmp = Files.createTempDirectory("vae4j-images");
    folder = tmp.resolve("photos");
    for (int c = 0; c < 2; c++) {
      Path dir = Files.createDirectories(folder.resolve(c == 0 ? "red" : "blue"));
      for (int i = 0; i < 12; i++) {
        int side = i % 2 == 0 ? 20 : 37;
        BufferedImage im = new BufferedImage(side, side + 3, BufferedImage.TYPE_INT_RGB);
        int rgb = c == 0 ? 0xE02010 : 0x1030E0;
        for (int y = 0; y < im.getHeight(); y++) {
          for (int x = 0; x < side; x++) {
            im.setRGB(x, y, (x + y + i) % 7 < 3 ? rgb : 0xF0F0F0);
          }
        }
        ImageIO.write(im, "png", dir.resolve("img" + i + ".png").toFile());
      }
    }
    trained = tmp.resolve("train");
    Vae4jCommandTest.Run r = run("train", "--images", folder.toString(), "--size", "12",
        "--channels", "3", "--encoder", "conv", "--conv-channels", "4,8", "--latent-dim", "2",
        "--epochs", "2", "--batch-size", "8", "--out", trained.toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
  }

  @AfterAll
  void deleteTheTemporaryDirectory() throws IOException {
    try (var s = Files.walk(tmp)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void trainOnAFolderWritesAColourModelAndColourPictures() throws IOException {
    try (Vae4jModel m = Vae4jModel.load(trained.resolve("model.zip"))) {
      assertThat(m.dataShape()).containsExactly(3, 12, 12);
      assertThat(m.config().encoder()).isEqualTo(ModelConfig.EncoderKind.CONV);
      assertThat(m.config().channels()).containsExactly(4, 8);
    }
    for (String png : List.of("reconstructions.png", "samples.png", "manifold.png",
        "latent-scatter.png", "loss.png")) {
      assertThat(trained.resolve(png)).as(png).isRegularFile();
    }
    // the originals row of the reconstructions: the red and blue squares stay in colour
    BufferedImage recon = ImageIO.read(trained.resolve("reconstructions.png").toFile());
    boolean coloured = false;
    for (int y = 0; y < recon.getHeight() && !coloured; y++) {
      for (int x = 0; x < recon.getWidth() && !coloured; x++) {
        int p = recon.getRGB(x, y);
        int r = (p >> 16) & 255;
        int b = p & 255;
        coloured = Math.abs(r - b) > 100;
      }
    }
    assertThat(coloured).as("a pixel that is clearly red or blue").isTrue();
  }

  @Test
  void trainPrintsTheFolderItRead() {
    Vae4jCommandTest.Run r = run("train", "--images", folder.toString(), "--size", "8",
        "--channels", "1", "--hidden", "8", "--latent-dim", "1", "--epochs", "1", "--out",
        tmp.resolve("grey").toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out()).contains("24 images of [1, 8, 8], 2 classes [blue, red]");
  }

  @Test
  void evaluateAndFeaturesReadTheFolderAtTheModelsShape() throws IOException {
    Vae4jCommandTest.Run e = run("evaluate", "--model", trained.resolve("model.zip").toString(),
        "--images", folder.toString(), "--per-class");
    assertThat(e.exit()).as("stderr: %s", e.err()).isZero();
    assertThat(e.out()).contains("all: images 24").contains("class 0: images 12")
        .contains("class 1: images 12");
    Path csv = tmp.resolve("features.csv");
    Vae4jCommandTest.Run f = run("features", "--model", trained.resolve("model.zip").toString(),
        "--images", folder.toString(), "--limit", "5", "--out", csv.toString());
    assertThat(f.exit()).as("stderr: %s", f.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).isEqualTo("z0,z1,label");
  }

  @Test
  void convKernelStrideAndLeakyReluReachTheSavedModel() throws IOException {
    Path out = tmp.resolve("k4");
    Vae4jCommandTest.Run r = run("train", "--images", folder.toString(), "--size", "16",
        "--channels", "3", "--encoder", "conv", "--conv-channels", "4,8", "--conv-kernel", "4",
        "--conv-stride", "2", "--leaky-relu", "0.2", "--latent-dim", "2", "--epochs", "1",
        "--batch-size", "8", "--out", out.toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out()).contains("kernel 4 stride 2").contains("LeakyReLU 0.2");
    try (Vae4jModel m = Vae4jModel.load(out.resolve("model.zip"))) {
      assertThat(m.config().convKernel()).isEqualTo(4);
      assertThat(m.config().convStride()).isEqualTo(2);
      assertThat(m.config().leakyReluAlpha()).isEqualTo(0.2);
      assertThat(m.dataShape()).containsExactly(3, 16, 16);
    }
    // the defaults: 3x3 stride 2, ReLU (the model trained in the set-up)
    try (Vae4jModel m = Vae4jModel.load(trained.resolve("model.zip"))) {
      assertThat(m.config().convKernel()).isEqualTo(3);
      assertThat(m.config().convStride()).isEqualTo(2);
      assertThat(m.config().leakyReluAlpha()).isZero();
    }
  }

  @Test
  void batchNormTrainsATinyConvModelAndReachesTheSavedModel() throws IOException {
    Path out = tmp.resolve("bn");
    Vae4jCommandTest.Run r = run("train", "--images", folder.toString(), "--size", "16",
        "--channels", "3", "--encoder", "conv", "--conv-channels", "4,8", "--conv-kernel", "4",
        "--leaky-relu", "0.2", "--batch-norm", "--latent-dim", "2", "--epochs", "1",
        "--batch-size", "4", "--out", out.toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out()).contains("LeakyReLU 0.2, batch norm");
    try (Vae4jModel m = Vae4jModel.load(out.resolve("model.zip"))) {
      assertThat(m.config().batchNorm()).isTrue();
      assertThat(m.config().leakyReluAlpha()).isEqualTo(0.2);
    }
    // the model trained in the set-up has none
    try (Vae4jModel m = Vae4jModel.load(trained.resolve("model.zip"))) {
      assertThat(m.config().batchNorm()).isFalse();
    }
  }

  @Test
  void batchNormWithAnMlpEncoderIsRefusedBeforeAnythingIsWritten() {
    Path out = tmp.resolve("bn-mlp");
    assertThat(oneLineFailure(run("train", "--images", folder.toString(), "--hidden", "8",
        "--batch-norm", "--out", out.toString()), 2))
        .contains("--batch-norm applies to --encoder conv, got it with --encoder mlp");
    assertThat(out).doesNotExist();
  }

  @Test
  void badConvLayerOptionsAreRefusedBeforeTraining() {
    Path out = tmp.resolve("refused");
    assertThat(oneLineFailure(run("train", "--images", folder.toString(), "--encoder", "conv",
        "--conv-kernel", "16", "--out", out.toString()), 2))
        .contains("--conv-kernel must be in [1, 15], got 16");
    assertThat(oneLineFailure(run("train", "--images", folder.toString(), "--encoder", "conv",
        "--conv-kernel", "3", "--conv-stride", "4", "--out", out.toString()), 2))
        .contains("--conv-stride must be at most --conv-kernel (3), got 4");
    assertThat(oneLineFailure(run("train", "--images", folder.toString(), "--hidden", "8",
        "--conv-kernel", "4", "--out", out.toString()), 2))
        .contains("--conv-kernel applies to --encoder conv, got it with --encoder mlp");
    assertThat(oneLineFailure(run("train", "--images", folder.toString(), "--leaky-relu", "1",
        "--out", out.toString()), 2)).contains("--leaky-relu must be in (0, 1), got 1.0");
    assertThat(out).doesNotExist();
  }

  @Test
  void imagesAndDataTogetherAreRefused() {
    assertThat(oneLineFailure(run("train", "--images", folder.toString(), "--data", "synthetic"),
        2)).contains("--images and --data name two data sources");
    assertThat(oneLineFailure(run("evaluate", "--model", trained.resolve("model.zip").toString(),
        "--images", folder.toString(), "--data", "synthetic"), 2))
        .contains("--images and --data name two data sources");
  }

  @Test
  void aMissingFolderIsNamed() {
    Path missing = tmp.resolve("nowhere");
    assertThat(oneLineFailure(run("train", "--images", missing.toString(), "--out",
        tmp.resolve("x").toString()), 1))
        .contains("--images must be an existing directory").contains("nowhere");
  }

  @Test
  void aFolderWithoutImagesIsRefused() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Files.writeString(empty.resolve("notes.txt"), "no pictures here");
    assertThat(oneLineFailure(run("train", "--images", empty.toString(), "--out",
        tmp.resolve("y").toString()), 1)).contains("must hold at least 1 PNG");
  }

  @Test
  void channelsMeansImageChannelsAndPointsToConvChannels() {
    assertThat(oneLineFailure(run("train", "--images", folder.toString(), "--channels", "32,64"),
        2)).contains("1 (grey) or 3 (RGB), got 32,64").contains("--conv-channels");
    assertThat(oneLineFailure(run("train", "--channels", "3"), 2))
        .contains("--channels applies to --images");
  }

  @Test
  void aConditionalVaeNeedsClassFolders() throws IOException {
    Path flat = Files.createDirectories(tmp.resolve("flat"));
    Files.copy(folder.resolve("red/img0.png"), flat.resolve("a.png"));
    assertThat(oneLineFailure(run("train", "--images", flat.toString(), "--model", "cvae",
        "--out", tmp.resolve("z").toString()), 1)).contains("--model cvae needs labels");
  }
}
