package org.vae4j.api;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An encoder-decoder pair with the operations every vae4j model offers. Implementations own
 * native memory: close them (try-with-resources); {@code close()} is idempotent and any other call
 * after it throws {@link IllegalStateException}.
 */
public interface LatentModel extends LatentEncoder, LatentDecoder, AutoCloseable {

  /** Decodes the posterior means of {@code x}: {@code decode(encodeMean(x))}. */
  INDArray reconstruct(INDArray x);

  /** Decodes {@code n} draws from the prior N(0, I), using the model's own seeded generator. */
  INDArray sample(int n);

  /** Decodes {@code n} draws from the prior N(0, I) made with a generator seeded by {@code seed}. */
  INDArray sample(int n, long seed);

  /**
   * Decodes {@code steps} points on the straight line between the latent means of two single
   * examples (each of shape {@code [1, dataShape...]} or {@code [dataShape...]}), both ends
   * included. Returns {@code [steps, dataShape...]}; {@code steps} must be at least 2.
   */
  INDArray interpolate(INDArray x1, INDArray x2, int steps);

  /** Writes the model (format version, config, parameters) to {@code file}, atomically. */
  void save(Path file) throws IOException;

  /** Releases native memory. Idempotent. */
  @Override
  void close();
}
