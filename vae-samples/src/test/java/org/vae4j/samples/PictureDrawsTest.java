package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.LatentDecoder;
import org.vae4j.core.Vae;
import org.vae4j.viz.SampleGrid;

/** A picture of prior samples shows what the model draws for the same seed. */
class PictureDrawsTest {

  /** Delegates to a model and keeps what it decoded. */
  private record Recording(Vae vae, List<INDArray> decoded) implements LatentDecoder {
    @Override
    public int latentDim() {
      return vae.latentDim();
    }

    @Override
    public long[] dataShape() {
      return vae.dataShape();
    }

    @Override
    public INDArray decode(INDArray z) {
      INDArray out = vae.decode(z);
      decoded.add(out.dup());
      return out;
    }
  }

  @Test
  void samplePriorGridDecodesWhatVaeSampleDecodesForTheSameSeed() {
    try (Vae vae = Vae.builder().mlpEncoder(16).inputShape(1, 4, 4).latentDim(3).seed(2).build()) {
      for (long seed : new long[] {7, 42, -1}) {
        Recording r = new Recording(vae, new ArrayList<>());
        SampleGrid.prior(r, 6, seed).render();
        assertThat(r.decoded()).hasSize(1);
        INDArray expected = vae.sample(6, seed);
        assertThat(r.decoded().get(0).reshape(expected.shape())).isEqualTo(expected);
        assertThat(vae.sample(6, seed + 1)).isNotEqualTo(expected);
      }
    }
  }
}
