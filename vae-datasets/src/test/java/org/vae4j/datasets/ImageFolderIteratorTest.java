package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.vae4j.datasets.TestImageFiles.solid;
import static org.vae4j.datasets.TestImageFiles.truncated;
import static org.vae4j.datasets.TestImageFiles.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

class ImageFolderIteratorTest {

  @TempDir Path dir;

  /** Image i is a solid colour whose red level is i (and green 255 - i): identifiable. */
  private void images(int n, int classes) throws IOException {
    for (int i = 0; i < n; i++) {
      write(solid(3, 3, (i << 16) | ((255 - i) << 8)), "png",
          dir.resolve("class" + (i % classes) + "/" + String.format("%03d.png", i)));
    }
  }

  private static List<Integer> ids(DataSet ds) {
    List<Integer> out = new ArrayList<>();
    for (int r = 0; r < ds.getFeatures().size(0); r++) {
      out.add(Math.round(ds.getFeatures().getFloat(r, 0, 0, 0) * 255));
    }
    return out;
  }

  private static List<List<Integer>> epoch(DataSetIterator it) {
    List<List<Integer>> out = new ArrayList<>();
    while (it.hasNext()) {
      out.add(ids(it.next()));
    }
    return out;
  }

  @Test
  void everyImageAppearsOncePerEpochInTheInMemoryIteratorsOrder() throws IOException {
    images(23, 3);
    ImageFolder folder = ImageFolder.builder(dir).size(3).scan();
    ImageDataset loaded = folder.load();
    DataSetIterator memory = loaded.dataSetIterator(5, false, 11L);
    try (ImageFolderIterator lazy = folder.iterator(5, 11L)) {
      for (int e = 0; e < 3; e++) {
        List<List<Integer>> a = epoch(lazy);
        List<List<Integer>> b = epoch(memory);
        assertThat(a).isEqualTo(b);
        assertThat(a).hasSize(5);
        assertThat(a.get(4)).hasSize(3);
        assertThat(a.stream().flatMap(List::stream).sorted().toList())
            .isEqualTo(java.util.stream.IntStream.range(0, 23).boxed().toList());
        lazy.reset();
        memory.reset();
      }
      assertThat(lazy.epoch()).isEqualTo(3);
    }
  }

  @Test
  void batchesKeptByTheCallerDoNotChangeWhenLaterBatchesAreDecoded() throws IOException {
    // the iterator refills the pixel arrays of batches it has handed out: the batches must own
    // copies of their values
    images(23, 1);
    ImageFolder folder = ImageFolder.builder(dir).size(3).threads(2).unlabelled().scan();
    DataSetIterator memory = folder.load().dataSetIterator(4, false, 5L);
    List<DataSet> kept = new ArrayList<>();
    List<List<Integer>> expected = new ArrayList<>();
    try (ImageFolderIterator lazy = folder.iterator(4, 5L)) {
      for (int e = 0; e < 2; e++) {
        while (lazy.hasNext()) {
          kept.add(lazy.next());
        }
        expected.addAll(epoch(memory));
        lazy.reset();
        memory.reset();
      }
    }
    assertThat(kept).hasSize(12);
    assertThat(kept.stream().map(ImageFolderIteratorTest::ids).toList()).isEqualTo(expected);
  }

  @Test
  void releaseClosesTheArraysOfItsOwnBatchesOnceAndLeavesOthersValid() throws IOException {
    images(10, 2);
    ImageFolder folder = ImageFolder.builder(dir).size(3).threads(2).scan();
    try (ImageFolderIterator it = folder.iterator(4, 3L);
        ImageFolderIterator other = folder.iterator(4, 3L)) {
      DataSet a = it.next();
      DataSet b = it.next();
      List<Integer> bIds = ids(b);
      it.release(a);
      assertThat(a.getFeatures().wasClosed()).isTrue();
      assertThat(a.getLabels().wasClosed()).isTrue();
      it.release(a); // a second release does nothing (and does not throw)
      it.release(null);
      it.release(new DataSet(b.getFeatures(), b.getLabels())); // not a batch it returned
      other.release(b); // another iterator's batch
      assertThat(b.getFeatures().wasClosed()).isFalse();
      assertThat(ids(b)).isEqualTo(bIds);
      it.release(b);
      assertThat(b.getFeatures().wasClosed()).isTrue();
      // the batches after a release are decoded as before
      DataSet c = it.next();
      assertThat(c.getFeatures().size(0)).isEqualTo(2);
      assertThat(c.getFeatures().wasClosed()).isFalse();
    }
  }

  @Test
  void releaseClosesAnUnlabelledBatchsOneArrayAndThePreProcessorsInputsOnly() throws IOException {
    images(8, 1);
    ImageFolder folder = ImageFolder.builder(dir).size(3).unlabelled().scan();
    try (ImageFolderIterator it = folder.iterator(4, 3L)) {
      DataSet plain = it.next();
      assertThat(plain.getLabels()).isSameAs(plain.getFeatures());
      it.release(plain);
      assertThat(plain.getFeatures().wasClosed()).isTrue();
      // a pre-processor that puts a new array in place: release closes the iterator's own array
      // and leaves the new one to its owner
      List<org.nd4j.linalg.api.ndarray.INDArray> made = new ArrayList<>();
      it.setPreProcessor(ds -> {
        made.add(ds.getFeatures());
        ds.setFeatures(ds.getFeatures().mul(2));
      });
      DataSet scaled = it.next();
      it.release(scaled);
      assertThat(made).hasSize(1);
      assertThat(made.get(0).wasClosed()).isTrue();
      assertThat(scaled.getFeatures().wasClosed()).isFalse();
    }
  }

  @Test
  void batchesCarryOneHotLabelsAndTheClassNames() throws IOException {
    images(6, 3);
    ImageFolder folder = ImageFolder.builder(dir).size(3).scan();
    try (ImageFolderIterator it = folder.iterator(6, 1L)) {
      DataSet ds = it.next();
      assertThat(ds.getFeatures().shape()).containsExactly(6, 3, 3, 3);
      assertThat(ds.getLabels().shape()).containsExactly(6, 3);
      List<Integer> ids = ids(ds);
      for (int r = 0; r < 6; r++) {
        assertThat(ds.getLabels().getFloat(r, ids.get(r) % 3)).isEqualTo(1f);
        assertThat(ds.getLabels().getRow(r).sumNumber().floatValue()).isEqualTo(1f);
      }
      assertThat(it.getLabels()).containsExactly("class0", "class1", "class2");
      assertThat(it.totalOutcomes()).isEqualTo(3);
      assertThat(it.inputColumns()).isEqualTo(27);
      assertThat(it.hasNext()).isFalse();
      assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }
    try (ImageFolderIterator flat = folder.iterator(4, true, 1L)) {
      assertThat(flat.next().getFeatures().shape()).containsExactly(4, 27);
      assertThatThrownBy(() -> flat.next(3)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("batch size 4");
    }
  }

  @Test
  void theOrderDoesNotDependOnTheNumberOfThreads() throws IOException {
    images(40, 2);
    List<List<Integer>> one;
    try (ImageFolderIterator it = ImageFolder.builder(dir).size(3).threads(1).scan()
        .iterator(7, 5L)) {
      it.reset();
      one = epoch(it);
    }
    try (ImageFolderIterator it = ImageFolder.builder(dir).size(3).threads(4).scan()
        .iterator(7, 5L)) {
      it.reset();
      assertThat(epoch(it)).isEqualTo(one);
    }
    try (ImageFolderIterator it = ImageFolder.builder(dir).size(3).scan().iterator(7, 6L)) {
      it.reset();
      assertThat(epoch(it)).isNotEqualTo(one);
    }
  }

  @Test
  void aResetInTheMiddleOfAnEpochStartsTheNextEpochWhole() throws IOException {
    images(20, 1);
    try (ImageFolderIterator it = ImageFolder.builder(dir).size(3).scan().iterator(3, 2L)) {
      it.next();
      it.reset();
      List<List<Integer>> e1 = epoch(it);
      assertThat(e1.stream().mapToInt(List::size).sum()).isEqualTo(20);
    }
  }

  @Test
  void closeStopsTheDecodingThreadsAndUseAfterCloseThrows() throws Exception {
    images(30, 1);
    ImageFolderIterator it = ImageFolder.builder(dir).size(3).threads(3).scan().iterator(2, 1L);
    it.next();
    assertThat(decoderThreads()).isNotEmpty();
    it.close();
    it.close(); // idempotent
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!decoderThreads().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(decoderThreads()).isEmpty();
    assertThatThrownBy(it::hasNext).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(it::reset).isInstanceOf(IllegalStateException.class);
  }

  private static List<Thread> decoderThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("vae4j-image-decoder-") && t.isAlive())
        .peek(t -> assertThat(t.isDaemon()).isTrue())
        .toList();
  }

  @Test
  void aBadImageFoundWhileIteratingIsSkippedOrRefused() throws IOException {
    images(9, 1);
    Path cut = truncated("png", dir.resolve("class0/zz-cut.png"), 0.4);
    ImageFolder skip = ImageFolder.builder(dir).size(3).badFiles(ImageFolder.BadFiles.SKIP).scan();
    assertThat(skip.size()).isEqualTo(10);
    try (ImageFolderIterator it = skip.iterator(4, 3L)) {
      for (int e = 0; e < 2; e++) {
        List<List<Integer>> batches = epoch(it);
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(9);
        it.reset();
      }
    }
    assertThat(skip.skipped()).extracting(ImageFolder.Skipped::file).containsExactly(cut);

    ImageFolder refuse = ImageFolder.builder(dir).size(3).scan();
    try (ImageFolderIterator it = refuse.iterator(10, 3L)) {
      Throwable t = catchThrowable(it::next);
      assertThat(t).isInstanceOf(UncheckedIOException.class);
      assertThat(t.getCause()).isInstanceOf(ImageFileException.class)
          .hasMessageStartingWith(cut.toString());
    }
  }

  @Test
  void aBatchOfOnlyBadImagesIsPassedOver() throws IOException {
    write(solid(3, 3, 0x050000), "png", dir.resolve("a/good.png"));
    for (int i = 0; i < 4; i++) {
      truncated("png", dir.resolve("a/bad" + i + ".png"), 0.3);
    }
    ImageFolder f = ImageFolder.builder(dir).size(3).badFiles(ImageFolder.BadFiles.SKIP).scan();
    try (ImageFolderIterator it = f.iterator(1, 9L)) {
      List<List<Integer>> batches = epoch(it);
      assertThat(batches).containsExactly(List.of(5));
    }
    assertThat(f.skipped()).hasSize(4);
  }

  @Test
  void rejectsABatchSizeBelowOne() throws IOException {
    images(2, 1);
    ImageFolder f = ImageFolder.builder(dir).size(3).scan();
    assertThatThrownBy(() -> f.iterator(0, 1L)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be >= 1, got 0");
  }
}
