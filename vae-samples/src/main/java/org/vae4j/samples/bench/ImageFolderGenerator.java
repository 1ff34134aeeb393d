package org.vae4j.samples.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.vae4j.api.io.AtomicFiles;

/**
 * Writes a folder of RGB PNG images for the image-folder benchmark and the docs: {@code n} images
 * of {@code size x size} in ten class folders {@code class0} to {@code class9}. Class {@code k}
 * is the glyph {@code "ABCDEFGHJK".charAt(k)} rendered in a font that Debian packages install
 * under {@code /usr/share/fonts} (TrueType or OpenType files, at most 32 of them, each at most
 * 16 MiB), in a random colour on a random background colour, at a random size, angle and
 * position; without usable fonts the classes are procedural shapes (disc, square, triangle,
 * ring, cross, bars, ...) drawn the same way. The same arguments give the same files.
 *
 * <pre>
 * java -cp ... org.vae4j.samples.bench.ImageFolderGenerator OUT_DIR N [SIZE (64)] [SEED (1)]
 * </pre>
 *
 * <p>{@code OUT_DIR} must be absent or empty; nothing is written outside it, and every file is
 * written to a temporary name and renamed.
 */
public final class ImageFolderGenerator {

  /** The glyphs of the ten classes. */
  static final String GLYPHS = "ABCDEFGHJK";

  /** Where fonts are looked for. */
  static final Path FONT_DIR = Path.of("/usr/share/fonts");

  private final int size;
  private final List<Font> fonts;

  /** A generator of {@code size x size} images drawn with {@code fonts} (empty: shapes). */
  ImageFolderGenerator(int size, List<Font> fonts) {
    if (size < 8 || size > 1024) {
      throw new IllegalArgumentException("size must be in [8, 1024], got " + size);
    }
    this.size = size;
    this.fonts = List.copyOf(fonts);
  }

  /** True when the classes are glyphs (fonts were found), false for procedural shapes. */
  boolean usesFonts() {
    return !fonts.isEmpty();
  }

  /**
   * Up to {@code max} fonts from {@code .ttf}/{@code .otf} regular files under {@code dir} (not
   * following links), in sorted path order; unreadable or oversized files are passed over.
   */
  static List<Font> fonts(Path dir, int max) {
    List<Font> out = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir, 8)) {
      files = s.filter(p -> {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return (n.endsWith(".ttf") || n.endsWith(".otf"))
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
      }).sorted().toList();
    } catch (IOException | RuntimeException e) {
      return out;
    }
    for (Path f : files) {
      if (out.size() >= max) {
        break;
      }
      try {
        if (Files.size(f) > 16L << 20) {
          continue;
        }
        try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
          Font font = Font.createFont(Font.TRUETYPE_FONT, in);
          if (font.canDisplayUpTo(GLYPHS) == -1) {
            out.add(font);
          }
        }
      } catch (IOException | FontFormatException | RuntimeException e) {
        // not a usable font: passed over
      }
    }
    return out;
  }

  /** Image {@code i} of class {@code label}, drawn from a generator seeded by seed and i. */
  BufferedImage image(int label, long seed, int i) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      Color bg = Color.getHSBColor((float) r.nextDouble(), 0.2f + 0.5f * (float) r.nextDouble(),
          0.15f + 0.35f * (float) r.nextDouble());
      Color fg = Color.getHSBColor((float) r.nextDouble(), 0.4f + 0.6f * (float) r.nextDouble(),
          0.7f + 0.3f * (float) r.nextDouble());
      g.setColor(bg);
      g.fillRect(0, 0, size, size);
      double scale = 0.55 + 0.35 * r.nextDouble();
      AffineTransform at = new AffineTransform();
      at.translate(size / 2.0 + (r.nextDouble() - 0.5) * size * 0.2,
          size / 2.0 + (r.nextDouble() - 0.5) * size * 0.2);
      at.rotate((r.nextDouble() - 0.5) * 0.8);
      g.transform(at);
      g.setColor(fg);
      double extent = size * scale;
      if (usesFonts()) {
        Font font = fonts.get(r.nextInt(fonts.size())).deriveFont(Font.PLAIN, (float) extent);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        String s = String.valueOf(GLYPHS.charAt(label));
        g.drawString(s, -fm.stringWidth(s) / 2f, (fm.getAscent() - fm.getDescent()) / 2f);
      } else {
        shape(g, label, extent);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Shape {@code k} of the procedural classes, centred on the origin, about {@code e} wide. */
  private static void shape(Graphics2D g, int k, double e) {
    int h = (int) (e / 2);
    int w = (int) e;
    g.setStroke(new BasicStroke(Math.max(1f, (float) e / 8)));
    switch (k) {
      case 0 -> g.fillOval(-h, -h, w, w);
      case 1 -> g.fillRect(-h, -h, w, w);
      case 2 -> g.fillPolygon(new int[] {-h, h, 0}, new int[] {h, h, -h}, 3);
      case 3 -> g.drawOval(-h, -h, w, w);
      case 4 -> {
        g.drawLine(-h, 0, h, 0);
        g.drawLine(0, -h, 0, h);
      }
      case 5 -> {
        g.drawLine(-h, -h, h, h);
        g.drawLine(-h, h, h, -h);
      }
      case 6 -> {
        for (int y = -h; y <= h; y += Math.max(2, w / 4)) {
          g.drawLine(-h, y, h, y);
        }
      }
      case 7 -> g.fillPolygon(new int[] {0, h, 0, -h}, new int[] {-h, 0, h, 0}, 4);
      case 8 -> g.fillRect(-h, -h / 3, w, Math.max(1, w / 3));
      default -> g.drawRect(-h, -h, w, w);
    }
  }

  /**
   * Writes {@code n} images into {@code out} ({@code class<k>/<index>.png}, class {@code i % 10}
   * for image {@code i}), printing progress to {@code log}.
   *
   * @throws IOException when {@code out} exists and is not an empty directory, or a write fails
   */
  void write(Path out, int n, long seed, PrintStream log) throws IOException {
    if (n < 1 || n > 10_000_000) {
      throw new IllegalArgumentException("n must be in [1, 10000000], got " + n);
    }
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(out + " must be an empty directory or absent, got a file");
      }
      try (Stream<Path> s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          throw new IOException(out + " must be an empty directory or absent, got one with files");
        }
      }
    }
    for (int k = 0; k < GLYPHS.length(); k++) {
      Files.createDirectories(out.resolve("class" + k));
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int label = i % GLYPHS.length();
      BufferedImage img = image(label, seed, i);
      Path file = out.resolve("class" + label).resolve(String.format(Locale.ROOT, "%08d.png", i));
      AtomicFiles.write(file, o -> {
        if (!ImageIO.write(img, "png", o)) {
          throw new IOException("no PNG writer for " + file);
        }
      });
      if ((i + 1) % 5000 == 0 || i + 1 == n) {
        log.printf(Locale.ROOT, "# wrote %d of %d images in %.1f s%n", i + 1, n,
            (System.nanoTime() - t0) / 1e9);
      }
    }
  }

  /** {@code OUT_DIR N [SIZE] [SEED]}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 4) {
      System.err.println("usage: ImageFolderGenerator OUT_DIR N [SIZE (64)] [SEED (1)]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1L;
    ImageFolderGenerator gen = new ImageFolderGenerator(size, fonts(FONT_DIR, 32));
    System.out.printf(Locale.ROOT, "# %d RGB images of %d x %d into %s, classes: %s%n", n, size,
        size, out, gen.usesFonts() ? "glyphs " + GLYPHS + " in " + gen.fonts.size() + " fonts"
            : "procedural shapes (no font under " + FONT_DIR + ")");
    gen.write(out, n, seed, System.out);
  }
}
