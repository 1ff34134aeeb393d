package org.vae4j.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory tree of PNG, JPEG, BMP and GIF files, read as images of one size: every image is
 * scaled so that it covers {@code height x width} (area averaging when shrinking, bilinear when
 * enlarging), centre-cropped, and converted to 1 (grey) or 3 (RGB) channels with values in [0, 1].
 *
 * <pre>{@code
 * ImageFolder folder = ImageFolder.builder(Path.of("photos")).size(64).channels(3).scan();
 * ImageDataset small = folder.load();                        // everything in memory
 * try (ImageFolderIterator batches = folder.iterator(128, 42L)) {
 *   vae.fit(batches, options);                               // decoded lazily, a few threads
 * }
 * }</pre>
 *
 * <p><b>Labels.</b> With {@link Builder#labelsFromFolders()} (the default) every immediate
 * sub-folder of the directory is a class, numbered in the sorted order of the folder names
 * (including folders that hold no image, so that a training and a test folder with the same class
 * folders number them alike); images anywhere below a class folder belong to it. With {@link
 * Builder#unlabelled()} every image of the tree is taken, without labels. Files are in the sorted
 * order of their paths relative to the directory; names starting with a dot are ignored, as are
 * files of other extensions.
 *
 * <p><b>Untrusted folders.</b> Nothing outside the directory is read: a symbolic link is followed
 * only when it points to a file inside the directory (links to directories are not followed), and
 * files are opened without following links. Before anything is decoded, a file's size is checked
 * against {@link Builder#maxFileBytes(long)} and the image's width and height, read from its
 * header, against {@link Builder#maxImagePixels(long)} (a decompression bomb is refused without
 * being decoded); at most {@link Builder#maxFiles(int)} images are listed. A file that breaks a
 * limit, is corrupt or truncated, or is not one of the four formats, is either refused with an
 * {@link ImageFileException} naming it ({@link BadFiles#REFUSE}, the default) or skipped and
 * listed in {@link #skipped()} ({@link BadFiles#SKIP}). Links that leave the directory are always
 * skipped and listed.
 *
 * <p>An {@code ImageFolder} holds the list of files, not their pixels; it is immutable but for the
 * growing list of skipped files, and safe to share between threads.
 */
public final class ImageFolder {
  private static final Logger LOG = LoggerFactory.getLogger(ImageFolder.class);

  /** How deep below the directory files are looked for. */
  static final int MAX_DEPTH = 32;

  /** What to do with a file that cannot be used. */
  public enum BadFiles {
    /** Throw an {@link ImageFileException} naming the file. */
    REFUSE,
    /** Leave the file out and list it in {@link ImageFolder#skipped()}. */
    SKIP
  }

  /**
   * A file that was left out, and why.
   *
   * @param file the file as found under the directory
   * @param reason what is wrong with it
   */
  public record Skipped(Path file, String reason) {}

  private final Path directory;
  private final Options options;
  private final List<Path> files;
  private final List<Path> relative;
  private final int[] labels;
  private final List<String> classNames;
  private final Map<Path, Skipped> skipped;

  private ImageFolder(Path directory, Options options, List<Path> files, List<Path> relative,
      int[] labels, List<String> classNames, List<Skipped> scanSkipped) {
    this(directory, options, files, relative, labels, classNames,
        Collections.synchronizedMap(new LinkedHashMap<>()));
    for (Skipped s : scanSkipped) {
      this.skipped.put(s.file(), s);
    }
  }

  /** A folder over the given files, sharing {@code skipped} (a subset's, with its parent). */
  private ImageFolder(Path directory, Options options, List<Path> files, List<Path> relative,
      int[] labels, List<String> classNames, Map<Path, Skipped> skipped) {
    this.directory = directory;
    this.options = options;
    this.files = List.copyOf(files);
    this.relative = List.copyOf(relative);
    this.labels = labels;
    this.classNames = classNames == null ? null : List.copyOf(classNames);
    this.skipped = skipped;
  }

  /**
   * The images at {@code indices} (into {@link #files()}), in that order, as a folder with this
   * one's directory, settings, class names and skipped list (a file found bad through either is
   * listed in both): a part of a folder to iterate or load without the rest. Nothing is read.
   *
   * @throws IllegalArgumentException when indices is empty or an index is outside [0, size())
   */
  public ImageFolder select(int... indices) {
    Objects.requireNonNull(indices, "indices");
    if (indices.length == 0) {
      throw new IllegalArgumentException("indices must name at least 1 image, got none");
    }
    List<Path> f = new ArrayList<>(indices.length);
    List<Path> r = new ArrayList<>(indices.length);
    int[] l = labels == null ? null : new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int index = indices[i];
      if (index < 0 || index >= files.size()) {
        throw new IllegalArgumentException("indices[" + i + "] must be in [0, " + files.size()
            + ") (the folder's images), got " + index);
      }
      f.add(files.get(index));
      r.add(relative.get(index));
      if (l != null) {
        l[i] = labels[index];
      }
    }
    return new ImageFolder(directory, options, f, r, l, classNames, skipped);
  }

  /** Two disjoint parts of a folder that together list every image once. */
  public record Split(ImageFolder first, ImageFolder second) {}

  /**
   * Shuffles with {@code seed} and cuts, as {@link ImageDataset#split(double, long)} does the
   * decoded images: {@code first} lists {@code round(fraction * size())} images, {@code second}
   * the rest, each in the order of that split, so that {@code split(f, s).second().load()} holds
   * the images of {@code load().split(f, s).second()} (when no file is skipped). Nothing is read.
   *
   * @throws IllegalArgumentException when fraction is outside (0, 1) or a part would be empty
   */
  public Split split(double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
    }
    int n = files.size();
    int k = (int) Math.round(fraction * n);
    if (k < 1 || k >= n) {
      throw new IllegalArgumentException("fraction " + fraction + " of " + n
          + " images leaves an empty part, got " + k + " and " + (n - k));
    }
    int[] order = ImageDataset.permutation(n, seed, 0);
    return new Split(select(Arrays.copyOfRange(order, 0, k)),
        select(Arrays.copyOfRange(order, k, n)));
  }

  /** Starts describing how to read the images under {@code directory}. */
  public static Builder builder(Path directory) {
    return new Builder(Objects.requireNonNull(directory, "directory"));
  }

  /** The settings of a folder, frozen by {@link Builder#scan()}. */
  record Options(int channels, int height, int width, boolean labelled, BadFiles badFiles,
      int maxFiles, long maxFileBytes, long maxImagePixels, int threads) {
    ImageDecoding.Target target() {
      return new ImageDecoding.Target(channels, height, width, maxFileBytes, maxImagePixels);
    }
  }

  /** Settings of an {@link ImageFolder}; {@link #scan()} lists the files. */
  public static final class Builder {
    private final Path directory;
    private int channels = 3;
    private int height = 64;
    private int width = 64;
    private boolean labelled = true;
    private BadFiles badFiles = BadFiles.REFUSE;
    private int maxFiles = 1_000_000;
    private long maxFileBytes = 64L << 20;
    private long maxImagePixels = 1L << 26;
    private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private Builder(Path directory) {
      this.directory = directory;
    }

    /** Square images of {@code side} pixels, 1 to 4096 (default 64). */
    public Builder size(int side) {
      return size(side, side);
    }

    /** Images of {@code height x width} pixels, each 1 to 4096 (default 64 x 64). */
    public Builder size(int height, int width) {
      if (height < 1 || height > 4096) {
        throw new IllegalArgumentException("height must be in [1, 4096], got " + height);
      }
      if (width < 1 || width > 4096) {
        throw new IllegalArgumentException("width must be in [1, 4096], got " + width);
      }
      this.height = height;
      this.width = width;
      return this;
    }

    /** 1 (grey) or 3 (RGB, the default) channels. */
    public Builder channels(int channels) {
      if (channels != 1 && channels != 3) {
        throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
      }
      this.channels = channels;
      return this;
    }

    /** Labels from the immediate sub-folders, in sorted order of their names (the default). */
    public Builder labelsFromFolders() {
      this.labelled = true;
      return this;
    }

    /** No labels: every image of the tree. */
    public Builder unlabelled() {
      this.labelled = false;
      return this;
    }

    /** Refuse (the default) or skip files that cannot be used. */
    public Builder badFiles(BadFiles policy) {
      this.badFiles = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The most image files listed, 1 to 100,000,000 (default 1,000,000). */
    public Builder maxFiles(int maxFiles) {
      if (maxFiles < 1 || maxFiles > 100_000_000) {
        throw new IllegalArgumentException("maxFiles must be in [1, 100000000], got " + maxFiles);
      }
      this.maxFiles = maxFiles;
      return this;
    }

    /** The largest file read, in bytes, 1 to 2^30 (default 64 MiB). */
    public Builder maxFileBytes(long maxFileBytes) {
      if (maxFileBytes < 1 || maxFileBytes > 1L << 30) {
        throw new IllegalArgumentException(
            "maxFileBytes must be in [1, 1073741824], got " + maxFileBytes);
      }
      this.maxFileBytes = maxFileBytes;
      return this;
    }

    /**
     * The most pixels (width x height, from the file's header) of an image decoded, 1 to 2^28
     * (default 2^26 = 67,108,864, for example 8192 x 8192).
     */
    public Builder maxImagePixels(long maxImagePixels) {
      if (maxImagePixels < 1 || maxImagePixels > 1L << 28) {
        throw new IllegalArgumentException(
            "maxImagePixels must be in [1, 268435456], got " + maxImagePixels);
      }
      this.maxImagePixels = maxImagePixels;
      return this;
    }

    /**
     * Decoding threads, 1 to 64 (default the number of processors, at most 4). They are daemon
     * threads that end when idle and when an iterator is closed.
     */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("threads must be in [1, 64], got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Lists the images under the directory (it reads no pixels).
     *
     * @throws NoSuchFileException when the directory does not exist
     * @throws ImageFileException for a bad file under {@link BadFiles#REFUSE}
     * @throws IOException when the directory is not a directory, holds no image, holds more than
     *     {@code maxFiles} images, or cannot be listed
     */
    public ImageFolder scan() throws IOException {
      Options o = new Options(channels, height, width, labelled, badFiles, maxFiles, maxFileBytes,
          maxImagePixels, threads);
      return ImageFolder.scan(directory, o);
    }
  }

  private static boolean hidden(Path name) {
    return name != null && name.toString().startsWith(".");
  }

  static boolean imageExtension(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot > 0 && ImageDecoding.FORMATS.contains(name.substring(dot + 1));
  }

  private static ImageFolder scan(Path directory, Options o) throws IOException {
    Path root = directory.toRealPath();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(directory + " must be a directory of images, got a file");
    }
    List<Skipped> skipped = new ArrayList<>();
    TreeSet<String> classFolders = new TreeSet<>();
    Map<String, Path> found = new java.util.TreeMap<>(); // relative path with '/' -> real file
    Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root) && hidden(dir.getFileName())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (dir.getParent() != null && dir.getParent().equals(root)) {
              classFolders.add(dir.getFileName().toString());
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (hidden(file.getFileName())) {
              return FileVisitResult.CONTINUE;
            }
            Path shown = directory.resolve(root.relativize(file));
            if (attrs.isDirectory()) {
              bad(shown, "is deeper than " + MAX_DEPTH + " folders below " + directory
                  + "; its files are not read", true);
              return FileVisitResult.CONTINUE;
            }
            if (!imageExtension(file)) {
              return FileVisitResult.CONTINUE;
            }
            Path real = file;
            long size = attrs.size();
            if (attrs.isSymbolicLink()) {
              try {
                real = file.toRealPath();
              } catch (IOException e) {
                bad(shown, "is a symbolic link whose target cannot be resolved: " + e, false);
                return FileVisitResult.CONTINUE;
              }
              if (!real.startsWith(root)) {
                bad(shown, "is a symbolic link to " + real + ", outside " + directory
                    + "; not followed", true);
                return FileVisitResult.CONTINUE;
              }
              BasicFileAttributes target = Files.readAttributes(real, BasicFileAttributes.class,
                  LinkOption.NOFOLLOW_LINKS);
              if (!target.isRegularFile()) {
                bad(shown, "is a symbolic link to " + real + ", which is not a file; not followed",
                    true);
                return FileVisitResult.CONTINUE;
              }
              size = target.size();
            } else if (!attrs.isRegularFile()) {
              return FileVisitResult.CONTINUE;
            }
            Path rel = root.relativize(file);
            if (o.labelled() && rel.getNameCount() < 2) {
              bad(shown, "is directly in " + directory + ": with labels from sub-folders every "
                  + "image must be inside a class folder (or read the folder unlabelled)", false);
              return FileVisitResult.CONTINUE;
            }
            if (size > o.maxFileBytes()) {
              bad(shown, "has " + size + " bytes, more than maxFileBytes = " + o.maxFileBytes(),
                  false);
              return FileVisitResult.CONTINUE;
            }
            if (found.size() >= o.maxFiles()) {
              throw new IOException(directory + " must hold at most maxFiles = " + o.maxFiles()
                  + " images, got more");
            }
            found.put(slashed(rel), real);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            Path shown = directory.resolve(root.relativize(file));
            bad(shown, "cannot be read: " + e, false);
            return FileVisitResult.CONTINUE;
          }

          private void bad(Path shown, String reason, boolean alwaysSkip)
              throws ImageFileException {
            if (!alwaysSkip && o.badFiles() == BadFiles.REFUSE) {
              throw new ImageFileException(shown, reason);
            }
            LOG.warn("skipped {}: {}", shown, reason);
            skipped.add(new Skipped(shown, reason));
          }
        });
    if (found.isEmpty()) {
      throw new IOException(directory + " must hold at least 1 PNG, JPEG, BMP or GIF image"
          + (o.labelled() ? " inside a class folder" : "") + ", got none"
          + (skipped.isEmpty() ? "" : " (" + skipped.size() + " skipped, first: "
              + skipped.get(0).file() + " " + skipped.get(0).reason() + ")"));
    }
    List<String> names = new ArrayList<>(found.keySet());
    names.sort(Comparator.naturalOrder());
    List<Path> real = new ArrayList<>(names.size());
    List<Path> rel = new ArrayList<>(names.size());
    int[] labels = o.labelled() ? new int[names.size()] : null;
    List<String> classes = o.labelled() ? new ArrayList<>(classFolders) : null;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      real.add(found.get(name));
      rel.add(Path.of(name));
      if (labels != null) {
        labels[i] = Collections.binarySearch(classes, name.substring(0, name.indexOf('/')));
      }
    }
    return new ImageFolder(directory, o, real, rel, labels, classes, skipped);
  }

  private static String slashed(Path rel) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rel.getNameCount(); i++) {
      if (i > 0) {
        sb.append('/');
      }
      sb.append(rel.getName(i));
    }
    return sb.toString();
  }

  /** The directory, as given. */
  public Path directory() {
    return directory;
  }

  /** Number of images listed (before any is found bad while decoding). */
  public int size() {
    return files.size();
  }

  /** The shape of one image, {@code [C, H, W]}. */
  public long[] imageShape() {
    return new long[] {options.channels(), options.height(), options.width()};
  }

  /** True when labels come from the sub-folders. */
  public boolean hasLabels() {
    return labels != null;
  }

  /** Number of classes: the sub-folders (0 when unlabelled). */
  public int numClasses() {
    return classNames == null ? 0 : classNames.size();
  }

  /** The class names, the sub-folders' names in label order; throws when unlabelled. */
  public List<String> classNames() {
    requireLabels("classNames()");
    return classNames;
  }

  /** The label of every listed image, in file order; throws when unlabelled. A copy. */
  public int[] labels() {
    requireLabels("labels()");
    return labels.clone();
  }

  private void requireLabels(String method) {
    if (labels == null) {
      throw new IllegalStateException(method + " called on an unlabelled image folder");
    }
  }

  /** The listed images' paths relative to the directory, in file (and label) order. */
  public List<Path> files() {
    return relative;
  }

  /**
   * The files left out so far: those found bad while listing, and those found bad while decoding
   * (by {@link #load()} or an iterator) under {@link BadFiles#SKIP}. A snapshot.
   */
  public List<Skipped> skipped() {
    synchronized (skipped) {
      return List.copyOf(skipped.values());
    }
  }

  /**
   * Decodes every image into memory. The result has {@link #size()} images, less those skipped.
   *
   * @throws ImageFileException for a bad file under {@link BadFiles#REFUSE}
   * @throws IOException when every image is bad
   * @throws IllegalArgumentException when the images would not fit in one array (use {@link
   *     #iterator(int, long)})
   */
  public ImageDataset load() throws IOException {
    int per = options.channels() * options.height() * options.width();
    long total = (long) files.size() * per;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(files.size() + " images of " + Arrays.toString(imageShape())
          + " must fit in one array of at most " + (Integer.MAX_VALUE - 8) + " values to load, got "
          + total + "; train from iterator(batchSize, seed) instead");
    }
    int n = files.size();
    float[] pixels = new float[(int) total];
    boolean[] ok = new boolean[n];
    int threads = Math.min(options.threads(), n);
    ExecutorService pool = DecoderThreads.pool(threads);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int from = (int) ((long) n * t / threads);
        final int to = (int) ((long) n * (t + 1) / threads);
        parts.add(pool.submit(() -> {
          for (int i = from; i < to && !Thread.currentThread().isInterrupted(); i++) {
            ok[i] = decodeInto(i, pixels, i * per);
          }
          return null;
        }));
      }
      for (Future<?> part : parts) {
        await(part);
      }
    } finally {
      pool.shutdownNow();
    }
    int kept = 0;
    for (boolean b : ok) {
      kept += b ? 1 : 0;
    }
    if (kept == 0) {
      List<Skipped> s = skipped();
      throw new IOException("no image of " + directory + " could be decoded: " + n + " skipped"
          + (s.isEmpty() ? "" : " (first: " + s.get(0).file() + " " + s.get(0).reason() + ")"));
    }
    float[] out = pixels;
    int[] l = labels;
    if (kept < n) {
      out = new float[kept * per];
      l = labels == null ? null : new int[kept];
      int j = 0;
      for (int i = 0; i < n; i++) {
        if (ok[i]) {
          System.arraycopy(pixels, i * per, out, j * per, per);
          if (l != null) {
            l[j] = labels[i];
          }
          j++;
        }
      }
    }
    return ImageDataset.fromPixels(out, imageShape(), l, numClasses());
  }

  /** Waits for a decoding task, rethrowing its failure. */
  static <T> T await(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while decoding images");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }

  /**
   * Decodes image {@code i} into {@code dst} at {@code offset}: true when it was decoded, false
   * when it is (or was found before to be) bad under {@link BadFiles#SKIP}.
   *
   * @throws UncheckedIOException wrapping the {@link ImageFileException} under {@link
   *     BadFiles#REFUSE}
   */
  boolean decodeInto(int i, float[] dst, int offset) {
    Path shown = directory.resolve(relative.get(i));
    if (skipped.containsKey(shown)) {
      return false;
    }
    try {
      ImageDecoding.decode(files.get(i), shown, options.target(), dst, offset);
      return true;
    } catch (ImageFileException e) {
      if (Thread.currentThread().isInterrupted()) {
        return false; // cancelled (an interrupted read fails): the file is not to blame
      }
      if (options.badFiles() == BadFiles.REFUSE) {
        throw new UncheckedIOException(e);
      }
      String reason = e.getMessage().substring(Math.min(e.getMessage().length(),
          shown.toString().length() + 2));
      if (skipped.putIfAbsent(shown, new Skipped(shown, reason)) == null) {
        LOG.warn("skipped {}: {}", shown, reason);
      }
      return false;
    }
  }

  int label(int i) {
    return labels[i];
  }

  Options options() {
    return options;
  }

  /**
   * Shuffled mini-batches of image-shaped features {@code [b, C, H, W]}, decoded on {@link
   * Builder#threads(int)} daemon threads a few batches ahead of the trainer; see {@link
   * ImageFolderIterator}. Close it to stop its threads.
   *
   * @throws IllegalArgumentException when batchSize is less than 1
   */
  public ImageFolderIterator iterator(int batchSize, long seed) {
    return new ImageFolderIterator(this, batchSize, false, seed);
  }

  /**
   * Like {@link #iterator(int, long)}, with features flattened to {@code [b, C*H*W]} when {@code
   * flat}. The result is a DL4J {@link DataSetIterator}.
   */
  public ImageFolderIterator iterator(int batchSize, boolean flat, long seed) {
    return new ImageFolderIterator(this, batchSize, flat, seed);
  }

  @Override
  public String toString() {
    return "ImageFolder[" + directory + ", " + files.size() + " x " + Arrays.toString(imageShape())
        + (labels == null ? ", unlabelled" : ", " + numClasses() + " classes") + "]";
  }
}
