package org.vae4j.samples.bench;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.io.AtomicFiles;
import org.vae4j.core.Vae;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.ImageFolder;

/**
 * The 64×64 RGB conv VAE of the side-by-side benchmark with the libtorch peer ({@code
 * bench/peer-djl}, model {@code conv64}), its data, and the raw file the peer reads.
 *
 * <p>The model (the PyTorch model-zoo 64×64 colour VAE without batch norm, as vae4j's conv builder
 * expresses it; the peer defines the same layers): encoder Conv(3→32, 4×4, stride 2, pad 1)
 * LeakyReLU(0.2) → Conv(32→64) → Conv(64→128) → Conv(128→256) (64 → 4 pixels a side), flatten,
 * Dense(4096→{@value #DENSE}) LeakyReLU, (mu, logVar) of {@value #LATENT}; decoder
 * Dense({@value #LATENT}→4096) LeakyReLU, reshape to 256×4×4, ConvTranspose(256→256, 4×4, stride
 * 2, pad 1) LeakyReLU → (256→128) → (128→64) → (64→32), Conv(32→3, 3×3, pad 1) to the logits;
 * BCE, batch 128, Adam 1e-3.
 *
 * <p>The raw file ({@code java ... Conv64 IMAGE_DIR RAW_FILE}): the 8 ASCII bytes {@code
 * "VAE4JU8\n"}, then N, C, H, W as big-endian 32-bit integers, then the N×C×H×W pixel values as
 * unsigned bytes in row-major NCHW order ({@code round(255 v)} of the folder's values in [0, 1],
 * which are bytes / 255, so the peer's {@code byte / 255f} gives the same floats).
 */
public final class Conv64 {

  /** The latent size. */
  static final int LATENT = 128;

  /** The dense layer between the conv stack and the latent heads (vae4j's conv path has one). */
  static final int DENSE = 256;

  /** The side of the images. */
  static final int SIDE = 64;

  /** The raw file's first 8 bytes. */
  static final byte[] MAGIC = "VAE4JU8\n".getBytes(StandardCharsets.US_ASCII);

  private Conv64() {}

  /** The model's builder, without loss and seed (the benchmark adds them). */
  static Vae.Builder builder() {
    return Vae.builder().convEncoder(32, 64, 128, 256).convKernel(4).convStride(2)
        .leakyRelu(0.2).denseUnits(DENSE).inputShape(3, SIDE, SIDE).latentDim(LATENT);
  }

  /**
   * The first {@code limit} images of the folder {@code dir} (file order) as {@code [N, 3, 64,
   * 64]} in [0, 1], or all of them when {@code limit} is {@link BenchmarkOptions#TEST_IMAGES} (the
   * default) and the folder holds fewer.
   *
   * @throws IllegalArgumentException when an explicit limit exceeds the folder's images
   */
  static INDArray images(Path dir, int limit) throws IOException {
    ImageDataset data = ImageFolder.builder(dir).size(SIDE).channels(3).unlabelled().scan().load();
    if (limit >= data.size()) {
      if (limit != BenchmarkOptions.TEST_IMAGES && limit > data.size()) {
        throw new IllegalArgumentException("limit must be at most the " + data.size()
            + " images in " + dir + ", got " + limit);
      }
      return data.images();
    }
    return data.subset(0, limit).images();
  }

  /**
   * Writes {@code images} ({@code [N, C, H, W]}, values {@code b / 255}) to {@code file} in the raw
   * format (temporary name, then renamed).
   *
   * @throws IllegalArgumentException when the shape is not 4-d or a value is not a byte / 255
   */
  static void writeRaw(INDArray images, Path file) throws IOException {
    long[] s = images.shape();
    if (s.length != 4) {
      throw new IllegalArgumentException("images must be [N, C, H, W], got "
          + Arrays.toString(s));
    }
    float[] v = images.dup('c').data().asFloat();
    byte[] bytes = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      float b = v[i] * 255f;
      int r = Math.round(b);
      if (r < 0 || r > 255 || Math.abs(b - r) > 1e-3f) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "image value %d is %s, expected a byte / 255 in [0, 1]", i, v[i]));
      }
      bytes[i] = (byte) r;
    }
    AtomicFiles.write(file, (OutputStream o) -> {
      DataOutputStream d = new DataOutputStream(o);
      d.write(MAGIC);
      for (long dim : s) {
        d.writeInt(Math.toIntExact(dim));
      }
      d.write(bytes);
      d.flush();
    });
  }

  /** {@code IMAGE_DIR RAW_FILE [LIMIT]}: exports the folder's images for the peer. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: Conv64 IMAGE_DIR RAW_FILE [LIMIT]");
      System.exit(2);
    }
    int limit = args.length == 3 ? Integer.parseInt(args[2]) : BenchmarkOptions.TEST_IMAGES;
    INDArray images = images(Path.of(args[0]), limit);
    writeRaw(images, Path.of(args[1]));
    System.out.printf(Locale.ROOT, "# wrote %s images of %s to %s%n", images.size(0),
        Arrays.toString(Arrays.copyOfRange(images.shape(), 1, 4)), args[1]);
  }
}
