package org.vae4j.backend.cpu;

import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Run in a child JVM by {@link NativeBuildHookTest}: {@code [touch-javacpp|-] [cpuinfo file|-]}.
 * Optionally uses JavaCPP first (as another JavaCPP library would), optionally makes the choice
 * from a sample cpuinfo file before ND4J starts, then starts ND4J and prints the choice and the
 * libnd4jcpu that loaded.
 */
public final class NativeBuildProbe {

  private NativeBuildProbe() {}

  public static void main(String[] args) {
    if (args[0].equals("touch-javacpp")) {
      Loader.loadProperties();
    }
    if (!args[1].equals("-")) {
      NativeBuilds.select(Path.of(args[1]));
    }
    System.out.println("sum=" + Nd4j.create(new float[] {1, 2}).sumNumber());
    NativeBuilds.Choice c = NativeBuilds.selection().orElseThrow();
    System.out.println("choice.build=" + c.build().orElse("-"));
    System.out.println("choice.set=" + c.extensionSet().orElse("-"));
    System.out.println("choice.reason=" + c.reason());
    System.out.println("property.chosen=" + System.getProperty(NativeBuilds.CHOSEN_PROPERTY));
    System.out.println("property.reason=" + System.getProperty(NativeBuilds.REASON_PROPERTY));
    System.out.println("loaded=" + Loader.getLoadedLibraries().get("nd4jcpu"));
  }
}
