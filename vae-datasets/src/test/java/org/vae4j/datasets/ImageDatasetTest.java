package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

class ImageDatasetTest {

  /** n images of shape [1, 2, 2] that encode their own index: pixels (i%100)/100, (i/100)/100. */
  static ImageDataset indexed(int n, int numClasses) {
    float[] p = new float[n * 4];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      p[4 * i] = (i % 100) / 100f;
      p[4 * i + 1] = (i / 100) / 100f;
      p[4 * i + 2] = 1f;
      labels[i] = i % numClasses;
    }
    return ImageDataset.fromPixels(p, new long[] {1, 2, 2}, labels, numClasses);
  }

  static int indexOf(INDArray flatRow) {
    return Math.round(flatRow.getFloat(0) * 100) + 100 * Math.round(flatRow.getFloat(1) * 100);
  }

  static int[] indicesOf(INDArray features) {
    INDArray flat = features.reshape('c', features.size(0), features.length() / features.size(0));
    int[] out = new int[(int) flat.size(0)];
    for (int r = 0; r < out.length; r++) {
      out[r] = indexOf(flat.getRow(r));
    }
    return out;
  }

  @Test
  void exposesShapesViewsAndLabels() {
    ImageDataset d = indexed(7, 3);
    assertThat(d.size()).isEqualTo(7);
    assertThat(d.imageShape()).containsExactly(1, 2, 2);
    assertThat(d.images().shape()).containsExactly(7, 1, 2, 2);
    assertThat(d.images().dataType()).isEqualTo(DataType.FLOAT);
    assertThat(d.flatImages().shape()).containsExactly(7, 4);
    assertThat(indexOf(d.flatImages().getRow(5))).isEqualTo(5);
    assertThat(d.labels()).containsExactly(0, 1, 2, 0, 1, 2, 0);
    assertThat(d.classCounts()).containsExactly(3, 2, 2);
    assertThat(d.numClasses()).isEqualTo(3);
    assertThat(d.hasLabels()).isTrue();
  }

  @Test
  void oneHotLabelsHaveASingleOneInTheLabelColumn() {
    ImageDataset d = indexed(9, 4);
    INDArray oneHot = d.oneHotLabels();
    assertThat(oneHot.shape()).containsExactly(9, 4);
    for (int i = 0; i < 9; i++) {
      for (int c = 0; c < 4; c++) {
        assertThat(oneHot.getFloat(i, c)).isEqualTo(c == d.label(i) ? 1f : 0f);
      }
    }
  }

  @Test
  void ofCopiesAnArrayAndChecksIt() {
    INDArray images = Nd4j.rand(DataType.DOUBLE, 3, 1, 2, 2);
    ImageDataset d = ImageDataset.of(images, new int[] {0, 1, 1}, 2);
    assertThat(d.images().castTo(DataType.DOUBLE).equalsWithEps(images, 1e-6)).isTrue();
    assertThatThrownBy(() -> ImageDataset.of(Nd4j.rand(DataType.FLOAT, 3, 4), new int[3], 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("rank 4", "[3, 4]");
    assertThatThrownBy(() -> ImageDataset.of(images, new int[] {0, 1}, 2))
        .hasMessageContainingAll("labels.length", "3", "got 2");
    assertThatThrownBy(() -> ImageDataset.of(images, new int[] {0, 2, 1}, 2))
        .hasMessageContainingAll("labels[1]", "[0, 2)", "got 2");
    assertThatThrownBy(() -> ImageDataset.of(images, new int[] {0, -1, 1}, 2))
        .hasMessageContainingAll("labels[1]", "got -1");
    assertThatThrownBy(() -> ImageDataset.of(images, new int[3], 0))
        .hasMessageContainingAll("numClasses", "got 0");
    assertThatThrownBy(() -> ImageDataset.of(Nd4j.zeros(DataType.INT32, 3, 1, 2, 2),
        new int[3], 2)).hasMessageContainingAll("floating-point", "got INT");
  }

  @Test
  void rejectsEmptyDataAndValuesOutsideTheUnitInterval() {
    assertThatThrownBy(() -> ImageDataset.fromPixels(new float[0], new long[] {1, 2, 2}, null, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 image");
    assertThatThrownBy(() -> ImageDataset.fromPixels(new float[] {0, 0.5f, 1.5f, 0},
        new long[] {1, 2, 2}, null, 0))
        .hasMessageContainingAll("[0, 1]", "1.5", "image 0", "offset 2");
    assertThatThrownBy(() -> ImageDataset.fromPixels(new float[] {0, Float.NaN, 0, 0},
        new long[] {1, 2, 2}, null, 0)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> ImageDataset.fromPixels(new float[6], new long[] {1, 2, 2}, null, 0))
        .hasMessageContainingAll("multiple of", "4", "got 6");
    assertThatThrownBy(() -> ImageDataset.fromPixels(new float[4], new long[] {1, 0, 4}, null, 0))
        .hasMessageContaining("imageShape[1]");
  }

  @Test
  void unlabelledDatasetsRefuseLabelQueries() {
    ImageDataset d = ImageDataset.unlabelled(Nd4j.zeros(DataType.FLOAT, 2, 1, 3, 3));
    assertThat(d.hasLabels()).isFalse();
    assertThat(d.numClasses()).isZero();
    assertThatThrownBy(d::labels).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unlabelled");
    assertThatThrownBy(d::oneHotLabels).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void splitIsASeededPartition() {
    ImageDataset d = indexed(250, 10);
    ImageDataset.Split s = d.split(0.8, 11);
    assertThat(s.first().size()).isEqualTo(200);
    assertThat(s.second().size()).isEqualTo(50);
    List<Integer> all = new ArrayList<>();
    for (int i : indicesOf(s.first().images())) {
      all.add(i);
    }
    for (int i : indicesOf(s.second().images())) {
      all.add(i);
    }
    assertThat(all).containsExactlyInAnyOrderElementsOf(
        java.util.stream.IntStream.range(0, 250).boxed().toList());
    int[] firstIdx = indicesOf(s.first().images());
    for (int r = 0; r < firstIdx.length; r++) {
      assertThat(s.first().label(r)).isEqualTo(firstIdx[r] % 10);
    }
    assertThat(indicesOf(d.split(0.8, 11).first().images())).containsExactly(firstIdx);
    assertThat(indicesOf(d.split(0.8, 12).first().images())).isNotEqualTo(firstIdx);
  }

  @Test
  void splitRejectsFractionsOutsideTheOpenUnitInterval() {
    ImageDataset d = indexed(10, 2);
    for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> d.split(bad, 1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContainingAll("fraction", "(0, 1)", String.valueOf(bad));
    }
    assertThatThrownBy(() -> d.split(0.01, 1)).hasMessageContaining("empty part");
  }

  @Test
  void batchesAreReproduciblePerEpochAndDifferAcrossEpochs() {
    ImageDataset d = indexed(103, 10);
    List<Integer> epoch0 = order(d.batches(10, 5, 0));
    assertThat(epoch0).hasSize(103).doesNotHaveDuplicates();
    assertThat(order(d.batches(10, 5, 0))).isEqualTo(epoch0);
    assertThat(order(d.batches(10, 5, 1))).isNotEqualTo(epoch0)
        .containsExactlyInAnyOrderElementsOf(epoch0);
    assertThat(order(d.batches(10, 6, 0))).isNotEqualTo(epoch0);
    assertThat(epoch0).isNotEqualTo(java.util.stream.IntStream.range(0, 103).boxed().toList());
  }

  static List<Integer> order(Iterable<ImageBatch> batches) {
    List<Integer> out = new ArrayList<>();
    for (ImageBatch b : batches) {
      int[] fromPixels = indicesOf(b.features());
      assertThat(fromPixels).containsExactly(b.indices());
      assertThat(b.features().shape()).containsExactly(b.size(), 1, 2, 2);
      assertThat(b.flatFeatures().shape()).containsExactly(b.size(), 4);
      for (int r = 0; r < b.size(); r++) {
        assertThat(b.labels()[r]).isEqualTo(fromPixels[r] % 10);
        assertThat(b.oneHotLabels().getFloat(r, fromPixels[r] % 10)).isEqualTo(1f);
      }
      for (int i : fromPixels) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  void batchSizeMustBePositive() {
    ImageDataset d = indexed(5, 2);
    assertThatThrownBy(() -> d.batches(0, 1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("batchSize", ">= 1", "got 0");
    assertThatThrownBy(() -> d.dataSetIterator(-3, true, 1))
        .hasMessageContainingAll("batchSize", "got -3");
  }

  @Test
  void dataSetIteratorYieldsEveryExampleOncePerEpochAndReshufflesOnReset() {
    ImageDataset d = indexed(57, 10);
    DataSetIterator it = d.dataSetIterator(8, true, 99);
    assertThat(it.resetSupported()).isTrue();
    assertThat(it.inputColumns()).isEqualTo(4);
    assertThat(it.totalOutcomes()).isEqualTo(10);
    assertThat(it.batch()).isEqualTo(8);
    List<Integer> first = drain(it, true);
    assertThat(first).hasSize(57).doesNotHaveDuplicates();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("reset()");
    it.reset();
    List<Integer> second = drain(it, true);
    assertThat(second).containsExactlyInAnyOrderElementsOf(first).isNotEqualTo(first);
    assertThat(drain(d.dataSetIterator(8, true, 99), true)).isEqualTo(first);
    assertThat(drain(d.dataSetIterator(8, false, 99), false)).isEqualTo(first);
  }

  static List<Integer> drain(DataSetIterator it, boolean flat) {
    List<Integer> out = new ArrayList<>();
    while (it.hasNext()) {
      DataSet ds = it.next();
      INDArray f = ds.getFeatures();
      assertThat(f.rank()).isEqualTo(flat ? 2 : 4);
      assertThat(ds.getLabels().shape()).containsExactly(f.size(0), 10);
      int[] idx = indicesOf(f);
      for (int r = 0; r < idx.length; r++) {
        assertThat(ds.getLabels().getRow(r).argMax().getInt(0)).isEqualTo(idx[r] % 10);
        assertThat(ds.getLabels().getRow(r).sumNumber().floatValue()).isEqualTo(1f);
        out.add(idx[r]);
      }
    }
    return out;
  }

  @Test
  void concatSubsetAndSelectKeepImagesWithTheirLabels() {
    ImageDataset a = indexed(30, 10);
    ImageDataset b = indexed(20, 10).subset(5, 15);
    assertThat(indicesOf(b.images())).containsExactly(5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
    ImageDataset c = a.concat(b);
    assertThat(c.size()).isEqualTo(40);
    assertThat(indexOf(c.flatImages().getRow(30))).isEqualTo(5);
    assertThat(c.label(30)).isEqualTo(5);
    ImageDataset s = c.select(new int[] {39, 0, 0});
    assertThat(indicesOf(s.images())).containsExactly(14, 0, 0);
    assertThat(s.labels()).containsExactly(4, 0, 0);
    assertThatThrownBy(() -> a.subset(3, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[3, 3)");
    assertThatThrownBy(() -> a.select(new int[] {30})).hasMessageContainingAll("indices[0]",
        "got 30");
    assertThatThrownBy(() -> a.concat(indexed(3, 4)))
        .hasMessageContainingAll("numClasses", "10", "got 4");
    ImageDataset other = ImageDataset.fromPixels(new float[9], new long[] {1, 3, 3},
        new int[] {0}, 10);
    assertThatThrownBy(() -> a.concat(other)).hasMessageContainingAll("image shape", "[1, 3, 3]");
  }

  @Test
  void binarizationIsThresholdedOrSeededPerEpoch() {
    float[] p = new float[1000];
    for (int i = 0; i < p.length; i++) {
      p[i] = (i % 10) / 10f;
    }
    ImageDataset d = ImageDataset.fromPixels(p, new long[] {1, 10, 10}, null, 0);
    float[] t = d.binarize(0.45).images().data().asFloat();
    for (int i = 0; i < p.length; i++) {
      assertThat(t[i]).isEqualTo(p[i] > 0.45 ? 1f : 0f);
    }
    float[] s1 = d.binarizeStochastic(3, 0).images().data().asFloat();
    assertThat(d.binarizeStochastic(3, 0).images().data().asFloat()).containsExactly(s1);
    assertThat(d.binarizeStochastic(3, 1).images().data().asFloat()).isNotEqualTo(s1);
    double ones = 0;
    for (int i = 0; i < s1.length; i++) {
      assertThat(s1[i]).isIn(0f, 1f);
      if (p[i] == 0f) {
        assertThat(s1[i]).isZero();
      }
      ones += s1[i];
    }
    assertThat(ones / s1.length).isCloseTo(0.45, org.assertj.core.data.Offset.offset(0.05));
    assertThatThrownBy(() -> d.binarize(1.0)).hasMessageContainingAll("threshold", "got 1.0");
  }

  @Test
  void withLabelKeepsTheImagesOfOneClassInOrderWithTheirLabels() {
    ImageDataset d = indexed(25, 4); // labels i % 4
    ImageDataset threes = d.withLabel(3);
    assertThat(indicesOf(threes.images())).containsExactly(3, 7, 11, 15, 19, 23);
    assertThat(threes.labels()).containsOnly(3).hasSize(6);
    assertThat(threes.numClasses()).isEqualTo(4);
    assertThat(threes.classCounts()).containsExactly(0, 0, 0, 6);
  }

  @Test
  void withLabelsTakesASetOfClasses() {
    ImageDataset d = indexed(12, 4);
    ImageDataset some = d.withLabels(2, 0, 2);
    assertThat(indicesOf(some.images())).containsExactly(0, 2, 4, 6, 8, 10);
    assertThat(some.labels()).containsExactly(0, 2, 0, 2, 0, 2);
    assertThat(d.withLabels(0, 1, 2, 3).size()).isEqualTo(12);
  }

  @Test
  void withLabelRejectsUnlabelledDataLabelsOutOfRangeAndClassesWithoutImages() {
    assertThatThrownBy(() -> ImageDataset.unlabelled(Nd4j.zeros(DataType.FLOAT, 2, 1, 2, 2))
        .withLabel(0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("withLabel(int) called on an unlabelled dataset");
    ImageDataset d = indexed(6, 10); // labels 0..5, classes 6..9 empty
    assertThatThrownBy(() -> d.withLabel(10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label must be in [0, 10), got 10");
    assertThatThrownBy(() -> d.withLabels(-1, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label must be in [0, 10), got -1");
    assertThatThrownBy(() -> d.withLabels(7, 9)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels [7, 9] must match at least 1 image, got none of 6 (images per class "
            + "[1, 1, 1, 1, 1, 1, 0, 0, 0, 0])");
    assertThatThrownBy(() -> d.withLabels()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels must name at least 1 class, got none");
  }
}
