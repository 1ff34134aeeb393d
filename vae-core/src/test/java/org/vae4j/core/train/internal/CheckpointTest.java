package org.vae4j.core.train.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.ModelFormatException;
import org.vae4j.core.Vae;
import org.vae4j.core.train.CheckpointFile;
import org.vae4j.core.train.TrainingOptions;

/** Checkpoint files: contents, atomic writes, pruning, and errors naming the file. */
class CheckpointTest {

  static INDArray data(int n) {
    float[] v = new float[n * 16];
    java.util.SplittableRandom r = new java.util.SplittableRandom(n);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return Nd4j.create(v, new long[] {n, 1, 4, 4}, 'c');
  }

  static Vae vae() {
    return Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(2).seed(4).build();
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aRunWritesCheckpointsEveryNEpochsAndAfterTheLastKeepingTheNewestK(@TempDir Path dir)
      throws IOException {
    TrainingOptions c = TrainingOptions.builder().epochs(5).batchSize(4).seed(1)
        .checkpoints(dir, 2, 2).build();
    try (Vae vae = vae()) {
      TrainingHistory h = vae.fit(data(10), data(3), c);
      // written after epochs 2, 4 and 5 (the last); epoch 2 pruned
      assertThat(names(dir)).containsExactly("checkpoint-epoch-00004.zip", "checkpoint-epoch-00005.zip");
      assertThat(CheckpointFile.latest(dir)).contains(dir.resolve("checkpoint-epoch-00005.zip"));
      CheckpointFile cp = CheckpointFile.read(dir.resolve("checkpoint-epoch-00004.zip"));
      assertThat(cp.epoch()).isEqualTo(4);
      assertThat(cp.step()).isEqualTo(12); // 3 batches per epoch
      assertThat(cp.modelConfig()).isEqualTo(vae.config());
      assertThat(cp.trainingOptions()).isEqualTo(c);
      assertThat(cp.history().epochs()).isEqualTo(h.epochs().subList(0, 4));
      CheckpointFile last = CheckpointFile.read(dir.resolve("checkpoint-epoch-00005.zip"));
      assertThat(last.history().epochs()).isEqualTo(h.epochs());
      // the parameters saved are the model's final ones
      CheckpointCodec.Contents contents = CheckpointCodec.read(last.file());
      INDArray probe = Nd4j.ones(DataType.FLOAT, 1, 2);
      try (Vae copy = Vae.fromConfig(last.modelConfig())) {
        copy.resume(last.file(), data(10), null); // nothing left to train: loads the state only
        assertThat(copy.decode(probe).data().asFloat()).containsExactly(vae.decode(probe).data().asFloat());
      }
      assertThat(contents.optimizer().length()).isEqualTo(2 * vaeParameterCount(contents));
    }
  }

  private static long vaeParameterCount(CheckpointCodec.Contents c) {
    return c.parameters().values().stream().mapToLong(INDArray::length).sum();
  }

  @Test
  void aFailingWriteLeavesThePreviousCheckpointIntactAndNoTemporaryFiles(@TempDir Path dir)
      throws IOException {
    TrainingOptions c = TrainingOptions.builder().epochs(1).batchSize(4).checkpoints(dir).build();
    try (Vae vae = vae()) {
      vae.fit(data(8), c);
    }
    Path file = dir.resolve("checkpoint-epoch-00001.zip");
    byte[] before = Files.readAllBytes(file);
    CheckpointCodec.Contents contents = CheckpointCodec.read(file);
    // the same file rewritten, failing after 100 bytes
    assertThatThrownBy(() -> CheckpointCodec.write(file, contents, out -> failingAfter(out, 100)))
        .isInstanceOf(IOException.class).hasMessage("disk full (simulated)");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(names(dir)).containsExactly("checkpoint-epoch-00001.zip");
    // a new file failing halfway is not created at all
    Path other = dir.resolve(CheckpointCodec.fileName(2));
    assertThatThrownBy(() -> CheckpointCodec.write(other, contents, out -> failingAfter(out, 1000)))
        .isInstanceOf(IOException.class);
    assertThat(names(dir)).containsExactly("checkpoint-epoch-00001.zip");
    assertThat(CheckpointCodec.read(file).epoch()).isEqualTo(1);
  }

  private static OutputStream failingAfter(OutputStream out, int limit) {
    return new FilterOutputStream(out) {
      private int written;

      @Override
      public void write(int b) throws IOException {
        if (++written > limit) {
          throw new IOException("disk full (simulated)");
        }
        super.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        for (int i = 0; i < len; i++) {
          write(b[off + i]);
        }
      }
    };
  }

  @Test
  void unreadableCheckpointsAreRejectedNamingTheFile(@TempDir Path dir) throws IOException {
    Path junk = dir.resolve("checkpoint-epoch-00001.zip");
    Files.writeString(junk, "not a zip");
    assertThatThrownBy(() -> CheckpointFile.read(junk))
        .isInstanceOf(ModelFormatException.class).hasMessageStartingWith(junk.toString());
    assertThatThrownBy(() -> CheckpointFile.read(dir.resolve("missing.zip")))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.zip");
    // a model file is not a checkpoint
    Path model = dir.resolve("model.zip");
    try (Vae vae = vae()) {
      vae.save(model);
    }
    assertThatThrownBy(() -> CheckpointFile.read(model))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage(model + ": not a checkpoint (entry checkpoint-format-version.txt is missing)");
    assertThat(CheckpointFile.latest(dir.resolve("nothing-here"))).isEmpty();
  }

  @Test
  void truncatedArraysAreRejectedNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("a.zip");
    try (Vae vae = vae()) {
      vae.fit(data(4), TrainingOptions.builder().epochs(1).checkpoints(dir).build());
    }
    CheckpointCodec.Contents c = CheckpointCodec.read(dir.resolve(CheckpointCodec.fileName(1)));
    // rewrite with the arrays entry cut short
    java.io.ByteArrayOutputStream full = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(dir.resolve(CheckpointCodec.fileName(1)).toFile());
        java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      for (var e : java.util.Collections.list(zip.entries())) {
        byte[] b = zip.getInputStream(e).readAllBytes();
        if (e.getName().equals(CheckpointCodec.ARRAYS_ENTRY)) {
          b = java.util.Arrays.copyOf(b, b.length / 2);
        }
        out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
        out.write(b);
        out.closeEntry();
      }
    }
    assertThat(c.epoch()).isEqualTo(1);
    assertThatThrownBy(() -> CheckpointCodec.read(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining("truncated");
  }

  @Test
  void resumingAModelOfAnotherConfigIsRejected(@TempDir Path dir) throws IOException {
    try (Vae vae = vae()) {
      vae.fit(data(4), TrainingOptions.builder().epochs(1).checkpoints(dir).build());
    }
    Path file = dir.resolve(CheckpointCodec.fileName(1));
    try (Vae other = Vae.builder().mlpEncoder(8).inputShape(1, 4, 4).latentDim(3).seed(4).build()) {
      assertThatThrownBy(() -> other.resume(file, data(4), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("checkpoint " + file + " must hold this model's config");
    }
  }

  @Test
  void contentsRoundTripBitForBit(@TempDir Path dir) throws IOException {
    try (Vae vae = vae()) {
      vae.fit(data(6), TrainingOptions.builder().epochs(2).batchSize(3).checkpoints(dir)
          .earlyStopping(5, 0.0, true).build());
    }
    CheckpointCodec.Contents c = CheckpointCodec.read(dir.resolve(CheckpointCodec.fileName(2)));
    Path copy = dir.resolve("copy.zip");
    CheckpointCodec.write(copy, c);
    CheckpointCodec.Contents d = CheckpointCodec.read(copy);
    assertThat(d.bestEpoch()).isEqualTo(c.bestEpoch()).isBetween(1, 2);
    assertThat(d.bestLoss()).isEqualTo(c.bestLoss());
    assertThat(d.bestParameters().keySet()).isEqualTo(c.parameters().keySet());
    for (Map.Entry<String, INDArray> e : c.parameters().entrySet()) {
      assertThat(d.parameters().get(e.getKey()).data().asFloat()).containsExactly(e.getValue().data().asFloat());
      assertThat(d.parameters().get(e.getKey()).shape()).containsExactly(e.getValue().shape());
    }
    assertThat(d.optimizer().data().asFloat()).containsExactly(c.optimizer().data().asFloat());
    assertThat(d.history()).isEqualTo(c.history());
  }

  /** {@code c} with {@code state} in place of its running statistics. */
  private static CheckpointCodec.Contents withState(CheckpointCodec.Contents c,
      Map<String, INDArray> state) {
    return new CheckpointCodec.Contents(c.modelConfig(), c.trainingOptions(), c.epoch(), c.step(),
        c.history(), c.bestEpoch(), c.bestLoss(), c.epochsWithoutImprovement(), c.parameters(),
        c.optimizer(), c.bestParameters(), state, c.bestState());
  }

  @Test
  void aBatchNormCheckpointsRunningStatisticsAreCheckedNamingTheArray(@TempDir Path dir)
      throws IOException {
    try (Vae vae = ResumeTest.bnVae()) {
      vae.fit(ResumeTest.images(6, 1), TrainingOptions.builder().epochs(1).batchSize(3)
          .checkpoints(dir).build());
    }
    CheckpointCodec.Contents c = CheckpointCodec.read(dir.resolve(CheckpointCodec.fileName(1)));
    assertThat(c.state()).hasSize(8);
    assertThat(c.bestState()).isEmpty();
    Path copy = dir.resolve("copy.zip");
    CheckpointCodec.write(copy, c);
    CheckpointCodec.Contents d = CheckpointCodec.read(copy);
    for (Map.Entry<String, INDArray> e : c.state().entrySet()) {
      assertThat(d.state().get(e.getKey()).data().asFloat()).as(e.getKey())
          .containsExactly(e.getValue().data().asFloat());
    }

    Map<String, INDArray> negative = new java.util.LinkedHashMap<>(c.state());
    negative.put("dec_bn0_runningVar", Nd4j.createFromArray(0.5f, 1f, -2f, 1f));
    Path bad = dir.resolve("negative.zip");
    CheckpointCodec.write(bad, withState(c, negative));
    assertThatThrownBy(() -> CheckpointCodec.read(bad)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("array dec_bn0_runningVar (a batch-norm running variance) must"
            + " hold finite values >= 0, got -2.0 at index 2");

    Map<String, INDArray> missing = new java.util.LinkedHashMap<>(c.state());
    missing.remove("enc_bn1_runningMean");
    Path gone = dir.resolve("missing.zip");
    CheckpointCodec.write(gone, withState(c, missing));
    assertThatThrownBy(() -> CheckpointCodec.read(gone)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("array state:enc_bn1_runningMean of shape [4] is missing");

    Map<String, INDArray> shape = new java.util.LinkedHashMap<>(c.state());
    shape.put("enc_bn0_runningMean", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 7));
    Path wrong = dir.resolve("shape.zip");
    CheckpointCodec.write(wrong, withState(c, shape));
    assertThatThrownBy(() -> CheckpointCodec.read(wrong)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("array state:enc_bn0_runningMean must have shape [3]");
  }
}
