package org.vae4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployment section of docs/spark.md is what the build does: its {@code pom.xml} is the
 * sample project's (src/it/spark-app, built by the invoker into the jar the cluster test submits),
 * and that jar holds vae4j with the ND4J backend and its merged services file, without Spark.
 */
class SparkAppBuildTest {

  @Test
  void theDocsPomIsTheSampleProjectsPom() throws IOException {
    String pom = Files.readString(Path.of(ItPaths.required("vae4j.it.sources"), "spark-app",
        "pom.xml"))
        .replace("@project.version@", ItPaths.required("vae4j.version"))
        .replace("@spark.version@", ItPaths.required("spark.version"))
        .replace("@scala.binary.version@", ItPaths.required("scala.binary.version"))
        .strip();
    Path doc = Path.of(ItPaths.required("vae4j.docs.spark"));
    assertThat(xmlBlocks(doc)).as("```xml blocks of %s", doc).contains(pom);
  }

  @Test
  void theDeployableJarMergesTheBackendServicesAndLeavesSparkOut() throws IOException {
    try (ZipFile jar = new ZipFile(ItPaths.appJar().toFile())) {
      ZipEntry services = jar.getEntry("META-INF/services/org.nd4j.linalg.factory.Nd4jBackend");
      assertThat(services).as("the backend services file in %s", jar.getName()).isNotNull();
      String text;
      try (InputStream in = jar.getInputStream(services)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(text).contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend")
          .contains("org.vae4j.backend.cpu.NativeBuildHook");
      assertThat(jar.getEntry("nd4j-native.properties")).as("ND4J's backend properties").isNotNull();
      assertThat(jar.getEntry("org/vae4j/spark/VaeEstimator.class")).isNotNull();
      assertThat(jar.getEntry("com/example/TrainAndFeaturize.class")).isNotNull();
      assertThat(jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("org/apache/spark/")
          || n.startsWith("scala/")).findFirst()).as("Spark or Scala classes in the jar").isEmpty();
    }
  }

  /** The ```xml blocks of a Markdown file, stripped. */
  static List<String> xmlBlocks(Path markdown) throws IOException {
    Matcher m = Pattern.compile("```xml\\n(.*?)\\n```", Pattern.DOTALL)
        .matcher(Files.readString(markdown));
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1).strip());
    }
    return blocks;
  }
}
