package org.vae4j.backend.cpu;

/** /proc/cpuinfo texts of real CPUs (two logical processors each, flags as Linux prints them). */
final class CpuInfoSamples {

  private CpuInfoSamples() {}

  /** Intel Core i7-2600 (Sandy Bridge, 2011): AVX but no AVX2, FMA or F16C. */
  static final String SANDY_BRIDGE = twoProcessors("Intel(R) Core(TM) i7-2600 CPU @ 3.40GHz",
      "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx"
      + " fxsr sse sse2 ss ht tm pbe syscall nx rdtscp lm constant_tsc arch_perfmon pebs bts"
      + " rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl"
      + " vmx smx est tm2 ssse3 cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic popcnt tsc_deadline_timer"
      + " aes xsave avx lahf_lm epb pti ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid"
      + " xsaveopt dtherm ida arat pln pts md_clear flush_l1d");

  /** Intel Core i7-4770 (Haswell, 2013): AVX2, FMA and F16C, no AVX-512. */
  static final String HASWELL = twoProcessors("Intel(R) Core(TM) i7-4770 CPU @ 3.40GHz",
      "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx"
      + " fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc arch_perfmon pebs"
      + " bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor"
      + " ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic movbe"
      + " popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm cpuid_fault epb"
      + " invpcid_single pti ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid ept_ad"
      + " fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid xsaveopt dtherm ida arat pln pts"
      + " md_clear flush_l1d");

  /** Intel Xeon (Emerald Rapids, the development machine, a VM): AVX2, FMA and AVX-512. */
  static final String AVX512 = twoProcessors("Intel(R) Xeon(R) Processor",
      "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse"
      + " sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc"
      + " cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt"
      + " tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch"
      + " cpuid_fault fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f"
      + " avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl"
      + " xsaveopt xsavec xgetbv1 xsaves avx_vnni avx512_bf16 arat avx512vbmi umip avx512_vbmi2"
      + " gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid cldemote movdiri"
      + " movdir64b fsrm serialize tsxldtrk avx512_fp16 arch_capabilities");

  /** A 64-bit ARM board: "Features", no "flags" line. */
  static final String ARM64 = """
      processor\t: 0
      BogoMIPS\t: 108.00
      Features\t: fp asimd evtstrm crc32 cpuid
      CPU implementer\t: 0x41
      CPU part\t: 0xd08

      processor\t: 1
      BogoMIPS\t: 108.00
      Features\t: fp asimd evtstrm crc32 cpuid
      CPU implementer\t: 0x41
      CPU part\t: 0xd08
      """;

  /** Two processors with the given model name and flags line, in /proc/cpuinfo's layout. */
  static String twoProcessors(String model, String flags) {
    StringBuilder sb = new StringBuilder();
    for (int p = 0; p < 2; p++) {
      sb.append("processor\t: ").append(p).append('\n')
          .append("vendor_id\t: GenuineIntel\n")
          .append("model name\t: ").append(model).append('\n')
          .append("cpu MHz\t\t: 3400.000\n")
          .append("fpu\t\t: yes\n")
          .append("flags\t\t: ").append(flags).append('\n')
          .append("bugs\t\t: spectre_v1 spectre_v2\n")
          .append("bogomips\t: 6800.00\n\n");
    }
    return sb.toString();
  }
}
