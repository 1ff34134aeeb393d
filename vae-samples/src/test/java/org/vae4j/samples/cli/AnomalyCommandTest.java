package org.vae4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vae4j.samples.cli.Vae4jCommandTest.oneLineFailure;
import static org.vae4j.samples.cli.Vae4jCommandTest.run;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.vae4j.core.anomaly.AnomalyMetrics;
import org.vae4j.core.eval.AnomalyDetector;

/**
 * {@code vae4j anomaly} on generated mixed tables: 3 numeric, 1 binary and 1 categorical column
 * driven by one hidden factor; the injected anomalies break the numeric columns' correlation and
 * the category's link to the factor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnomalyCommandTest {

  static final String HEADER = "x1,x2,x3,flag,size";
  static final int TEST_NORMAL = 270;
  static final int TEST_ANOMALIES = 30;
  static final double CONTAMINATION = 0.1;

  Path tmp;
  Path trainCsv;
  Path testCsv;
  Path out;
  Vae4jCommandTest.Run trained;

  static String normalRow(SplittableRandom r) {
    double u = r.nextGaussian();
    String flag = u + 0.3 * r.nextGaussian() > 0 ? "yes" : "no";
    double v = u + 0.3 * r.nextGaussian();
    String size = v < -0.5 ? "small" : v < 0.5 ? "medium" : "large";
    return String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%s,%s", 10 + 3 * u
        + 0.3 * r.nextGaussian(), 5 - 2 * u + 0.2 * r.nextGaussian(), u + 0.2 * r.nextGaussian(),
        flag, size);
  }

  /** x2 moves with x1 instead of against it, x3 is far out, the size contradicts the factor. */
  static String anomalousRow(SplittableRandom r) {
    double u = r.nextGaussian();
    return String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%s,%s", 10 + 3 * u,
        5 + 2 * u + 3, 4 + r.nextGaussian(), u > 0 ? "no" : "yes", u > 0 ? "small" : "large");
  }

  @BeforeAll
  void trainAndScore() throws IOException {
    tmp = Files.createTempDirectory("vae4j-anomaly");
    SplittableRandom r = new SplittableRandom(5);
    List<String> train = new ArrayList<>(List.of(HEADER));
    for (int i = 0; i < 600; i++) {
      train.add(normalRow(r));
    }
    trainCsv = Files.write(tmp.resolve("normal.csv"), train);
    List<String> test = new ArrayList<>(List.of(HEADER + ",is_anomaly"));
    for (int i = 0; i < TEST_NORMAL + TEST_ANOMALIES; i++) {
      boolean a = i % 10 == 3; // 30 of 300, spread through the file
      test.add((a ? anomalousRow(r) : normalRow(r)) + "," + (a ? 1 : 0));
    }
    testCsv = Files.write(tmp.resolve("test.csv"), test);
    out = tmp.resolve("out");
    trained = run("anomaly", "--train", trainCsv.toString(), "--score", testCsv.toString(),
        "--label", "is_anomaly", "--contamination", String.valueOf(CONTAMINATION),
        "--epochs", "40", "--hidden", "32", "--latent-dim", "2", "--out", out.toString());
  }

  @AfterAll
  void deleteTheTemporaryDirectory() throws IOException {
    try (var s = Files.walk(tmp)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The columns of scores.csv after its header (no field is quoted here). */
  static List<String[]> scores(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).startsWith("row,score,flag,is_anomaly,top1_column,top1_value,"
        + "top1_contribution,top2_column");
    return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
  }

  @Test
  void trainsScoresFlagsTheContaminationAndFindsTheInjectedAnomalies() throws IOException {
    assertThat(trained.exit()).as("stderr: %s", trained.err()).isZero();
    // a table model's epochs count rows
    assertThat(trained.out()).contains("anomaly epoch 40: ").contains(" rows/s")
        .doesNotContain("images/s");
    for (String f : new String[] {"model.zip", "detector.json", "scores.csv",
        "score-histogram.png", "roc.png", "precision-recall.png", "top-contributions.png"}) {
      assertThat(out.resolve(f)).as(f).isRegularFile();
    }
    for (String f : new String[] {"score-histogram.png", "roc.png", "precision-recall.png",
        "top-contributions.png"}) {
      BufferedImage img = ImageIO.read(out.resolve(f).toFile());
      assertThat(img).as(f).isNotNull();
      assertThat(img.getWidth()).as(f).isGreaterThan(100);
    }
    List<String[]> rows = scores(out.resolve("scores.csv"));
    assertThat(rows).hasSize(TEST_NORMAL + TEST_ANOMALIES);
    double[] s = new double[rows.size()];
    boolean[] anomalous = new boolean[rows.size()];
    int flagged = 0;
    for (int i = 0; i < rows.size(); i++) {
      String[] f = rows.get(i);
      assertThat(f).hasSize(4 + 3 * AnomalyCommand.TOP_COLUMNS);
      assertThat(f[0]).isEqualTo(String.valueOf(i + 1));
      s[i] = Double.parseDouble(f[1]);
      assertThat(s[i]).isFinite();
      flagged += Integer.parseInt(f[2]);
      anomalous[i] = f[3].equals("1");
      assertThat(List.of("x1", "x2", "x3", "flag", "size")).contains(f[4], f[7], f[10]);
      assertThat(f[4]).isNotEqualTo(f[7]);
      assertThat(Double.parseDouble(f[6])).isGreaterThanOrEqualTo(Double.parseDouble(f[9]));
    }
    int expected = (int) Math.round(CONTAMINATION * rows.size());
    assertThat(flagged).isBetween(expected - 1, expected + 1);
    double auc = AnomalyMetrics.rocAuc(s, anomalous);
    assertThat(auc).isGreaterThan(0.9);
    double threshold = AnomalyDetector.load(out.resolve("detector.json")).threshold();
    for (int i = 0; i < s.length; i++) {
      assertThat(rows.get(i)[2]).isEqualTo(s[i] > threshold ? "1" : "0");
    }
    assertThat(trained.out()).contains("scored 300 rows").contains("flagged")
        .contains("ROC-AUC").contains("average precision").contains("precision@30");
  }

  @Test
  void scoreOnlyReproducesTheScoresFromRawRows() throws IOException {
    assertThat(trained.exit()).as("stderr: %s", trained.err()).isZero();
    Path out2 = tmp.resolve("again");
    Vae4jCommandTest.Run r = run("anomaly", "--model", out.resolve("model.zip").toString(),
        "--detector", out.resolve("detector.json").toString(), "--score", testCsv.toString(),
        "--label", "is_anomaly", "--out", out2.toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    assertThat(Files.readAllLines(out2.resolve("scores.csv")))
        .isEqualTo(Files.readAllLines(out.resolve("scores.csv")));
    assertThat(out2.resolve("model.zip")).doesNotExist();
    assertThat(out2.resolve("roc.png")).isRegularFile();

    // without the label: the same scores, no curves
    List<String> lines = Files.readAllLines(testCsv);
    List<String> unlabelled = lines.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    Path plain = Files.write(tmp.resolve("unlabelled.csv"), unlabelled);
    Path out3 = tmp.resolve("plain");
    r = run("anomaly", "--model", out.resolve("model.zip").toString(),
        "--detector", out.resolve("detector.json").toString(), "--score", plain.toString(),
        "--out", out3.toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    List<String> a = Files.readAllLines(out.resolve("scores.csv"));
    List<String> b = Files.readAllLines(out3.resolve("scores.csv"));
    assertThat(b).hasSameSizeAs(a);
    for (int i = 1; i < a.size(); i++) {
      String[] fa = a.get(i).split(",", -1);
      String[] fb = b.get(i).split(",", -1);
      assertThat(fb[1]).isEqualTo(fa[1]);
      assertThat(fb[2]).isEqualTo(fa[2]);
    }
    assertThat(out3.resolve("roc.png")).doesNotExist();
    assertThat(out3.resolve("score-histogram.png")).isRegularFile();
  }

  private String scoreFails(Path csv, String... extra) {
    List<String> args = new ArrayList<>(List.of("anomaly", "--model",
        out.resolve("model.zip").toString(), "--detector", out.resolve("detector.json").toString(),
        "--score", csv.toString(), "--out", tmp.resolve("failed").toString()));
    args.addAll(List.of(extra));
    return oneLineFailure(run(args.toArray(String[]::new)), Vae4jCommand.EXIT_FAILURE);
  }

  @Test
  void aScoreFileWithOtherColumnsNamesTheMissingAndExtraOnes() throws IOException {
    Path csv = Files.write(tmp.resolve("other.csv"), List.of("x1,x2,x9,flag,size",
        "1,2,3,yes,small"));
    assertThat(scoreFails(csv)).contains("columns differ from the model's").contains("missing [x3]")
        .contains("not in the model [x9]");
  }

  @Test
  void anUnseenCategoryIsRefusedNamingColumnRowAndValue() throws IOException {
    Path csv = Files.write(tmp.resolve("unseen.csv"), List.of(HEADER, "10,5,0,yes,small",
        "10,5,0,yes,huge"));
    assertThat(scoreFails(csv)).contains("column size, row 1").contains("\"huge\"")
        .contains("not seen when fitting").contains("refused");
  }

  @Test
  void anUnknownLabelColumnAndEmptyFilesAreClearErrors() throws IOException {
    assertThat(scoreFails(testCsv, "--label", "nope")).contains("nope");
    Path headerOnly = Files.write(tmp.resolve("header.csv"), List.of(HEADER));
    assertThat(scoreFails(headerOnly)).contains(headerOnly.toString()).contains("no data rows");
    Path empty = Files.write(tmp.resolve("empty.csv"), new byte[0]);
    assertThat(scoreFails(empty)).contains("empty.csv");
  }

  @Test
  void theNllScoreTypeExplainsRowsByTheReconstructionProbability() throws IOException {
    Path nll = tmp.resolve("nll");
    Vae4jCommandTest.Run r = run("anomaly", "--train", trainCsv.toString(), "--score",
        testCsv.toString(), "--label", "is_anomaly", "--score-type", "nll", "--k", "4",
        "--epochs", "3", "--hidden", "16", "--latent-dim", "2", "--out", nll.toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    assertThat(AnomalyDetector.load(nll.resolve("detector.json")).scorer().scoreType())
        .isEqualTo(org.vae4j.core.eval.AnomalyScorer.ScoreType.NEGATIVE_LOG_LIKELIHOOD);
    for (String[] f : scores(nll.resolve("scores.csv"))) {
      assertThat(List.of("x1", "x2", "x3", "flag", "size")).contains(f[4], f[7], f[10]);
      assertThat(Double.parseDouble(f[6])).isFinite();
    }
    assertThat(nll.resolve("top-contributions.png")).isRegularFile();
  }

  @Test
  void modesAreUsageErrors() {
    assertThat(oneLineFailure(run("anomaly", "--score", testCsv.toString()),
        Vae4jCommand.EXIT_USAGE)).contains("--train").contains("--model");
    assertThat(oneLineFailure(run("anomaly", "--train", trainCsv.toString(), "--model", "m.zip",
        "--score", testCsv.toString()), Vae4jCommand.EXIT_USAGE)).contains("--model");
    assertThat(oneLineFailure(run("anomaly", "--model", "m.zip", "--detector", "d.json",
        "--score", testCsv.toString(), "--epochs", "3"), Vae4jCommand.EXIT_USAGE))
        .contains("--epochs applies to --train");
    Path bogus = tmp.resolve("bogus");
    assertThat(oneLineFailure(run("anomaly", "--train", trainCsv.toString(), "--score",
        testCsv.toString(), "--score-type", "bogus", "--out", bogus.toString()),
        Vae4jCommand.EXIT_USAGE)).contains("--score-type");
    assertThat(bogus).as("refused before any work").doesNotExist();
  }
}
