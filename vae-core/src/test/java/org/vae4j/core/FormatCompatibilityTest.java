package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.train.CheckpointFile;
import org.vae4j.core.train.TrainingOptions;

/**
 * Files written by an earlier build stay readable and mean the same thing. The resources under
 * {@code compat/} were written once (2026-11-22) by a tiny MLP VAE (input 1×4×4, hidden 3, latent
 * 2, BCE, seed 5) trained 2 epochs (batch 4, seed 3, checkpoints on) on 12 fixed inputs:
 * {@code vae-mlp-format1.zip} (model format 1) after epoch 2, the recorded {@code encodeMean} and
 * {@code decode} outputs, and {@code checkpoint-format2-epoch-00001.zip} (checkpoint format 2)
 * after epoch 1. When a format version changes on purpose, these files are regenerated and the old
 * ones kept to test the rejection message. The program that wrote them is {@code
 * compat/GenCompat.java.txt}.
 */
class FormatCompatibilityTest {

  /** The 12 training inputs: SplittableRandom(11).nextDouble() as float, shape [12, 1, 4, 4]. */
  private static INDArray inputs() {
    float[] xv = new float[12 * 16];
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < xv.length; i++) {
      xv[i] = (float) r.nextDouble();
    }
    return Nd4j.create(xv, new long[] {12, 1, 4, 4}, 'c');
  }

  private static Path resource(String name, Path dir) throws IOException {
    Path out = dir.resolve(name);
    try (InputStream in = FormatCompatibilityTest.class.getResourceAsStream("/compat/" + name)) {
      assertThat(in).as("test resource compat/%s", name).isNotNull();
      Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  /** The float list recorded after {@code key} in the expected-outputs file. */
  private static float[] expected(Path file, String key) throws IOException {
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith(key + " ")) {
        String list = line.substring(key.length() + 2, line.lastIndexOf(']'));
        String[] parts = list.split(",\\s*");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
          v[i] = Float.parseFloat(parts[i]);
        }
        return v;
      }
    }
    throw new AssertionError("no line '" + key + " [...]' in " + file);
  }

  private static void assertClose(float[] actual, float[] expected, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("%s[%d] of %s", what, i, Arrays.toString(actual))
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void aModelSavedInFormat1LoadsAndComputesWhatItDidWhenSaved(@TempDir Path dir) throws IOException {
    Path model = resource("vae-mlp-format1.zip", dir);
    Path outputs = resource("vae-mlp-format1.expected.txt", dir);
    try (Vae vae = Vae.load(model)) {
      assertThat(vae.config().hidden()).containsExactly(3);
      assertThat(vae.config().latentDim()).isEqualTo(2);
      INDArray probe = inputs().get(NDArrayIndex.interval(0, 3));
      assertClose(vae.encodeMean(probe).dup('c').data().asFloat(), expected(outputs, "encodeMean"),
          "encodeMean");
      INDArray z = Nd4j.create(new float[] {0.5f, -1f, 0f, 0.25f}, new long[] {2, 2}, 'c');
      assertClose(vae.decode(z).dup('c').data().asFloat(),
          expected(outputs, "decode([[0.5,-1],[0,0.25]])"), "decode");
    }
  }

  @Test
  void aCheckpointWrittenInFormat2ResumesToTheModelTheUninterruptedRunSaved(@TempDir Path dir)
      throws IOException {
    Path checkpoint = resource("checkpoint-format2-epoch-00001.zip", dir);
    Path model = resource("vae-mlp-format1.zip", dir);
    CheckpointFile c = CheckpointFile.read(checkpoint);
    assertThat(c.epoch()).isEqualTo(1);
    assertThat(c.step()).isEqualTo(3);
    TrainingOptions training = c.trainingOptions().toBuilder().checkpoints(dir.resolve("more")).build();
    try (Vae resumed = Vae.fromConfig(c.modelConfig()); Vae saved = Vae.load(model)) {
      resumed.resume(checkpoint, inputs(), null, training);
      INDArray probe = inputs().get(NDArrayIndex.interval(0, 3));
      assertClose(resumed.encodeMean(probe).dup('c').data().asFloat(),
          saved.encodeMean(probe).dup('c').data().asFloat(), "encodeMean after resume");
      resumed.network().parameters().valuesByName().forEach((name, p) -> assertClose(
          p.dup('c').data().asFloat(),
          saved.network().parameters().get(name).value().dup('c').data().asFloat(), "parameter " + name));
    }
  }
}
