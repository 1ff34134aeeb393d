package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Java code docs/spark.md shows is code of the compiled sample and benchmark, between their markers. */
class SparkDocsTest {

  private static final Path DOC = Path.of("..", "docs", "spark.md").toAbsolutePath().normalize();
  private static final Path SAMPLE =
      Path.of("src/test/java/org/vae4j/spark/sample/SparkMnistSample.java");
  private static final Path TABLE =
      Path.of("src/test/java/org/vae4j/spark/sample/SparkTableSample.java");
  private static final Path BENCHMARK =
      Path.of("src/test/java/org/vae4j/spark/sample/SparkBenchmark.java");

  @Test
  void everyJavaBlockOfTheSparkDocIsCompiledSampleCode() throws IOException {
    List<String> marked = List.of(between(SAMPLE, "spark-train"), between(SAMPLE, "spark-persist"),
        between(BENCHMARK, "spark-features"), between(TABLE, "spark-table"));
    List<String> blocks = javaBlocks(DOC);
    assertThat(blocks).as("java blocks of %s", DOC).containsExactlyInAnyOrderElementsOf(marked);
  }

  /** The lines between {@code // <marker>:start} and {@code // <marker>:end}, dedented. */
  static String between(Path source, String marker) throws IOException {
    List<String> lines = Files.readAllLines(source);
    int start = lines.indexOf(lines.stream().filter(l -> l.trim().equals("// " + marker + ":start"))
        .findFirst().orElseThrow(() -> new AssertionError(source + " has no // " + marker + ":start")));
    int end = lines.indexOf(lines.stream().filter(l -> l.trim().equals("// " + marker + ":end"))
        .findFirst().orElseThrow(() -> new AssertionError(source + " has no // " + marker + ":end")));
    assertThat(end).as("%s: // %s:end after the start", source, marker).isGreaterThan(start);
    List<String> block = lines.subList(start + 1, end);
    int indent = block.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    List<String> out = new ArrayList<>();
    for (String l : block) {
      out.add(l.isBlank() ? "" : l.substring(indent));
    }
    return String.join("\n", out);
  }

  /** The ```java blocks of a Markdown file. */
  static List<String> javaBlocks(Path markdown) throws IOException {
    Matcher m = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL)
        .matcher(Files.readString(markdown));
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }
}
