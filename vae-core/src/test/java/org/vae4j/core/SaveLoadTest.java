package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.train.TrainingOptions;

/** Save → load round trips and every way a model file can be bad. */
class SaveLoadTest {

  @TempDir
  Path dir;

  @Test
  void loadedVaeGivesBitIdenticalOutputs() throws IOException {
    Path file = dir.resolve("m.vae");
    INDArray x = ModelApiTest.data(4, 1, 6, 6);
    INDArray z = Nd4j.create(new float[] {0.5f, -1f, 2f, 0.25f}, new long[] {2, 2}, 'c');
    try (Vae vae = Vae.builder().convEncoder(2, 3).denseUnits(4).inputShape(1, 6, 6).beta(0.5).seed(3).build()) {
      vae.fit(x, TrainingOptions.builder().epochs(1).batchSize(2).build());
      vae.save(file);
      try (Vae back = Vae.load(file)) {
        assertThat(back.config()).isEqualTo(vae.config());
        assertThat(back.encode(x).mean()).isEqualTo(vae.encode(x).mean());
        assertThat(back.encode(x).logVar()).isEqualTo(vae.encode(x).logVar());
        assertThat(back.decode(z)).isEqualTo(vae.decode(z));
        assertThat(back.sample(3, 9L)).isEqualTo(vae.sample(3, 9L));
      }
    }
    assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("m.vae");
  }

  @Test
  void loadedAutoencoderAndConditionalVaeGiveIdenticalOutputs() throws IOException {
    Path ae = dir.resolve("ae.vae");
    Path cvae = dir.resolve("cvae.vae");
    INDArray x = ModelApiTest.data(3, 10);
    try (Autoencoder a = Autoencoder.builder().mlpEncoder(6).inputShape(10).mseLoss().build();
        ConditionalVae c = ConditionalVae.builder().mlpEncoder(6).inputShape(10).numClasses(3).build()) {
      a.save(ae);
      c.save(cvae);
      try (Autoencoder a2 = Autoencoder.load(ae); ConditionalVae c2 = ConditionalVae.load(cvae)) {
        assertThat(a2.reconstruct(x)).isEqualTo(a.reconstruct(x));
        assertThat(c2.reconstruct(x, new int[] {0, 1, 2})).isEqualTo(c.reconstruct(x, new int[] {0, 1, 2}));
        assertThat(c2.numClasses()).isEqualTo(3);
      }
    }
  }

  @Test
  void anyKindLoadsThroughTheCommonInterfaceAsItsOwnClass() throws IOException {
    INDArray x = ModelApiTest.data(3, 10);
    try (Autoencoder a = Autoencoder.builder().mlpEncoder(6).inputShape(10).seed(1).build();
        Vae v = Vae.builder().mlpEncoder(6).inputShape(10).seed(2).build();
        ConditionalVae c = ConditionalVae.builder().mlpEncoder(6).inputShape(10).numClasses(3)
            .seed(3).build()) {
      for (Vae4jModel m : new Vae4jModel[] {a, v, c}) {
        Path file = dir.resolve(m.config().kind() + ".vae");
        m.save(file);
        try (Vae4jModel back = Vae4jModel.load(file);
            Vae4jModel fresh = Vae4jModel.fromConfig(m.config())) {
          assertThat(back).isExactlyInstanceOf(m.getClass());
          assertThat(fresh).isExactlyInstanceOf(m.getClass());
          assertThat(back.config()).isEqualTo(m.config());
          assertThat(fresh.config()).isEqualTo(m.config());
          if (back instanceof AbstractLatentModel l) {
            assertThat(l.encodeMean(x)).isEqualTo(((AbstractLatentModel) m).encodeMean(x));
          } else {
            assertThat(((ConditionalVae) back).encodeMean(x, new int[] {0, 1, 2}))
                .isEqualTo(c.encodeMean(x, new int[] {0, 1, 2}));
          }
        }
      }
    }
    Path garbage = java.nio.file.Files.writeString(dir.resolve("garbage.vae"), "not a model");
    assertThatThrownBy(() -> Vae4jModel.load(garbage))
        .isInstanceOf(ModelFormatException.class).hasMessageContaining(garbage.toString());
    assertThatThrownBy(() -> Vae4jModel.load(dir.resolve("missing.vae")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void loadingAnotherKindOfModelIsAClearError() throws IOException {
    Path file = dir.resolve("ae.vae");
    try (Autoencoder a = Autoencoder.builder().mlpEncoder(4).inputShape(5).build()) {
      a.save(file);
    }
    assertThatThrownBy(() -> Vae.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("kind AUTOENCODER, expected VAE (use Autoencoder.load");
  }

  @Test
  void truncatedFileIsAClearError() throws IOException {
    Path file = saved();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> Vae.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("truncated or corrupt");
  }

  @Test
  void garbageFileIsAClearError() throws IOException {
    Path file = dir.resolve("garbage.vae");
    Files.writeString(file, "this is not a model");
    assertThatThrownBy(() -> Vae.load(file)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void missingFileIsNoSuchFile() {
    Path file = dir.resolve("none.vae");
    assertThatThrownBy(() -> Vae.load(file)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void unknownFormatVersionIsAClearError() throws IOException {
    Path file = saved();
    rewrite(file, "format-version.txt", old -> "format-version=99\n".getBytes());
    assertThatThrownBy(() -> Vae.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("expected format-version=1, got format-version=99");
  }

  @Test
  void truncatedParameterTableIsAClearError() throws IOException {
    Path file = saved();
    rewrite(file, "parameters.bin", old -> Arrays.copyOf(old, old.length - 40));
    assertThatThrownBy(() -> Vae.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void configThatDoesNotMatchTheParametersIsAClearError() throws IOException {
    Path file = saved();
    rewrite(file, "config.json", old -> new String(old).replace("\"latentDim\" : 2", "\"latentDim\" : 3").getBytes());
    assertThatThrownBy(() -> Vae.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("config and parameters do not match");
  }

  @Test
  void invalidConfigIsAClearError() throws IOException {
    Path file = saved();
    rewrite(file, "config.json", old -> new String(old).replace("\"latentDim\" : 2", "\"latentDim\" : 0").getBytes());
    assertThatThrownBy(() -> Vae.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("latentDim must be >= 1, got 0");
  }

  private Path saved() throws IOException {
    Path file = dir.resolve("v.vae");
    try (Vae vae = Vae.builder().mlpEncoder(4).inputShape(5).latentDim(2).build()) {
      vae.save(file);
    }
    return file;
  }

  private static void rewrite(Path file, String entry, UnaryOperator<byte[]> change) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        try (InputStream in = zip.getInputStream(e)) {
          entries.put(e.getName(), in.readAllBytes());
        }
      }
    }
    assertThat(entries).containsKey(entry);
    entries.put(entry, change.apply(entries.get(entry)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    Files.write(file, bytes.toByteArray());
  }

}
