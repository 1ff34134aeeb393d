package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  static byte[] header(int typeCode, int... dims) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
    b.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  private Path file(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private void assertRejected(Path file, String... fragments) {
    assertThatThrownBy(() -> Idx.read(file))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContainingAll(fragments)
        .satisfies(e -> assertThat(((IdxFormatException) e).file()).isEqualTo(file));
  }

  @Test
  void readsAPlainUnsignedByteFile() throws IOException {
    Path f = file("a", concat(header(0x08, 2, 3), new byte[] {0, 1, 2, 3, 4, (byte) 255}));
    IdxArray a = Idx.read(f);
    assertThat(a.type()).isEqualTo(IdxType.UNSIGNED_BYTE);
    assertThat(a.dims()).containsExactly(2, 3);
    assertThat(a.toIntArray()).containsExactly(0, 1, 2, 3, 4, 255);
  }

  @Test
  void detectsGzipByContentNotByName() throws IOException {
    byte[] plain = concat(header(0x09, 3), new byte[] {-1, 0, 7});
    Path gzNoSuffix = file("looks-plain", gzip(plain));
    Path plainWithGzSuffix = file("looks-gzipped.gz", plain);
    assertThat(Idx.read(gzNoSuffix).toIntArray()).containsExactly(-1, 0, 7);
    assertThat(Idx.read(plainWithGzSuffix).toIntArray()).containsExactly(-1, 0, 7);
  }

  @Test
  void rejectsAnEmptyFile() throws IOException {
    assertRejected(file("empty", new byte[0]), "empty");
  }

  @Test
  void rejectsAWrongMagicNumber() throws IOException {
    assertRejected(file("png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0}),
        "wrong magic number", "0x89504e47");
  }

  @Test
  void rejectsAnUnknownElementType() throws IOException {
    assertRejected(file("type", concat(header(0x0A, 1), new byte[] {1})),
        "unknown element type 0x0a");
  }

  @Test
  void rejectsZeroDimensions() throws IOException {
    assertRejected(file("zero", new byte[] {0, 0, 8, 0, 1}), "dimension count", "got 0");
  }

  @Test
  void rejectsATruncatedHeader() throws IOException {
    assertRejected(file("short-magic", new byte[] {0, 0, 8}), "truncated header");
    assertRejected(file("short-dims", Arrays.copyOf(header(0x08, 5, 5), 9)),
        "truncated header", "2 dimensions need 8 bytes", "got 5");
  }

  @Test
  void rejectsDimensionsWhoseProductOverflows() throws IOException {
    assertRejected(file("overflow", concat(header(0x08, 65536, 65536), new byte[4])),
        "overflow");
    assertRejected(file("huge-dim", concat(header(0x08, -1), new byte[4])), "overflow");
  }

  @Test
  void rejectsDimensionsThatExceedThePlainFile() throws IOException {
    Path f = file("exceeds", concat(header(0x0C, 1000, 1000), new byte[16]));
    assertRejected(f, "truncated data", "4000000 bytes", "holds 16");
  }

  @Test
  void rejectsTruncatedGzipData() throws IOException {
    Path f = file("trunc.gz", gzip(concat(header(0x08, 10, 10), new byte[99])));
    assertRejected(f, "truncated data", "need 100 bytes", "got 99");
  }

  @Test
  void rejectsTrailingGarbageInPlainAndGzipFiles() throws IOException {
    byte[] content = concat(header(0x08, 2), new byte[] {1, 2, 3, 4, 5});
    assertRejected(file("trail", content), "trailing garbage", "3 bytes");
    assertRejected(file("trail.gz", gzip(content)), "trailing garbage", "3 bytes");
  }

  @Test
  void rejectsACorruptGzipStream() throws IOException {
    byte[] gz = gzip(concat(header(0x08, 100), new byte[100]));
    byte[] corrupt = gz.clone();
    for (int i = 12; i < corrupt.length - 8; i++) {
      corrupt[i] ^= 0x5A;
    }
    assertRejected(file("corrupt.gz", corrupt), "corrupt gzip stream");
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);
    assertRejected(file("cut.gz", cut), "corrupt gzip stream");
  }

  @Test
  void rejectsBytesAfterTheEndOfTheGzipStream() throws IOException {
    byte[] gz = gzip(concat(header(0x08, 2), new byte[] {1, 2}));
    assertRejected(file("after.gz", concat(gz, new byte[] {9, 9, 9})),
        "corrupt gzip stream", "trailing garbage", "3 bytes after the end of the gzip stream");
    byte[] badCrc = gz.clone();
    badCrc[badCrc.length - 6] ^= 1;
    assertRejected(file("crc.gz", badCrc), "corrupt gzip stream", "CRC-32");
  }

  @Test
  void readsConcatenatedGzipMembersAsOneStream() throws IOException {
    byte[] whole = concat(header(0x08, 4), new byte[] {1, 2, 3, 4});
    byte[] twoMembers = concat(gzip(Arrays.copyOf(whole, 7)),
        gzip(Arrays.copyOfRange(whole, 7, whole.length)));
    assertThat(Idx.read(file("two.gz", twoMembers)).toIntArray()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void missingFileIsNoSuchFileException() {
    assertThatThrownBy(() -> Idx.read(dir.resolve("absent")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("absent");
  }

  @Test
  void writesAtomicallyAndReadsBackGzipped() throws IOException {
    IdxArray a = IdxArray.of(IdxType.FLOAT, new int[] {2, 2}, new double[] {0.5, -1, 1e-3f, 7});
    Path f = dir.resolve("sub/x.idx");
    Idx.write(f, a, true);
    byte[] raw = Files.readAllBytes(f);
    assertThat(raw[0] & 0xFF).isEqualTo(0x1f);
    assertThat(raw[1] & 0xFF).isEqualTo(0x8b);
    assertThat(Idx.read(f)).isEqualTo(a);
    try (var files = Files.list(f.getParent())) {
      assertThat(files).containsExactly(f);
    }
  }

  @Test
  void ofRejectsValuesThatDoNotFitTheType() {
    assertThatThrownBy(() -> IdxArray.of(IdxType.UNSIGNED_BYTE, new int[] {2},
        new double[] {3, 256}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("values[1]", "[0, 255]", "256");
    assertThatThrownBy(() -> IdxArray.of(IdxType.SHORT, new int[] {1}, new double[] {1.5}))
        .hasMessageContainingAll("values[0]", "1.5");
    assertThatThrownBy(() -> IdxArray.of(IdxType.FLOAT, new int[] {1}, new double[] {0.1}))
        .hasMessageContainingAll("float", "0.1");
    assertThatThrownBy(() -> IdxArray.of(IdxType.INT, new int[] {2, 2}, new double[3]))
        .hasMessageContainingAll("values.length", "4", "got 3");
    assertThatThrownBy(() -> IdxArray.of(IdxType.INT, new int[] {-2}, new double[0]))
        .hasMessageContainingAll("dims[0]", "-2");
  }

  @Test
  void toIntArrayIsRefusedForFloatTypes() {
    IdxArray a = IdxArray.of(IdxType.DOUBLE, new int[] {1}, new double[] {2});
    assertThatThrownBy(a::toIntArray).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DOUBLE");
  }
}
