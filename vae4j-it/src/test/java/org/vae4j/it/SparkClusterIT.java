package org.vae4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vae-spark on a real Spark standalone cluster (issue 23): a Master and two Workers as separate
 * JVMs on 127.0.0.1, from Spark's jars in the local Maven repository; the sample project's
 * deployable jar (built as docs/spark.md says) submitted with SparkSubmit in client mode; a
 * Pipeline of VaeEstimator and LogisticRegression trained on MNIST digits, saved, loaded and
 * compared. Then the same submission again with one executor killed ({@code kill -9}) during the
 * fit: Spark replaces it and re-runs its tasks, and the model is the same to the last bit.
 *
 * <p>Tagged {@code cluster}: {@code -Dvae4j.excludedTags=slow,cluster} skips it.
 */
@Tag("cluster")
class SparkClusterIT {

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);

  @Test
  void pipelineTrainsOnAStandaloneClusterAndSurvivesTheLossOfAnExecutor(@TempDir Path dir)
      throws Exception {
    long t0 = System.nanoTime();
    List<ProcessHandle> all;
    try (SparkCluster cluster = SparkCluster.create(dir, ItPaths.sparkJars())
        .start(2, 1, "2g")) {
      double startSeconds = seconds(t0);
      Run plain = run(cluster, dir.resolve("plain"), false);
      assertThat(plain.result.getProperty("master")).isEqualTo(cluster.masterUrl());
      assertThat(plain.result.getProperty("partitionRows")).isEqualTo("[2000, 2000]");
      assertThat(Double.parseDouble(plain.result.getProperty("accuracy")))
          .as("accuracy of the logistic regression on the latent means").isGreaterThan(0.6);
      assertThat(plain.result.getProperty("loadedDigest")).as("the loaded pipeline's outputs")
          .isEqualTo(plain.result.getProperty("digest"));
      assertThat(plain.result.getProperty("loadedAccuracy"))
          .isEqualTo(plain.result.getProperty("accuracy"));

      Run killed = run(cluster, dir.resolve("kill"), true);
      assertThat(killed.killedPid).as("an executor was killed during the fit").isPositive();
      assertThat(Files.readString(killed.driverLog, StandardCharsets.ISO_8859_1))
          .as("the driver saw the executor go").containsPattern("Lost executor|Executor .* removed");
      assertThat(killed.result.getProperty("digest")).as("the model after losing an executor")
          .isEqualTo(plain.result.getProperty("digest"));
      assertThat(killed.result.getProperty("accuracy"))
          .isEqualTo(plain.result.getProperty("accuracy"));
      assertThat(killed.result.getProperty("loadedDigest"))
          .isEqualTo(plain.result.getProperty("digest"));

      System.out.printf(Locale.ROOT, "cluster test: Master and 2 Workers up in %.1f s; "
          + "undisturbed run %.1f s (fit %s s), peak RSS executors %s MB, driver %s MB, "
          + "accuracy %s; with an executor killed %.1f s (fit %s s), executors %s MB%n",
          startSeconds, plain.seconds, plain.result.getProperty("fitSeconds"),
          plain.executorPeakRssMb.values(), plain.result.getProperty("driverPeakRssMb"),
          plain.result.getProperty("accuracy"), killed.seconds,
          killed.result.getProperty("fitSeconds"), killed.executorPeakRssMb.values());
      all = Stream.concat(cluster.processes().stream(),
          Stream.of(ProcessHandle.of(killed.killedPid).stream().toArray(ProcessHandle[]::new)))
          .toList();
    }
    for (ProcessHandle p : all) {
      assertThat(p.isAlive()).as("process %d after close", p.pid()).isFalse();
    }
    System.out.printf(Locale.ROOT, "cluster test: %.1f s in all%n", seconds(t0));
  }

  /** One submission's outcome. */
  private record Run(Properties result, Path driverLog, double seconds, long killedPid,
      Map<Long, Long> executorPeakRssMb) {}

  /**
   * Submits the sample and waits for it, sampling the executors' peak RSS; with {@code kill},
   * kills one executor with SIGKILL once both have started ND4J (the fit is under way: ND4J runs
   * in executors only inside vae-spark's tasks) and before the driver reports the fitted pipeline.
   */
  private static Run run(SparkCluster cluster, Path out, boolean kill) throws Exception {
    Files.createDirectories(out);
    Path log = out.resolve("driver.log");
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.executor.cores", "1");
    conf.put("spark.executor.memory", "1g");
    conf.put("spark.cores.max", "2");
    conf.put("spark.local.dir", out.resolve("local").toString());
    long t0 = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    Process driver = cluster.submit(ItPaths.appJar(), "com.example.TrainAndFeaturize", conf,
        List.of(ItPaths.mnist().toString(), out.toString(), "4000", "1000", "3"), log);
    Map<Long, Long> rss = new HashMap<>();
    long killedPid = -1;
    long nd4jSeenAt = -1;
    long end = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (driver.isAlive()) {
      if (System.nanoTime() > end) {
        driver.destroyForcibly();
        throw new AssertionError("the driver did not finish in " + RUN_TIMEOUT + ":\n"
            + SparkCluster.tail(log, 60));
      }
      List<ProcessHandle> executors = cluster.executors().stream().flatMap(List::stream).toList();
      for (ProcessHandle e : executors) {
        long mb = peakRssMb(e.pid());
        if (mb > 0) {
          rss.merge(e.pid(), mb, Math::max);
        }
      }
      if (kill && killedPid < 0) {
        if (nd4jSeenAt < 0 && executorsStartedNd4j(cluster, 2, startMillis)) {
          nd4jSeenAt = System.nanoTime();
        }
        if (nd4jSeenAt > 0 && System.nanoTime() - nd4jSeenAt > 1_000_000_000L) {
          assertThat(Files.readString(log, StandardCharsets.ISO_8859_1))
              .as("killing during the fit").doesNotContain("pipeline fitted");
          ProcessHandle victim = cluster.executors().get(0).get(0);
          killedPid = victim.pid();
          victim.destroyForcibly();   // SIGKILL, as kill -9
          victim.onExit().join();
          System.out.printf(Locale.ROOT, "cluster test: killed executor PID %d during the fit, "
              + "%.1f s after the submission%n", killedPid, seconds(t0));
        }
      }
      Thread.sleep(250);
    }
    double seconds = seconds(t0);
    assertThat(driver.exitValue()).as("driver exit code; its log ends:\n%s",
        SparkCluster.tail(log, 80)).isZero();
    Path result = out.resolve("result.properties");
    assertThat(result).as("driver log ends:\n%s", SparkCluster.tail(log, 40)).exists();
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(result)));
    if (kill) {
      assertThat(killedPid).as("an executor to kill appeared; driver log:\n%s",
          SparkCluster.tail(log, 40)).isPositive();
    }
    return new Run(p, log, seconds, killedPid, rss);
  }

  /**
   * Whether at least {@code n} executors' logs written since {@code sinceMillis} (this
   * submission's, not an earlier one's) say ND4J loaded its backend.
   */
  private static boolean executorsStartedNd4j(SparkCluster cluster, int n, long sinceMillis)
      throws IOException {
    int count = 0;
    List<Path> logs;
    try (Stream<Path> files = Files.walk(cluster.workDir())) {
      logs = files.filter(f -> f.getFileName().toString().equals("stderr")).toList();
    }
    for (Path f : logs) {
      if (Files.getLastModifiedTime(f).toMillis() >= sinceMillis
          && Files.readString(f, StandardCharsets.ISO_8859_1).contains("Loaded [CpuBackend]")) {
        count++;
      }
    }
    return count >= n;
  }

  /** {@code VmHWM} of a process in MB, or -1 once it is gone. */
  static long peakRssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
