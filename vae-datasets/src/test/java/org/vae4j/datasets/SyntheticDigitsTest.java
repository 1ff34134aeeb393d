package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyntheticDigitsTest {

  @Test
  void sameSeedGivesIdenticalImagesAndLabels() {
    ImageDataset a = SyntheticDigits.generate(50, 123);
    ImageDataset b = SyntheticDigits.generate(50, 123);
    assertThat(b.labels()).containsExactly(a.labels());
    assertThat(b.images().data().asFloat()).containsExactly(a.images().data().asFloat());
  }

  @Test
  void differentSeedsGiveDifferentImages() {
    float[] a = SyntheticDigits.generate(50, 1).images().data().asFloat();
    float[] b = SyntheticDigits.generate(50, 2).images().data().asFloat();
    assertThat(b).isNotEqualTo(a);
  }

  @Test
  void labelsAreBalancedAndShuffled() {
    ImageDataset d = SyntheticDigits.generate(1003, 9);
    int[] counts = d.classCounts();
    assertThat(counts).hasSize(10);
    for (int c : counts) {
      assertThat(c).isBetween(100, 101);
    }
    int inCycle = 0;
    for (int i = 0; i < d.size(); i++) {
      inCycle += d.label(i) == i % 10 ? 1 : 0;
    }
    assertThat(inCycle).isLessThan(300);
  }

  @Test
  void pixelsAreInTheUnitIntervalWithInkAndBackground() {
    ImageDataset d = SyntheticDigits.generate(200, 4);
    assertThat(d.imageShape()).containsExactly(1, 28, 28);
    float[] p = d.images().data().asFloat();
    for (int i = 0; i < d.size(); i++) {
      int ink = 0;
      int background = 0;
      float max = 0;
      for (int k = 0; k < 784; k++) {
        float v = p[i * 784 + k];
        assertThat(v).isBetween(0f, 1f);
        ink += v > 0.5f ? 1 : 0;
        background += v == 0f ? 1 : 0;
        max = Math.max(max, v);
      }
      assertThat(max).as("image %d peak", i).isEqualTo(1f);
      assertThat(ink).as("image %d ink pixels", i).isBetween(25, 300);
      assertThat(background).as("image %d background pixels", i).isGreaterThan(450);
    }
  }

  @Test
  void imageSizeIsConfigurable() {
    ImageDataset d = SyntheticDigits.generate(20, 4, 16);
    assertThat(d.imageShape()).containsExactly(1, 16, 16);
    assertThat(d.images().maxNumber().floatValue()).isEqualTo(1f);
    assertThat(SyntheticDigits.generate(3, 4, 64).imageShape()).containsExactly(1, 64, 64);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> SyntheticDigits.generate(0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll("count", "got 0");
    assertThatThrownBy(() -> SyntheticDigits.generate(5, 1, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll("size", "got 4");
  }

  @Test
  void tenThousandDigitsHaveEveryClassAndTheDefaultShape() {
    ImageDataset d = SyntheticDigits.generate(10_000, 77);
    assertThat(d.size()).isEqualTo(10_000);
    assertThat(d.imageShape()).containsExactly(1, 28, 28);
    int[] counts = d.classCounts();
    assertThat(counts).hasSize(10);
    for (int c : counts) {
      assertThat(c).isBetween(800, 1200);
    }
  }

  @Test
  void nearestClassMeanOnRawPixelsRecognisesFreshDigits() {
    ImageDataset train = SyntheticDigits.generate(3000, 1);
    ImageDataset test = SyntheticDigits.generate(1000, 2);
    double accuracy = nearestClassMeanAccuracy(train, test);
    assertThat(accuracy).isGreaterThan(0.80);
  }

  /** Classifies each test image by the closest class-mean image (squared Euclidean distance). */
  static double nearestClassMeanAccuracy(ImageDataset train, ImageDataset test) {
    int d = train.pixelsPerImage();
    int k = train.numClasses();
    double[][] means = new double[k][d];
    float[] p = train.images().data().asFloat();
    int[] counts = train.classCounts();
    for (int i = 0; i < train.size(); i++) {
      int c = train.label(i);
      for (int j = 0; j < d; j++) {
        means[c][j] += p[i * d + j] / counts[c];
      }
    }
    float[] q = test.images().data().asFloat();
    int correct = 0;
    for (int i = 0; i < test.size(); i++) {
      int best = -1;
      double bestDistance = Double.MAX_VALUE;
      for (int c = 0; c < k; c++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          double e = q[i * d + j] - means[c][j];
          s += e * e;
        }
        if (s < bestDistance) {
          bestDistance = s;
          best = c;
        }
      }
      correct += best == test.label(i) ? 1 : 0;
    }
    return correct / (double) test.size();
  }
}
