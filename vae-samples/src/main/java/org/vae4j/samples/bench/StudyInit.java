package org.vae4j.samples.bench;

import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Initialisation rules the collapse study can impose on a freshly built model, to compare them on
 * the same build. Each rule redraws every parameter in the model's creation order from {@code new
 * SplittableRandom(seed)}, drawing each array's values in row-major order as {@code
 * nextDouble(-bound, bound)}: the way the engine's own initialisation draws, so a rule that equals
 * the engine's gives bit-identical parameters. The fan-in of a parameter is that of its layer:
 * rows of a dense weight {@code [in, out]}, input channels × k² of a k×k convolution {@code [k, k,
 * in, out]} and of a k×k transposed convolution {@code [k, k, out, in]} (9 × channels for the
 * default 3×3; the 64×64 RGB benchmark model's 4×4 layers have 16 × channels).
 */
enum StudyInit {
  /** vae4j before the fix: weights U(±1/√fan_in), biases 0 (the DJL peer's rule too). */
  ZERO_BIAS(false, false, false),
  /** PyTorch's default for {@code Linear} and {@code Conv2d}: weights and biases U(±1/√fan_in). */
  TORCH(true, true, false),
  /** Weights U(±1/√fan_in); biases U(±1/√fan_in) in dense layers and heads only, 0 in convolutions. */
  TORCH_DENSE_BIAS(true, false, false),
  /**
   * He et al. (2015) for every layer followed by a ReLU: weights U(±√(6/fan_in)), so the variance of
   * the signal is kept through the ReLU layers; the posterior heads and the output layer keep
   * U(±1/√fan_in); biases 0.
   */
  HE_RELU(false, false, true),
  /**
   * Keras's default, the framework of the tutorial seed 000 follows: Glorot-uniform weights
   * U(±√(6/(fan_in + fan_out))) in every layer (fan_out: columns of a dense weight, output channels
   * × k² of a convolution, input channels × k² of a transposed convolution), biases 0.
   */
  GLOROT(false, false, false);

  private final boolean denseBias;
  private final boolean convBias;
  private final boolean heRelu;

  StudyInit(boolean denseBias, boolean convBias, boolean heRelu) {
    this.denseBias = denseBias;
    this.convBias = convBias;
    this.heRelu = heRelu;
  }

  /** The command-line name: lower case with dashes. */
  String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The rule named {@code name}, or an exception listing the names. */
  static StudyInit parse(String name) {
    for (StudyInit r : values()) {
      if (r.cliName().equals(name)) {
        return r;
      }
    }
    StringBuilder names = new StringBuilder();
    for (StudyInit r : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(r.cliName());
    }
    throw new IllegalArgumentException("--init must be model or one of " + names + ", got " + name);
  }

  /** Redraws {@code params} (in creation order, updated in place) from {@code seed}. */
  void apply(Map<String, INDArray> params, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long lastFanIn = 0;
    for (Map.Entry<String, INDArray> e : params.entrySet()) {
      String name = e.getKey();
      INDArray a = e.getValue();
      long[] s = a.shape();
      boolean bias = name.endsWith("_b");
      long fanIn;
      if (!bias) {
        fanIn = s.length == 2 ? s[0]
            : s[0] * s[1] * (name.startsWith("dec_deconv") ? s[3] : s[2]);
        lastFanIn = fanIn;
      } else {
        fanIn = (s.length == 1 && isConvBias(name) ? convBias : denseBias) ? lastFanIn : 0;
      }
      double[] v = new double[Math.toIntExact(a.length())];
      if (fanIn > 0) {
        boolean relu = !bias && !name.startsWith("enc_mean") && !name.startsWith("enc_logVar")
            && !name.startsWith("dec_out");
        double bound = (heRelu && relu ? Math.sqrt(6.0) : 1.0) / Math.sqrt(fanIn);
        if (this == GLOROT && !bias) {
          long fanOut = s.length == 2 ? s[1]
              : s[0] * s[1] * (name.startsWith("dec_deconv") ? s[2] : s[3]);
          bound = Math.sqrt(6.0 / (fanIn + fanOut));
        }
        for (int i = 0; i < v.length; i++) {
          v[i] = random.nextDouble(-bound, bound);
        }
      }
      a.assign(Nd4j.create(v, s, 'c').castTo(a.dataType()));
    }
  }

  private static boolean isConvBias(String name) {
    return name.startsWith("enc_conv") || name.startsWith("dec_deconv") || name.equals("dec_out_b");
  }
}
