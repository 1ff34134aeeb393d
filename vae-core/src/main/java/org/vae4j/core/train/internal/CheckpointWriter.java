package org.vae4j.core.train.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the checkpoints of one training run into the one directory the run was given, and
 * prunes only what it wrote: after each write, the oldest files <em>this run</em> wrote beyond the
 * newest {@code keep} are deleted; checkpoints that were there before (another run's, or those of
 * the run being resumed) are never deleted. Before its first write it deletes the temporary files
 * that killed checkpoint writes left in the directory ({@code .checkpoint-epoch-N.zip.*.tmp},
 * the names {@link org.vae4j.api.io.AtomicFiles} gives them), logging each one. One run per
 * directory at a time: a second run writing into the same directory may lose its temporary file.
 */
final class CheckpointWriter {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);
  private static final Pattern STALE = Pattern.compile("\\.checkpoint-epoch-\\d+\\.zip\\..+\\.tmp");

  private final Path directory;
  private final int keep;
  private final Deque<Path> written = new ArrayDeque<>();
  private boolean cleaned;

  CheckpointWriter(Path directory, int keep) {
    this.directory = Objects.requireNonNull(directory, "directory");
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1, got " + keep);
    }
    this.keep = keep;
  }

  /** Writes the checkpoint of {@code epoch} atomically, then prunes this run's older ones. */
  Path write(int epoch, CheckpointCodec.Contents contents) throws IOException {
    if (!cleaned) {
      removeStaleTemporaryFiles(directory);
      cleaned = true;
    }
    Path file = directory.resolve(CheckpointCodec.fileName(epoch));
    CheckpointCodec.write(file, contents);
    written.remove(file);
    written.addLast(file);
    while (written.size() > keep) {
      Files.deleteIfExists(written.removeFirst());
    }
    return file;
  }

  /** The files this run wrote and still keeps, oldest first. */
  List<Path> written() {
    return List.copyOf(written);
  }

  /**
   * Deletes the temporary files of interrupted checkpoint writes in {@code directory} (nothing
   * else) and returns them.
   */
  static List<Path> removeStaleTemporaryFiles(Path directory) throws IOException {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return removed;
    }
    List<Path> stale;
    try (Stream<Path> s = Files.list(directory)) {
      stale = s.filter(p -> STALE.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
    }
    for (Path p : stale) {
      if (Files.deleteIfExists(p)) {
        LOG.warn("Deleted {}, left by an interrupted checkpoint write", p);
        removed.add(p);
      }
    }
    return removed;
  }
}
