package org.vae4j.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.internal.nn.Param;
import org.vae4j.core.internal.nn.Parameters;

/**
 * The independent reference for the product network in tests: the same model written as a
 * SameDiff graph ({@link GraphBuilder}, math from {@link LatentMath}), differentiated by SameDiff,
 * with its parameters set to a network's values by name. Nothing here is shared with the network's
 * code except the config and the parameter names.
 */
final class SameDiffOracle implements AutoCloseable {

  private final ModelConfig config;
  private final DataType dataType;
  private final SameDiff sd;
  private final List<String> names;
  private final List<String> stateNames;

  /** Loss parts and gradients by parameter name. */
  record Step(double total, double reconstruction, double kl, Map<String, INDArray> gradients) {}

  SameDiffOracle(ModelConfig config, DataType dataType, Parameters values) {
    this.config = config;
    this.dataType = dataType;
    GraphBuilder.Built built = GraphBuilder.build(config, dataType);
    this.sd = built.sd();
    this.names = built.parameterNames();
    this.stateNames = built.stateNames();
    for (String n : names) {
      Param p = values.get(n);
      if (p == null) {
        throw new AssertionError("the network has no parameter " + n);
      }
      sd.getVariable(n).getArr().assign(p.value());
    }
  }

  /**
   * Sets the graph's running statistics (every state variable) to {@code state}'s values by name,
   * for the inference outputs.
   */
  void setState(Parameters state) {
    for (String n : stateNames) {
      Param p = state.get(n);
      if (p == null) {
        throw new AssertionError("the network has no state array " + n);
      }
      sd.getVariable(n).getArr().assign(p.value());
    }
  }

  /** The graph's state variable names (batch norm's running statistics) in creation order. */
  List<String> stateNames() {
    return stateNames;
  }

  /**
   * The batch mean and biased batch variance {@code [C]} of every batch-norm layer on the training
   * path for {@code x}, by {@code <layer>_batchMean} / {@code <layer>_batchVar}.
   */
  Map<String, INDArray> batchStatistics(INDArray x, INDArray labels, INDArray eps, double beta) {
    List<String> outs = new ArrayList<>();
    for (String n : stateNames) {
      outs.add(n.replace("_runningMean", "_batchMean").replace("_runningVar", "_batchVar"));
    }
    Map<String, INDArray> r = sd.output(placeholders(x, labels, eps, beta), outs);
    Map<String, INDArray> out = new HashMap<>();
    r.forEach((k, v) -> out.put(k, v.dup()));
    return out;
  }

  /** The graph's parameter names in creation order. */
  List<String> parameterNames() {
    return names;
  }

  Step lossAndGradients(INDArray x, INDArray labels, INDArray eps, double beta) {
    Map<String, INDArray> ph = placeholders(x, labels, eps, beta);
    OutAndGrad og = sd.calculateGradientsAndOutputs(ph, lossOutputs(), names);
    Map<String, INDArray> r = og.getOutputs();
    double kl = config.isVariational() ? r.get(GraphBuilder.KL).getDouble(0) : 0.0;
    return new Step(r.get(GraphBuilder.LOSS).getDouble(0), r.get(GraphBuilder.RECON).getDouble(0), kl,
        og.getGradients());
  }

  INDArray[] encode(INDArray x, INDArray labels) {
    List<String> outs = new ArrayList<>(List.of(GraphBuilder.MEAN));
    if (config.isVariational()) {
      outs.add(GraphBuilder.LOG_VAR);
    }
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(GraphBuilder.X, x);
    if (labels != null) {
      ph.put(GraphBuilder.LABELS, labels);
    }
    Map<String, INDArray> r = sd.output(ph, outs);
    return new INDArray[] {r.get(GraphBuilder.MEAN).dup(),
        config.isVariational() ? r.get(GraphBuilder.LOG_VAR).dup() : null};
  }

  INDArray decode(INDArray z, INDArray labels) {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(GraphBuilder.Z_IN, z);
    if (labels != null) {
      ph.put(GraphBuilder.LABELS, labels);
    }
    return sd.output(ph, GraphBuilder.DECODED).get(GraphBuilder.DECODED).dup();
  }

  INDArray reconstructionGivenZ(INDArray x, INDArray z, INDArray labels) {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(GraphBuilder.X, x);
    ph.put(GraphBuilder.Z_IN, z);
    if (labels != null) {
      ph.put(GraphBuilder.LABELS, labels);
    }
    return sd.output(ph, GraphBuilder.RECON_GIVEN_Z).get(GraphBuilder.RECON_GIVEN_Z).dup();
  }

  private List<String> lossOutputs() {
    List<String> outs = new ArrayList<>(List.of(GraphBuilder.LOSS, GraphBuilder.RECON));
    if (config.isVariational()) {
      outs.add(GraphBuilder.KL);
    }
    return outs;
  }

  private Map<String, INDArray> placeholders(INDArray x, INDArray labels, INDArray eps, double beta) {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(GraphBuilder.X, x);
    if (config.isVariational()) {
      ph.put(GraphBuilder.EPS, eps);
      ph.put(GraphBuilder.BETA, Nd4j.scalar(dataType, beta));
    }
    if (config.kind() == ModelConfig.Kind.CONDITIONAL_VAE) {
      ph.put(GraphBuilder.LABELS, labels);
    }
    return ph;
  }

  @Override
  public void close() {
    for (String n : names) {
      INDArray a = sd.getVariable(n).getArr();
      if (a != null && a.closeable()) {
        a.close();
      }
    }
  }
}
