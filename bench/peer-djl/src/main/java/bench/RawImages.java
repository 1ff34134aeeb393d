package bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the raw image file vae4j's {@code org.vae4j.samples.bench.Conv64} exports from an image folder (model conv64):
 * the 8 ASCII bytes "VAE4JU8\n", N, C, H, W as big-endian int32, then N*C*H*W unsigned bytes, row-major NCHW. Pixels are
 * byte / 255f, as vae4j's ImageFolder decodes them, so both engines train on the same floats. The header is checked
 * against the expected image shape and the file's length.
 */
public final class RawImages {
    static final byte[] MAGIC = "VAE4JU8\n".getBytes(StandardCharsets.US_ASCII);

    private RawImages() {}

    /** The images of {@code file} as a {@link Mnist} whose rows are C*H and cols W (so gather copies C*H*W floats). */
    public static Mnist load(Path file, int c, int h, int w) throws IOException {
        long size = Files.size(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new IOException(file + ": not a vae4j raw image file (the first 8 bytes are not VAE4JU8\\n)");
            int n = in.readInt(), fc = in.readInt(), fh = in.readInt(), fw = in.readInt();
            if (fc != c || fh != h || fw != w) throw new IOException(file + ": images must be " + c + "x" + h + "x" + w + ", the header says " + fc + "x" + fh + "x" + fw);
            long expected = MAGIC.length + 16L + (long) n * c * h * w;
            if (n < 1 || size != expected) throw new IOException(file + ": " + n + " images need " + expected + " bytes, the file has " + size);
            byte[] raw = new byte[n * c * h * w];
            in.readFully(raw);
            float[] px = new float[raw.length];
            for (int i = 0; i < raw.length; i++) px[i] = (raw[i] & 0xFF) / 255f;
            return new Mnist(n, c * h, w, px, new byte[0]);
        }
    }
}
