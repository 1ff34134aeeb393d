package org.vae4j.samples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Lets tests of other packages write a generated folder. */
public final class ImageFolderGeneratorAccess {

  private ImageFolderGeneratorAccess() {}

  /** {@code n} images of {@code size} pixels into {@code out}, glyphs if fonts exist. */
  public static void write(Path out, int n, int size, long seed, PrintStream log)
      throws IOException {
    new ImageFolderGenerator(size, ImageFolderGenerator.fonts(ImageFolderGenerator.FONT_DIR, 4))
        .write(out, n, seed, log);
  }

  /** {@code n} images of {@code size} pixels into {@code out}, quietly; returns {@code out}. */
  public static Path folder(String out, int n, int size) throws IOException {
    Path dir = Path.of(out);
    write(dir, n, size, 1L, new PrintStream(PrintStream.nullOutputStream()));
    return dir;
  }
}
