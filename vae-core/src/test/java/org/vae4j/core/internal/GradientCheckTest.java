package org.vae4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.ModelConfig.EncoderKind;
import org.vae4j.core.ModelConfig.Kind;
import org.vae4j.core.ModelConfig.LossKind;
import org.vae4j.core.internal.nn.Param;

/**
 * Central finite differences, in double precision, against the analytic gradient of the full loss
 * of every model kind and encoder kind, for every parameter array: all elements of arrays of up to
 * {@value #SAMPLE} values, and a seeded sample of {@value #SAMPLE} elements (always including the
 * first and the last) of larger ones, to keep the test short (each difference costs two forward
 * passes). {@code -Dvae4j.gradcheck.full=true} checks every element. This is the guard
 * against gradient bugs like ND4J's {@code sd.loss.*} ops ignoring the incoming gradient.
 */
class GradientCheckTest {

  private static final double H = 1e-6;
  private static final double MAX_RELATIVE_ERROR = 1e-4;
  private static final double ABSOLUTE_FLOOR = 1e-7;
  private static final int SAMPLE = 24;

  /** The flat indices of {@code p} to check. */
  static long[] indicesToCheck(long length, SplittableRandom random) {
    if (length <= SAMPLE || Boolean.getBoolean("vae4j.gradcheck.full")) {
      return java.util.stream.LongStream.range(0, length).toArray();
    }
    java.util.TreeSet<Long> picked = new java.util.TreeSet<>(List.of(0L, length - 1));
    while (picked.size() < SAMPLE) {
      picked.add(random.nextLong(length));
    }
    return picked.stream().mapToLong(Long::longValue).toArray();
  }

  static Stream<Arguments> models() {
    List<Arguments> list = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (EncoderKind enc : EncoderKind.values()) {
        list.add(Arguments.of(kind, enc, LossKind.BCE));
      }
    }
    // The MSE loss once (the conv path is already covered three times above, and is the slow one).
    list.add(Arguments.of(Kind.VAE, EncoderKind.MLP, LossKind.MSE));
    // The learned-variance Gaussian on both decoders (its output layer has two outputs per value).
    list.add(Arguments.of(Kind.VAE, EncoderKind.MLP, LossKind.LEARNED_VARIANCE_GAUSSIAN));
    list.add(Arguments.of(Kind.CONDITIONAL_VAE, EncoderKind.CONV, LossKind.LEARNED_VARIANCE_GAUSSIAN));
    List<Arguments> withOptions = new ArrayList<>();
    for (Arguments a : list) {
      withOptions.add(Arguments.of(a.get()[0], a.get()[1], a.get()[2],
          ModelConfig.LayerOptions.DEFAULT));
    }
    // LeakyReLU on both encoders; the model-zoo 4x4 stride-2 convolutions; 5x5 stride 1
    withOptions.add(Arguments.of(Kind.VAE, EncoderKind.MLP, LossKind.BCE,
        new ModelConfig.LayerOptions(3, 2, 0.2)));
    withOptions.add(Arguments.of(Kind.VAE, EncoderKind.CONV, LossKind.BCE,
        new ModelConfig.LayerOptions(4, 2, 0.2)));
    withOptions.add(Arguments.of(Kind.CONDITIONAL_VAE, EncoderKind.CONV, LossKind.MSE,
        new ModelConfig.LayerOptions(5, 1, 0.05)));
    return withOptions.stream();
  }

  static ModelConfig tiny(Kind kind, EncoderKind enc, LossKind loss) {
    return tiny(kind, enc, loss, ModelConfig.LayerOptions.DEFAULT);
  }

  static ModelConfig tiny(Kind kind, EncoderKind enc, LossKind loss,
      ModelConfig.LayerOptions options) {
    boolean conv = enc == EncoderKind.CONV;
    return new ModelConfig(kind, enc, conv ? null : new int[] {5, 4}, conv ? new int[] {2, 3} : null,
        conv ? 4 : 0, new long[] {1, 6, 6}, 2, loss, kind == Kind.AUTOENCODER ? 0 : 0.7, 3,
        kind == Kind.CONDITIONAL_VAE ? 3 : 0, options);
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @MethodSource("models")
  void analyticGradientOfTheFullLossMatchesCentralDifferencesForEveryParameter(
      Kind kind, EncoderKind enc, LossKind loss, ModelConfig.LayerOptions options) {
    check(tiny(kind, enc, loss, options));
  }

  static Stream<Arguments> batchNormModels() {
    return Stream.of(
        Arguments.of(Kind.VAE, LossKind.BCE, ModelConfig.LayerOptions.DEFAULT),
        Arguments.of(Kind.VAE, LossKind.BCE, new ModelConfig.LayerOptions(4, 2, 0.2)),
        Arguments.of(Kind.CONDITIONAL_VAE, LossKind.MSE, new ModelConfig.LayerOptions(3, 1, 0.05)),
        Arguments.of(Kind.AUTOENCODER, LossKind.LEARNED_VARIANCE_GAUSSIAN,
            ModelConfig.LayerOptions.DEFAULT));
  }

  /**
   * With batch norm the training loss normalises with the batch's statistics, so the differences
   * are of the training pass ({@link Network#lossAndGradient}'s loss), which a gradient of
   * gamma, beta and every layer before them must match through the batch mean and variance.
   */
  @ParameterizedTest(name = "batch norm {0} {1} {2}")
  @MethodSource("batchNormModels")
  void withBatchNormTheGradientOfTheTrainingLossMatchesCentralDifferences(Kind kind,
      LossKind loss, ModelConfig.LayerOptions options) {
    check(tiny(kind, EncoderKind.CONV, loss, options).withBatchNorm(true));
  }

  private static void check(ModelConfig config) {
    Kind kind = config.kind();
    boolean bn = config.batchNorm();
    try (Network network = new Network(config, DataType.DOUBLE)) {
      int n = 3;
      SplittableRandom r = new SplittableRandom(5);
      double[] xv = new double[n * 36];
      for (int i = 0; i < xv.length; i++) {
        xv[i] = r.nextDouble();
      }
      INDArray x = Nd4j.create(xv, new long[] {n, 1, 6, 6}, DataType.DOUBLE);
      INDArray labels = kind == Kind.CONDITIONAL_VAE
          ? new InputChecks(config, DataType.DOUBLE).oneHot("labels", new int[] {2, 0, 1}, n) : null;
      double[] eps = Noise.gaussian(new SplittableRandom(9), n, 2);
      double beta = config.beta();
      // Biases start at 0; move them to small positive values so that no pre-activation sits
      // exactly on a ReLU kink (where a central difference measures 0.5 and every framework's
      // derivative says 0 or 1) and few units are dead (so the check covers most weights).
      SplittableRandom br = new SplittableRandom(13);
      for (Param e : network.parameters().list()) {
        if (e.name().endsWith("_b") || e.name().endsWith("_beta")) {
          INDArray b = e.value();
          for (long i = 0; i < b.length(); i++) {
            b.putScalar(i, br.nextDouble(0.02, 0.3));
          }
        } else if (e.name().endsWith("_gamma")) {
          INDArray g = e.value();
          for (long i = 0; i < g.length(); i++) {
            g.putScalar(i, br.nextDouble(0.6, 1.4));
          }
        }
      }
      // the training pass's loss (batch statistics with batch norm), or the evaluation path's
      java.util.function.DoubleSupplier lossAt = bn
          ? () -> network.lossAndGradient(x, labels, eps, beta).total()
          : () -> network.loss(x, labels, eps, beta).total();

      Network.Loss step = network.lossAndGradient(x, labels, eps, beta);
      // The evaluation path and the training path agree on the loss.
      if (!bn) {
        Network.Loss evaluated = network.loss(x, labels, eps, beta);
        assertThat(evaluated.total()).isCloseTo(step.total(), org.assertj.core.data.Offset.offset(1e-9));
      }
      assertThat(step.total())
          .isCloseTo(step.reconstruction() + beta * step.kl(), org.assertj.core.data.Offset.offset(1e-9));
      INDArray gradient = network.parameters().gradients().dup();

      int checked = 0;
      int nonZero = 0;
      INDArray values = network.parameters().values();
      for (Param e : network.parameters().list()) {
        for (long i : indicesToCheck(e.length(), r)) {
          long at = e.offset() + i;
          double original = values.getDouble(at);
          values.putScalar(at, original + H);
          double plus = lossAt.getAsDouble();
          values.putScalar(at, original - H);
          double minus = lossAt.getAsDouble();
          values.putScalar(at, original);
          double numeric = (plus - minus) / (2 * H);
          double analytic = gradient.getDouble(at);
          double diff = Math.abs(numeric - analytic);
          double rel = diff / Math.max(Math.abs(numeric), Math.abs(analytic));
          assertThat(diff < ABSOLUTE_FLOOR || rel < MAX_RELATIVE_ERROR)
              .as("%s[%d]: analytic %s, numeric %s, relative error %s", e.name(), i, analytic, numeric, rel)
              .isTrue();
          checked++;
          if (Math.abs(analytic) > 1e-6) {
            nonZero++;
          }
        }
      }
      long expectedChecks = 0;
      for (Param p : network.parameters().list()) {
        expectedChecks += indicesToCheck(p.length(), new SplittableRandom(0)).length;
      }
      assertThat((long) checked).isEqualTo(expectedChecks);
      // Most gradients are non-trivial, so the comparison above has teeth.
      assertThat(nonZero).isGreaterThan(checked / 2);
    }
  }
}
