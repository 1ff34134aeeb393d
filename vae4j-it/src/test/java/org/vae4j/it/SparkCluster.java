package org.vae4j.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a Spark home whose {@code jars/} links to
 * Spark's jars in the local Maven repository, a Master and Workers started as separate JVMs with
 * {@code java} directly (what {@code sbin/start-master.sh} and {@code start-worker.sh} run), and
 * applications submitted with {@code SparkSubmit} in client mode (what {@code bin/spark-submit}
 * runs). {@link #close()} stops every process this object started, and their children (the
 * executors the Workers launched), by PID; a shutdown hook does the same if the JVM exits first.
 */
final class SparkCluster implements AutoCloseable {

  /** What Spark's launcher adds on Java 17+ (org.apache.spark.launcher.JavaModuleOptions, 4.2). */
  static final List<String> JAVA_17_FLAGS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
      "--add-modules=jdk.incubator.vector",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final Path dir;
  private final Path sparkHome;
  private final List<Process> started = Collections.synchronizedList(new ArrayList<>());
  private final List<Process> workers = new ArrayList<>();
  private final Thread hook = new Thread(this::stopAll, "spark-cluster-stop");
  private String masterUrl;

  private SparkCluster(Path dir, Path sparkHome) {
    this.dir = dir;
    this.sparkHome = sparkHome;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Makes a Spark home under {@code dir} from the jars listed in {@code jarList} (a class path),
   * and starts nothing yet.
   */
  static SparkCluster create(Path dir, Path jarList) throws IOException {
    Path home = dir.resolve("spark-home");
    Path jars = home.resolve("jars");
    Files.createDirectories(jars);
    for (String entry : Files.readString(jarList, StandardCharsets.UTF_8).trim()
        .split(java.io.File.pathSeparator)) {
      Path jar = Path.of(entry);
      if (!Files.isRegularFile(jar)) {
        throw new IOException(jarList + " lists " + jar + ", which is not a file");
      }
      Path link = jars.resolve(jar.getFileName());
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, jar.toAbsolutePath());
      }
    }
    Files.writeString(home.resolve("RELEASE"), "Spark from the local Maven repository\n");
    return new SparkCluster(dir, home);
  }

  /** Starts the Master and {@code n} Workers of {@code cores} cores and {@code memory} each. */
  SparkCluster start(int n, int cores, String memory) throws IOException, InterruptedException {
    int port = freePort();
    Path masterLog = dir.resolve("master.log");
    launch(List.of("-Xmx256m", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", String.valueOf(port), "--webui-port", "0"), masterLog);
    masterUrl = "spark://127.0.0.1:" + port;
    awaitLine(masterLog, "I have been elected leader", START_TIMEOUT);
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path work = dir.resolve("worker-" + i);
      Files.createDirectories(work);
      Path log = dir.resolve("worker-" + i + ".log");
      workers.add(launch(List.of("-Xmx256m", "org.apache.spark.deploy.worker.Worker", "--host",
          "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", String.valueOf(cores),
          "--memory", memory, "--work-dir", work.toString(), masterUrl), log));
      logs.add(log);
    }
    for (Path log : logs) {
      awaitLine(log, "Successfully registered with master", START_TIMEOUT);
    }
    return this;
  }

  /** The directory under which the Workers run their executors (one directory per worker). */
  Path workDir() {
    return dir;
  }

  String masterUrl() {
    return masterUrl;
  }

  /**
   * Submits {@code appJar} in client mode: {@code SparkSubmit --master <this cluster>
   * --deploy-mode client --class mainClass [--conf k=v]... appJar args...}; the driver's output
   * goes to {@code log}.
   */
  Process submit(Path appJar, String mainClass, Map<String, String> conf, List<String> args,
      Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("-Xmx1g", "org.apache.spark.deploy.SparkSubmit",
        "--master", masterUrl, "--deploy-mode", "client", "--class", mainClass));
    conf.forEach((k, v) -> {
      cmd.add("--conf");
      cmd.add(k + "=" + v);
    });
    cmd.add(appJar.toString());
    cmd.addAll(args);
    return launch(cmd, log);
  }

  /** The executor JVMs the Workers run now (their child processes), by worker. */
  List<List<ProcessHandle>> executors() {
    List<List<ProcessHandle>> out = new ArrayList<>();
    for (Process w : workers) {
      out.add(w.descendants().filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList());
    }
    return out;
  }

  /** Every process this cluster started (Master, Workers, drivers), alive or not. */
  List<ProcessHandle> processes() {
    synchronized (started) {
      return started.stream().map(Process::toHandle).toList();
    }
  }

  @Override
  public void close() throws IOException {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (or ran) stopAll itself
    }
    // the links only (never what they point to), so that deleting the directory later is quiet
    try (java.util.stream.Stream<Path> links = Files.list(sparkHome.resolve("jars"))) {
      for (Path link : links.filter(Files::isSymbolicLink).toList()) {
        Files.delete(link);
      }
    }
  }

  /** Kills the children of every started process, then the process, by PID, and waits. */
  private void stopAll() {
    List<Process> all;
    synchronized (started) {
      all = new ArrayList<>(started);
    }
    Collections.reverse(all);   // drivers, then Workers (and their executors), then the Master
    for (Process p : all) {
      List<ProcessHandle> children = p.descendants().toList();
      p.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
      children.forEach(c -> c.onExit().join());
    }
    for (Process p : all) {
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Process launch(List<String> mainAndArgs, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JAVA_17_FLAGS);
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("jars") + "/*");
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile()).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    // what bin/load-spark-env.sh exports: the Worker's launcher needs it to build an executor's
    // class path from a Spark home that is not a source checkout
    env.put("SPARK_SCALA_VERSION", ItPaths.required("scala.binary.version"));
    env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.remove("SPARK_CONF_DIR");
    Process p = pb.start();
    started.add(p);
    return p;
  }

  /** Waits until {@code log} has a line containing {@code text}; fails with the log's tail. */
  static void awaitLine(Path log, String text, Duration timeout)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no '" + text + "' in " + log + " after " + timeout + ":\n"
        + tail(log, 40));
  }

  /** The last {@code n} lines of a log, for failure messages. */
  static String tail(Path log, int n) throws IOException {
    if (!Files.exists(log)) {
      return "(no " + log + ")";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
