package io.procshare.codecs.wire;

import io.procshare.codecs.FrameDecodeException;
import io.procshare.codecs.Limits;
import io.procshare.codecs.ShippedBytes;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped-memory list of a syscall frame.
 *
 * <pre>
 *  size   field
 *   2     count          u16  &lt;= 64
 *         count times:
 *   8       address      i64  guest address
 *   4       length       i32  0..16 MiB, all lengths together &lt;= 16 MiB
 *   n       bytes
 * </pre>
 */
final class ShippedSegments {

  /** Segment overhead: address and length. */
  static final int SEGMENT_HEADER_LENGTH = 12;
  /** Largest encoded list. */
  static final int MAX_LENGTH = 2 + Limits.SHIPPED_MAX_SEGMENTS * SEGMENT_HEADER_LENGTH + Limits.SHIPPED_MAX_BYTES;

  private ShippedSegments() {
  }

  /** Reads the list; bytes are zero-copy slices of the frame buffer. */
  static List<ShippedBytes> read(FrameReader r, String field) {
    int count = r.count(field + ".count", Limits.SHIPPED_MAX_SEGMENTS);
    List<ShippedBytes> segments = new ArrayList<>(count);
    int budget = Limits.SHIPPED_MAX_BYTES;
    for (int i = 0; i < count; i++) {
      long address = r.i64(field + ".address");
      int at = r.position();
      int length = r.i32(field + ".length");
      if (length < 0 || length > budget) {
        throw new FrameDecodeException(field + ".length", at, length,
            "0.." + budget + " (" + Limits.SHIPPED_MAX_BYTES + " bytes per frame in all)");
      }
      budget -= length;
      segments.add(new ShippedBytes(address, r.slice(field + ".bytes", length)));
    }
    return segments;
  }

  static int encodedLength(List<ShippedBytes> segments) {
    int length = 2;
    for (ShippedBytes segment : segments) {
      length += SEGMENT_HEADER_LENGTH + segment.bytes().length();
    }
    return length;
  }

  static void write(Buffer dst, List<ShippedBytes> segments) {
    dst.appendUnsignedShort(segments.size());
    for (ShippedBytes segment : segments) {
      dst.appendLong(segment.address()).appendInt(segment.bytes().length()).appendBuffer(segment.bytes());
    }
  }

  /** Deep copy, for local delivery. */
  static List<ShippedBytes> copy(List<ShippedBytes> segments) {
    List<ShippedBytes> copy = new ArrayList<>(segments.size());
    for (ShippedBytes segment : segments) {
      copy.add(new ShippedBytes(segment.address(), segment.bytes().copy()));
    }
    return copy;
  }
}
