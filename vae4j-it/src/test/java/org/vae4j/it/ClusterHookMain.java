package org.vae4j.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Starts a Master and one Worker, writes their PIDs to {@code args[2]} and exits without closing
 * the cluster, as a test JVM that is stopped or crashes would: the shutdown hook must stop them.
 */
public final class ClusterHookMain {

  private ClusterHookMain() {}

  /** {@code DIR JAR_LIST PID_FILE}. */
  public static void main(String[] args) throws Exception {
    SparkCluster cluster = SparkCluster.create(Path.of(args[0]), Path.of(args[1]))
        .start(1, 1, "512m");
    Files.writeString(Path.of(args[2]), cluster.processes().stream()
        .map(p -> String.valueOf(p.pid())).collect(Collectors.joining("\n")));
    System.exit(3);
  }
}
