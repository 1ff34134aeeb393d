package org.vae4j.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Lays out equally sized tiles in a grid with spacing, and optionally draws row labels on the
 * left, column labels underneath and a title above. Margins are white with dark text, whatever the
 * grid background is, so labels stay readable.
 */
final class Canvas {

  /** Text colour of labels and titles. */
  static final Color TEXT = new Color(0x20, 0x20, 0x20);
  /** Colour of the margins around the grid. */
  static final Color MARGIN = Color.WHITE;
  /** Default colour of the spacing between tiles: mid-gray, visible next to dark and light images. */
  static final Color SPACING = new Color(0x80, 0x80, 0x80);
  static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
  private static final int PAD = 4;

  /**
   * The most pixels of one picture: 2^25 = 33,554,432 (for example 5792 × 5792; 128 MB as RGB).
   * A 100 × 100 manifold of 28 × 28 digits at scale 2 takes 31.4 million.
   */
  static final long MAX_PIXELS = 1L << 25;

  /** The most pixels on one side of a picture. */
  static final long MAX_SIDE = 1L << 16;

  private Canvas() {}

  /**
   * A composed picture: the image and where the grid starts in it.
   *
   * @param image the whole picture
   * @param gridX left edge of the first tile
   * @param gridY top edge of the first tile
   */
  record Composed(BufferedImage image, int gridX, int gridY) {}

  /** Checks a spacing value: 0 to 64 pixels. */
  static int checkSpacing(int spacing) {
    if (spacing < 0 || spacing > 64) {
      throw new IllegalArgumentException("spacing must be in [0, 64], got " + spacing);
    }
    return spacing;
  }

  /** Size of a bare grid in pixels (spacing between tiles and around the border). */
  static int extent(int count, int tile, int spacing) {
    return count * tile + (count + 1) * spacing;
  }

  /**
   * Checks, before anything is decoded or drawn, that {@code tiles} images of {@code shape}
   * upscaled by {@code scale}, laid out {@code columns} per row with {@code spacing}, make a
   * picture of at most {@link #MAX_PIXELS} pixels and {@link #MAX_SIDE} per side (computed in
   * {@code long} with overflow checks; margins for labels are checked when the picture is
   * composed).
   *
   * @throws IllegalArgumentException naming the picture's size, the images and the limits
   */
  static void checkGrid(long tiles, long columns, Pixels.ImageShape shape, int scale, int spacing) {
    long cols = Math.max(1, Math.min(columns, tiles));
    long rows = (tiles + cols - 1) / cols;
    long tileW = (long) shape.width() * scale;
    long tileH = (long) shape.height() * scale;
    long w;
    long h;
    try {
      w = Math.addExact(Math.multiplyExact(cols, tileW), Math.multiplyExact(cols + 1, spacing));
      h = Math.addExact(Math.multiplyExact(rows, tileH), Math.multiplyExact(rows + 1, spacing));
      checkSize(w, h, " for " + tiles + " images of " + tileW + " x " + tileH + " pixels ("
          + shape.width() + " x " + shape.height() + " at scale " + scale + "), " + cols
          + " per row");
    } catch (ArithmeticException overflow) {
      throw new IllegalArgumentException("picture must have at most " + MAX_PIXELS
          + " pixels and " + MAX_SIDE + " per side, got more than a long can count for " + tiles
          + " images");
    }
  }

  /** Checks the size of a picture against {@link #MAX_PIXELS} and {@link #MAX_SIDE}. */
  static void checkSize(long width, long height, String what) {
    if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
      throw new IllegalArgumentException("picture must have at most " + MAX_PIXELS + " pixels and "
          + MAX_SIDE + " per side, got " + width + " x " + height + what);
    }
  }

  /**
   * Composes {@code cells[row][col]} (a null cell stays background) into one picture.
   *
   * @param rowLabels one per row, or null for none
   * @param columnLabels one per column, or null for none; labels that would overlap are skipped
   * @param title drawn above the grid, or null; each further line (after a {@code '\n'}) is drawn
   *     below the first in the label font, e.g. what a renderer held fixed
   */
  static Composed compose(
      BufferedImage[][] cells,
      int spacing,
      Color background,
      String[] rowLabels,
      String[] columnLabels,
      String title) {
    int rows = cells.length;
    int cols = 0;
    int tileW = 0;
    int tileH = 0;
    for (BufferedImage[] row : cells) {
      cols = Math.max(cols, row.length);
      for (BufferedImage c : row) {
        if (c != null) {
          tileW = c.getWidth();
          tileH = c.getHeight();
        }
      }
    }
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D pg = probe.createGraphics();
    FontMetrics fm = pg.getFontMetrics(FONT);
    FontMetrics tfm = pg.getFontMetrics(TITLE_FONT);
    int left = 0;
    if (rowLabels != null) {
      for (String s : rowLabels) {
        left = Math.max(left, fm.stringWidth(s));
      }
      left += 2 * PAD;
    }
    int bottom = columnLabels != null ? fm.getHeight() + 2 * PAD : 0;
    String[] titleLines = title != null ? title.split("\n") : new String[0];
    int top = titleLines.length == 0 ? 0
        : tfm.getHeight() + (titleLines.length - 1) * fm.getHeight() + 2 * PAD;
    long longW = (long) cols * tileW + (cols + 1L) * spacing + left;
    long longH = (long) rows * tileH + (rows + 1L) * spacing + top + bottom;
    for (int i = 0; i < titleLines.length; i++) {
      FontMetrics m = i == 0 ? tfm : fm;
      longW = Math.max(longW, m.stringWidth(titleLines[i]) + 2L * PAD);
    }
    pg.dispose();
    checkSize(longW, longH, " with its labels");
    int gridW = extent(cols, tileW, spacing);
    int gridH = extent(rows, tileH, spacing);
    int width = (int) longW;
    BufferedImage out = new BufferedImage(width, top + gridH + bottom, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(MARGIN);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.setColor(background);
      g.fillRect(left, top, gridW, gridH);
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cells[r].length; c++) {
          if (cells[r][c] != null) {
            g.drawImage(cells[r][c], left + spacing + c * (tileW + spacing), top + spacing + r * (tileH + spacing), null);
          }
        }
      }
      g.setColor(TEXT);
      int titleBaseline = PAD + tfm.getAscent();
      for (int i = 0; i < titleLines.length; i++) {
        FontMetrics m = i == 0 ? tfm : fm;
        g.setFont(i == 0 ? TITLE_FONT : FONT);
        g.drawString(titleLines[i], Math.max(PAD, (width - m.stringWidth(titleLines[i])) / 2),
            titleBaseline);
        titleBaseline += i == 0 ? tfm.getDescent() + tfm.getLeading() + fm.getAscent()
            : fm.getHeight();
      }
      g.setFont(FONT);
      if (rowLabels != null) {
        int lastBottom = Integer.MIN_VALUE;
        for (int r = 0; r < Math.min(rows, rowLabels.length); r++) {
          int centre = top + spacing + r * (tileH + spacing) + tileH / 2;
          int y0 = centre - fm.getHeight() / 2;
          if (y0 >= lastBottom) {
            g.drawString(rowLabels[r], left - PAD - fm.stringWidth(rowLabels[r]), y0 + fm.getAscent());
            lastBottom = y0 + fm.getHeight();
          }
        }
      }
      if (columnLabels != null) {
        int lastRight = Integer.MIN_VALUE;
        int baseline = top + gridH + PAD + fm.getAscent();
        for (int c = 0; c < Math.min(cols, columnLabels.length); c++) {
          int centre = left + spacing + c * (tileW + spacing) + tileW / 2;
          int w = fm.stringWidth(columnLabels[c]);
          int x0 = Math.max(0, Math.min(out.getWidth() - w, centre - w / 2));
          if (x0 >= lastRight + PAD) {
            g.drawString(columnLabels[c], x0, baseline);
            lastRight = x0 + w;
          }
        }
      }
    } finally {
      g.dispose();
    }
    return new Composed(out, left, top);
  }

  /** Lays out tiles row by row, {@code columns} per row. */
  static BufferedImage[][] rowsOf(BufferedImage[] tiles, int columns) {
    int rows = (tiles.length + columns - 1) / columns;
    BufferedImage[][] cells = new BufferedImage[rows][columns];
    for (int i = 0; i < tiles.length; i++) {
      cells[i / columns][i % columns] = tiles[i];
    }
    return cells;
  }
}
