package org.vae4j.core.internal;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;

class SmokeTest {
  @Test
  void smoke() {
    for (long[] shape : new long[][] {{1, 28, 28}, {2, 5, 7}}) {
      for (ModelConfig.EncoderKind ek : ModelConfig.EncoderKind.values()) {
        ModelConfig c = new ModelConfig(ModelConfig.Kind.CONDITIONAL_VAE, ek,
            ek == ModelConfig.EncoderKind.MLP ? new int[] {8} : null,
            ek == ModelConfig.EncoderKind.CONV ? new int[] {4, 6} : null,
            ek == ModelConfig.EncoderKind.CONV ? 5 : 0, shape, 2, ModelConfig.LossKind.BCE, 1.0, 1, 3);
        try (ModelEngine e = new ModelEngine(c, DataType.FLOAT)) {
          INDArray x = Nd4j.rand(DataType.FLOAT, 4, shape[0], shape[1], shape[2]);
          INDArray l = e.oneHot("labels", new int[] {0, 1, 2, 0}, 4);
          INDArray eps = ModelEngine.gaussian(new SplittableRandom(1), 4, 2, DataType.FLOAT);
          ModelEngine.Step s = e.lossAndGradients(x, l, eps, 1.0);
          System.out.println(ek + " " + java.util.Arrays.toString(shape) + " " + s.loss() + " grads " + s.gradients().keySet());
          System.out.println(e.loss(x, l, eps, 1.0));
          INDArray[] p = e.encode(x, l);
          System.out.println(p[0].shapeInfoToString() + p[1]);
          INDArray d = e.decode(p[0], l);
          System.out.println(d.shapeInfoToString());
        }
      }
    }
  }
}
