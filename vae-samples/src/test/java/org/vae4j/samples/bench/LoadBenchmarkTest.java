package org.vae4j.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** LoadBenchmark's arguments and its output line; the benchmark itself prints numbers only. */
class LoadBenchmarkTest {

  @Test
  void defaultsAreTwoCompetitorsConvThreeEpochsOf3000AndMlpFourOfAll() {
    LoadBenchmark.Options o = LoadBenchmark.parse();
    assertThat(o.competitors()).isEqualTo(2);
    assertThat(o.convEpochs()).isEqualTo(3);
    assertThat(o.convLimit()).isEqualTo(3000);
    assertThat(o.mlpEpochs()).isEqualTo(4);
    assertThat(o.mlpLimit()).isEqualTo(10_000);
    LoadBenchmark.Options p = LoadBenchmark.parse("--competitors", "3", "--mlp-epochs", "5");
    assertThat(p.competitors()).isEqualTo(3);
    assertThat(p.mlpEpochs()).isEqualTo(5);
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> LoadBenchmark.parse("--conv-epochs", "1"))
        .hasMessage("conv-epochs must be at least 2, got 1");
    assertThatThrownBy(() -> LoadBenchmark.parse("--competitors", "x"))
        .hasMessage("--competitors must be an integer, got x");
    assertThatThrownBy(() -> LoadBenchmark.parse("--threads", "2"))
        .hasMessageStartingWith("option must be --competitors");
    assertThatThrownBy(() -> LoadBenchmark.parse("--mlp-limit"))
        .hasMessage("--mlp-limit needs a value");
  }

  @Test
  void theLineGivesTheMedianAfterTheWarmUpEpoch() {
    LoadBenchmark.Phase p = new LoadBenchmark.Phase("conv", "loaded", List.of(9.0, 4.0, 6.0, 5.0),
        12.5, 2.25);
    assertThat(LoadBenchmark.line(p)).isEqualTo("LOAD model=conv phase=loaded "
        + "median_s_after_warmup=5.000 all_s=[9.00,4.00,6.00,5.00] process_cpu_s=12.5 "
        + "load_before=2.25");
  }
}
