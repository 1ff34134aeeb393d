package org.vae4j.samples;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The Java snippets of the docs, extracted from Markdown and compiled with {@code
 * javax.tools.JavaCompiler} against the test class path (every vae4j module, ND4J and the CPU
 * backend). The convention, also in docs/architecture.md:
 *
 * <ul>
 *   <li>Every {@code ```java} block is compiled. A block is a sequence of statements, compiled as
 *       the body of a static method; {@code import} lines at its top are imports. The {@link
 *       #IMPORTS standard imports} (the vae4j packages, {@code INDArray}, {@code Nd4j}, {@code
 *       java.nio.file}, {@code java.util}, ...) never need to be written.
 *   <li>What a block needs from around it is declared in an HTML comment on the line just above
 *       the fence, invisible in the rendered page: {@code <!-- given: Vae vae; INDArray x -->}
 *       declares variables (method parameters); {@code Type name = expression} gives one a value.
 *   <li>{@code <!-- run, given: ImageDataset train = SyntheticDigits.generate(500, 1) -->} also
 *       runs the block (every given variable must then have a value), in a separate JVM whose
 *       working directory is a temporary directory, in the order of the docs; {@code <!-- run -->}
 *       for a block that needs nothing. Only blocks cheap enough to run in seconds are marked.
 *   <li>{@code returns TYPE} for a block that ends with a {@code return} (shown because the
 *       example class it is copied from returns it).
 * </ul>
 */
final class DocSnippets {

  private DocSnippets() {}

  /** Imports every snippet gets, so that the docs need not repeat them. */
  static final List<String> IMPORTS = List.of(
      "java.net.URI",
      "java.nio.file.*",
      "java.util.*",
      "org.nd4j.linalg.api.buffer.DataType",
      "org.nd4j.linalg.api.ndarray.INDArray",
      "org.nd4j.linalg.dataset.api.iterator.DataSetIterator",
      "org.nd4j.linalg.factory.Nd4j",
      "org.nd4j.linalg.indexing.NDArrayIndex",
      "org.vae4j.api.*",
      "org.vae4j.api.io.*",
      "org.vae4j.api.training.*",
      "org.vae4j.core.*",
      "org.vae4j.core.eval.*",
      "org.vae4j.core.train.*",
      "org.vae4j.datasets.*",
      "org.vae4j.viz.*");

  /** The package of the generated classes. */
  static final String PACKAGE = "docsnippets";

  /**
   * A declared variable.
   *
   * @param type its Java type
   * @param name its name
   * @param value its initialiser, or null for a parameter (compile only)
   */
  record Given(String type, String name, String value) {}

  /**
   * One {@code ```java} block.
   *
   * @param doc the Markdown file, relative to the repository (for messages)
   * @param line the line of the block's first code line in {@code doc}, from 1
   * @param code the block's text
   * @param run whether the block is run
   * @param returns the return type, or {@code void}
   * @param given the variables the block uses
   * @param className the simple name of the generated class
   */
  record Snippet(String doc, int line, String code, boolean run, String returns,
      List<Given> given, String className) {

    /** Where the snippet is, e.g. {@code docs/training.md:27}. */
    String where() {
      return doc + ":" + line;
    }
  }

  private static final Pattern FENCE = Pattern.compile("^```java\\s*$");
  private static final Pattern DIRECTIVE = Pattern.compile("^<!--(.*)-->\\s*$");

  /** The snippets of one Markdown text; {@code doc} names it in messages and class names. */
  static List<Snippet> extract(String doc, String markdown) {
    List<String> lines = markdown.lines().toList();
    List<Snippet> out = new ArrayList<>();
    String base = doc.replaceAll("[^A-Za-z0-9]", "_");
    for (int i = 0; i < lines.size(); i++) {
      if (!FENCE.matcher(lines.get(i)).matches()) {
        continue;
      }
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).startsWith("```")) {
        end++;
      }
      if (end == lines.size()) {
        throw new IllegalArgumentException(doc + ":" + (i + 1) + ": java block is never closed");
      }
      String code = String.join("\n", lines.subList(i + 1, end));
      Matcher m = i > 0 ? DIRECTIVE.matcher(lines.get(i - 1)) : null;
      String directive = m != null && m.matches() ? m.group(1).trim() : "";
      out.add(parse(doc, i + 2, code, directive, base + "_" + (out.size() + 1)));
      i = end;
    }
    return out;
  }

  /** The snippets of a Markdown file under {@code root}. */
  static List<Snippet> extract(Path root, String doc) throws IOException {
    return extract(doc, Files.readString(root.resolve(doc), StandardCharsets.UTF_8));
  }

  private static Snippet parse(String doc, int line, String code, String directive,
      String className) {
    String where = doc + ":" + (line - 2);
    boolean run = false;
    String returns = "void";
    List<Given> given = new ArrayList<>();
    String head = directive;
    int g = directive.indexOf("given:");
    if (g >= 0) {
      head = directive.substring(0, g);
      for (String decl : directive.substring(g + "given:".length()).split(";")) {
        if (!decl.isBlank()) {
          given.add(declaration(where, decl.trim()));
        }
      }
    }
    for (String token : head.split(",")) {
      String t = token.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (t.equals("run")) {
        run = true;
      } else if (t.startsWith("returns ")) {
        returns = t.substring("returns ".length()).trim();
      } else {
        throw new IllegalArgumentException(where + ": snippet directive must be run, returns TYPE "
            + "or given: ..., got '" + t + "' in <!-- " + directive + " -->");
      }
    }
    if (run) {
      for (Given v : given) {
        if (v.value() == null) {
          throw new IllegalArgumentException(where + ": a snippet marked run must give every "
              + "variable a value, got none for " + v.type() + " " + v.name());
        }
      }
    }
    return new Snippet(doc, line, code, run, returns, List.copyOf(given), className);
  }

  private static Given declaration(String where, String decl) {
    int eq = decl.indexOf('=');
    String left = (eq < 0 ? decl : decl.substring(0, eq)).trim();
    int space = left.lastIndexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException(
          where + ": a given variable must be 'Type name' or 'Type name = value', got '" + decl + "'");
    }
    return new Given(left.substring(0, space).trim(), left.substring(space + 1),
        eq < 0 ? null : decl.substring(eq + 1).trim());
  }

  /** A generated class and, for each of its lines, the Markdown line it came from (or 0). */
  record Source(Snippet snippet, String text, int[] docLines) {}

  /** The Java source of a snippet. */
  static Source source(Snippet s) {
    List<String> out = new ArrayList<>();
    List<Integer> origin = new ArrayList<>();
    List<String> code = s.code().lines().toList();
    int body = 0;
    List<String> imports = new ArrayList<>();
    while (body < code.size()
        && (code.get(body).startsWith("import ") || code.get(body).isBlank())) {
      if (!code.get(body).isBlank()) {
        imports.add(code.get(body));
      }
      body++;
    }
    add(out, origin, "package " + PACKAGE + ";", 0);
    for (String i : IMPORTS) {
      add(out, origin, "import " + i + ";", 0);
    }
    for (int i = 0; i < body; i++) {
      if (!code.get(i).isBlank()) {
        add(out, origin, code.get(i), s.line() + i);
      }
    }
    List<String> params = new ArrayList<>();
    for (Given v : s.given()) {
      if (v.value() == null) {
        params.add(v.type() + " " + v.name());
      }
    }
    add(out, origin, "/** " + s.where() + " */", 0);
    add(out, origin, "public final class " + s.className() + " {", 0);
    add(out, origin, "  public static " + s.returns() + " snippet(" + String.join(", ", params)
        + ") throws Exception {", 0);
    for (Given v : s.given()) {
      if (v.value() != null) {
        add(out, origin, "    " + v.type() + " " + v.name() + " = " + v.value() + ";", s.line() - 1);
      }
    }
    for (int i = body; i < code.size(); i++) {
      add(out, origin, "    " + code.get(i), s.line() + i);
    }
    add(out, origin, "  }", 0);
    add(out, origin, "}", 0);
    return new Source(s, String.join("\n", out) + "\n",
        origin.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void add(List<String> out, List<Integer> origin, String line, int docLine) {
    out.add(line);
    origin.add(docLine);
  }

  /** The test class path, as surefire gives it to the test JVM. */
  static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire
        : System.getProperty("java.class.path");
  }

  /**
   * Compiles the snippets into {@code outDir} with every lint warning an error; returns the
   * problems as {@code doc:line: message} (empty when everything compiled).
   */
  static List<String> compile(List<Snippet> snippets, Path outDir) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("the docs' snippets need a JDK (javax.tools), got a JRE");
    }
    Map<String, Source> byClass = new TreeMap<>();
    List<JavaFileObject> units = new ArrayList<>();
    for (Snippet s : snippets) {
      Source src = source(s);
      byClass.put(s.className(), src);
      URI uri = URI.create("string:///" + PACKAGE + "/" + s.className() + ".java");
      units.add(new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return src.text();
        }
      });
    }
    Files.createDirectories(outDir);
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("-classpath", classPath(), "-d", outDir.toString(),
          "--release", "17", "-proc:none", "-Xlint:all,-path", "-Werror", "-encoding", "UTF-8");
      javac.getTask(null, files, diagnostics, options, null, units).call();
    }
    List<String> problems = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.NOTE) {
        continue;
      }
      problems.add(describe(d, byClass));
    }
    return problems;
  }

  private static String describe(Diagnostic<? extends JavaFileObject> d, Map<String, Source> byClass) {
    String message = d.getKind().toString().toLowerCase(Locale.ROOT) + ": "
        + d.getMessage(Locale.ROOT);
    if (d.getSource() == null) {
      return message;
    }
    String name = d.getSource().getName();
    String cls = name.substring(name.lastIndexOf('/') + 1).replace(".java", "");
    Source src = byClass.get(cls);
    if (src == null) {
      return name + ": " + message;
    }
    int generated = (int) d.getLineNumber();
    int docLine = generated >= 1 && generated <= src.docLines().length
        ? src.docLines()[generated - 1] : 0;
    String where = docLine > 0 ? src.snippet().doc() + ":" + docLine
        : src.snippet().where() + " (generated line " + generated + ")";
    return where + ": " + message;
  }
}
