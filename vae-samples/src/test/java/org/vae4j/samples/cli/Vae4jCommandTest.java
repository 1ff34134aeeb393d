package org.vae4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vae4j.samples.Pictures;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Vae4jCommandTest {

  private Path tmp;
  private Path model;

  /** What one run printed and returned. */
  record Run(int exit, String out, String err) {
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Vae4jCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Run(exit, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** A failure: non-zero exit, exactly one line on stderr, no stack trace. */
  static String oneLineFailure(Run r, int exit) {
    assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(exit);
    assertThat(r.errLines()).as("stderr").hasSize(1);
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception:");
    return r.errLines().get(0);
  }

  @BeforeAll
  void trainASmallModel() throws IOException {
    tmp = Files.createTempDirectory("vae4j-cli-test");
    Path dir = tmp.resolve("trained");
    Run r = run("train", "--model", "vae", "--encoder", "mlp", "--hidden", "32", "--latent-dim",
        "2", "--epochs", "1", "--batch-size", "32", "--data", "synthetic", "--limit", "64",
        "--out", dir.toString());
    assertThat(r.exit()).as("train failed: %s", r.err()).isZero();
    model = dir.resolve("model.zip");
  }

  @org.junit.jupiter.api.AfterAll
  void deleteTheTemporaryDirectory() throws IOException {
    try (var paths = Files.walk(tmp)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void trainSavesTheModelHistoryAndPictures() throws IOException {
    Path dir = model.getParent();
    assertThat(model).isRegularFile();
    Pictures.history(dir.resolve("history.json"), 1);
    Pictures.png(dir.resolve("loss.png"), 300, 200);
    Pictures.png(dir.resolve("reconstructions.png"), 10 * 28, 2 * 28);
    Pictures.png(dir.resolve("samples.png"), 8 * 28, 8 * 28);
    Pictures.png(dir.resolve("manifold.png"), 20 * 28, 20 * 28);
    Pictures.png(dir.resolve("latent-scatter.png"), 400, 300);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "quickstart", "train", "evaluate", "sample", "interpolate",
      "manifold", "features", "edit", "anomaly", "synthesize", "tutorial", "tutorial conv-autoencoder",
      "tutorial conv-vae-manifold", "tutorial mlp-vae", "tutorial ae-vs-vae",
      "tutorial beta-cvae", "tutorial concept-vector", "bench"})
  void everyCommandHasHelp(String command) {
    String[] words = command.isEmpty() ? new String[0] : command.split(" ");
    String[] args = java.util.Arrays.copyOf(words, words.length + 1);
    args[words.length] = "--help";
    Run r = run(args);
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Usage: vae4j" + (command.isEmpty() ? "" : " " + command));
    assertThat(r.err()).isEmpty();
  }

  @Test
  void versionNamesTheProjectAndNd4jVersions() {
    Run r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("vae4j ").contains("ND4J 1.0.0-M2.1")
        .doesNotContain("${");
  }

  @Test
  void noCommandIsAUsageErrorOnOneLine() {
    assertThat(oneLineFailure(run(), 2)).contains("a command is required");
  }

  @Test
  void anUnknownOptionIsAUsageErrorOnOneLine() {
    assertThat(oneLineFailure(run("train", "--epoch", "3"), 2)).contains("--epoch");
  }

  @Test
  void aBadEnumValueIsAUsageErrorNamingTheValue() {
    assertThat(oneLineFailure(run("train", "--model", "gan"), 2)).contains("gan");
  }

  @Test
  void aNonNumberIsAUsageErrorNamingTheOption() {
    assertThat(oneLineFailure(run("quickstart", "--epochs", "many"), 2)).contains("--epochs")
        .contains("many");
  }

  @Test
  void zeroEpochsIsAUsageErrorNamingTheOptionAndValue() {
    assertThat(oneLineFailure(run("tutorial", "mlp-vae", "--epochs", "0"), 2))
        .contains("--epochs must be in [1, 100000], got 0");
  }

  @Test
  void aNegativeBetaIsAUsageError() {
    assertThat(oneLineFailure(run("train", "--beta", "-1"), 2)).contains("--beta")
        .contains("-1");
  }

  @Test
  void anUnknownDataSourceFailsOnOneLine() {
    String line = oneLineFailure(run("tutorial", "mlp-vae", "--data", "nmist", "--out",
        tmp.resolve("x").toString()), 1);
    assertThat(line).contains("nmist").contains("synthetic");
  }

  @Test
  void aMissingModelFileFailsOnOneLineNamingIt() {
    Path missing = tmp.resolve("nope.zip");
    assertThat(oneLineFailure(run("sample", "--model", missing.toString()), 1))
        .contains(missing.toString());
  }

  @Test
  void aFileThatIsNoModelFailsOnOneLineNamingIt() throws IOException {
    Path bogus = Files.writeString(tmp.resolve("bogus.zip"), "not a zip at all");
    assertThat(oneLineFailure(run("manifold", "--model", bogus.toString()), 1))
        .contains(bogus.toString()).contains("not a vae4j model file");
  }

  @Test
  void aMissingRequiredModelOptionIsAUsageError() {
    assertThat(oneLineFailure(run("evaluate"), 2)).contains("--model");
  }

  @Test
  void evaluatePrintsFiniteMetricsPerImageAndPerClass() {
    Run r = run("evaluate", "--model", model.toString(), "--data", "synthetic", "--limit", "50",
        "--importance-samples", "5", "--per-class");
    assertThat(r.exit()).as(r.err()).isZero();
    String all = r.out().lines().filter(l -> l.startsWith("all: ")).findFirst().orElseThrow();
    assertThat(all).contains("images 50").contains("ELBO").contains("log-likelihood");
    double loss = Double.parseDouble(all.replaceAll(".*loss ([0-9.]+),.*", "$1"));
    double elbo = Double.parseDouble(all.replaceAll(".*ELBO (-?[0-9.]+),.*", "$1"));
    double ll = Double.parseDouble(all.replaceAll(".*log-likelihood (-?[0-9.]+),.*", "$1"));
    assertThat(loss).isPositive().isLessThan(784 * Math.log(2) * 2);
    assertThat(elbo).isNegative();
    // With 5 importance samples the estimate lies above the one-sample ELBO, give or take noise.
    assertThat(ll).isGreaterThan(elbo - 5);
    assertThat(r.out().lines().filter(l -> l.startsWith("class ")).count()).isBetween(2L, 10L);
  }

  @Test
  void sampleWritesAGridOfTheRequestedCount() throws IOException {
    Path png = tmp.resolve("s.png");
    Run r = run("sample", "--model", model.toString(), "--count", "9", "--out", png.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    Pictures.png(png, 3 * 28, 3 * 28);
  }

  @Test
  void manifoldWritesAGridOfTheRequestedSize() throws IOException {
    Path png = tmp.resolve("m.png");
    Run r = run("manifold", "--model", model.toString(), "--size", "5", "--quantiles", "--out",
        png.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    Pictures.png(png, 5 * 28, 5 * 28);
  }

  @Test
  void interpolateWritesAStripAndAnAnimation() throws IOException {
    Path dir = tmp.resolve("interp");
    Run r = run("interpolate", "--model", model.toString(), "--data", "synthetic", "--limit",
        "30", "--steps", "6", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    Pictures.png(dir.resolve("interpolation.png"), 6 * 28, 28);
    assertThat(Pictures.gif(dir.resolve("interpolation.gif"), 6)).isEqualTo(10);
  }

  @Test
  void interpolateRejectsAnIndexOutsideTheData() {
    assertThat(oneLineFailure(run("interpolate", "--model", model.toString(), "--data",
        "synthetic", "--limit", "10", "--from", "10"), 1)).contains("--from must be in [0, 10)");
  }

  @Test
  void featuresWritesOneCsvLinePerImageWithItsLabel() throws IOException {
    Path csv = tmp.resolve("f.csv");
    Run r = run("features", "--model", model.toString(), "--data", "synthetic", "--limit", "20",
        "--out", csv.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(21);
    assertThat(lines.get(0)).isEqualTo("z0,z1,label");
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      assertThat(cells).hasSize(3);
      assertThat(Double.parseDouble(cells[0])).isFinite();
      assertThat(Double.parseDouble(cells[1])).isFinite();
      assertThat(Integer.parseInt(cells[2])).isBetween(0, 9);
    }
  }

  @Test
  void trainAConditionalVaeAndSampleEveryClass() throws IOException {
    Path dir = tmp.resolve("cvae");
    Run r = run("train", "--model", "cvae", "--hidden", "32", "--epochs", "1", "--data",
        "synthetic", "--limit", "40", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    Pictures.png(dir.resolve("samples.png"), 10 * 28, 10 * 28);
    Path png = tmp.resolve("c.png");
    Run s = run("sample", "--model", dir.resolve("model.zip").toString(), "--label", "3",
        "--count", "4", "--out", png.toString());
    assertThat(s.exit()).as(s.err()).isZero();
    Pictures.png(png, 2 * 28, 2 * 28);
    Path csv = tmp.resolve("cvae.csv");
    Run f = run("features", "--model", dir.resolve("model.zip").toString(), "--data",
        "synthetic", "--limit", "12", "--out", csv.toString());
    assertThat(f.exit()).as(f.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(13);
    assertThat(lines.get(0)).isEqualTo("z0,z1,label");
    assertThat(lines.get(1).split(",")).hasSize(3);
    assertThat(oneLineFailure(run("interpolate", "--model", dir.resolve("model.zip").toString(),
        "--data", "synthetic", "--limit", "5"), 1)).contains("conditional VAE");
  }

  @Test
  void aResumedRunEndsWithExactlyTheLossesOfAnUninterruptedOne() throws IOException {
    String[] common = {"--model", "vae", "--hidden", "16", "--batch-size", "16", "--data",
        "synthetic", "--limit", "48", "--seed", "5"};
    Path full = tmp.resolve("full");
    Path ckpt = tmp.resolve("ckpt");
    Run a = run(concat(common, "--epochs", "3", "--out", full.toString(), "--checkpoint-dir",
        ckpt.toString()));
    assertThat(a.exit()).as(a.err()).isZero();
    assertThat(a.out()).contains("train epoch 3: loss").contains("validation");
    Path first = ckpt.resolve("checkpoint-epoch-00001.zip");
    assertThat(first).isRegularFile();
    Path resumed = tmp.resolve("resumed");
    Run b = run(concat(common, "--resume", first.toString(), "--out", resumed.toString()));
    assertThat(b.exit()).as(b.err()).isZero();
    assertThat(b.out()).contains("after epoch 1").doesNotContain("train epoch 1:");
    double[] uninterrupted = Pictures.history(full.resolve("history.json"), 3).trainLosses();
    double[] continued = Pictures.history(resumed.resolve("history.json"), 3).trainLosses();
    assertThat(continued).containsExactly(uninterrupted);
  }

  @Test
  void klWarmUpStartsTheKlWeightBelowBeta() throws IOException {
    Path dir = tmp.resolve("warm");
    Run r = run("train", "--hidden", "16", "--epochs", "2", "--warmup-epochs", "2", "--data",
        "synthetic", "--limit", "32", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    var h = Pictures.history(dir.resolve("history.json"), 2);
    assertThat(h.epochs().get(0).beta()).isLessThan(1.0);
    assertThat(h.epochs().get(0).validation()).isNotNull();
  }

  @Test
  void aValidationFractionOfOneIsAUsageError() {
    assertThat(oneLineFailure(run("train", "--validation-fraction", "1"), 2))
        .contains("--validation-fraction must be in [0, 1), got 1.0");
  }

  @Test
  void resumingFromAMissingCheckpointFailsOnOneLine() {
    Path missing = tmp.resolve("no-such-checkpoint.zip");
    assertThat(oneLineFailure(run("train", "--resume", missing.toString(), "--data", "synthetic",
        "--limit", "8"), 1)).contains(missing.toString());
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length + 1];
    all[0] = "train";
    System.arraycopy(a, 0, all, 1, a.length);
    System.arraycopy(b, 0, all, 1 + a.length, b.length);
    return all;
  }

  @Test
  void benchRejectsAnUnknownModelAndTooFewEpochsOnOneLine() {
    assertThat(oneLineFailure(run("bench", "gan", "--mnist", tmp.toString()), 2))
        .contains("MODEL must be conv, mlp or all, got gan");
    assertThat(oneLineFailure(run("bench", "mlp", "--epochs", "1", "--mnist", tmp.toString()), 2))
        .contains("--epochs must be in [2, 1000], got 1");
  }

  @Test
  void benchTimesTheMlpOnAFewRealDigits() {
    Path dir = Pictures.mnistDir();
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir), "no MNIST at " + dir);
    Run r = run("bench", "mlp", "--epochs", "2", "--limit", "256", "--encode-repeats", "1",
        "--mnist", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("mlp");
  }

  @Test
  void anAutoencoderWithABetaIsAUsageError() {
    assertThat(oneLineFailure(run("train", "--model", "ae", "--beta", "2"), 2))
        .contains("--beta");
  }

  @Test
  void aTutorialRunsThroughTheCommandLine() throws IOException {
    Path dir = tmp.resolve("t1");
    Run r = run("tutorial", "conv-autoencoder", "--data", "synthetic", "--limit", "40",
        "--epochs", "1", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Tutorial 1");
    Pictures.png(dir.resolve("reconstructions.png"), 280, 56);
  }
}
