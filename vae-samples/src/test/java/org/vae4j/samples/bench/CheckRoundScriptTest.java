package org.vae4j.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/check-round.sh, the check bench/run-bench.sh runs on every round before it prints a
 * ratio: fed made-up SUMMARY lines, it refuses a non-finite loss, a missing engine and losses
 * further apart than the seed-to-seed spread, and accepts a valid round.
 */
class CheckRoundScriptTest {

  private static final Path SCRIPT = Path.of("..", "bench", "check-round.sh").toAbsolutePath();

  @TempDir Path dir;

  private record Result(int exit, String stderr) {}

  private Result check(String log, String... args) throws IOException, InterruptedException {
    Path file = dir.resolve("log");
    Files.writeString(file, log);
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString(),
        file.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("MAX_LOSS_DIFF_PCT");
    Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), err);
  }

  private static String summary(int round, String engine, String model, String loss) {
    return "SUMMARY round=" + round + " engine=" + engine + " model=" + model + " epochs=5"
        + " median_s_after_warmup=13.1 loss_epoch1=300.0 loss_last=" + loss + " all_s=[1,2]\n";
  }

  @Test
  void aValidRoundPasses() throws Exception {
    String log = summary(1, "vae4j", "conv", "184.6301") + summary(1, "djl-pytorch", "conv",
        "193.0512") + summary(1, "vae4j", "mlp", "167.71") + summary(1, "djl-pytorch", "mlp",
        "169.41");
    assertThat(check(log, "1", "conv").exit()).isZero();
    assertThat(check(log, "1", "mlp").exit()).isZero();
  }

  @Test
  void aNonFiniteLossOfEitherEngineIsRefusedLoudly() throws Exception {
    for (String bad : List.of("NaN", "nan", "Infinity", "-inf")) {
      Result r = check(summary(2, "vae4j", "conv", "184.63")
          + summary(2, "djl-pytorch", "conv", bad), "2", "conv");
      assertThat(r.exit()).as(bad).isEqualTo(3);
      assertThat(r.stderr()).contains("BENCHMARK ROUND INVALID")
          .contains("djl-pytorch loss_last=" + bad + " for conv in round 2 is not a finite number");
    }
    Result v = check(summary(1, "vae4j", "mlp", "NaN") + summary(1, "djl-pytorch", "mlp", "169.4"),
        "1", "mlp");
    assertThat(v.exit()).isEqualTo(3);
    assertThat(v.stderr()).contains("vae4j loss_last=NaN");
  }

  @Test
  void aMissingEngineIsRefusedUnlessTheRunIsVae4jOnly() throws Exception {
    String log = summary(1, "vae4j", "conv", "184.63");
    Result r = check(log, "1", "conv");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.stderr()).contains("djl-pytorch printed no SUMMARY line for conv in round 1");
    assertThat(check(log, "1", "conv", "vae4j-only").exit()).isZero();
    assertThat(check(log, "2", "conv", "vae4j-only").exit()).as("another round").isEqualTo(3);
  }

  @Test
  void lossesFurtherApartThanTheSeedToSeedSpreadAreRefused() throws Exception {
    // mlp: spread 1.7%; 167.71 against 172.0 is -2.49%
    Result r = check(summary(1, "vae4j", "mlp", "167.71") + summary(1, "djl-pytorch", "mlp",
        "172.0"), "1", "mlp");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.stderr()).contains("the losses differ by -2.49% (vae4j 167.71, libtorch 172.0)")
        .contains("more than 1.7%");
    // conv: spread 13%; 240 against 193 is +24.4% (a peer that learnt nothing would be near 540)
    Result c = check(summary(1, "vae4j", "conv", "240.0") + summary(1, "djl-pytorch", "conv",
        "193.0"), "1", "conv");
    assertThat(c.exit()).isEqualTo(3);
    assertThat(c.stderr()).contains("+24.35%").contains("more than 13.0%");
  }

  @Test
  void badArgumentsAreNamed() throws Exception {
    Result r = check("", "1", "gan");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("model must be mlp, conv or conv64, got gan");
  }
}
