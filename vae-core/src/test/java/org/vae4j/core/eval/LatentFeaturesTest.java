package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.Vae;

class LatentFeaturesTest {

  private Vae vae;
  private INDArray x;
  private final int[] labels = {0, 1, 2, 1, 0, 2, 2};

  @BeforeEach
  void model() {
    vae = Vae.builder().mlpEncoder(8).inputShape(12).latentDim(3).seed(9).build();
    x = ModelEvaluatorTest.uniform(7, 21);
  }

  @AfterEach
  void close() {
    vae.close();
  }

  @Test
  void featuresAreTheEncodedMeansWhateverTheBatchSize() {
    INDArray expected = vae.encodeMean(x);
    for (int batch : new int[] {1, 3, 7, 100}) {
      LatentFeatures f = LatentFeatures.encode(vae, x, labels, 3, batch);
      assertThat(f.features()).isEqualTo(expected);
      assertThat(f.size()).isEqualTo(7);
      assertThat(f.latentDim()).isEqualTo(3);
    }
  }

  @Test
  void theDataSetHasOneHotLabels() {
    DataSet ds = LatentFeatures.encode(vae, x, labels, 3, 4).toDataSet();
    assertThat(ds.getFeatures()).isEqualTo(vae.encodeMean(x));
    assertThat(ds.getLabels().shape()).containsExactly(7, 3);
    assertThat(ds.getLabels().argMax(1).toIntVector()).containsExactly(labels);
    assertThat(ds.getLabels().sum(1).toDoubleVector()).containsOnly(1.0);
  }

  @Test
  void theIteratorVisitsEveryRowOnceInBatches() {
    DataSetIterator it = LatentFeatures.encode(vae, x, labels, 3, 4).iterator(3);
    int rows = 0;
    int batches = 0;
    INDArray expected = vae.encodeMean(x);
    while (it.hasNext()) {
      DataSet b = it.next();
      long n = b.numExamples();
      assertThat(b.getFeatures()).isEqualTo(expected.get(
          org.nd4j.linalg.indexing.NDArrayIndex.interval(rows, rows + n),
          org.nd4j.linalg.indexing.NDArrayIndex.all()));
      rows += n;
      batches++;
    }
    assertThat(rows).isEqualTo(7);
    assertThat(batches).isEqualTo(3);
  }

  @Test
  void csvHasAHeaderAndOneRowPerInputThatReadsBackExactly(@TempDir Path dir) throws IOException {
    LatentFeatures f = LatentFeatures.encode(vae, x, labels, 3, 2);
    Path csv = dir.resolve("out/latent.csv");
    f.writeCsv(csv);
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(8);
    assertThat(lines.get(0)).isEqualTo("z0,z1,z2,label");
    float[][] z = f.features().toFloatMatrix();
    for (int i = 0; i < 7; i++) {
      String[] cells = lines.get(i + 1).split(",");
      assertThat(cells).hasSize(4);
      for (int j = 0; j < 3; j++) {
        assertThat(Float.parseFloat(cells[j])).isEqualTo(z[i][j]);
      }
      assertThat(Integer.parseInt(cells[3])).isEqualTo(labels[i]);
    }
    try (var files = Files.list(csv.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("latent.csv");
    }
  }

  @Test
  void unlabelledFeaturesHaveNoLabelColumnAndNoDataSet(@TempDir Path dir) throws IOException {
    LatentFeatures f = LatentFeatures.encode(vae, x, 5);
    assertThat(f.hasLabels()).isFalse();
    Path csv = dir.resolve("z.csv");
    f.writeCsv(csv);
    assertThat(Files.readAllLines(csv).get(0)).isEqualTo("z0,z1,z2");
    assertThatThrownBy(f::toDataSet).isInstanceOf(IllegalStateException.class).hasMessageContaining("labels");
    assertThatThrownBy(f::labels).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void imagesAreFlattenedForAnMlpEncoderAndKeepTheirLabels() {
    ModelEvaluatorTest.Images images = new ModelEvaluatorTest.Images(x.reshape(7, 1, 3, 4), labels);
    LatentFeatures f = LatentFeatures.encode(vae, images, 3);
    assertThat(f.features()).isEqualTo(vae.encodeMean(x));
    assertThat(f.labels()).containsExactly(labels);
    assertThat(f.numClasses()).isEqualTo(10);
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> LatentFeatures.encode(vae, x, labels, 3, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("batchSize must be >= 1, got 0");
    assertThatThrownBy(() -> LatentFeatures.encode(vae, x, new int[] {0, 1}, 3, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels").hasMessageContaining("(7)");
    assertThatThrownBy(() -> LatentFeatures.encode(vae, x, labels, 2, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[2]");
    assertThatThrownBy(() -> LatentFeatures.encode(vae, Nd4j.create(DataType.FLOAT, 0, 12), 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data").hasMessageContaining("at least one");
    assertThatThrownBy(() -> LatentFeatures.encode(vae, Nd4j.zeros(DataType.FLOAT, 3, 13), 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[n, 12]").hasMessageContaining("[3, 13]");
    INDArray nan = x.dup();
    nan.putScalar(0, 0, Float.NaN);
    assertThatThrownBy(() -> LatentFeatures.encode(vae, nan, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> LatentFeatures.encode(vae, x, labels, 3, 4).iterator(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
  }

  @Test
  void conditionalFeaturesAreTheMeansGivenEachLabelAndKeepTheLabels(@TempDir Path dir) throws IOException {
    int[] y = {3, 0, 9, 3, 7};
    INDArray images = ModelEvaluatorTest.uniform(5, 6).reshape(5, 1, 3, 4);
    try (ConditionalVae cvae = ConditionalVae.builder().mlpEncoder(8).inputShape(1, 3, 4)
        .latentDim(2).numClasses(10).seed(4).build()) {
      LatentFeatures f = LatentFeatures.encode(cvae, new ModelEvaluatorTest.Images(images, y));
      assertThat(f.features()).isEqualTo(cvae.encodeMean(images, y).castTo(DataType.FLOAT));
      assertThat(f.labels()).containsExactly(y);
      Path csv = dir.resolve("cvae.csv");
      f.writeCsv(csv);
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      assertThat(lines.get(0)).isEqualTo("z0,z1,label");
      assertThat(lines.get(3)).endsWith(",9");
      assertThatThrownBy(() -> LatentFeatures.encode(cvae, new ModelEvaluatorTest.Images(images, null)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("data must have labels for a conditional VAE, got none");
    }
  }
}
