package io.procshare.codecs.wire;

import io.procshare.codecs.FrameDecodeException;
import io.vertx.core.buffer.Buffer;
import java.util.function.IntPredicate;

/**
 * Bounds-checked reading of one frame: every read checks that the field fits in the declared frame
 * length first, so no input can cause an out-of-bounds read, and every length is checked against its
 * maximum before anything is allocated. Offsets in errors are relative to the frame start.
 */
final class FrameReader {

  private final Buffer buffer;
  private final int start;
  private final int end;
  private int pos;

  private FrameReader(Buffer buffer, int start, int length) {
    this.buffer = buffer;
    this.start = start;
    this.end = start + length;
    this.pos = start + FrameHeader.HEADER_LENGTH;
  }

  /** Validates the header (see {@link FrameHeader#validate}) and positions after it. */
  static FrameReader open(Buffer buffer, int offset, int type) {
    return new FrameReader(buffer, offset, FrameHeader.validate(buffer, offset, type));
  }

  /** Checks that the fixed field at {@code relOffset} fits; later sequential reads start after it. */
  void fixed(String field, int relOffset, int size) {
    need(field, start + relOffset, size);
    pos = Math.max(pos, start + relOffset + size);
  }

  /** Checks the fixed u8 enum field at {@code relOffset}; the error reports it unsigned. */
  void fixedEnum(String field, int relOffset, IntPredicate valid, String expected) {
    fixed(field, relOffset, 1);
    int value = buffer.getUnsignedByte(start + relOffset);
    if (!valid.test(value)) {
      throw new FrameDecodeException(field, relOffset, value, expected);
    }
  }

  /** A sequential u8 enum; the error reports it unsigned at its offset. */
  byte u8Enum(String field, IntPredicate valid, String expected) {
    need(field, pos, 1);
    int value = buffer.getUnsignedByte(pos);
    if (!valid.test(value)) {
      throw new FrameDecodeException(field, pos - start, value, expected);
    }
    pos += 1;
    return (byte) value;
  }

  int u16(String field) {
    need(field, pos, 2);
    int value = buffer.getUnsignedShort(pos);
    pos += 2;
    return value;
  }

  int i32(String field) {
    need(field, pos, 4);
    int value = buffer.getInt(pos);
    pos += 4;
    return value;
  }

  long i64(String field) {
    need(field, pos, 8);
    long value = buffer.getLong(pos);
    pos += 8;
    return value;
  }

  /** A u16 count, at most {@code max}. */
  int count(String field, int max) {
    int at = pos;
    int count = u16(field);
    if (count > max) {
      throw new FrameDecodeException(field, at - start, count, "<= " + max);
    }
    return count;
  }

  /** A string: u16 byte length (at most {@code maxBytes}) then that many bytes of strict UTF-8. */
  String string(String field, int maxBytes) {
    int at = pos;
    int length = u16(field + ".length");
    if (length > maxBytes) {
      throw new FrameDecodeException(field + ".length", at - start, length, "<= " + maxBytes);
    }
    need(field, pos, length);
    String value = Utf8.decode(buffer, pos, length, field, start);
    pos += length;
    return value;
  }

  /** An i32 byte length in {@code [0, maxBytes]}. */
  int length(String field, int maxBytes) {
    int at = pos;
    int length = i32(field);
    if (length < 0 || length > maxBytes) {
      throw new FrameDecodeException(field, at - start, length, "0.." + maxBytes);
    }
    return length;
  }

  /** A zero-copy slice of the next {@code length} bytes (sharing memory with the frame buffer). */
  Buffer slice(String field, int length) {
    need(field, pos, length);
    Buffer value = buffer.slice(pos, pos + length);
    pos += length;
    return value;
  }

  /** An i32 byte length in {@code [0, maxBytes]} then a zero-copy slice of that many bytes. */
  Buffer bytes(String field, int maxBytes) {
    return slice(field, length(field + ".length", maxBytes));
  }

  /** Offset of the next sequential read, relative to the frame start. */
  int position() {
    return pos - start;
  }

  /** The body must end exactly where the header's length says. */
  void end() {
    if (pos != end) {
      throw new FrameDecodeException("length", FrameHeader.LENGTH_OFFSET, end - start,
          (pos - start) + " (the bytes its fields take)");
    }
  }

  private void need(String field, int at, int size) {
    if (size > end - at) {
      throw FrameDecodeException.truncated(field, at - start, size, Math.max(0, end - at));
    }
  }
}
