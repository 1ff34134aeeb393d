package org.vae4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vae4j.samples.cli.Vae4jCommandTest.oneLineFailure;
import static org.vae4j.samples.cli.Vae4jCommandTest.run;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.vae4j.core.anomaly.AnomalyMetrics;
import org.vae4j.core.eval.AnomalyDetector;
import org.vae4j.core.eval.InkLine;

/**
 * {@code vae4j anomaly --images} on hand-made 8 x 8 RGB PNGs: normal images are a smooth blue to
 * green gradient of random direction and brightness; the anomalies in the scored folder's
 * {@code crack/} sub-folder carry a bright white 3 x 3 blob at a random place.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageAnomalyCommandTest {

  static final int SIDE = 8;
  static final int TEST_GOOD = 30;
  static final int TEST_CRACKS = 10;

  Path tmp;
  Path trainDir;
  Path testDir;
  Path out;
  Vae4jCommandTest.Run trained;

  static BufferedImage normal(SplittableRandom r) {
    BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
    boolean horizontal = r.nextBoolean();
    double brightness = 0.5 + 0.5 * r.nextDouble();
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        double t = (horizontal ? x : y) / (SIDE - 1.0);
        int g = (int) Math.round(255 * brightness * t);
        int b = (int) Math.round(255 * brightness * (1 - t));
        img.setRGB(x, y, (20 << 16) | (g << 8) | b);
      }
    }
    return img;
  }

  static BufferedImage crack(SplittableRandom r) {
    BufferedImage img = normal(r);
    int x0 = r.nextInt(SIDE - 2);
    int y0 = r.nextInt(SIDE - 2);
    for (int y = y0; y < y0 + 3; y++) {
      for (int x = x0; x < x0 + 3; x++) {
        img.setRGB(x, y, 0xffffff);
      }
    }
    return img;
  }

  static void write(BufferedImage img, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
  }

  @BeforeAll
  void trainAndScore() throws IOException {
    tmp = Files.createTempDirectory("vae4j-image-anomaly");
    SplittableRandom r = new SplittableRandom(3);
    trainDir = tmp.resolve("train");
    for (int i = 0; i < 160; i++) {
      write(normal(r), trainDir.resolve(String.format("n%03d.png", i)));
    }
    testDir = tmp.resolve("test");
    for (int i = 0; i < TEST_GOOD; i++) {
      write(normal(r), testDir.resolve("good").resolve("g" + i + ".png"));
    }
    for (int i = 0; i < TEST_CRACKS; i++) {
      write(crack(r), testDir.resolve("crack").resolve("c" + i + ".png"));
    }
    out = tmp.resolve("out");
    trained = run("anomaly", "--images", trainDir.toString(), "--score-images",
        testDir.toString(), "--size", String.valueOf(SIDE), "--channels", "3", "--epochs", "60",
        "--hidden", "64", "--latent-dim", "4", "--batch-size", "32", "--out", out.toString());
  }

  @AfterAll
  void deleteTheTemporaryDirectory() throws IOException {
    try (var s = Files.walk(tmp)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static List<String[]> rows(Path scores) throws IOException {
    List<String> lines = Files.readAllLines(scores);
    assertThat(lines.get(0)).isEqualTo("index,file,score,flag,label,anomalous");
    return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
  }

  @Test
  void trainsOnTheFolderScoresEveryFileAndFindsTheBlobs() throws IOException {
    assertThat(trained.exit()).as("stderr: %s", trained.err()).isZero();
    for (String f : new String[] {"model.zip", "detector.json", "scores.csv",
        "score-histogram.png", "roc.png", "precision-recall.png", "most-anomalous.png"}) {
      assertThat(out.resolve(f)).as(f).isRegularFile();
    }
    assertThat(out.resolve("top-contributions.png")).doesNotExist();
    assertThat(trained.out()).contains("anomaly epoch 60: ").contains(" images/s")
        .doesNotContain("rows/s");
    List<String[]> rows = rows(out.resolve("scores.csv"));
    assertThat(rows).hasSize(TEST_GOOD + TEST_CRACKS);
    double[] s = new double[rows.size()];
    boolean[] anomalous = new boolean[rows.size()];
    java.util.Set<String> files = new java.util.HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      String[] f = rows.get(i);
      assertThat(f).hasSize(6);
      assertThat(f[0]).isEqualTo(String.valueOf(i));
      assertThat(f[1]).matches("(good/g|crack/c)\\d+\\.png");
      assertThat(testDir.resolve(f[1])).isRegularFile();
      files.add(f[1]);
      s[i] = Double.parseDouble(f[2]);
      assertThat(f[3]).isIn("0", "1");
      assertThat(f[4]).isEqualTo(f[1].substring(0, f[1].indexOf('/')));
      anomalous[i] = f[5].equals("1");
      assertThat(anomalous[i]).isEqualTo(f[4].equals("crack"));
    }
    assertThat(files).hasSize(TEST_GOOD + TEST_CRACKS);
    double auc = AnomalyMetrics.rocAuc(s, anomalous);
    assertThat(auc).as("ROC-AUC of the blobs").isGreaterThan(0.9);
    assertThat(trained.out()).contains(String.format(java.util.Locale.ROOT, "ROC-AUC %.4f", auc))
        .contains("most-anomalous.png: the 20 highest-scored images, each beside a map of its "
            + "per-pixel contributions (inferno over a grey copy)");
  }

  /**
   * The grid's first tile pair is the highest-scored image, a blob image; on its right copy (the
   * map over a grey copy) the warmest pixel (red minus blue: grey has none, the inferno colours
   * have plenty) is the one with the largest contribution, and it lies in the blob: the plain
   * copy is white there (the gradients' red channel is 20 of 255).
   */
  @Test
  void theMostAnomalousPictureMapsTheBlobWarmOverGrey() throws IOException {
    assertThat(trained.exit()).as("stderr: %s", trained.err()).isZero();
    BufferedImage img = ImageIO.read(out.resolve("most-anomalous.png").toFile());
    int scale = 64 / SIDE;
    int tile = SIDE * scale;
    // the grid is at the bottom: 2 rows of 10 pairs, spacing 2 around every cell
    int gridTop = img.getHeight() - (2 * (tile + 2) + 2);
    int x0 = 2;
    int y0 = gridTop + 2;
    int bestWarmth = Integer.MIN_VALUE;
    int bestPlain = 0;
    for (int y = 0; y < tile; y++) {
      for (int x = 0; x < tile; x++) {
        int plain = img.getRGB(x0 + x, y0 + y);
        int map = img.getRGB(x0 + tile + 2 * scale + x, y0 + y);
        int warmth = ((map >> 16) & 0xff) - (map & 0xff);
        if (warmth > bestWarmth) {
          bestWarmth = warmth;
          bestPlain = plain;
        }
      }
    }
    assertThat(bestWarmth).as("the map warms some pixel").isGreaterThan(60);
    assertThat((bestPlain >> 16) & 0xff).as("the warmest pixel is in the white blob")
        .isGreaterThan(200);
  }

  @Test
  void scoreOnlyReproducesTheScores() throws IOException {
    assertThat(trained.exit()).as("stderr: %s", trained.err()).isZero();
    Path out2 = tmp.resolve("again");
    Vae4jCommandTest.Run r = run("anomaly", "--model", out.resolve("model.zip").toString(),
        "--detector", out.resolve("detector.json").toString(), "--score-images",
        testDir.toString(), "--out", out2.toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    assertThat(Files.readAllLines(out2.resolve("scores.csv")))
        .isEqualTo(Files.readAllLines(out.resolve("scores.csv")));
    assertThat(out2.resolve("model.zip")).doesNotExist();

    // an unlabelled folder: no label columns, no curves
    Path flat = tmp.resolve("flat");
    Files.createDirectories(flat);
    Files.copy(testDir.resolve("good").resolve("g0.png"), flat.resolve("a.png"));
    Files.copy(testDir.resolve("crack").resolve("c0.png"), flat.resolve("b.png"));
    Path out3 = tmp.resolve("flat-out");
    r = run("anomaly", "--model", out.resolve("model.zip").toString(), "--detector",
        out.resolve("detector.json").toString(), "--score-images", flat.toString(), "--out",
        out3.toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    List<String> lines = Files.readAllLines(out3.resolve("scores.csv"));
    assertThat(lines.get(0)).isEqualTo("index,file,score,flag");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).startsWith("0,a.png,");
    assertThat(out3.resolve("roc.png")).doesNotExist();
    assertThat(out3.resolve("most-anomalous.png")).isRegularFile();
  }

  @Test
  void errorsNameTheFolderAndTheFile() throws IOException {
    String model = out.resolve("model.zip").toString();
    String detector = out.resolve("detector.json").toString();
    Path missing = tmp.resolve("nowhere");
    assertThat(oneLineFailure(run("anomaly", "--model", model, "--detector", detector,
        "--score-images", missing.toString(), "--out", tmp.resolve("f1").toString()),
        Vae4jCommand.EXIT_FAILURE)).contains("--score-images").contains(missing.toString());
    Path bad = tmp.resolve("bad");
    Files.createDirectories(bad);
    Files.copy(testDir.resolve("good").resolve("g0.png"), bad.resolve("ok.png"));
    Files.writeString(bad.resolve("broken.png"), "not a picture");
    assertThat(oneLineFailure(run("anomaly", "--model", model, "--detector", detector,
        "--score-images", bad.toString(), "--out", tmp.resolve("f2").toString()),
        Vae4jCommand.EXIT_FAILURE)).contains("broken.png");
    assertThat(oneLineFailure(run("anomaly", "--model", model, "--detector", detector,
        "--score-images", testDir.toString(), "--normal-label", "fine", "--out",
        tmp.resolve("f3").toString()), Vae4jCommand.EXIT_FAILURE))
        .contains("[crack, good]").contains("\"fine\" (--normal-label)");
  }

  /**
   * {@code --per-ink}: the scores of the saved detector are the residuals of the plain squared
   * errors (the same model scored by the same detector with its ink line removed) against the
   * line in detector.json, with each image's ink summed here from its PNG; the line is the least-
   * squares one, so it changes the ranking, and the blobs are still found.
   */
  @Test
  void perInkScoresAreResidualsOfTheSquaredErrorAgainstTheSavedLine() throws IOException {
    Path ink = tmp.resolve("per-ink");
    Vae4jCommandTest.Run r = run("anomaly", "--images", trainDir.toString(), "--score-images",
        testDir.toString(), "--size", String.valueOf(SIDE), "--score-type",
        "reconstruction-error", "--per-ink", "--epochs", "30", "--hidden", "64", "--latent-dim",
        "4", "--batch-size", "32", "--out", ink.toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out()).contains("ink line: log(squared error) = ")
        .contains("on the 32 validation images"); // 0.2 of 160
    assertThat(Files.readString(ink.resolve("detector.json"))).contains("\"inkLine\"");
    AnomalyDetector saved = AnomalyDetector.load(ink.resolve("detector.json"));
    InkLine line = saved.scorer().inkLine().orElseThrow();
    double a = line.intercept();
    double b = line.slope();
    assertThat(b).isNotZero();

    // the same detector without its line scores the plain squared errors
    Path plainDetector = tmp.resolve("plain.detector.json");
    AnomalyDetector.of(saved.scorer().toBuilder().inkLine(null).build(), saved.threshold())
        .save(plainDetector);
    assertThat(Files.readString(plainDetector)).doesNotContain("inkLine").contains("threshold");
    Path plainOut = tmp.resolve("per-ink-plain");
    Vae4jCommandTest.Run p = run("anomaly", "--model", ink.resolve("model.zip").toString(),
        "--detector", plainDetector.toString(), "--score-images", testDir.toString(), "--out",
        plainOut.toString());
    assertThat(p.exit()).as("stderr: %s", p.err()).isZero();
    List<String[]> residuals = rows(ink.resolve("scores.csv"));
    List<String[]> errors = rows(plainOut.resolve("scores.csv"));
    double[] s = new double[residuals.size()];
    boolean[] anomalous = new boolean[s.length];
    for (int i = 0; i < s.length; i++) {
      assertThat(errors.get(i)[1]).isEqualTo(residuals.get(i)[1]);
      BufferedImage img = ImageIO.read(testDir.resolve(residuals.get(i)[1]).toFile());
      double sum = 0;
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          int rgb = img.getRGB(x, y);
          sum += (((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF)) / 255.0;
        }
      }
      double se = Double.parseDouble(errors.get(i)[2]);
      s[i] = Double.parseDouble(residuals.get(i)[2]);
      assertThat(s[i]).isCloseTo(Math.log(se + 1e-12) - a - b * Math.log1p(sum),
          org.assertj.core.api.Assertions.within(1e-4));
      anomalous[i] = residuals.get(i)[5].equals("1");
    }
    assertThat(AnomalyMetrics.rocAuc(s, anomalous)).as("ROC-AUC of the blobs, per ink")
        .isGreaterThan(0.9);

    assertThat(oneLineFailure(run("anomaly", "--images", trainDir.toString(), "--score-images",
        testDir.toString(), "--per-ink", "--out", tmp.resolve("f4").toString()),
        Vae4jCommand.EXIT_USAGE)).contains("--score-type reconstruction-error")
        .contains("negative-elbo");
    assertThat(oneLineFailure(run("anomaly", "--model", ink.resolve("model.zip").toString(),
        "--detector", ink.resolve("detector.json").toString(), "--score-images",
        testDir.toString(), "--per-ink", "--out", tmp.resolve("f5").toString()),
        Vae4jCommand.EXIT_USAGE)).contains("--per-ink applies to --images")
        .contains("ink line saved in it");
    assertThat(oneLineFailure(run("anomaly", "--train", "t.csv", "--score", "s.csv",
        "--per-ink"), Vae4jCommand.EXIT_USAGE)).contains("no ink");
  }

  @Test
  void theNllScoreTypeStillDrawsTheOverlay() throws IOException {
    Path nll = tmp.resolve("nll");
    Vae4jCommandTest.Run r = run("anomaly", "--images", trainDir.toString(), "--score-images",
        testDir.toString(), "--size", String.valueOf(SIDE), "--score-type", "nll", "--k", "4",
        "--epochs", "2", "--hidden", "16", "--out", nll.toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out()).contains("each beside a map of its per-pixel contributions (inferno over a grey copy) (of the "
        + "reconstruction probability: nll has none)");
    assertThat(nll.resolve("most-anomalous.png")).isRegularFile();
    assertThat(rows(nll.resolve("scores.csv"))).hasSize(TEST_GOOD + TEST_CRACKS);
  }

  @Test
  void mixingTablesAndImagesIsAUsageError() {
    assertThat(oneLineFailure(run("anomaly", "--images", "a", "--score", "b.csv"),
        Vae4jCommand.EXIT_USAGE)).contains("--score-images");
    assertThat(oneLineFailure(run("anomaly", "--train", "a.csv", "--images", "b",
        "--score-images", "c"), Vae4jCommand.EXIT_USAGE)).contains("--train and --images");
    assertThat(oneLineFailure(run("anomaly", "--model", "m.zip", "--detector", "d.json",
        "--score-images", "c", "--size", "8"), Vae4jCommand.EXIT_USAGE))
        .contains("--size applies to --images");
    assertThat(oneLineFailure(run("anomaly", "--images", "a", "--score-images", "c",
        "--label", "y"), Vae4jCommand.EXIT_USAGE)).contains("--label applies to CSV tables");
    assertThat(oneLineFailure(run("anomaly", "--images", "a"), Vae4jCommand.EXIT_USAGE))
        .contains("give what to score");
  }
}
