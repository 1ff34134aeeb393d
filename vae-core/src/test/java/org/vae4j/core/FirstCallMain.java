package org.vae4j.core;

/**
 * A program whose first ND4J-related call is {@link ComputeThreads}, as on a fresh Spark executor
 * where a vae-spark task sizes its threads before it loads a model. Prints what it saw.
 */
public final class FirstCallMain {

  private FirstCallMain() {}

  /** Sets and reads the calling thread's count before anything else touches ND4J. */
  public static void main(String[] args) {
    ComputeThreads.setForCurrentThread(1);
    System.out.println("threads=" + ComputeThreads.forCurrentThread());
    System.out.println("nativeBuild=" + System.getProperty("vae4j.nativeBuild.chosen"));
  }
}
