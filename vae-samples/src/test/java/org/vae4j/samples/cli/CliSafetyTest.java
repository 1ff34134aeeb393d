package org.vae4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vae4j.samples.cli.Vae4jCommandTest.oneLineFailure;
import static org.vae4j.samples.cli.Vae4jCommandTest.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.testing.ZipBombs;
import org.vae4j.core.Vae;
import org.vae4j.samples.cli.Vae4jCommandTest.Run;

/**
 * The command line under hostile or careless use: documented invocations work with their
 * defaults, every numeric option's range is enforced while parsing (before any file is read),
 * output locations are checked before any training, and a hostile model file gives one line, not
 * a stack trace. (Before: {@code evaluate} failed with its defaults, {@code interpolate --steps
 * 100000000} hung, {@code train} into an unwritable directory trained the whole run and then lost
 * the model, and a zip bomb printed an OutOfMemoryError's stack trace.)
 */
@Tag("reliability")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliSafetyTest {

  private Path tmp;
  private Path model;

  @BeforeAll
  void saveAnUntrainedModel(@TempDir Path dir) throws IOException {
    tmp = dir;
    model = tmp.resolve("model.zip");
    try (Vae vae = Vae.builder().mlpEncoder(16).inputShape(1, 28, 28).latentDim(2).seed(1)
        .build()) {
      vae.save(model);
    }
  }

  @Test
  void evaluateWorksWithItsDocumentedDefaults() {
    Run r = run("evaluate", "--model", model.toString(), "--data", "synthetic", "--limit", "20");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("all: images 20").doesNotContain("log-likelihood");
  }

  @Test
  void interpolateWithAHundredMillionStepsIsRefusedAtOnce() {
    Run r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run("interpolate", "--model",
        model.toString(), "--data", "synthetic", "--limit", "20", "--steps", "100000000",
        "--out", tmp.resolve("i").toString()));
    assertThat(oneLineFailure(r, 2)).isEqualTo("vae4j interpolate: --steps must be in [2, 100], "
        + "got 100000000 (see vae4j interpolate --help)");
  }

  /** Command lines with one value out of range, and the start of the expected message. */
  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of("train --latent-dim 2147483647 S", "--latent-dim must be in [1, 65536]"),
        Arguments.of("train --hidden 12000000 S", "--hidden must be in [1, 1048576]"),
        Arguments.of("train --conv-channels 8,0 S", "--conv-channels must be in [1, 1048576]"),
        Arguments.of("train --dense-units 0 S", "--dense-units must be in [1, 1048576]"),
        Arguments.of("train --epochs 1000000000 S", "--epochs must be in [1, 100000]"),
        Arguments.of("train --batch-size 0 S", "--batch-size must be in [1, 65536]"),
        Arguments.of("train --learning-rate 1e308 S", "--learning-rate must be in (0, 1.0]"),
        Arguments.of("train --limit -5 --data synthetic --out T", "--limit must be >= 0"),
        Arguments.of("train --validation-fraction 2 S", "--validation-fraction must be in [0, 1)"),
        Arguments.of("train --warmup-epochs -1 S", "--warmup-epochs must be in [0, 100000]"),
        Arguments.of("train --early-stopping 2000000 S", "--early-stopping must be in [0, 100000]"),
        Arguments.of("train --clip-norm NaN S", "--clip-norm must be finite and >= 0"),
        Arguments.of("train --checkpoint-every 0 S", "--checkpoint-every must be in [1, 100000]"),
        Arguments.of("train --beta Infinity S", "--beta must be finite and >= 0"),
        Arguments.of("evaluate -m M --importance-samples 1000000000 --data synthetic --limit 16",
            "--importance-samples must be in [0, 10000]"),
        Arguments.of("evaluate -m M --limit -1 --data synthetic", "--limit must be >= 0"),
        Arguments.of("sample -m M --count 100000000", "--count must be in [1, 10000]"),
        Arguments.of("sample -m M --label -3", "--label must be >= 0"),
        Arguments.of("manifold -m M --size 100000", "--size must be in [1, 100]"),
        Arguments.of("manifold -m M --range 1e308", "--range must be in (0, 1000.0]"),
        Arguments.of("interpolate -m M --from -1 S", "--from must be >= 0"),
        Arguments.of("interpolate -m M --steps 1 S", "--steps must be in [2, 100]"),
        Arguments.of("quickstart --batch-size 100000000 S", "--batch-size must be in [1, 65536]"),
        Arguments.of("tutorial mlp-vae --latent-dim 100000 S",
            "--latent-dim must be in [1, 65536]"),
        Arguments.of("tutorial beta-cvae --warmup-epochs -2 S",
            "--warmup-epochs must be in [0, 100000]"),
        Arguments.of("tutorial concept-vector --to-class 1000000 S",
            "--to-class must be in [0, 65535]"),
        Arguments.of("bench mlp --mnist D --encode-repeats 0",
            "--encode-repeats must be in [1, 1000]"),
        Arguments.of("bench mlp --mnist D --limit 20000", "--limit must be in [1, 10000]"));
  }

  /**
   * Each bad value is a usage error (exit 2) naming the option, the range and the value, and it
   * comes from parsing: the model file named here does not exist and is never opened. ({@code S}
   * stands for synthetic data and a temporary output directory, so that a missing check trains on
   * nothing real and writes nowhere else.)
   */
  @ParameterizedTest
  @MethodSource("outOfRange")
  void everyNumericOptionHasItsRangeCheckedWhileParsing(String line, String message) {
    String[] args = (line + " ").replace(" S ", " --data synthetic --limit 16 --out T ")
        .replace(" M ", " " + tmp.resolve("no-such-model.zip") + " ")
        .replace(" D ", " " + tmp + " ").replace(" T ", " " + tmp.resolve("out") + " ").trim()
        .split(" ");
    long t0 = System.nanoTime();
    Run r = run(args);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(oneLineFailure(r, 2)).contains(message).contains(", got ");
    assertThat(millis).isLessThan(1000);
  }

  /** A directory the process cannot write to: mode 555, or /proc/self when running as root. */
  private Path unwritableDirectory() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("read-only"));
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
      Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
    } catch (UnsupportedOperationException | IOException cannotWrite) {
      return dir;
    }
    Path proc = Path.of("/proc/self");
    assumeTrue(Files.isDirectory(proc), "no unwritable directory available (root, no /proc)");
    return proc;
  }

  @Test
  void trainIntoAnUnwritableDirectoryFailsBeforeTraining() throws IOException {
    Path out = unwritableDirectory();
    long t0 = System.nanoTime();
    Run r = run("train", "--data", "synthetic", "--limit", "64", "--epochs", "2", "--hidden", "16",
        "--out", out.toString());
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(oneLineFailure(r, 1)).startsWith("vae4j train: error: --out must be a writable "
        + "directory, got " + out.toAbsolutePath() + " (");
    assertThat(r.out()).as("nothing was loaded or trained").doesNotContain("data:")
        .doesNotContain("epoch");
    assertThat(millis).isLessThan(1000);
  }

  @Test
  void outputLocationsThatAreFilesOrDirectoriesTheWrongWayRoundFailBeforeAnyWork()
      throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertThat(oneLineFailure(run("train", "--data", "synthetic", "--limit", "64", "--out",
        file.toString()), 1)).isEqualTo("vae4j train: error: --out must be a directory, got "
        + file.toAbsolutePath() + " (a file)");
    assertThat(oneLineFailure(run("train", "--data", "synthetic", "--limit", "64",
        "--checkpoint-dir", file.resolve("sub").toString(), "--out", tmp.resolve("o").toString()),
        1)).isEqualTo("vae4j train: error: --checkpoint-dir must be a writable directory, got "
        + file.resolve("sub").toAbsolutePath() + " (not a directory)");
    assertThat(oneLineFailure(run("sample", "--model", model.toString(), "--out", tmp.toString()),
        1)).isEqualTo("vae4j sample: error: --out must be a file, got " + tmp.toAbsolutePath()
        + " (a directory)");
    assertThat(oneLineFailure(run("tutorial", "mlp-vae", "--data", "synthetic", "--out",
        file.toString()), 1)).isEqualTo("vae4j tutorial mlp-vae: error: --out must be a directory,"
        + " got " + file.toAbsolutePath() + " (a file)");
  }

  @Test
  void aZipBombModelIsOneLineNamingTheFileNotAStackTrace() throws IOException {
    List<ZipBombs.Entry> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(model.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        byte[] b = zip.getInputStream(e).readAllBytes();
        entries.add(e.getName().equals("config.json")
            ? new ZipBombs.Entry("config.json", "{".getBytes(StandardCharsets.UTF_8), 2048, false)
            : ZipBombs.Entry.plain(e.getName(), b));
      }
    }
    Path bomb = ZipBombs.write(tmp.resolve("bomb.zip"), entries);
    Map<String, String[]> commands = Map.of(
        "sample", new String[] {"--out", tmp.resolve("s.png").toString()},
        "manifold", new String[] {"--out", tmp.resolve("m.png").toString()},
        "evaluate", new String[] {"--data", "synthetic", "--limit", "10"});
    for (Map.Entry<String, String[]> c : commands.entrySet()) {
      List<String> args = new ArrayList<>(List.of(c.getKey(), "--model", bomb.toString()));
      args.addAll(List.of(c.getValue()));
      long t0 = System.nanoTime();
      Run r = run(args.toArray(new String[0]));
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(oneLineFailure(r, 1)).as(c.getKey()).isEqualTo("vae4j " + c.getKey() + ": error: "
          + bomb + ": entry config.json must inflate to at most 1048576 bytes, got more while "
          + "inflating");
      assertThat(millis).as(c.getKey()).isLessThan(3000);
    }
  }
}
