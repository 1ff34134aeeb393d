package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code shown in README.md and docs/getting-started.md is the code between the markers of the
 * compiled example classes, and every picture the docs show exists.
 */
class DocsTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path SOURCES = Path.of("src/main/java/org/vae4j/samples");

  /** The lines between {@code // <marker>:start} and {@code // <marker>:end}, dedented. */
  static String between(Path source, String marker) throws IOException {
    List<String> lines = Files.readAllLines(source);
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals("// " + marker + ":start")) {
        start = i;
      } else if (lines.get(i).trim().equals("// " + marker + ":end")) {
        end = i;
      }
    }
    assertThat(start).as("%s has // %s:start", source, marker).isNotNegative();
    assertThat(end).as("%s has // %s:end after the start", source, marker).isGreaterThan(start);
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

  @Test
  void theReadmesTenLinesAreTheCompiledReadmeExample() throws IOException {
    String code = between(SOURCES.resolve("ReadmeExample.java"), "readme");
    assertThat(code.lines().count()).isLessThanOrEqualTo(12);
    assertThat(javaBlocks(ROOT.resolve("README.md"))).as("README.md java blocks").contains(code);
  }

  @Test
  void theGettingStartedProgramIsTheCompiledExample() throws IOException {
    String code = between(SOURCES.resolve("GettingStartedExample.java"), "getting-started");
    assertThat(javaBlocks(ROOT.resolve("docs/getting-started.md"))).contains(code);
  }

  @Test
  void everyPictureTheDocsShowExistsAndIsSmall() throws IOException {
    long total = 0;
    for (String doc : new String[] {"docs/getting-started.md", "docs/gallery.md"}) {
      Path md = ROOT.resolve(doc);
      Matcher m = Pattern.compile("!\\[[^]]*]\\(([^)]+)\\)").matcher(Files.readString(md));
      int pictures = 0;
      while (m.find()) {
        Path picture = md.getParent().resolve(m.group(1)).normalize();
        assertThat(picture).as("picture referenced by %s", doc).isRegularFile();
        total += Files.size(picture);
        pictures++;
      }
      if (doc.endsWith("gallery.md")) {
        assertThat(pictures).as("pictures in the gallery").isGreaterThanOrEqualTo(8);
      }
    }
    assertThat(total).as("bytes of pictures in the docs").isLessThan(2_500_000);
  }

  @Test
  void theGettingStartedExampleRunsAndLearns(@TempDir Path out) throws IOException {
    double loss = GettingStartedExample.run(out);
    // An untrained model predicts about 0.5 per pixel: 784 ln 2 = 543 nats per image.
    assertThat(loss).isFinite().isLessThan(784 * Math.log(2));
    Pictures.png(out.resolve("loss.png"), 300, 200);
    Pictures.png(out.resolve("latent.png"), 400, 300);
    Pictures.png(out.resolve("manifold.png"), 15 * 28, 15 * 28);
    assertThat(out.resolve("vae.zip")).isRegularFile();
  }
}
