package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.vae4j.api.training.TrainingHistory;

/** Checks of the files the programs write. */
public final class Pictures {

  private Pictures() {}

  /** Reads a PNG and checks that it is at least {@code minWidth × minHeight}. */
  public static BufferedImage png(Path file, int minWidth, int minHeight) throws IOException {
    assertThat(file).isRegularFile();
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).as("%s is a readable image", file).isNotNull();
    assertThat(image.getWidth()).as("width of %s", file).isGreaterThanOrEqualTo(minWidth);
    assertThat(image.getHeight()).as("height of %s", file).isGreaterThanOrEqualTo(minHeight);
    byte[] bytes = Files.readAllBytes(file);
    assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
        .as("PNG signature of %s", file).isEqualTo("PNG");
    return image;
  }

  /** Reads a GIF and returns its number of frames (checked >= minFrames). */
  public static int gif(Path file, int minFrames) throws IOException {
    assertThat(file).isRegularFile();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      assertThat(readers.hasNext()).as("%s has an image reader", file).isTrue();
      ImageReader reader = readers.next();
      assertThat(reader.getFormatName()).isEqualToIgnoringCase("gif");
      reader.setInput(in);
      int frames = reader.getNumImages(true);
      assertThat(frames).as("frames of %s", file).isGreaterThanOrEqualTo(minFrames);
      assertThat(reader.read(0).getWidth()).isGreaterThan(0);
      reader.dispose();
      return frames;
    }
  }

  /** Parses a history file and checks it has {@code epochs} finite epochs. */
  public static TrainingHistory history(Path file, int epochs) throws IOException {
    assertThat(file).isRegularFile();
    TrainingHistory h = TrainingHistory.fromJson(Files.readString(file));
    assertThat(h.epochs()).hasSize(epochs);
    for (double loss : h.trainLosses()) {
      assertThat(loss).isFinite().isPositive();
    }
    return h;
  }

  /** The MNIST test-set directory of the build (property, environment, default). */
  public static Path mnistDir() {
    String p = System.getProperty("vae4j.mnist.dir");
    if (p != null && !p.isBlank()) {
      return Path.of(p);
    }
    String e = System.getenv("VAE4J_MNIST_DIR");
    return Path.of(e != null && !e.isBlank() ? e : "/work/shared/datasets/mnist");
  }
}
