package org.vae4j.backend.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The instruction-set flags Linux reports for the CPU in {@code /proc/cpuinfo}: the {@code flags}
 * lines of x86 processors ({@code avx2}, {@code fma}, ...), as enabled by the kernel (a feature the
 * kernel or a hypervisor turned off is not listed).
 */
final class CpuFlags {

  private CpuFlags() {}

  /**
   * The flags every processor in the text has (the intersection, so one core without a feature
   * rules it out); empty when the text has no {@code flags} line (not x86, or not cpuinfo).
   */
  static Optional<Set<String>> parse(String cpuinfo) {
    Set<String> common = null;
    for (String line : cpuinfo.split("\\R")) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.substring(0, colon).trim().equals("flags")) {
        continue;
      }
      Set<String> flags = new HashSet<>(
          Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
      flags.remove("");
      if (common == null) {
        common = flags;
      } else {
        common.retainAll(flags);
      }
    }
    return common == null ? Optional.empty() : Optional.of(Set.copyOf(common));
  }

  /** {@link #parse} of the file; empty when it cannot be read (missing, not Linux, no access). */
  static Optional<Set<String>> read(Path cpuinfo) {
    try {
      return parse(Files.readString(cpuinfo, StandardCharsets.ISO_8859_1));
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}
