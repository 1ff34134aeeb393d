package org.vae4j.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.LatentDecoder;
import org.vae4j.api.LatentEncoder;

/**
 * A latent interpolation as a strip (one row of images) and as an animated GIF that plays the path
 * forward and back and loops forever.
 *
 * <pre>{@code
 * // from an already decoded path, e.g. model.interpolate(x1, x2, 10)
 * InterpolationRenderer.of(model.interpolate(x1, x2, 10)).writeStripPng(Path.of("strip.png"));
 * // or encode two inputs, walk the straight line between their means, and decode
 * InterpolationRenderer.between(encoder, decoder, x1, x2, 12)
 *     .scale(4).frameDelayMillis(80).writeGif(Path.of("morph.gif"));
 * }</pre>
 *
 * <p>The GIF holds the frames {@code 0, 1, ..., n-1, n-2, ..., 1} (2n - 2 frames for n &gt;= 2),
 * so the loop has no jump. GIF delays are in hundredths of a second: the delay is rounded to the
 * nearest 10 ms.
 */
public final class InterpolationRenderer {

  private final INDArray frames;
  private long[] imageShape;
  private int scale = 2;
  private int spacing = 2;
  private int delayMillis = 100;

  private InterpolationRenderer(INDArray frames) {
    this.frames = frames;
  }

  /** A path that is already decoded: {@code [steps, C, H, W]} (or any batch {@link ImageGrid} accepts). */
  public static InterpolationRenderer of(INDArray decodedPath) {
    Objects.requireNonNull(decodedPath, "decodedPath");
    if (decodedPath.rank() < 2 || decodedPath.size(0) < 2) {
      throw new IllegalArgumentException(
          "decodedPath must hold at least 2 images [steps, ...], got shape "
              + Arrays.toString(decodedPath.shape()));
    }
    return new InterpolationRenderer(decodedPath);
  }

  /**
   * Encodes {@code x1} and {@code x2} (each {@code [dataShape...]} or {@code [1, dataShape...]}) to
   * their posterior means, decodes {@code steps} (2 to 100) evenly spaced points on the straight
   * line between them, ends included.
   */
  public static InterpolationRenderer between(
      LatentEncoder encoder, LatentDecoder decoder, INDArray x1, INDArray x2, int steps) {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(decoder, "decoder");
    if (encoder.latentDim() != decoder.latentDim()) {
      throw new IllegalArgumentException(
          "decoder.latentDim() must equal encoder.latentDim() = " + encoder.latentDim() + ", got "
              + decoder.latentDim());
    }
    if (steps < 2 || steps > 100) {
      throw new IllegalArgumentException("steps must be in [2, 100], got " + steps);
    }
    double[] a = encodeOne(encoder, x1, "x1");
    double[] b = encodeOne(encoder, x2, "x2");
    double[][] z = linearPath(a, b, steps);
    Pixels.imageShape(decoder.dataShape(), "decoder.dataShape()");
    INDArray decoded = Decoding.decodeArray(decoder, z);
    InterpolationRenderer renderer = new InterpolationRenderer(decoded);
    renderer.imageShape = decoder.dataShape();
    return renderer;
  }

  private static double[] encodeOne(LatentEncoder encoder, INDArray x, String name) {
    Objects.requireNonNull(x, name);
    long[] shape = encoder.dataShape();
    long[] single = new long[shape.length + 1];
    single[0] = 1;
    System.arraycopy(shape, 0, single, 1, shape.length);
    boolean bare = Arrays.equals(x.shape(), shape);
    if (!bare && !Arrays.equals(x.shape(), single)) {
      throw new IllegalArgumentException(
          name + " must have shape " + Arrays.toString(shape) + " or " + Arrays.toString(single)
              + ", got " + Arrays.toString(x.shape()));
    }
    INDArray batch = bare ? x.reshape(single) : x;
    return encoder.encodeMean(batch).toDoubleVector();
  }

  /** {@code steps} points from {@code a} to {@code b}, both included, evenly spaced. */
  static double[][] linearPath(double[] a, double[] b, int steps) {
    double[][] z = new double[steps][a.length];
    for (int i = 0; i < steps; i++) {
      double t = (double) i / (steps - 1);
      for (int d = 0; d < a.length; d++) {
        z[i][d] = i == steps - 1 ? b[d] : a[d] + t * (b[d] - a[d]);
      }
    }
    return z;
  }

  /** The shape of one image when the path is flat {@code [steps, D]}. */
  public InterpolationRenderer imageShape(long... shape) {
    Pixels.imageShape(shape, "imageShape");
    this.imageShape = shape.clone();
    return this;
  }

  /** Nearest-neighbour upscale factor, 1 to 64 (default 2), for the strip and the GIF. */
  public InterpolationRenderer scale(int scale) {
    this.scale = Pixels.checkScale(scale);
    return this;
  }

  /** Pixels between the images of the strip, 0 to 64 (default 2). */
  public InterpolationRenderer spacing(int spacing) {
    this.spacing = Canvas.checkSpacing(spacing);
    return this;
  }

  /** How long each GIF frame shows, 10 to 60,000 ms, rounded to 10 ms (default 100). */
  public InterpolationRenderer frameDelayMillis(int millis) {
    if (millis < 10 || millis > 60_000) {
      throw new IllegalArgumentException("frameDelayMillis must be in [10, 60000], got " + millis);
    }
    this.delayMillis = millis;
    return this;
  }

  /** The decoded images along the path, upscaled, in order. */
  public List<BufferedImage> images() {
    Pixels.ImageShape shape = Pixels.shapeOfBatch(frames, imageShape, "decodedPath");
    Canvas.checkGrid(frames.size(0), frames.size(0), shape, scale, spacing);
    return List.of(Pixels.upscaleAll(Pixels.tiles(frames, shape, "decodedPath"), scale));
  }

  /** The GIF's frames: the path forward, then back without repeating the ends. */
  public List<BufferedImage> gifFrames() {
    List<BufferedImage> forward = images();
    List<BufferedImage> out = new ArrayList<>(forward);
    for (int i = forward.size() - 2; i >= 1; i--) {
      out.add(forward.get(i));
    }
    return out;
  }

  /** The path as one row of images. */
  public BufferedImage renderStrip() {
    BufferedImage[] tiles = images().toArray(new BufferedImage[0]);
    return Canvas.compose(Canvas.rowsOf(tiles, tiles.length), spacing, Canvas.SPACING, null, null, null).image();
  }

  /** Writes the strip as a PNG, atomically. */
  public void writeStripPng(Path file) throws IOException {
    ImageFiles.writePng(renderStrip(), file);
  }

  /** Writes the forward-and-back animation as a looping GIF, atomically. */
  public void writeGif(Path file) throws IOException {
    ImageFiles.writeGif(gifFrames(), Math.round(delayMillis / 10.0f), file);
  }
}
