package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vae4j.api.testing.PublicApiRules;

/** vae-viz's public signatures name no type of an internal package (docs/architecture.md). */
class PublicApiTest {

  @Test
  void noPublicSignatureExposesAnInternalType() {
    PublicApiRules.check(ImageGrid.class);
  }

  /** The anomaly pictures' public calls, pinned: a change here is a change of docs/anomaly.md. */
  @Test
  void anomalyChartsHasExactlyTheDocumentedCalls() {
    assertThat(Arrays.stream(AnomalyCharts.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()))
        .map(PublicApiTest::signature)
        .sorted())
        .containsExactly(
            "BufferedImage histogram(double[], boolean[], double, int)",
            "BufferedImage histogram(double[], int[], double, int)",
            "BufferedImage mostAnomalous(INDArray, double[], int, INDArray, int)",
            "BufferedImage mostAnomalous(INDArray, double[], int[], long, INDArray, int)",
            "BufferedImage precisionRecall(double[], double[])",
            "BufferedImage roc(double[], double[])",
            "BufferedImage topContributions(double[], String[], int)",
            "void writePng(BufferedImage, Path)");
    assertThat(AnomalyCharts.class.getConstructors()).isEmpty();
  }

  private static String signature(Method m) {
    return m.getReturnType().getSimpleName() + " " + m.getName() + "("
        + String.join(", ", Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList())
        + ")";
  }
}
