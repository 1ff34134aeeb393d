package org.vae4j.backend.cpu;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes ND4J's idle OpenMP threads sleep instead of spin, with no environment variable: puts
 * {@code OMP_WAIT_POLICY=PASSIVE} into the process's C environment (libc {@code setenv} through
 * JNA, which nd4j-api brings) before ND4J loads its native library. Internal: not vae4j API.
 *
 * <p>Why it works: libgomp (the OpenMP runtime bundled with nd4j-native and OpenBLAS) reads
 * {@code OMP_WAIT_POLICY} and {@code GOMP_SPINCOUNT} once, in its load-time constructor, with
 * {@code getenv}, which reads the C environment, not Java's copy of it. Unset, every idle worker
 * spins for 300,000 iterations after each parallel operation before it sleeps ({@code
 * GOMP_SPINCOUNT = '300000'} in libgomp's {@code OMP_DISPLAY_ENV=VERBOSE} output); with {@code
 * PASSIVE} it sleeps at once ({@code GOMP_SPINCOUNT = '0'}). {@link NativeBuildHook} runs this
 * while ND4J discovers its backends, before any native library of ND4J loads.
 *
 * <p>Left alone: when the user set {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT} (their
 * choice wins), when the system property {@value #OPT_OUT_PROPERTY} is {@code false}, on an
 * operating system other than Linux, and when libgomp is already in the process (another library
 * loaded it first: too late, it has read its settings). The outcome is published in the system
 * properties {@value #OUTCOME_PROPERTY} ({@code applied}, {@code left} or {@code failed}) and
 * {@value #REASON_PROPERTY} for vae-core's backend report and its busy-machine warning.
 *
 * <p>The variable is set in the C environment only: Java's {@code System.getenv} does not show it
 * and child processes started with {@code ProcessBuilder} do not inherit it (Java passes them its
 * own copy). Every OpenMP runtime that initialises later in this process reads it too (libtorch
 * loaded into the same JVM, for example).
 */
final class OpenMpWaitPolicy {

  /** The OpenMP variable set. */
  static final String VARIABLE = "OMP_WAIT_POLICY";
  /** The value set. */
  static final String PASSIVE = "PASSIVE";
  /** libgomp's own spin-count variable: when the user set it, the spin count is theirs. */
  static final String SPIN_VARIABLE = "GOMP_SPINCOUNT";
  /** {@code -Dvae4j.openmp.passive=false} leaves the wait policy to OpenMP's default. */
  static final String OPT_OUT_PROPERTY = "vae4j.openmp.passive";
  /**
   * {@code applied} when vae4j set the variable in this JVM, {@code left} when it left it alone on
   * purpose (the user's setting, the opt-out, not Linux), {@code failed} when it meant to and
   * could not ({@link Outcome#failed}).
   */
  static final String OUTCOME_PROPERTY = "vae4j.openmp.waitPolicy.outcome";
  /** Why vae4j did or did not set it, in words. */
  static final String REASON_PROPERTY = "vae4j.openmp.waitPolicy.reason";

  private static final Logger LOG = LoggerFactory.getLogger("org.vae4j.backend");
  private static Outcome outcome;

  private OpenMpWaitPolicy() {}

  /**
   * What happened in one JVM.
   *
   * @param applied whether vae4j set {@code OMP_WAIT_POLICY=PASSIVE}
   * @param failed whether vae4j meant to set it and could not (libgomp had already read its
   *     settings, setenv failed, or {@value #OPT_OUT_PROPERTY} had an invalid value): the only
   *     case in which vae-core's busy-machine warning is still given
   * @param reason why, in words
   */
  record Outcome(boolean applied, boolean failed, String reason) {
    /** Checks for null. */
    Outcome {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Applies once per JVM (later calls return the first outcome); never throws. */
  static synchronized Outcome apply() {
    if (outcome != null) {
      return outcome;
    }
    Outcome o;
    try {
      o = decide(System.getProperty(OPT_OUT_PROPERTY), System.getenv(VARIABLE),
          System.getenv(SPIN_VARIABLE), System.getProperty("os.name", ""), gompLoaded());
      if (o.applied()) {
        o = set();
      }
    } catch (RuntimeException | LinkageError e) {
      o = new Outcome(false, true, "vae4j could not set " + VARIABLE + "=" + PASSIVE + ": " + e);
    }
    if (o.failed()) {
      LOG.warn("{}", o.reason());
    } else {
      LOG.debug("{}", o.reason());
    }
    outcome = o;
    publish(o);
    return o;
  }

  /**
   * The decision from its inputs only; {@code applied} means "set it now".
   *
   * @param optOut the value of {@value #OPT_OUT_PROPERTY}, or null
   * @param userPolicy the user's {@code OMP_WAIT_POLICY}, or null when not set
   * @param userSpin the user's {@code GOMP_SPINCOUNT}, or null when not set
   * @param osName the {@code os.name} system property
   * @param gompLoaded whether libgomp is already in the process
   */
  static Outcome decide(String optOut, String userPolicy, String userSpin, String osName,
      boolean gompLoaded) {
    String opt = optOut == null ? "" : optOut.trim();
    if (opt.equalsIgnoreCase("false")) {
      return new Outcome(false, false, OPT_OUT_PROPERTY + "=false: " + VARIABLE
          + " left to OpenMP's default (idle threads spin)");
    }
    if (!opt.isEmpty() && !opt.equalsIgnoreCase("true")) {
      return new Outcome(false, true, OPT_OUT_PROPERTY + " must be true or false, got '" + optOut
          + "'; " + VARIABLE + " left unset");
    }
    if (userPolicy != null) {
      return new Outcome(false, false, VARIABLE + "=" + userPolicy + " set by the user");
    }
    if (userSpin != null) {
      return new Outcome(false, false, SPIN_VARIABLE + "=" + userSpin + " set by the user; "
          + VARIABLE + " left unset");
    }
    if (!osName.startsWith("Linux")) {
      return new Outcome(false, false, "vae4j sets " + VARIABLE + " on Linux only, not on "
          + osName);
    }
    if (gompLoaded) {
      return new Outcome(false, true, "libgomp was already loaded before ND4J started (another "
          + "library used OpenMP first), so vae4j could not set " + VARIABLE + "=" + PASSIVE
          + " in time; idle OpenMP threads spin. Set " + VARIABLE + "=" + PASSIVE
          + " in the environment to make them sleep");
    }
    return new Outcome(true, false, VARIABLE + "=" + PASSIVE + " set by vae4j");
  }

  /** libc's {@code setenv(VARIABLE, PASSIVE, 0)}, then {@code getenv} to confirm. */
  private static Outcome set() {
    NativeLibrary process = NativeLibrary.getProcess();
    Function setenv = process.getFunction("setenv");
    int rc = setenv.invokeInt(new Object[] {VARIABLE, PASSIVE, 0});
    String now = process.getFunction("getenv").invokeString(new Object[] {VARIABLE}, false);
    if (rc != 0 || !PASSIVE.equals(now)) {
      return new Outcome(false, true, "vae4j could not set " + VARIABLE + "=" + PASSIVE
          + ": setenv returned " + rc + ", getenv gives " + now);
    }
    return new Outcome(true, false, VARIABLE + "=" + PASSIVE + " set by vae4j before ND4J's "
        + "OpenMP runtime started (opt out: -D" + OPT_OUT_PROPERTY + "=false)");
  }

  /**
   * Whether GCC's OpenMP runtime ({@code libgomp.so.1}, the soname nd4j-native links against) is
   * mapped into this process ({@code /proc/self/maps}). Renamed private copies, such as libtorch's
   * {@code libgomp-<hash>.so.1}, are separate runtimes and do not count.
   */
  static boolean gompLoaded() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return false;
    }
    try {
      return Files.readString(maps, StandardCharsets.ISO_8859_1).lines()
          .anyMatch(l -> l.endsWith("/libgomp.so.1") || l.endsWith("/libgomp.so"));
    } catch (IOException e) {
      return false;
    }
  }

  private static void publish(Outcome o) {
    try {
      System.setProperty(OUTCOME_PROPERTY, o.applied() ? "applied" : o.failed() ? "failed" : "left");
      System.setProperty(REASON_PROPERTY, o.reason());
    } catch (SecurityException e) {
      LOG.debug("vae4j could not record the OpenMP wait policy: {}", e.toString());
    }
  }
}
