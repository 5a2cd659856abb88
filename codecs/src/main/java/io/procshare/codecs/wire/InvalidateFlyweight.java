package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.Invalidate;
import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.vertx.core.buffer.Buffer;

/**
 * Frame of a {@link Invalidate} (type 5). Big-endian.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=5, flags=0, length
 *   8        8    pid          i64
 *  16        8    page         i64  virtual page number
 *  24        8    requestId    i64
 *  32      2+n    newOwner     u16 n (&lt;= 255), n bytes UTF-8
 * </pre>
 */
public final class InvalidateFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int PAGE_OFFSET = PID_OFFSET + 8;
  public static final int REQUEST_ID_OFFSET = PAGE_OFFSET + 8;
  public static final int NEW_OWNER_OFFSET = REQUEST_ID_OFFSET + 8;
  public static final int MAX_FRAME_LENGTH = NEW_OWNER_OFFSET + 2 + Limits.NODE_ID_MAX_BYTES;

  private String newOwner;

  /** Points at the frame at {@code offset}, validating all of it. */
  public InvalidateFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.INVALIDATE);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("page", PAGE_OFFSET, 8);
    r.fixed("requestId", REQUEST_ID_OFFSET, 8);
    newOwner = r.string("newOwner", Limits.NODE_ID_MAX_BYTES);
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public long page() { return buffer.getLong(offset + PAGE_OFFSET); }

  public long requestId() { return buffer.getLong(offset + REQUEST_ID_OFFSET); }

  public String newOwner() { return newOwner; }

  public Invalidate toMessage() {
    return new Invalidate(pid(), page(), requestId(), newOwner());
  }

  public static int encodedLength(Invalidate m) {
    return NEW_OWNER_OFFSET + FrameWriter.stringLength(m.newOwner());
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, Invalidate m) {
    FrameHeader.encode(dst, MessageType.INVALIDATE, encodedLength(m));
    dst.appendLong(m.pid()).appendLong(m.page()).appendLong(m.requestId());
    FrameWriter.string(dst, m.newOwner());
  }
}
