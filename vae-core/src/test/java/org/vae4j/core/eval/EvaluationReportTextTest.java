package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vae4j.api.training.LatentUsage;

class EvaluationReportTextTest {

  private static EvaluationReport report() {
    Metrics m = new Metrics(10, 145.51634, 128.3771, 17.13924, OptionalDouble.of(-145.51634),
        OptionalDouble.empty(), 0.029881, 122.0539);
    TreeMap<Integer, Metrics> perClass = new TreeMap<>();
    perClass.put(3, m);
    LatentUsage usage = new LatentUsage(new double[] {0.8568592055356156, 1.3214947981362666},
        new double[] {0.5, 0.001});
    return new EvaluationReport(m, perClass, 1.0, 0, 1, usage);
  }

  @Test
  void klPerDimensionIsPrintedToThreeDecimals() {
    assertThat(report().toString()).contains("KL per dimension [0.857, 1.321]")
        .doesNotContain("0.8568592");
  }

  @Test
  void theTextDoesNotDependOnTheDefaultLocale() {
    Locale before = Locale.getDefault();
    String root;
    String german;
    try {
      Locale.setDefault(Locale.ROOT);
      root = report().toString();
      Locale.setDefault(Locale.GERMANY);
      german = report().toString();
    } finally {
      Locale.setDefault(before);
    }
    assertThat(german).isEqualTo(root).contains("loss 145.516").contains("mse 0.02988");
  }
}
