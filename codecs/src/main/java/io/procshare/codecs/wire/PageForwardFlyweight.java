package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.Access;
import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.procshare.codecs.PageForward;
import io.vertx.core.buffer.Buffer;

/**
 * Frame of a {@link PageForward} (type 2). Big-endian.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=2, flags=0, length
 *   8        8    pid          i64
 *  16        8    page         i64  virtual page number
 *  24        8    requestId    i64
 *  32        1    access       u8   1 READ, 2 WRITE
 *  33      2+n    requester    u16 n (&lt;= 255), n bytes UTF-8
 * </pre>
 */
public final class PageForwardFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int PAGE_OFFSET = PID_OFFSET + 8;
  public static final int REQUEST_ID_OFFSET = PAGE_OFFSET + 8;
  public static final int ACCESS_OFFSET = REQUEST_ID_OFFSET + 8;
  public static final int REQUESTER_OFFSET = ACCESS_OFFSET + 1;
  public static final int MAX_FRAME_LENGTH = REQUESTER_OFFSET + 2 + Limits.NODE_ID_MAX_BYTES;

  private String requester;

  /** Points at the frame at {@code offset}, validating all of it. */
  public PageForwardFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.PAGE_FORWARD);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("page", PAGE_OFFSET, 8);
    r.fixed("requestId", REQUEST_ID_OFFSET, 8);
    r.fixedEnum("access", ACCESS_OFFSET, Access::isValid, Access.EXPECTED);
    requester = r.string("requester", Limits.NODE_ID_MAX_BYTES);
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public long page() { return buffer.getLong(offset + PAGE_OFFSET); }

  public long requestId() { return buffer.getLong(offset + REQUEST_ID_OFFSET); }

  public byte access() { return buffer.getByte(offset + ACCESS_OFFSET); }

  public String requester() { return requester; }

  public PageForward toMessage() {
    return new PageForward(pid(), page(), requester(), access(), requestId());
  }

  public static int encodedLength(PageForward m) {
    return REQUESTER_OFFSET + FrameWriter.stringLength(m.requester());
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, PageForward m) {
    FrameHeader.encode(dst, MessageType.PAGE_FORWARD, encodedLength(m));
    dst.appendLong(m.pid()).appendLong(m.page()).appendLong(m.requestId()).appendByte(m.access());
    FrameWriter.string(dst, m.requester());
  }
}
