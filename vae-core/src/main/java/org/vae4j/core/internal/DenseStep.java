package org.vae4j.core.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.ModelConfig;

/**
 * The hand-written training step of an MLP model (autoencoder, VAE or conditional VAE): dense ReLU
 * encoder layers {@code a' = relu(a W + b)} on the flattened input (joined with the one-hot label
 * for a conditional VAE), the heads of {@link HandwrittenStep}, dense ReLU decoder layers of the
 * sizes reversed and a dense output layer. About 60 ND4J operations per step against the graph's
 * ~90, on reused buffers.
 */
final class DenseStep extends HandwrittenStep {

  private final int[] hidden;
  private final Map<Long, Buffers> buffers = new HashMap<>();

  DenseStep(ModelConfig config, DataType dataType) {
    super(config, dataType);
    if (config.encoder() != ModelConfig.EncoderKind.MLP) {
      throw new IllegalArgumentException("config must have an MLP encoder, got " + config.encoder());
    }
    this.hidden = config.hidden();
  }

  /** Per-batch-size work arrays, allocated once per batch size seen. */
  private final class Buffers {
    final INDArray encIn;
    final INDArray[] enc;
    final INDArray[] encGrad;
    final INDArray[] dec;
    final INDArray[] decGrad;
    final INDArray out;
    final INDArray scratch;
    final INDArray mask;
    final INDArray featureGrad;
    final Map<String, INDArray> gradients = new LinkedHashMap<>();

    Buffers(long n) {
      int layers = hidden.length;
      encIn = conditional ? Nd4j.create(dataType, n, inputSize + classes) : null;
      enc = new INDArray[layers];
      encGrad = new INDArray[layers];
      dec = new INDArray[layers];
      decGrad = new INDArray[layers];
      int widest = 1;
      for (int i = 0; i < layers; i++) {
        enc[i] = Nd4j.create(dataType, n, hidden[i]);
        encGrad[i] = Nd4j.create(dataType, n, hidden[i]);
        // decoder layer j has the width of encoder layer layers - 1 - j
        dec[i] = Nd4j.create(dataType, n, hidden[layers - 1 - i]);
        decGrad[i] = Nd4j.create(dataType, n, hidden[layers - 1 - i]);
        widest = Math.max(widest, hidden[i]);
      }
      out = Nd4j.create(dataType, n, inputSize);
      scratch = Nd4j.create(dataType, n, inputSize);
      mask = Nd4j.create(dataType, n * widest);
      featureGrad = layers > 0 ? Nd4j.create(dataType, n, hidden[layers - 1]) : null;
    }
  }

  @Override
  ModelEngine.Step lossAndGradients(Map<String, INDArray> params, INDArray x, INDArray labels,
      INDArray eps, double beta) {
    long n = x.size(0);
    Buffers buf = buffers.computeIfAbsent(n, Buffers::new);
    Head head = head(n);
    Map<String, INDArray> grads = buf.gradients;
    grads.clear();
    INDArray xFlat = x.reshape('c', n, inputSize);
    int layers = hidden.length;

    // encoder: layer i's output is enc[i], its input enc[i - 1] (encInput for i = 0)
    INDArray encInput = xFlat;
    if (conditional) {
      buf.encIn.get(NDArrayIndex.all(), NDArrayIndex.interval(0, inputSize)).assign(xFlat);
      buf.encIn.get(NDArrayIndex.all(), NDArrayIndex.interval(inputSize, inputSize + classes))
          .assign(labels);
      encInput = buf.encIn;
    }
    INDArray a = encInput;
    for (int i = 0; i < layers; i++) {
      dense(a, params.get("enc_dense" + i + "_W"), params.get("enc_dense" + i + "_b"), buf.enc[i]);
      relu(buf.enc[i]);
      a = buf.enc[i];
    }
    INDArray features = a;
    double kl = headsForward(params, features, eps, labels, head);

    // decoder: layer j (parameters dec_dense{layers-1-j}) outputs dec[j] from dec[j - 1] (decIn)
    a = head.decIn;
    for (int j = 0; j < layers; j++) {
      String name = "dec_dense" + (layers - 1 - j);
      dense(a, params.get(name + "_W"), params.get(name + "_b"), buf.dec[j]);
      relu(buf.dec[j]);
      a = buf.dec[j];
    }
    dense(a, params.get("dec_out_W"), params.get("dec_out_b"), buf.out);
    double recon = reconstruction(buf.out, xFlat, buf.scratch);

    // decoder backward
    backDense("dec_out", layers > 0 ? buf.dec[layers - 1] : head.decIn, params.get("dec_out_W"),
        buf.out, layers > 0 ? buf.decGrad[layers - 1] : head.decInGrad, grads);
    for (int j = layers - 1; j >= 0; j--) {
      reluBack(buf.decGrad[j], buf.dec[j], buf.mask);
      String name = "dec_dense" + (layers - 1 - j);
      backDense(name, j > 0 ? buf.dec[j - 1] : head.decIn, params.get(name + "_W"), buf.decGrad[j],
          j > 0 ? buf.decGrad[j - 1] : head.decInGrad, grads);
    }
    headsBackward(params, features, buf.featureGrad, beta, head, grads);

    // encoder backward
    for (int i = layers - 1; i >= 0; i--) {
      INDArray d = i == layers - 1 ? buf.featureGrad : buf.encGrad[i];
      reluBack(d, buf.enc[i], buf.mask);
      String name = "enc_dense" + i;
      backDense(name, i > 0 ? buf.enc[i - 1] : encInput, params.get(name + "_W"), d,
          i > 0 ? buf.encGrad[i - 1] : null, grads);
    }
    return new ModelEngine.Step(new ModelEngine.Loss(recon + beta * kl, recon, kl), Map.copyOf(grads));
  }
}
