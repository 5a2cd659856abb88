package io.procshare.codecs.wire;

import io.procshare.codecs.FrameDecodeException;
import io.procshare.codecs.MessageType;
import io.vertx.core.buffer.Buffer;

/**
 * The 8-byte header that starts every frame. Big-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  version (=1) |     type      |        flags (reserved, 0)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            length: whole frame in bytes, header included      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          body ...                             |
 * </pre>
 *
 * <p>{@code type} is a {@link MessageType} id. A frame is rejected if its version is not
 * {@link #CURRENT_VERSION}, its type is unknown (or not the one expected), its flags are not 0, or its
 * length is below {@link #HEADER_LENGTH}, above the type's {@code MAX_FRAME_LENGTH} or above the bytes
 * available.
 */
public final class FrameHeader {

  public static final int VERSION_OFFSET = 0;
  public static final int TYPE_OFFSET = 1;
  public static final int FLAGS_OFFSET = 2;
  public static final int LENGTH_OFFSET = 4;
  public static final int HEADER_LENGTH = 8;
  public static final int CURRENT_VERSION = 1;
  /** Pass as {@code expectedType} to accept any known type. */
  public static final int ANY_TYPE = -1;

  private Buffer buffer;
  private int offset;

  /** Points this flyweight at the header that starts at {@code offset}, validating it. */
  public FrameHeader wrap(Buffer buffer, int offset) {
    validate(buffer, offset, ANY_TYPE);
    this.buffer = buffer;
    this.offset = offset;
    return this;
  }

  public int version() {
    return buffer.getUnsignedByte(offset + VERSION_OFFSET);
  }

  public int type() {
    return buffer.getUnsignedByte(offset + TYPE_OFFSET);
  }

  public int flags() {
    return buffer.getUnsignedShort(offset + FLAGS_OFFSET);
  }

  public int frameLength() {
    return buffer.getInt(offset + LENGTH_OFFSET);
  }

  /**
   * Validates the header of the frame that starts at {@code offset} of {@code buffer}.
   *
   * @param expectedType a {@link MessageType} id, or {@link #ANY_TYPE}
   * @return the frame length, at least {@link #HEADER_LENGTH} and within the bytes available
   * @throws FrameDecodeException naming the first header field that is wrong
   */
  public static int validate(Buffer buffer, int offset, int expectedType) {
    if (offset < 0 || offset > buffer.length()) {
      throw new IndexOutOfBoundsException("frame offset " + offset + " outside buffer of " + buffer.length());
    }
    int available = buffer.length() - offset;
    if (available < TYPE_OFFSET) {
      throw FrameDecodeException.truncated("version", VERSION_OFFSET, 1, available);
    }
    int version = buffer.getUnsignedByte(offset + VERSION_OFFSET);
    if (version != CURRENT_VERSION) {
      throw new FrameDecodeException("version", VERSION_OFFSET, version, Integer.toString(CURRENT_VERSION));
    }
    if (available < FLAGS_OFFSET) {
      throw FrameDecodeException.truncated("type", TYPE_OFFSET, 1, available - TYPE_OFFSET);
    }
    int type = buffer.getUnsignedByte(offset + TYPE_OFFSET);
    if (expectedType != ANY_TYPE && type != expectedType) {
      throw new FrameDecodeException("type", TYPE_OFFSET, type, Integer.toString(expectedType));
    }
    int maxFrameLength = MessageType.codec(type).maxFrameLength();
    if (available < LENGTH_OFFSET) {
      throw FrameDecodeException.truncated("flags", FLAGS_OFFSET, 2, available - FLAGS_OFFSET);
    }
    int flags = buffer.getUnsignedShort(offset + FLAGS_OFFSET);
    if (flags != 0) {
      throw new FrameDecodeException("flags", FLAGS_OFFSET, flags, "0");
    }
    if (available < HEADER_LENGTH) {
      throw FrameDecodeException.truncated("length", LENGTH_OFFSET, 4, available - LENGTH_OFFSET);
    }
    int length = buffer.getInt(offset + LENGTH_OFFSET);
    if (length < HEADER_LENGTH) {
      throw new FrameDecodeException("length", LENGTH_OFFSET, length, ">= " + HEADER_LENGTH);
    }
    if (length > maxFrameLength) {
      throw new FrameDecodeException("length", LENGTH_OFFSET, length,
          "<= " + maxFrameLength + " (MAX_FRAME_LENGTH of type " + type + ")");
    }
    if (length > available) {
      throw new FrameDecodeException("length", LENGTH_OFFSET, length,
          "<= " + available + " (bytes available)");
    }
    return length;
  }

  /** Appends a header for a frame of {@code type} and total {@code length}. */
  public static void encode(Buffer dst, int type, int length) {
    dst.appendUnsignedByte((short) CURRENT_VERSION)
        .appendUnsignedByte((short) type)
        .appendUnsignedShort(0)
        .appendInt(length);
  }
}
