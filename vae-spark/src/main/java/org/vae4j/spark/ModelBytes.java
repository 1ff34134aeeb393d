package org.vae4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A vae4j model as bytes: vae4j's model file format, written and read through a temporary
 * directory because the models save to and load from files only. The directory is created in
 * {@code java.io.tmpdir}, holds nothing else, and is deleted before these methods return.
 */
final class ModelBytes {

  /** Saves a model to a file, as {@code Vae::save}. */
  @FunctionalInterface
  interface Saver {
    void save(Path file) throws IOException;
  }

  /** Loads a model from a file, as {@code Vae::load}. */
  @FunctionalInterface
  interface Loader<T> {
    T load(Path file) throws IOException;
  }

  private static final String FILE_NAME = "model.vae4j";

  private ModelBytes() {}

  /** The bytes of the model file that {@code saver} writes. */
  static byte[] write(Saver saver) throws IOException {
    return inTempDirectory(file -> {
      saver.save(file);
      return Files.readAllBytes(file);
    });
  }

  /** The model that {@code loader} reads from a file holding {@code bytes}. */
  static <T> T read(byte[] bytes, Loader<T> loader) throws IOException {
    return inTempDirectory(file -> {
      Files.write(file, bytes);
      return loader.load(file);
    });
  }

  /** Runs {@code body} on a file name in a new temporary directory, then deletes the directory. */
  private static <T> T inTempDirectory(Loader<T> body) throws IOException {
    Path dir = Files.createTempDirectory("vae4j-spark-");
    T result;
    try {
      result = body.load(dir.resolve(FILE_NAME));
    } catch (Throwable t) {
      try {
        deleteTree(dir);
      } catch (IOException | RuntimeException e) {
        t.addSuppressed(e);
      }
      throw t;
    }
    deleteTree(dir);
    return result;
  }

  /** The SHA-256 of {@code bytes} in hexadecimal: the identity of a model's content. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
