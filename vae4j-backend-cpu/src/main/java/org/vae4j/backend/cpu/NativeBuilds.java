package org.vae4j.backend.cpu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses which nd4j-native build (JavaCPP "platform extension") ND4J loads, before it loads one:
 * {@code linux-x86_64-onednn-avx2} when the CPU has every instruction set that build is compiled
 * for, the portable {@code linux-x86_64-onednn} otherwise or when unsure. Internal: not vae4j API.
 *
 * <p>How JavaCPP 1.5.7 picks a build (read from its {@code Loader} and verified by experiment):
 * without the system property {@value #PROPERTY} it searches the class path for the extensions the
 * ND4J presets list ({@link #PRESET_ORDER}) from the last to the first, then the generic build, and
 * loads the first it finds; it never looks at the CPU. With {@code vae4j-backend-cpu}'s two builds
 * on the class path that is {@code -onednn-avx2}, on which ND4J calls {@code System.exit(1)} on a
 * CPU without AVX2 ("CPU Feature Check Failed"). With the property set, JavaCPP searches only the
 * listed extensions (then the generic build) and fails with {@link UnsatisfiedLinkError} when none
 * is on the class path. JavaCPP reads the property once, on its first use in the JVM; later
 * changes must also go into the properties it cached ({@link Loader#loadProperties()}), which
 * {@link #select()} does.
 *
 * <p>So vae4j sets the property only when JavaCPP's own choice would differ from the one wanted
 * (on a CPU without AVX2, or with other builds on the class path), never when the user set it,
 * never with a CUDA backend on the class path, and only on {@code linux-x86_64}. The choice runs
 * when ND4J discovers its backends ({@link NativeBuildHook}), whichever vae4j module or user code
 * touches ND4J first.
 */
final class NativeBuilds {

  /** JavaCPP's system property naming the native build variants to search, e.g. {@code -onednn}. */
  static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
  /**
   * The system property vae4j sets to the build it expects to load (e.g. {@code
   * linux-x86_64-onednn-avx2}), when it predicts one: vae-core's backend report reads it and warns
   * when another build loaded. The backend jar and vae-core share nothing else.
   */
  static final String CHOSEN_PROPERTY = "vae4j.nativeBuild.chosen";
  /**
   * Said beside the choice on an AVX-512 CPU, whose ND4J start-up line reads "Binary level AVX/AVX2
   * optimization level AVX512" (the loaded build's level, then the CPU's).
   */
  static final String AVX512_NOTE = "; it also has avx512f (ND4J's INFO line \"Binary level AVX/AVX2 "
      + "optimization level AVX512\" says the same), but vae4j loads the AVX2 build on purpose: the "
      + "AVX-512 builds were not faster and one returned wrong results (docs/performance.md)";

  /** The system property vae4j sets to the reason for its choice, for vae-core's backend report. */
  static final String REASON_PROPERTY = "vae4j.nativeBuild.reason";

  static final String PLATFORM = "linux-x86_64";
  static final String PORTABLE = "-onednn";
  static final String FAST = "-onednn-avx2";
  /**
   * What the {@code -avx2} builds of libnd4j are compiled for (its CMake flags {@code -msse4.1
   * -msse4.2 -mavx -mavx2 -mfma -mf16c}), as {@code /proc/cpuinfo} names them.
   */
  static final List<String> FAST_NEEDS = List.of("sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c");
  /**
   * The extensions of {@code @Platform(extension = ...)} on nd4j-native-preset 1.0.0-M2.1's
   * {@code Nd4jCpuPresets}, in its order; the generic build has the empty extension.
   */
  static final List<String> PRESET_ORDER = List.of("-onednn", "-onednn-avx512", "-onednn-avx2",
      "-vednn", "-vednn-avx512", "-vednn-avx2", "-", "-avx2", "-avx512", "-compat");
  static final String CUDA_BACKEND_CLASS = "org/nd4j/linalg/jcublas/JCublasBackend.class";

  private static final Logger LOG = LoggerFactory.getLogger("org.vae4j.backend");
  private static Choice selected;
  /** Whether libnd4jcpu was already loaded when {@link #select} ran (tests: the hook is early). */
  static boolean nativeLoadedBeforeSelection;

  private NativeBuilds() {}

  /**
   * What vae4j chose for one JVM.
   *
   * @param build the nd4j-native build (classifier) that should load, e.g.
   *     {@code linux-x86_64-onednn-avx2}; empty when vae4j does not predict it (the user set the
   *     property, CUDA, another platform, no vae4j-known build on the class path)
   * @param extensionSet the value vae4j gave {@value #PROPERTY}; empty when it left it alone
   * @param reason why, in words, e.g. {@code the CPU has sse4_1, ..., f16c}
   */
  record Choice(Optional<String> build, Optional<String> extensionSet, String reason) {
    /** Checks for nulls. */
    Choice {
      Objects.requireNonNull(build, "build");
      Objects.requireNonNull(extensionSet, "extensionSet");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The choice made in this JVM, empty when ND4J has not started (or the hook did not run). */
  static synchronized Optional<Choice> selection() {
    return Optional.ofNullable(selected);
  }

  /**
   * Chooses and applies once per JVM (later calls return the first choice). Never throws: a
   * failure is reported as a choice that changed nothing.
   */
  static Choice select() {
    return select(Path.of("/proc/cpuinfo"));
  }

  /** {@link #select()} reading the CPU's flags from {@code cpuinfo} (tests pass sample files). */
  static synchronized Choice select(Path cpuinfo) {
    if (selected != null) {
      return selected;
    }
    Choice choice;
    try {
      nativeLoadedBeforeSelection = Loader.getLoadedLibraries().containsKey("nd4jcpu");
      choice = apply(decideHere(cpuinfo));
    } catch (RuntimeException | LinkageError e) {
      choice = new Choice(Optional.empty(), Optional.empty(),
          "vae4j could not choose a native build, left to JavaCPP: " + e);
      LOG.warn("{}", choice.reason());
    }
    selected = choice;
    publish(choice);
    return choice;
  }

  /** Puts the choice where vae-core's backend report finds it: {@link #CHOSEN_PROPERTY}, {@link #REASON_PROPERTY}. */
  private static void publish(Choice choice) {
    try {
      System.setProperty(REASON_PROPERTY, choice.reason());
      if (choice.build().isPresent()) {
        System.setProperty(CHOSEN_PROPERTY, choice.build().get());
      } else {
        System.clearProperty(CHOSEN_PROPERTY);
      }
    } catch (SecurityException e) {
      LOG.debug("vae4j could not record its native build choice: {}", e.toString());
    }
  }

  private static Choice decideHere(Path cpuinfo) {
    ClassLoader loader = NativeBuilds.class.getClassLoader();
    String platform = Loader.getPlatform();
    Set<String> present = new LinkedHashSet<>();
    List<String> all = new ArrayList<>(PRESET_ORDER);
    all.add("");
    for (String ext : all) {
      if (loader.getResource(resource(platform, ext)) != null) {
        present.add(ext);
      }
    }
    return decide(platform, System.getProperty(PROPERTY),
        loader.getResource(CUDA_BACKEND_CLASS) != null, present,
        CpuFlags.read(cpuinfo));
  }

  /** The class-path resource that holds libnd4jcpu of one build. */
  static String resource(String platform, String extension) {
    return "org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + extension + "/"
        + System.mapLibraryName("nd4jcpu");
  }

  private static Choice apply(Choice choice) {
    if (choice.extensionSet().isEmpty()) {
      LOG.debug("nd4j-native build {}: {}", choice.build().orElse("left to JavaCPP"),
          choice.reason());
      return choice;
    }
    String ext = choice.extensionSet().get();
    if (nativeLoadedBeforeSelection) {
      Choice late = new Choice(Optional.empty(), Optional.empty(), choice.reason()
          + ", but nd4j-native was already loaded before vae4j could choose");
      LOG.warn("vae4j wanted the nd4j-native build {} ({}); too late: it was already loaded",
          choice.build().orElse("?"), choice.reason());
      return late;
    }
    System.setProperty(PROPERTY, ext);
    // JavaCPP caches its properties on first use; update the cached copy too.
    Loader.loadProperties().setProperty("platform.extension", ext);
    LOG.info("vae4j set {}={} (nd4j-native build {}): {}", PROPERTY, ext,
        choice.build().orElse("?"), choice.reason());
    return choice;
  }

  /**
   * The decision, from its inputs only.
   *
   * @param platform JavaCPP's platform, e.g. {@code linux-x86_64}
   * @param userValue the property as the user set it, or null
   * @param cuda whether a CUDA backend is on the class path
   * @param present extensions whose libnd4jcpu is on the class path ({@code ""}: generic)
   * @param cpuFlags the CPU's flags, empty when unknown
   */
  static Choice decide(String platform, String userValue, boolean cuda, Set<String> present,
      Optional<Set<String>> cpuFlags) {
    if (userValue != null) {
      Optional<String> build = present.contains(userValue) && !userValue.isEmpty()
          ? Optional.of(platform + userValue) : Optional.empty();
      return new Choice(build, Optional.empty(), PROPERTY + "=" + userValue + " set by the user");
    }
    if (cuda) {
      return new Choice(Optional.empty(), Optional.empty(),
          "a CUDA backend is on the class path; CPU builds left to JavaCPP");
    }
    if (!PLATFORM.equals(platform)) {
      return new Choice(Optional.empty(), Optional.empty(),
          "vae4j chooses nd4j-native builds on " + PLATFORM + " only, not on " + platform);
    }
    if (!present.contains(PORTABLE) && !present.contains(FAST)) {
      return new Choice(Optional.empty(), Optional.empty(), "no " + platform + PORTABLE
          + " or " + platform + FAST + " build on the class path (found "
          + describe(platform, present) + "); left to JavaCPP");
    }
    List<String> missing = new ArrayList<>();
    if (cpuFlags.isPresent()) {
      for (String flag : FAST_NEEDS) {
        if (!cpuFlags.get().contains(flag)) {
          missing.add(flag);
        }
      }
    }
    boolean cpuFast = cpuFlags.isPresent() && missing.isEmpty();
    String cpu = cpuFlags.isEmpty()
        ? "the CPU's instruction sets are unknown (no flags in /proc/cpuinfo)"
        : cpuFast ? "the CPU has " + String.join(", ", FAST_NEEDS)
        : "the CPU lacks " + String.join(", ", missing);
    String wanted;
    String reason;
    if (cpuFast && present.contains(FAST)) {
      wanted = FAST;
      reason = cpuFlags.get().contains("avx512f") ? cpu + AVX512_NOTE : cpu;
    } else if (present.contains(PORTABLE)) {
      wanted = PORTABLE;
      reason = cpuFast ? cpu + ", but no " + platform + FAST + " build is on the class path" : cpu;
    } else {
      return new Choice(Optional.of(platform + FAST), Optional.empty(), cpu + ", and only the "
          + platform + FAST + " build is on the class path: ND4J will refuse to start; add "
          + "org.nd4j:nd4j-native:" + platform + PORTABLE);
    }
    Optional<String> set = wanted.equals(javacppDefault(present))
        ? Optional.empty() : Optional.of(wanted);
    return new Choice(Optional.of(platform + wanted), set, reason);
  }

  /** The extension JavaCPP 1.5.7 loads without the property: the last of the preset's present. */
  static String javacppDefault(Set<String> present) {
    for (int i = PRESET_ORDER.size() - 1; i >= 0; i--) {
      if (present.contains(PRESET_ORDER.get(i))) {
        return PRESET_ORDER.get(i);
      }
    }
    return "";
  }

  private static String describe(String platform, Set<String> present) {
    List<String> names = new ArrayList<>();
    for (String ext : present) {
      names.add(platform + ext);
    }
    names.sort(null);
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
