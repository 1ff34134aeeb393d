package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ConditionalVae;
import org.vae4j.viz.EditGrid;

/** vae-viz's EditGrid takes a vae-core ConditionalVae as encoder and decoder (issue 24 item 6). */
class ConditionalEditGridTest {

  @TempDir Path tmp;

  @Test
  void aConditionalVaeEncodesTheExamplesWithTheirLabelsAndDecodesThemAsOneClass() throws Exception {
    try (ConditionalVae cvae = ConditionalVae.builder().numClasses(3).mlpEncoder(8).inputShape(1, 6, 6)
        .latentDim(2).seed(1).build()) {
      INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 6, 6);
      int[] labels = {0, 1, 2, 1};
      INDArray direction = Nd4j.createFromArray(new float[] {1f, 0f});
      EditGrid grid = EditGrid.of(cvae, 2).examples(cvae, x, labels, direction).strengths(-1, 0, 1)
          .scale(1).spacing(0);
      Path file = tmp.resolve("cvae-edits.png");
      grid.writePng(file);
      BufferedImage image = javax.imageio.ImageIO.read(file.toFile());
      assertThat(image.getWidth()).isGreaterThanOrEqualTo(3 * 6);
      assertThat(image.getHeight()).isGreaterThanOrEqualTo(4 * 6);
      // The rows start where the model puts each example given its own label.
      INDArray ownLabels = cvae.encodeMean(x, labels);
      INDArray allZero = cvae.encodeMean(x, new int[4]);
      assertThat(ownLabels.equalsWithEps(allZero, 1e-6)).as("the label changes the code").isFalse();
    }
  }
}
