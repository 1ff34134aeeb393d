package org.vae4j.viz;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.vae4j.api.io.AtomicFiles;

/** Writes pictures atomically (temporary file, then rename): PNG stills and looping GIFs. */
final class ImageFiles {

  private ImageFiles() {}

  /** Writes {@code image} as a PNG to {@code file}, atomically. */
  static void writePng(BufferedImage image, Path file) throws IOException {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(file, "file");
    AtomicFiles.write(file, out -> {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer available for " + file);
      }
    });
  }

  /**
   * Writes an animated GIF that loops forever (NETSCAPE2.0 extension), each frame shown for
   * {@code delayCentis} hundredths of a second. Frames with at most 256 colours are stored exactly.
   */
  static void writeGif(List<BufferedImage> frames, int delayCentis, Path file) throws IOException {
    Objects.requireNonNull(frames, "frames");
    Objects.requireNonNull(file, "file");
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("frames must not be empty, got 0 frames");
    }
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
    if (!writers.hasNext()) {
      throw new IOException("no GIF writer available for " + file);
    }
    ImageWriter writer = writers.next();
    try {
      AtomicFiles.write(file, out -> {
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
          writer.setOutput(ios);
          writer.prepareWriteSequence(null);
          for (int i = 0; i < frames.size(); i++) {
            BufferedImage frame = indexed(frames.get(i));
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta =
                writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
            String format = meta.getNativeMetadataFormatName();
            IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
            IIOMetadataNode gce = child(root, "GraphicControlExtension");
            gce.setAttribute("disposalMethod", "none");
            gce.setAttribute("userInputFlag", "FALSE");
            gce.setAttribute("transparentColorFlag", "FALSE");
            gce.setAttribute("delayTime", Integer.toString(delayCentis));
            gce.setAttribute("transparentColorIndex", "0");
            if (frame.getColorModel() instanceof IndexColorModel icm) {
              setLocalColorTable(root, icm);
            }
            if (i == 0) {
              IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
              app.setAttribute("applicationID", "NETSCAPE");
              app.setAttribute("authenticationCode", "2.0");
              app.setUserObject(new byte[] {1, 0, 0});
              child(root, "ApplicationExtensions").appendChild(app);
            }
            meta.setFromTree(format, root);
            writer.writeToSequence(new IIOImage(frame, null, meta), param);
          }
          writer.endWriteSequence();
        }
      });
    } finally {
      writer.dispose();
    }
  }

  /**
   * Replaces the default local colour table (a generic 256-colour palette, whatever the frame's
   * own palette is) with the frame's palette, so that the stored colours are exact.
   */
  private static void setLocalColorTable(IIOMetadataNode root, IndexColorModel icm) {
    IIOMetadataNode old = child(root, "LocalColorTable");
    IIOMetadataNode table = new IIOMetadataNode("LocalColorTable");
    table.setAttribute("sizeOfLocalColorTable", Integer.toString(icm.getMapSize()));
    table.setAttribute("sortFlag", "FALSE");
    for (int i = 0; i < icm.getMapSize(); i++) {
      IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
      entry.setAttribute("index", Integer.toString(i));
      entry.setAttribute("red", Integer.toString(icm.getRed(i)));
      entry.setAttribute("green", Integer.toString(icm.getGreen(i)));
      entry.setAttribute("blue", Integer.toString(icm.getBlue(i)));
      table.appendChild(entry);
    }
    root.replaceChild(table, old);
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }

  /**
   * The frame as an indexed image with an exact palette when it has at most 256 colours; otherwise
   * the frame itself, which the GIF writer quantises.
   */
  static BufferedImage indexed(BufferedImage rgb) {
    Map<Integer, Integer> palette = new LinkedHashMap<>();
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int c = rgb.getRGB(x, y) & 0xFFFFFF;
        if (!palette.containsKey(c)) {
          if (palette.size() == 256) {
            return rgb;
          }
          palette.put(c, palette.size());
        }
      }
    }
    // The GIF writer mangles palettes whose size is not a power of two, so pad to one.
    int size = 2;
    while (size < palette.size()) {
      size *= 2;
    }
    byte[] r = new byte[size];
    byte[] g = new byte[size];
    byte[] b = new byte[size];
    for (Map.Entry<Integer, Integer> e : palette.entrySet()) {
      int c = e.getKey();
      r[e.getValue()] = (byte) (c >> 16);
      g[e.getValue()] = (byte) (c >> 8);
      b[e.getValue()] = (byte) c;
    }
    IndexColorModel model = new IndexColorModel(8, size, r, g, b);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out.getRaster().setSample(x, y, 0, palette.get(rgb.getRGB(x, y) & 0xFFFFFF));
      }
    }
    return out;
  }
}
