package org.vae4j.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.backend.NativeBuilds;

/**
 * What ND4J backend vae4j runs on, logged once per JVM at INFO when the first model is built:
 * backend (CPU or CUDA), the native build's features ({@code HAVE_ONEDNN}, {@code HAVE_OPENBLAS},
 * {@code HAVE_CUDNN}, ...), which native build loaded and why ({@code linux-x86_64-onednn-avx2
 * (the CPU has ... avx2, fma, f16c)}, chosen by {@link NativeBuilds} before ND4J loaded it),
 * OpenMP and BLAS threads, and for CUDA each device's name and compute capability. When the build
 * that loaded is not the one vae4j chose, a warning follows.
 *
 * @param backend {@code "CPU"} or {@code "CUDA"} (ND4J's {@code backend} property)
 * @param features the {@code HAVE_*} lines of the native build information, in order
 * @param nativeBuild the classifier of the native build that loaded, e.g.
 *     {@code linux-x86_64-onednn}, or {@code "?"}
 * @param nativeChoice why that build: vae4j's reason ({@link NativeBuilds.Choice#reason()}), or
 *     {@code "?"}
 * @param ompThreads OpenMP threads ND4J uses, or -1 when not reported
 * @param blasThreads BLAS threads, or -1 when not reported
 * @param blasVendor the BLAS library, e.g. {@code OPENBLAS}, or {@code "?"}
 * @param devices CUDA devices as {@code "name (compute capability major.minor)"}; empty on CPU
 */
public record BackendInfo(String backend, List<String> features, String nativeBuild,
    String nativeChoice, int ompThreads, int blasThreads, String blasVendor,
    List<String> devices) {

  private static final Logger LOG = LoggerFactory.getLogger("org.vae4j.core");
  private static final AtomicBoolean LOGGED = new AtomicBoolean();
  /** The reason given when vae4j's hook did not run (its service file was lost, e.g. shading). */
  static final String NO_CHOICE = "vae4j's native build hook did not run";

  /** Copies the lists. */
  public BackendInfo {
    features = List.copyOf(features);
    devices = List.copyOf(devices);
  }

  /** The backend this JVM runs on. */
  public static BackendInfo current() {
    Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
    String buildInfo = Nd4j.getBackend().buildInfo();
    return from(env, buildInfo, NativeLibraries.loadedNd4jBuild().orElse("?"),
        NativeBuilds.selection().map(NativeBuilds.Choice::reason).orElse(NO_CHOICE));
  }

  /**
   * Reads ND4J's environment properties ({@link Nd4jEnvironment} keys) and native build
   * information text; the native build and the reason for it are passed through.
   */
  static BackendInfo from(Properties env, String buildInfo, String nativeBuild,
      String nativeChoice) {
    List<String> features = new ArrayList<>();
    if (buildInfo != null) {
      for (String line : buildInfo.split("\\R")) {
        String t = line.trim();
        if (t.startsWith("HAVE_")) {
          features.add(t);
        }
      }
    }
    List<String> devices = new ArrayList<>();
    Object list = env.get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY);
    if (list instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          devices.add(m.get(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY) + " (compute capability "
              + m.get(Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY) + "."
              + m.get(Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY) + ")");
        }
      }
    }
    Object backend = env.get(Nd4jEnvironment.BACKEND_KEY);
    Object vendor = env.get(Nd4jEnvironment.BLAS_VENDOR_KEY);
    return new BackendInfo(backend == null ? "?" : backend.toString(), features, nativeBuild,
        nativeChoice, integer(env.get(Nd4jEnvironment.OMP_THREADS_KEY)),
        integer(env.get(Nd4jEnvironment.BLAS_THREADS_KEY)),
        vendor == null ? "?" : vendor.toString(), devices);
  }

  private static int integer(Object o) {
    if (o instanceof Number n) {
      return n.intValue();
    }
    if (o != null) {
      try {
        return Integer.parseInt(o.toString().trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * One line, e.g. {@code ND4J backend CPU [HAVE_ONEDNN, HAVE_OPENBLAS], native build
   * linux-x86_64-onednn-avx2 (the CPU has ...), 2 OpenMP threads, ...}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder("ND4J backend ").append(backend).append(' ')
        .append(features).append(", native build ").append(nativeBuild).append(" (")
        .append(nativeChoice).append("), ").append(ompThreads).append(" OpenMP threads, BLAS ")
        .append(blasVendor).append(" with ").append(blasThreads).append(" threads")
        .append(", OMP_NUM_THREADS=").append(System.getenv("OMP_NUM_THREADS"))
        .append(", OMP_WAIT_POLICY=").append(System.getenv("OMP_WAIT_POLICY"));
    if (!devices.isEmpty()) {
      sb.append(", devices ").append(devices);
    }
    return sb.toString();
  }

  /**
   * Logs {@link #describe()} of the current backend at INFO the first time it is called in this
   * JVM; later calls do nothing. Returns true when this call logged. Never throws: a backend that
   * cannot report itself is logged as a warning.
   */
  public static boolean logOnce() {
    if (!LOGGED.compareAndSet(false, true)) {
      return false;
    }
    try {
      BackendInfo info = current();
      LOG.info("vae4j runs on {}", info.describe());
      mismatch(NativeBuilds.selection().flatMap(NativeBuilds.Choice::build), info.nativeBuild())
          .ifPresent(LOG::warn);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("vae4j could not read the ND4J backend information: {}", e.toString());
    }
    return true;
  }

  /**
   * The warning when the native build that loaded is not the one vae4j chose: vae4j's choice came
   * too late (JavaCPP had loaded ND4J's library already) or JavaCPP ignored it.
   */
  static Optional<String> mismatch(Optional<String> chosen, String loaded) {
    if (chosen.isEmpty() || chosen.get().equals(loaded)) {
      return Optional.empty();
    }
    // a classifier is <os>-<arch><extension>, e.g. linux-x86_64-onednn-avx2
    int archDash = chosen.get().indexOf('-');
    int extension = archDash < 0 ? -1 : chosen.get().indexOf('-', archDash + 1);
    return Optional.of("vae4j chose the nd4j-native build " + chosen.get() + " but " + loaded
        + " loaded (vae4j's choice came after ND4J's library was loaded?); -D"
        + NativeBuilds.PROPERTY + "=" + (extension < 0 ? "" : chosen.get().substring(extension))
        + " on the java command line forces it (docs/performance.md)");
  }

  /** True once {@link #logOnce()} has run in this JVM. */
  public static boolean logged() {
    return LOGGED.get();
  }
}
