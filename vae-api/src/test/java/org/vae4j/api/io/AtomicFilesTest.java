package org.vae4j.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void writesContentAndLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("sub/out.txt");
    AtomicFiles.writeString(target, "hello");
    assertThat(target).hasContent("hello");
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void failedWriteKeepsOldContentAndRemovesTemporaryFile() throws IOException {
    Path target = dir.resolve("out.txt");
    AtomicFiles.writeString(target, "old");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
          out.write("partial".getBytes());
          throw new IOException("disk full");
        }))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
    assertThat(target).hasContent("old");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void newFilesAreReadableByOthersAndReplacementsKeepTheirPermissions() throws IOException {
    Path target = dir.resolve("picture.png");
    AtomicFiles.writeString(target, "one");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.writeString(target, "two");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-rw----");
  }

  @Test
  void refusesToOverwriteADirectory() throws IOException {
    Path target = Files.createDirectory(dir.resolve("d"));
    assertThatThrownBy(() -> AtomicFiles.writeString(target, "x"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is a directory");
  }
}
