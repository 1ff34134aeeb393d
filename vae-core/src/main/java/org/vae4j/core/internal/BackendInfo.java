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

/**
 * What ND4J backend vae4j runs on, logged once per JVM at INFO when the first model is built:
 * backend (CPU or CUDA), the native build's features ({@code HAVE_ONEDNN}, {@code HAVE_OPENBLAS},
 * {@code HAVE_CUDNN}, ...), which native build loaded and why ({@code linux-x86_64-onednn-avx2
 * (the CPU has ... avx2, fma, f16c)}, chosen by vae4j-backend-cpu's hook before ND4J loaded it),
 * OpenMP and BLAS threads, and for CUDA each device's name and compute capability. A warning
 * follows when the build that loaded is not the one the hook chose, and when a CPU build without
 * oneDNN loaded (convolutions are then about ten times slower).
 *
 * <p>vae-core does not depend on the backend jar: the hook publishes its choice in the system
 * properties {@value #CHOSEN_PROPERTY} and {@value #REASON_PROPERTY}, and the build that really
 * loaded is read from JavaCPP's loaded-library path ({@code NativeLibraries}).
 *
 * @param backend {@code "CPU"} or {@code "CUDA"} (ND4J's {@code backend} property)
 * @param features the {@code HAVE_*} lines of the native build information, in order
 * @param nativeBuild the classifier of the native build that loaded, e.g.
 *     {@code linux-x86_64-onednn}, or {@code "?"}
 * @param nativeChoice why that build: the reason the hook published in {@value #REASON_PROPERTY},
 *     or {@link #NO_CHOICE}
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
  /** Set by vae4j-backend-cpu's hook to the build it expects to load, when it predicts one. */
  static final String CHOSEN_PROPERTY = "vae4j.nativeBuild.chosen";
  /** Set by vae4j-backend-cpu's hook to the reason for its choice. */
  static final String REASON_PROPERTY = "vae4j.nativeBuild.reason";
  /**
   * The reason given when vae4j's hook did not run: vae4j-backend-cpu is not on the class path (a
   * user's own ND4J backend), or its service file was lost (an uber-jar that did not merge them).
   */
  static final String NO_CHOICE = "no choice by vae4j: vae4j-backend-cpu's hook did not run";
  /** The feature line of a native build with oneDNN. */
  static final String ONEDNN = "HAVE_ONEDNN";
  /** The ND4J version vae4j is built against, for the advice of {@link #withoutOneDnn()}. */
  static final String ND4J_VERSION = "1.0.0-M2.1";

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
        System.getProperty(REASON_PROPERTY, NO_CHOICE));
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
        .append(", OMP_WAIT_POLICY=").append(WaitPolicyAdvice.describe());
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
      mismatch(Optional.ofNullable(System.getProperty(CHOSEN_PROPERTY)), info.nativeBuild())
          .ifPresent(LOG::warn);
      info.withoutOneDnn().ifPresent(LOG::warn);
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
        + " loaded (vae4j's choice came after ND4J's library was loaded?); "
        + "-Dorg.bytedeco.javacpp.platform.extension="
        + (extension < 0 ? "" : chosen.get().substring(extension)) + " on the java command line forces it (docs/performance.md)");
  }

  /**
   * The warning when a CPU build without oneDNN loaded (its features were read and lack {@value
   * #ONEDNN}): convolutional models then train about 10 to 12 times slower (measured in
   * docs/performance.md); MLP models are not affected. The usual cause is depending on
   * {@code org.nd4j:nd4j-native-platform} or the plain {@code nd4j-native}, whose default build for
   * each platform is the generic one.
   */
  Optional<String> withoutOneDnn() {
    if (!"CPU".equals(backend) || features.isEmpty() || features.contains(ONEDNN)) {
      return Optional.empty();
    }
    return Optional.of("the nd4j-native build that loaded (" + nativeBuild + ") has no oneDNN "
        + features + ": convolutional models train about 10 to 12 times slower than on a oneDNN "
        + "build (docs/performance.md; MLP models are not affected). The usual cause is a "
        + "dependency on org.nd4j:nd4j-native-platform or the plain org.nd4j:nd4j-native, whose "
        + "default build is the generic one. On Linux x86-64 depend on org.vae4j:vae4j-backend-cpu "
        + "instead; on Windows or macOS x86-64 add org.nd4j:nd4j-native:" + ND4J_VERSION
        + " with the classifier windows-x86_64-onednn or macosx-x86_64-onednn, which JavaCPP "
        + "prefers to the generic build");
  }

  /** True once {@link #logOnce()} has run in this JVM. */
  public static boolean logged() {
    return LOGGED.get();
  }
}
