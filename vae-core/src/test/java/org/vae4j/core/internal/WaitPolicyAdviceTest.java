package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The busy-machine warning: when it is given, and that it names the variable, the load and the cost. */
class WaitPolicyAdviceTest {

  @Test
  void aBusyMachineWithoutTheVariableIsWarnedWithTheLoadTheVariableAndTheCost() {
    String m = WaitPolicyAdvice.advice(null, 3.5, 2);
    assertThat(m).contains("load average 3.5 on 2 processors").contains("OMP_WAIT_POLICY=PASSIVE")
        .contains("1.4-3x slower").contains("ComputeThreads.setForCurrentThread(1)")
        .contains("docs/performance.md");
    assertThat(WaitPolicyAdvice.advice(null, 2.0, 2)).as("load equal to the processors").isNotNull();
  }

  @Test
  void nothingIsSaidWhenTheVariableIsSetTheMachineIsNotBusyOrTheLoadIsUnknown() {
    assertThat(WaitPolicyAdvice.advice("PASSIVE", 9.0, 2)).isNull();
    assertThat(WaitPolicyAdvice.advice("ACTIVE", 9.0, 2)).isNull();
    assertThat(WaitPolicyAdvice.advice(null, 1.9, 2)).isNull();
    assertThat(WaitPolicyAdvice.advice(null, -1, 2)).isNull();
  }
}
