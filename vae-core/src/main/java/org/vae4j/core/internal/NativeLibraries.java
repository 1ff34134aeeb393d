package org.vae4j.core.internal;

import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;

/**
 * Which ND4J native build JavaCPP actually loaded, read from the path of the loaded library: JavaCPP
 * extracts {@code .../org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libnd4jcpu.so}
 * into its cache, and the directory is the build's classifier. The HAVE_* features cannot tell
 * {@code -onednn} from {@code -onednn-avx2} (both have oneDNN); this can.
 */
final class NativeLibraries {

  /** JavaCPP's names of ND4J's core native library on the CPU and CUDA backends. */
  private static final String[] ND4J_LIBRARIES = {"nd4jcpu", "nd4jcuda"};

  private NativeLibraries() {}

  /** The classifier of the loaded ND4J native build, e.g. {@code linux-x86_64-onednn}; empty before ND4J loads one. */
  static Optional<String> loadedNd4jBuild() {
    return nd4jBuild(Loader.getLoadedLibraries(), Loader.getPlatform());
  }

  /**
   * The build of ND4J's library in JavaCPP's map of loaded libraries (name to path): the
   * directory that holds it when that is named after the platform, else the whole path (a library
   * JavaCPP found outside the jars).
   */
  static Optional<String> nd4jBuild(Map<String, String> loaded, String platform) {
    for (String name : ND4J_LIBRARIES) {
      String path = loaded.get(name);
      if (path != null) {
        String[] parts = path.replace('\\', '/').split("/");
        String dir = parts.length >= 2 ? parts[parts.length - 2] : "";
        return Optional.of(dir.startsWith(platform) ? dir : path);
      }
    }
    return Optional.empty();
  }
}
