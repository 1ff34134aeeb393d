package org.vae4j.api.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Writes files so that a crash never leaves a half-written file under the real name: the content
 * goes to a temporary file in the same directory, which is then renamed over the target. On any
 * failure the temporary file is deleted and the target is left as it was.
 */
public final class AtomicFiles {

  /** Writes content to a stream; may throw {@link IOException}. */
  @FunctionalInterface
  public interface StreamWriter {
    /** Writes the whole content to {@code out}; does not need to close it. */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes {@code target} atomically through {@code writer}. Parent directories are created.
   *
   * @throws IOException naming the target when the directory is not writable or the writer fails
   */
  public static void write(Path target, StreamWriter writer) throws IOException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(writer, "writer");
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      throw new IOException("cannot write " + absolute + ": it is a directory");
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    try {
      setOrdinaryPermissions(tmp, absolute);
      try (OutputStream out = Files.newOutputStream(tmp)) {
        writer.writeTo(out);
      }
      moveIntoPlace(tmp, absolute);
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** Writes a UTF-8 string to {@code target} atomically. */
  public static void writeString(Path target, String content) throws IOException {
    Objects.requireNonNull(content, "content");
    write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Temporary files are created owner-only (0600); give the result the permissions of the file it
   * replaces, or those of an ordinary new file (0644), where the file system has POSIX permissions.
   */
  private static void setOrdinaryPermissions(Path tmp, Path target) throws IOException {
    if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> perms = Files.exists(target)
        ? Files.getPosixFilePermissions(target)
        : PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(tmp, perms);
  }

  /**
   * Moves an already complete file {@code source} (for example a verified download) onto {@code
   * target}, atomically where the file system allows it, replacing any existing file.
   */
  public static void moveIntoPlace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
