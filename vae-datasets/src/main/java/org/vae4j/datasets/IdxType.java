package org.vae4j.datasets;

/**
 * The element types of the IDX format, with their type codes (third byte of the magic number) and
 * sizes in bytes. Multi-byte values are stored big-endian.
 */
public enum IdxType {
  /** Unsigned 8-bit integer, code {@code 0x08}; the type of MNIST pixels and labels. */
  UNSIGNED_BYTE(0x08, 1),
  /** Signed 8-bit integer, code {@code 0x09}. */
  SIGNED_BYTE(0x09, 1),
  /** Signed 16-bit integer, code {@code 0x0B}. */
  SHORT(0x0B, 2),
  /** Signed 32-bit integer, code {@code 0x0C}. */
  INT(0x0C, 4),
  /** 32-bit IEEE float, code {@code 0x0D}. */
  FLOAT(0x0D, 4),
  /** 64-bit IEEE double, code {@code 0x0E}. */
  DOUBLE(0x0E, 8);

  private final int code;
  private final int bytes;

  IdxType(int code, int bytes) {
    this.code = code;
    this.bytes = bytes;
  }

  /** The type code stored in the magic number. */
  public int code() {
    return code;
  }

  /** Size of one element in bytes. */
  public int bytes() {
    return bytes;
  }

  /** True for the integer types. */
  public boolean isIntegral() {
    return this != FLOAT && this != DOUBLE;
  }

  /** The type with the given code, or null when the code is unknown. */
  static IdxType fromCode(int code) {
    for (IdxType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    return null;
  }
}
