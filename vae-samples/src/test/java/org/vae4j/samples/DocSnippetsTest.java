package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and docs/*.md compiles, and the blocks marked
 * {@code run} run (the convention is in {@link DocSnippets} and docs/architecture.md).
 */
class DocSnippetsTest {

  @TempDir static Path work;

  private static List<DocSnippets.Snippet> snippets;
  private static List<String> problems;

  /** README.md and every Markdown file of docs/ but spark.md, relative to the repository. */
  static List<String> docs() throws IOException {
    List<String> docs = new ArrayList<>();
    docs.add("README.md");
    try (Stream<Path> files = Files.list(DocsTest.ROOT.resolve("docs"))) {
      // docs/spark.md needs Spark, which vae-samples does not have: vae-spark's SparkDocsTest
      // checks its blocks against the compiled Spark sample instead.
      files.filter(f -> f.toString().endsWith(".md"))
          .filter(f -> !f.getFileName().toString().equals("spark.md")).sorted()
          .forEach(f -> docs.add("docs/" + f.getFileName()));
    }
    return docs;
  }

  @BeforeAll
  static void compileEverySnippet() throws IOException {
    snippets = new ArrayList<>();
    for (String doc : docs()) {
      snippets.addAll(DocSnippets.extract(DocsTest.ROOT, doc));
    }
    problems = DocSnippets.compile(snippets, work.resolve("classes"));
  }

  @Test
  void everyJavaBlockOfTheDocsCompiles() {
    // the extractor found them: 19 blocks in 7 files when this was written
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(19);
    assertThat(snippets.stream().map(DocSnippets.Snippet::doc).distinct())
        .contains("README.md", "docs/getting-started.md", "docs/training.md",
            "docs/visualisation.md", "docs/datasets.md", "docs/evaluation.md", "docs/models.md");
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  @Test
  void theBlocksMarkedToRunRunInOrderInAFreshDirectory() throws IOException, InterruptedException {
    List<String> runnable = snippets.stream().filter(DocSnippets.Snippet::run)
        .map(DocSnippets.Snippet::className).toList();
    assertThat(runnable).hasSizeGreaterThanOrEqualTo(10);
    assertThat(problems).as("compiled").isEmpty();
    Path cwd = Files.createDirectories(work.resolve("run"));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-cp");
    cmd.add(DocSnippets.classPath() + java.io.File.pathSeparator + work.resolve("classes"));
    cmd.add(DocSnippetRunner.class.getName());
    cmd.addAll(runnable);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
    Process p = pb.start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    String output = new String(bytes, StandardCharsets.UTF_8);
    for (DocSnippets.Snippet snippet : snippets) {
      output = output.replace("failed " + snippet.className() + "\n",
          "failed " + snippet.className() + " (" + snippet.where() + ")\n");
    }
    assertThat(p.exitValue()).as(output).isZero();
    for (String name : runnable) {
      assertThat(output).as(output).contains("ran " + name);
    }
    // what the run blocks wrote, in the directory they were given
    assertThat(cwd.resolve("manifold.png")).isRegularFile();
  }

  @Test
  void aBrokenSnippetFailsNamingItsFileAndLine(@TempDir Path out) throws IOException {
    String md = "Some text.\n\n<!-- given: Vae vae -->\n```java\nINDArray s = vae.sample(16);\n"
        + "vae.noSuchMethod(s);\n```\n";
    List<DocSnippets.Snippet> broken = DocSnippets.extract("docs/broken.md", md);
    assertThat(broken).hasSize(1);
    assertThat(broken.get(0).where()).isEqualTo("docs/broken.md:5");
    List<String> found = DocSnippets.compile(broken, out);
    assertThat(found).hasSize(1);
    assertThat(found.get(0)).startsWith("docs/broken.md:6: error: cannot find symbol");
  }

  @Test
  void importsAtTheTopOfABlockAndGivenValuesCompile(@TempDir Path out) throws IOException {
    String md = "<!-- run, returns long, given: int n = 3; String unit = \"s\" -->\n```java\n"
        + "import java.time.Duration;\n\nDuration d = Duration.ofSeconds(n);\n"
        + "return d.getSeconds() + unit.length();\n```\n";
    List<DocSnippets.Snippet> s = DocSnippets.extract("docs/x.md", md);
    assertThat(s.get(0).run()).isTrue();
    assertThat(s.get(0).returns()).isEqualTo("long");
    assertThat(DocSnippets.compile(s, out)).isEmpty();
  }

  @Test
  void directivesAreCheckedAndARunBlockNeedsAValueForEveryVariable() {
    assertThatThrownBy(() -> DocSnippets.extract("docs/x.md",
        "<!-- run, given: Vae vae -->\n```java\nvae.sample(1);\n```\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("docs/x.md:1: a snippet marked run must give every variable a value, got "
            + "none for Vae vae");
    assertThatThrownBy(() -> DocSnippets.extract("docs/x.md",
        "<!-- rn -->\n```java\nint a = 1;\n```\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("docs/x.md:1: snippet directive must be run, returns TYPE or "
            + "given: ..., got 'rn'");
    assertThatThrownBy(() -> DocSnippets.extract("docs/x.md", "```java\nint a = 1;\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("docs/x.md:1: java block is never closed");
  }
}
