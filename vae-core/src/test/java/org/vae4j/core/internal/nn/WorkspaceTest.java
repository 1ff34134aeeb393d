package org.vae4j.core.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The workspace allocates a slot on its first use only, and its scratch is one shared array. */
class WorkspaceTest {

  @Test
  void onlySlotsInUseHoldMemory() {
    try (Workspace ws = new Workspace(DataType.FLOAT)) {
      Workspace.Slot a = ws.forward(10);
      Workspace.Slot b = ws.backward(2, 10);
      Workspace.Slot unused = ws.backward(30);
      ws.reserve(4, true);
      assertThat(ws.bytes()).as("nothing used yet").isZero();
      assertThat(a.rows(4).shape()).containsExactly(4, 10);
      assertThat(b.rows(3).shape()).containsExactly(3, 2, 10);
      assertThat(ws.bytes()).isEqualTo((4 * 10 + 4 * 20) * 4L);
      assertThat(unused.allocated()).isFalse();
      // a larger batch: the used slots are freed and come back at the new size on their next use
      ws.reserve(6, true);
      assertThat(ws.bytes()).isZero();
      assertThat(a.rows(6).sumNumber().doubleValue()).as("fresh memory is zero").isZero();
      assertThat(ws.bytes()).isEqualTo(6 * 10 * 4L);
      assertThatThrownBy(() -> a.rows(7)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has 6 rows reserved, needs 7");
    }
  }

  @Test
  void backwardSlotsNeedABackwardReservation() {
    try (Workspace ws = new Workspace(DataType.FLOAT)) {
      Workspace.Slot g = ws.backward(5);
      ws.reserve(8, false);
      assertThatThrownBy(() -> g.rows(1)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has 0 rows reserved, needs 1");
      assertThat(ws.bytes()).isZero();
    }
  }

  @Test
  void closedWorkspaceRefusesToAllocate() {
    Workspace ws = new Workspace(DataType.FLOAT);
    Workspace.Slot a = ws.forward(3);
    ws.reserve(2, false);
    ws.close();
    assertThatThrownBy(() -> a.rows(2)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void scratchIsAsLargeAsItsLargestRequestNotTheirSum() {
    try (Workspace ws = new Workspace(DataType.FLOAT)) {
      Workspace.Scratch s = ws.scratch(6);
      assertThat(ws.scratch(24)).isSameAs(s);
      assertThat(ws.scratch(10)).isSameAs(s);
      ws.reserve(3, true);
      INDArray big = s.view(3, 4, 6);
      assertThat(big.shape()).containsExactly(3, 4, 6);
      INDArray small = s.view(2, 5);
      assertThat(small.shape()).containsExactly(2, 5);
      assertThat(ws.bytes()).isEqualTo(3 * 24 * 4L);
      // both are views of the same memory, in c order from its start
      Kernels.zero(big);
      small.putScalar(new long[] {1, 2}, 7f);
      assertThat(big.getFloat(0, 1, 1)).isEqualTo(7f); // flat index 7 = 5 * 1 + 2
      assertThat(big.sumNumber().doubleValue()).isEqualTo(7.0);
      assertThatThrownBy(() -> s.view(1, 25)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("holds 24 values per example, asked for 25");
      assertThatThrownBy(() -> ws.scratch(30)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("before the workspace is used");
      assertThatThrownBy(() -> ws.scratch(0)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void scratchViewsAreTheFirstValuesInCOrder() {
    qt().withExamples(40).forAll(longs().all(), integers().between(1, 5), integers().between(1, 4),
        integers().between(1, 6)).checkAssert((seed, n, h, w) -> {
          try (Workspace ws = new Workspace(DataType.FLOAT)) {
            Workspace.Scratch s = ws.scratch(h * w + 3L);
            ws.reserve(n + 1L, false);
            INDArray whole = s.view(n + 1L, h * w + 3L);
            SplittableRandom r = new SplittableRandom(seed);
            float[] v = new float[(int) whole.length()];
            for (int i = 0; i < v.length; i++) {
              v[i] = (float) r.nextDouble();
              whole.putScalar(i / (h * w + 3), i % (h * w + 3), v[i]);
            }
            INDArray view = s.view(n, h, w);
            for (int i = 0; i < n * h * w; i++) {
              assertThat(view.getFloat(i / (h * w), (i / w) % h, i % w)).isEqualTo(v[i]);
            }
          }
        });
  }
}
