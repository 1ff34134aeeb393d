package org.vae4j.samples;

/**
 * Runs compiled doc snippets, in a JVM of their own started by {@link DocSnippetsTest} in a
 * temporary working directory (snippets write files such as {@code manifold.png} relative to it).
 * Arguments: the simple names of the generated classes, in order. Prints {@code ran <name>} after
 * each; exits with 1 at the first that throws.
 */
public final class DocSnippetRunner {

  private DocSnippetRunner() {}

  /** Runs each named snippet class's {@code snippet()} method. */
  public static void main(String[] args) {
    for (String name : args) {
      try {
        Class.forName(DocSnippets.PACKAGE + "." + name).getMethod("snippet").invoke(null);
        System.out.println("ran " + name);
      } catch (ReflectiveOperationException | RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        System.out.println("failed " + name);
        cause.printStackTrace(System.out);
        System.exit(1);
      }
    }
    System.exit(0);
  }
}
