package org.vae4j.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenMP wait policy vae4j sets: the decision from its inputs, and in child JVMs that libgomp
 * really sleeps instead of spinning (its own report of its settings and the CPU time its idle
 * workers use between operations), that the opt-out and the user's variable are honoured, and
 * that a libgomp loaded before ND4J is reported as too late.
 */
class OpenMpWaitPolicyTest {

  @Test
  void setsThePolicyOnLinuxWhenNobodyElseDid() {
    OpenMpWaitPolicy.Outcome o = OpenMpWaitPolicy.decide(null, null, null, "Linux", false);
    assertThat(o.applied()).isTrue();
    assertThat(o.failed()).isFalse();
    assertThat(OpenMpWaitPolicy.decide("true", null, null, "Linux", false).applied()).isTrue();
  }

  @Test
  void leavesTheUsersVariablesTheOptOutAndOtherSystemsAlone() {
    OpenMpWaitPolicy.Outcome user = OpenMpWaitPolicy.decide(null, "ACTIVE", null, "Linux", false);
    assertThat(user.applied()).isFalse();
    assertThat(user.failed()).isFalse();
    assertThat(user.reason()).isEqualTo("OMP_WAIT_POLICY=ACTIVE set by the user");
    OpenMpWaitPolicy.Outcome spin = OpenMpWaitPolicy.decide(null, null, "1000", "Linux", false);
    assertThat(spin.applied()).isFalse();
    assertThat(spin.reason()).startsWith("GOMP_SPINCOUNT=1000 set by the user");
    OpenMpWaitPolicy.Outcome out = OpenMpWaitPolicy.decide(" FALSE ", null, null, "Linux", false);
    assertThat(out.applied()).isFalse();
    assertThat(out.failed()).isFalse();
    assertThat(out.reason()).startsWith("vae4j.openmp.passive=false");
    OpenMpWaitPolicy.Outcome mac = OpenMpWaitPolicy.decide(null, null, null, "Mac OS X", false);
    assertThat(mac.applied()).isFalse();
    assertThat(mac.failed()).isFalse();
    assertThat(mac.reason()).contains("not on Mac OS X");
  }

  @Test
  void aLibgompAlreadyLoadedOrABadOptOutValueIsAFailureThatNamesTheCause() {
    OpenMpWaitPolicy.Outcome late = OpenMpWaitPolicy.decide(null, null, null, "Linux", true);
    assertThat(late.applied()).isFalse();
    assertThat(late.failed()).isTrue();
    assertThat(late.reason()).contains("libgomp was already loaded").contains("OMP_WAIT_POLICY=PASSIVE");
    OpenMpWaitPolicy.Outcome bad = OpenMpWaitPolicy.decide("no", null, null, "Linux", false);
    assertThat(bad.applied()).isFalse();
    assertThat(bad.failed()).isTrue();
    assertThat(bad.reason()).isEqualTo("vae4j.openmp.passive must be true or false, got 'no'; "
        + "OMP_WAIT_POLICY left unset");
  }

  /**
   * The proof: libgomp reports a spin count of 0 (PASSIVE) with vae4j's hook and its default
   * 300,000 with the opt-out, and its idle workers use a small fraction of the CPU time between
   * 200 operations 10 ms apart that they use with the opt-out (where they spin). An idle second
   * after the work does not tell the two apart: libgomp stops spinning after its 300,000
   * iterations, a few milliseconds, under either policy.
   */
  @Test
  void inAChildJvmIdleOpenMpThreadsSleepWithTheHookAndSpinWithTheOptOut() throws Exception {
    Map<String, String> passive = parse(probe(List.of(), Map.of(), "-"));
    Map<String, String> spinning = parse(probe(List.of("-D" + OpenMpWaitPolicy.OPT_OUT_PROPERTY
        + "=false"), Map.of(), "-"));
    assertThat(passive.get("outcome")).isEqualTo("applied");
    assertThat(passive.get("GOMP_SPINCOUNT")).isEqualTo("'0'");
    assertThat(spinning.get("outcome")).isEqualTo("left");
    assertThat(spinning.get("GOMP_SPINCOUNT")).isEqualTo("'300000'");
    long p = Long.parseLong(passive.get("worker.ticks"));
    long s = Long.parseLong(spinning.get("worker.ticks"));
    String both = "passive " + passive + "; opt-out " + spinning;
    System.out.println("worker CPU ticks over 200 operations 10 ms apart: hook " + p + ", opt-out "
        + s + " (loop " + passive.get("loop.ms") + " ms and " + spinning.get("loop.ms") + " ms)");
    // spinning must be measurable at all (the test's premise: 200 gaps of 300,000 spins each)
    assertThat(s).as(both).isGreaterThanOrEqualTo(20);
    assertThat(p * 4).as(both).isLessThan(s);
  }

  @Test
  void theUsersVariableWinsAndALibgompLoadedFirstIsReported() throws Exception {
    Map<String, String> user = parse(probe(List.of(), Map.of("OMP_WAIT_POLICY", "ACTIVE"), "-"));
    assertThat(user.get("outcome")).isEqualTo("left");
    assertThat(user.get("reason")).isEqualTo("OMP_WAIT_POLICY=ACTIVE set by the user");
    assertThat(user.get("OMP_WAIT_POLICY")).isEqualTo("'ACTIVE'");
    Map<String, String> late = parse(probe(List.of(), Map.of(), "load-gomp-first"));
    assertThat(late.get("gomp.before.nd4j")).isEqualTo("true");
    assertThat(late.get("outcome")).isEqualTo("failed");
    assertThat(late.get("reason")).contains("libgomp was already loaded");
    assertThat(late.get("GOMP_SPINCOUNT")).isEqualTo("'300000'");
  }

  /** key=value lines of the probe, and libgomp's "  NAME = 'value'" lines of OMP_DISPLAY_ENV. */
  private static Map<String, String> parse(List<String> out) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String line : out) {
      String t = line.trim();
      int eq = t.indexOf(" = '");
      if (eq > 0 && (t.startsWith("OMP_") || t.startsWith("GOMP_"))) {
        m.put(t.substring(0, eq), t.substring(eq + 3));
      } else if (line.indexOf('=') > 0 && !line.startsWith(" ") && !line.startsWith("[")) {
        m.putIfAbsent(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return m;
  }

  /**
   * Runs {@link WaitPolicyProbe} in a child JVM on this test class path with libgomp's settings
   * report on ({@code OMP_DISPLAY_ENV=VERBOSE}, which changes none of them) and neither wait
   * variable inherited; returns its output.
   */
  private static List<String> probe(List<String> jvmArgs, Map<String, String> env, String arg)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(WaitPolicyProbe.class.getName());
    cmd.add(arg);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("OMP_WAIT_POLICY");
    pb.environment().remove("GOMP_SPINCOUNT");
    pb.environment().put("OMP_DISPLAY_ENV", "VERBOSE");
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text.lines().collect(Collectors.toList());
  }
}
