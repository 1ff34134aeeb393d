package org.vae4j.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What ND4J backend vae4j runs on, logged once per JVM at INFO when the first model is built:
 * backend (CPU or CUDA), the native build's features ({@code HAVE_ONEDNN}, {@code HAVE_OPENBLAS},
 * {@code HAVE_CUDNN}, ...), OpenMP and BLAS threads, and for CUDA each device's name and compute
 * capability.
 *
 * @param backend {@code "CPU"} or {@code "CUDA"} (ND4J's {@code backend} property)
 * @param features the {@code HAVE_*} lines of the native build information, in order
 * @param ompThreads OpenMP threads ND4J uses, or -1 when not reported
 * @param blasThreads BLAS threads, or -1 when not reported
 * @param blasVendor the BLAS library, e.g. {@code OPENBLAS}, or {@code "?"}
 * @param devices CUDA devices as {@code "name (compute capability major.minor)"}; empty on CPU
 */
public record BackendInfo(String backend, List<String> features, int ompThreads, int blasThreads,
    String blasVendor, List<String> devices) {

  private static final Logger LOG = LoggerFactory.getLogger("org.vae4j.core");
  private static final AtomicBoolean LOGGED = new AtomicBoolean();

  /** Copies the lists. */
  public BackendInfo {
    features = List.copyOf(features);
    devices = List.copyOf(devices);
  }

  /** The backend this JVM runs on. */
  public static BackendInfo current() {
    return from(Nd4j.getExecutioner().getEnvironmentInformation(),
        Nd4j.getBackend().buildInfo());
  }

  /**
   * Reads ND4J's environment properties ({@link Nd4jEnvironment} keys) and native build
   * information text.
   */
  static BackendInfo from(Properties env, String buildInfo) {
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
    return new BackendInfo(backend == null ? "?" : backend.toString(), features,
        integer(env.get(Nd4jEnvironment.OMP_THREADS_KEY)),
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

  /** One line, e.g. {@code backend CPU [HAVE_ONEDNN, HAVE_OPENBLAS], 2 OpenMP threads, ...}. */
  public String describe() {
    StringBuilder sb = new StringBuilder("ND4J backend ").append(backend).append(' ')
        .append(features).append(", ").append(ompThreads).append(" OpenMP threads, BLAS ")
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
      LOG.info("vae4j runs on {}", current().describe());
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("vae4j could not read the ND4J backend information: {}", e.toString());
    }
    return true;
  }

  /** True once {@link #logOnce()} has run in this JVM. */
  public static boolean logged() {
    return LOGGED.get();
  }
}
