package org.vae4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.w3c.dom.Node;

class InterpolationRendererTest {

  @TempDir Path dir;

  /** A path of n gray images whose level rises with the step, plus a mark at the step's column. */
  private static INDArray path(int n) {
    INDArray x = Nd4j.zeros(n, 1, 4, n);
    for (int i = 0; i < n; i++) {
      x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(i / (double) n);
      x.putScalar(new long[] {i, 0, 1, i}, 1.0);
    }
    return x;
  }

  record Gif(List<BufferedImage> frames, List<Integer> delays, boolean loopsForever) {}

  private static Gif readGif(Path file) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(in);
      int n = reader.getNumImages(true);
      List<BufferedImage> frames = new ArrayList<>();
      List<Integer> delays = new ArrayList<>();
      boolean loops = false;
      for (int i = 0; i < n; i++) {
        frames.add(reader.read(i));
        IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
        for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
          if (c.getNodeName().equals("GraphicControlExtension")) {
            delays.add(Integer.parseInt(((IIOMetadataNode) c).getAttribute("delayTime")));
          }
          if (c.getNodeName().equals("ApplicationExtensions")) {
            for (Node a = c.getFirstChild(); a != null; a = a.getNextSibling()) {
              IIOMetadataNode app = (IIOMetadataNode) a;
              byte[] data = (byte[]) app.getUserObject();
              loops |= app.getAttribute("applicationID").equals("NETSCAPE")
                  && app.getAttribute("authenticationCode").equals("2.0")
                  && data.length == 3 && data[0] == 1 && data[1] == 0 && data[2] == 0;
            }
          }
        }
      }
      return new Gif(frames, delays, loops);
    } finally {
      reader.dispose();
    }
  }

  @Test
  void stripTilesEqualTheDecodedPathInOrder() throws IOException {
    INDArray p = path(5);
    Path file = dir.resolve("strip.png");
    InterpolationRenderer.of(p).scale(2).spacing(1).writeStripPng(file);
    BufferedImage img = TestImages.read(file);
    assertThat(img.getWidth()).isEqualTo(Canvas.extent(5, 10, 1));
    assertThat(img.getHeight()).isEqualTo(Canvas.extent(1, 8, 1));
    BufferedImage[] tiles = Pixels.upscaleAll(Pixels.tiles(p, new Pixels.ImageShape(1, 4, 5), "p"), 2);
    for (int i = 0; i < 5; i++) {
      assertThat(TestImages.regionEquals(img, 1 + i * 11, 1, tiles[i])).as("step %d", i).isTrue();
    }
  }

  @Test
  void gifPlaysForwardThenBackLoopsForeverWithTheChosenDelay() throws IOException {
    INDArray p = path(4);
    Path file = dir.resolve("morph.gif");
    InterpolationRenderer.of(p).scale(3).frameDelayMillis(70).writeGif(file);
    Gif gif = readGif(file);
    BufferedImage[] tiles = Pixels.upscaleAll(Pixels.tiles(p, new Pixels.ImageShape(1, 4, 4), "p"), 3);
    int[] order = {0, 1, 2, 3, 2, 1};
    assertThat(gif.frames()).hasSize(order.length);
    for (int f = 0; f < order.length; f++) {
      assertThat(gif.frames().get(f).getWidth()).isEqualTo(12);
      assertThat(TestImages.regionEquals(gif.frames().get(f), 0, 0, tiles[order[f]])).as("frame %d", f).isTrue();
    }
    assertThat(gif.delays()).containsOnly(7).hasSize(6);
    assertThat(gif.loopsForever()).isTrue();
    assertThat(TestImages.fileCount(dir)).isEqualTo(1);
  }

  @Test
  void twoStepsGiveTwoFrames() throws IOException {
    Path file = dir.resolve("two.gif");
    InterpolationRenderer.of(path(2)).writeGif(file);
    Gif gif = readGif(file);
    assertThat(gif.frames()).hasSize(2);
    assertThat(gif.delays()).containsExactly(10, 10);
  }

  @Test
  void rgbFramesSurviveTheGifExactlyWhenTheyHaveFewColours() throws IOException {
    Stubs.FunctionDecoder decoder = Stubs.rgb(2, 3, 3);
    INDArray frames = decoder.decode(Nd4j.createFromArray(new float[][] {{-2, 1}, {0, 0}, {2, -1}}));
    Path file = dir.resolve("rgb.gif");
    InterpolationRenderer.of(frames).scale(1).writeGif(file);
    Gif gif = readGif(file);
    BufferedImage[] tiles = Pixels.tiles(frames, new Pixels.ImageShape(3, 3, 3), "f");
    assertThat(gif.frames()).hasSize(4);
    assertThat(TestImages.regionEquals(gif.frames().get(2), 0, 0, tiles[2])).isTrue();
    assertThat(TestImages.regionEquals(gif.frames().get(3), 0, 0, tiles[1])).isTrue();
  }

  @Test
  void framesWithManyColoursAreQuantisedButKept() throws IOException {
    INDArray noise = ImageGridTest.randomBatch(3, 3, 20, 20, 12);
    Path file = dir.resolve("noise.gif");
    InterpolationRenderer.of(noise).scale(1).writeGif(file);
    Gif gif = readGif(file);
    assertThat(gif.frames()).hasSize(4);
    BufferedImage expected = Pixels.tiles(noise, new Pixels.ImageShape(3, 20, 20), "n")[1];
    long diff = 0;
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        int a = gif.frames().get(1).getRGB(x, y);
        int b = expected.getRGB(x, y);
        for (int sh = 0; sh <= 16; sh += 8) {
          diff += Math.abs(((a >> sh) & 0xFF) - ((b >> sh) & 0xFF));
        }
      }
    }
    assertThat(diff / (20.0 * 20 * 3)).as("mean quantisation error per channel").isLessThan(40);
  }

  @Test
  void smoothColourFramesKeepTheirColoursInTheGif() throws IOException {
    // a decoded colour path has thousands of colours (here 2304 per frame, spread over two whole
    // channels); the GIF writer's 256-colour palette keeps them close (measured: mean error 5.5
    // levels per channel, worst 20; a median cut gave 4.9 and 32, so the writer's own stays)
    int h = 48;
    int w = 48;
    float[] v = new float[2 * 3 * h * w];
    for (int f = 0; f < 2; f++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int p = y * w + x;
          v[(f * 3) * h * w + p] = x / (w - 1f);
          v[(f * 3 + 1) * h * w + p] = y / (h - 1f);
          v[(f * 3 + 2) * h * w + p] = (float) (0.5 + 0.4 * Math.sin((x + y + 10 * f) / 9.0));
        }
      }
    }
    INDArray frames = Nd4j.create(v, new long[] {2, 3, h, w}, 'c');
    Path file = dir.resolve("smooth.gif");
    InterpolationRenderer.of(frames).scale(1).writeGif(file);
    Gif gif = readGif(file);
    BufferedImage[] expected = Pixels.tiles(frames, new Pixels.ImageShape(3, h, w), "f");
    for (int f = 0; f < 2; f++) {
      long diff = 0;
      int worst = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int a = gif.frames().get(f).getRGB(x, y);
          int b = expected[f].getRGB(x, y);
          for (int sh = 0; sh <= 16; sh += 8) {
            int d = Math.abs(((a >> sh) & 0xFF) - ((b >> sh) & 0xFF));
            diff += d;
            worst = Math.max(worst, d);
          }
        }
      }
      assertThat(diff / (h * w * 3.0)).as("mean error per channel, frame %d", f).isLessThan(8);
      assertThat(worst).as("largest error of a channel, frame %d", f).isLessThan(32);
    }
  }

  @Test
  void betweenDecodesTheStraightLineBetweenTheEncodedMeans() {
    Stubs.FirstPixelsEncoder encoder = new Stubs.FirstPixelsEncoder(2, new long[] {1, 2, 2});
    Stubs.FunctionDecoder decoder = Stubs.rgb(2, 2, 2);
    INDArray x1 = Nd4j.createFromArray(new float[] {-1f, 2f, 0f, 0f}).reshape(1, 2, 2);
    INDArray x2 = Nd4j.createFromArray(new float[] {3f, -2f, 0f, 0f}).reshape(1, 1, 2, 2);
    List<BufferedImage> images = InterpolationRenderer.between(encoder, decoder, x1, x2, 5).scale(1).images();
    double[][] z = decoder.calls.get(0);
    assertThat(z).hasNumberOfRows(5);
    assertThat(z[0]).containsExactly(-1, 2);
    assertThat(z[2]).containsExactly(1, 0);
    assertThat(z[4]).containsExactly(3, -2);
    assertThat(images).hasSize(5);
    assertThat((images.get(4).getRGB(0, 0) >> 16) & 0xFF).isEqualTo(Pixels.toLevel(Stubs.sigmoid(3)));
  }

  @Test
  void linearPathHasExactEnds() {
    double[][] z = InterpolationRenderer.linearPath(new double[] {0.1, -7}, new double[] {0.3, 5}, 7);
    assertThat(z[0]).containsExactly(0.1, -7);
    assertThat(z[6]).containsExactly(0.3, 5);
    assertThat(z[3][1]).isEqualTo(-1);
  }

  @Test
  void rejectsBadInputNamingIt() {
    Stubs.FirstPixelsEncoder encoder = new Stubs.FirstPixelsEncoder(2, new long[] {1, 2, 2});
    Stubs.FunctionDecoder decoder = Stubs.rgb(2, 2, 2);
    INDArray ok = Nd4j.zeros(1, 2, 2);
    assertThatThrownBy(() -> InterpolationRenderer.between(encoder, decoder, ok, Nd4j.zeros(1, 3, 3), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x2 must have shape [1, 2, 2] or [1, 1, 2, 2], got [1, 3, 3]");
    assertThatThrownBy(() -> InterpolationRenderer.between(encoder, decoder, ok, ok, 1))
        .hasMessage("steps must be in [2, 100], got 1");
    assertThatThrownBy(() -> InterpolationRenderer.between(encoder, Stubs.rgb(3, 2, 2), ok, ok, 3))
        .hasMessageContaining("decoder.latentDim() must equal encoder.latentDim() = 2, got 3");
    assertThatThrownBy(() -> InterpolationRenderer.of(Nd4j.zeros(1, 1, 2, 2)))
        .hasMessageContaining("at least 2 images");
    assertThatThrownBy(() -> InterpolationRenderer.of(path(3)).frameDelayMillis(5))
        .hasMessage("frameDelayMillis must be in [10, 60000], got 5");
  }

  @Test
  void aDecoderReturningTooFewImagesIsReported() {
    Stubs.FirstPixelsEncoder encoder = new Stubs.FirstPixelsEncoder(2, new long[] {1, 2, 2});
    Stubs.FunctionDecoder shortChanging = new Stubs.FunctionDecoder(2, new long[] {1, 2, 2}, z -> new double[4]) {
      @Override
      public INDArray decode(INDArray z) {
        return super.decode(z.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)));
      }
    };
    INDArray x = Nd4j.zeros(1, 2, 2);
    assertThatThrownBy(() -> InterpolationRenderer.between(encoder, shortChanging, x, x, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decoder must return [4, 1, 2, 2], got [2, 1, 2, 2]");
  }

  @Test
  void aFailedGifLeavesNoFile() throws IOException {
    INDArray p = path(3);
    p.putScalar(new long[] {2, 0, 0, 0}, Double.NaN);
    Path file = dir.resolve("bad.gif");
    assertThatThrownBy(() -> InterpolationRenderer.of(p).writeGif(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image 2");
    assertThat(TestImages.fileCount(dir)).isZero();
  }
}
