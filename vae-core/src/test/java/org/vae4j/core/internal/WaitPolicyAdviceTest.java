package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The busy-machine warning: given only where the wait policy could not be applied, naming why,
 * the load, the variable and the cost; and the policy as the backend report shows it.
 */
class WaitPolicyAdviceTest {

  @Test
  void aBusyMachineWhereThePolicyCouldNotBeAppliedIsWarnedWithTheCause() {
    String m = WaitPolicyAdvice.advice(null, "failed", "libgomp was already loaded", 3.5, 2);
    assertThat(m).contains("load average 3.5 on 2 processors").contains("OMP_WAIT_POLICY=PASSIVE")
        .contains("(libgomp was already loaded)").contains("several times slower")
        .contains("ComputeThreads.setForCurrentThread(1)").contains("docs/performance.md");
    assertThat(WaitPolicyAdvice.advice(null, "failed", "x", 2.0, 2))
        .as("load equal to the processors").isNotNull();
    assertThat(WaitPolicyAdvice.advice(null, null, null, 3.5, 2)).as("no hook")
        .contains("vae4j-backend-cpu's hook did not run");
  }

  @Test
  void nothingIsSaidWhenThePolicyWasAppliedLeftOnPurposeOrTheMachineIsNotBusy() {
    assertThat(WaitPolicyAdvice.advice(null, "applied", "set by vae4j", 9.0, 2)).isNull();
    assertThat(WaitPolicyAdvice.advice(null, "left", "vae4j.openmp.passive=false", 9.0, 2))
        .isNull();
    assertThat(WaitPolicyAdvice.advice("PASSIVE", null, null, 9.0, 2)).isNull();
    assertThat(WaitPolicyAdvice.advice("ACTIVE", "failed", "x", 9.0, 2)).isNull();
    assertThat(WaitPolicyAdvice.advice(null, "failed", "x", 1.9, 2)).isNull();
    assertThat(WaitPolicyAdvice.advice(null, "failed", "x", -1, 2)).isNull();
  }

  @Test
  void theReportShowsTheUsersValueVae4jsOrWhyItIsUnset() {
    assertThat(WaitPolicyAdvice.describe("ACTIVE", "left", "OMP_WAIT_POLICY=ACTIVE set by the user"))
        .isEqualTo("ACTIVE");
    assertThat(WaitPolicyAdvice.describe(null, "applied", "r")).isEqualTo("PASSIVE (set by vae4j)");
    assertThat(WaitPolicyAdvice.describe(null, "left", "vae4j.openmp.passive=false: ..."))
        .isEqualTo("unset (vae4j.openmp.passive=false: ...)");
    assertThat(WaitPolicyAdvice.describe(null, null, null)).startsWith("unset (vae4j-backend-cpu's");
  }
}
