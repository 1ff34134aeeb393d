package org.vae4j.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the invoker's builds (target/it) put what the tests use. */
final class ItPaths {

  private ItPaths() {}

  static Path itDir() {
    return Path.of(required("vae4j.it.dir"));
  }

  /**
   * The deployable jar the sample project built as docs/spark.md says, or the one that
   * {@code -Dvae4j.it.appJar} names (to run the cluster test on another build of the program).
   */
  static Path appJar() {
    String other = System.getProperty("vae4j.it.appJar", "");
    return existing(other.isBlank()
        ? itDir().resolve("spark-app/target/train-and-featurize-1.0-with-dependencies.jar")
        : Path.of(other));
  }

  /** The list of Spark's jars in the local Maven repository, as a class path. */
  static Path sparkJars() {
    return existing(itDir().resolve("spark-home/target/spark-jars.txt"));
  }

  static Path mnist() {
    return existing(Path.of(required("vae4j.mnist.dir")).toAbsolutePath().normalize());
  }

  static String required(String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("system property " + property + " must be set (the POM "
          + "passes it to the test JVM), got none");
    }
    return v;
  }

  private static Path existing(Path p) {
    if (!Files.exists(p)) {
      throw new IllegalStateException(p + " does not exist: the invoker builds (mvn verify of "
          + "vae4j-it) make it before the tests run");
    }
    return p;
  }
}
